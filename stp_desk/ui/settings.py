"""The clerk's settings, kept with QSettings: who they are, the house style, where documents and backups go."""

import getpass
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from stp_desk import paths

CLERK_NAME = "clerk/name"
COUNCIL_NAME = "documents/council"
CLERK_PHONE = "clerk/phone"
CLERK_EMAIL = "clerk/email"
TEMPLATE = "exports/template"
EXPORT_FOLDER = "exports/folder"
BACKUP_FOLDER = "backups/folder"
BACKUP_KEEP = "backups/keep"
DEFAULT_BACKUP_KEEP = 10
KEYS = (CLERK_NAME, TEMPLATE, EXPORT_FOLDER, BACKUP_FOLDER, BACKUP_KEEP, COUNCIL_NAME, CLERK_PHONE, CLERK_EMAIL)


def clerk_name() -> str:
    """Who the audit trail names: the name set in Settings, else the login name."""
    return str(QSettings().value(CLERK_NAME, "") or getpass.getuser())


def backup_folder() -> Path:
    chosen = str(QSettings().value(BACKUP_FOLDER, "") or "")
    return Path(chosen) if chosen else paths.data_dir() / "backups"


def backup_keep() -> int:
    return int(QSettings().value(BACKUP_KEEP, DEFAULT_BACKUP_KEEP) or DEFAULT_BACKUP_KEEP)


class SettingsDialog(QDialog):
    """Edit the settings; nothing changes until Save. Restore defaults empties every field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._browsed: dict[str, tuple[QLineEdit, bool]] = {}  # each Browse… button's field, by its object name
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(620)
        settings = QSettings()
        form = QFormLayout(self)
        self.name = QLineEdit(str(settings.value(CLERK_NAME, "") or ""))
        self.name.setPlaceholderText(getpass.getuser())
        self.name.setAccessibleName("Your name")
        form.addRow(self.tr("Your &name (in the audit trail)"), self.name)
        # the contact officer on agendas, and the author of every document
        self.phone = self._line(CLERK_PHONE, "Your telephone")
        form.addRow(self.tr("Your &telephone (on agendas)"), self.phone)
        self.email = self._line(CLERK_EMAIL, "Your email")
        form.addRow(self.tr("Your e&mail (on agendas)"), self.email)
        self.council = self._line(COUNCIL_NAME, "Council")
        self.council.setPlaceholderText(self.tr("the board's lead council"))
        form.addRow(self.tr("&Council (author of documents)"), self.council)
        self.template = self._path_row(form, self.tr("Word &template"), TEMPLATE, file=True,
                                       placeholder=self.tr("the built-in house style"))
        self.export_folder = self._path_row(form, self.tr("&Documents folder"), EXPORT_FOLDER,
                                            placeholder=self.tr("your Documents folder"))
        self.backup_folder = self._path_row(form, self.tr("&Backup folder"), BACKUP_FOLDER,
                                            placeholder=str(paths.data_dir() / "backups"))
        self.keep = QSpinBox()
        self.keep.setRange(1, 365)
        self.keep.setValue(backup_keep())
        self.keep.setAccessibleName("Backups to keep")
        form.addRow(self.tr("Backups to &keep"), self.keep)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.clicked.connect(self.restore_defaults)
        form.addRow(buttons)
        # Restore Defaults is drawn left of Save on every platform, but joins the focus chain last unless told.
        QWidget.setTabOrder(self.keep, restore)

    def _line(self, key: str, name: str) -> QLineEdit:
        edit = QLineEdit(str(QSettings().value(key, "") or ""))
        edit.setAccessibleName(name)
        return edit

    def _path_row(self, form: QFormLayout, label: str, key: str, *, file: bool = False,
                  placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(str(QSettings().value(key, "") or ""))
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(label.replace("&", ""))
        browse = QPushButton(self.tr("Browse…"))
        browse.setAccessibleName(f"Choose {label.replace('&', '')}")
        browse.setObjectName(f"browse {key}")
        self._browsed[browse.objectName()] = (edit, file)
        # A bound method, not a lambda holding `self`: the button's connection would keep the dialog's Python side
        # alive from C++, beyond the reach of the garbage collector, and freeing it at exit then frees it twice.
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        row.addWidget(browse)
        caption = QLabel(label)
        caption.setBuddy(edit)  # without a buddy the label would show its "&" instead of underlining the key
        form.addRow(caption, row)
        return edit

    def _browse(self) -> None:
        edit, file = self._browsed[self.sender().objectName()]
        if file:
            chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Word template"), edit.text(),
                                                    self.tr("Word documents (*.docx *.dotx)"))
        else:
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"), edit.text())
        if chosen:
            edit.setText(chosen)

    def restore_defaults(self) -> None:
        for edit in (self.name, self.phone, self.email, self.council, self.template, self.export_folder,
                     self.backup_folder):
            edit.clear()
        self.keep.setValue(DEFAULT_BACKUP_KEEP)

    def accept(self) -> None:
        template = self.template.text().strip()
        if template and not Path(template).is_file():
            self.message.setText(self.tr("The template {0} does not exist.").format(template))
            return
        for edit in (self.export_folder, self.backup_folder):
            folder = edit.text().strip()
            if folder and not Path(folder).is_dir():
                self.message.setText(self.tr("The folder {0} does not exist.").format(folder))
                return
        settings = QSettings()
        for key, value in ((CLERK_NAME, self.name.text().strip()), (TEMPLATE, template),
                           (CLERK_PHONE, self.phone.text().strip()), (CLERK_EMAIL, self.email.text().strip()),
                           (COUNCIL_NAME, self.council.text().strip()),
                           (EXPORT_FOLDER, self.export_folder.text().strip()),
                           (BACKUP_FOLDER, self.backup_folder.text().strip())):
            if value:
                settings.setValue(key, value)
            else:
                settings.remove(key)
        settings.setValue(BACKUP_KEEP, self.keep.value())
        super().accept()
