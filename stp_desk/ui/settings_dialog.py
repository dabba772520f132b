"""The Settings dialog, and the password dialog its seal-key buttons use: loaded when the clerk first opens them.

The settings' names and the values the program reads are `stp_desk.ui.settings`. The audit seal key is shown here,
with buttons to export it to a password-locked file and import it on another computer (`stp-desk key export` / `key
import` do the same): those act at once, not on Save.
"""

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
from stp_desk.domain.entities import check_email
from stp_desk.errors import KnownError, ValidationError
from stp_desk.ui.modal import run_modal
from stp_desk.ui.settings import (
    BACKUP_FOLDER,
    BACKUP_KEEP,
    CLERK_EMAIL,
    CLERK_NAME,
    CLERK_PHONE,
    COUNCIL_NAME,
    DEFAULT_BACKUP_KEEP,
    EXPORT_FOLDER,
    RECORDS_FOLDER,
    TEMPLATE,
    backup_keep,
)


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
        self.records_folder = self._path_row(form, self.tr("&Records folder"), RECORDS_FOLDER,
                                             placeholder=str(paths.data_dir(create=False)))
        self.records_folder.setText(str(paths.records_folder_chosen() or ""))
        self.records_folder.setToolTip(self.tr("Where new records, the demo and the logs go. It must be on this "
                                               "computer's own disk: not a network drive or a synced folder."))
        self.backup_folder = self._path_row(form, self.tr("&Backup folder"), BACKUP_FOLDER,
                                            placeholder=str(paths.backups_dir()))
        self.keep = QSpinBox()
        self.keep.setRange(1, 365)
        self.keep.setValue(backup_keep())
        self.keep.setAccessibleName("Backups to keep")
        form.addRow(self.tr("Backups to &keep"), self.keep)
        self._seal_key_row(form)
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

    def _seal_key_row(self, form: QFormLayout) -> None:
        self.key_label = QLabel()
        self.key_label.setWordWrap(True)
        self.key_label.setAccessibleName("Audit seal key")
        self.export_key = QPushButton(self.tr("E&xport key…"))
        self.export_key.setAccessibleName("Export the seal key to a file")
        self.export_key.clicked.connect(self._export_key)
        self.import_key = QPushButton(self.tr("&Import key…"))
        self.import_key.setAccessibleName("Import the seal key from a file")
        self.import_key.clicked.connect(self._import_key)
        # The words in a row of their own, the buttons under them: beside the buttons in one row, the form gave the
        # words the height of fewer lines than they wrap to at the dialog's width, and cut off the last.
        form.addRow(self.tr("Audit seal key"), self.key_label)
        row = QHBoxLayout()
        row.addWidget(self.export_key)
        row.addWidget(self.import_key)
        row.addStretch(1)
        form.addRow("", row)
        self.key_message = QLabel()
        self.key_message.setWordWrap(True)
        self.key_message.setAccessibleName("Seal key message")
        form.addRow(self.key_message)
        self._show_key()

    def _show_key(self) -> None:
        from stp_desk.domain.keeping import keystore

        try:
            key = keystore.seal_key(create=False)
        except KnownError as e:
            self.key_label.setText(str(e))
            return
        self.key_label.setText(self.tr("none on this computer yet") if key is None else
                               self.tr("id {0}, kept in {1}").format(key.key_id, key.describe()))
        self.export_key.setEnabled(key is not None)

    def _export_key(self) -> None:
        from stp_desk.domain.keeping import keystore

        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export the seal key"),
                                                str(Path.home() / "stp-desk-seal.key"),
                                                self.tr("Exported seal keys (*.key);;All files (*)"))
        if not chosen:
            return
        asked = PasswordDialog(self, confirm=True)
        if not run_modal(asked):
            return
        try:
            key = keystore.export_key(Path(chosen), asked.password.text())
        except KnownError as e:
            self._say(str(e), error=True)
            return
        self._say(self.tr("Exported the seal key (id {0}) to {1}. Keep the file and its password apart.").format(
            key.key_id, chosen))

    def _import_key(self) -> None:
        from stp_desk.domain.keeping import keystore

        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Import a seal key"), str(Path.home()),
                                                self.tr("Exported seal keys (*.key);;All files (*)"))
        if not chosen:
            return
        asked = PasswordDialog(self, confirm=False)
        if not run_modal(asked):
            return
        try:
            key = keystore.import_key(Path(chosen), asked.password.text())
        except KnownError as e:
            self._say(str(e), error=True)
            return
        self._show_key()
        self._say(self.tr("Imported the seal key (id {0}): records it sealed can be verified here.").format(
            key.key_id))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.key_message.setStyleSheet("color: #b00020;" if error else "")
        self.key_message.setText(text)

    def restore_defaults(self) -> None:
        for edit in (self.name, self.phone, self.email, self.council, self.template, self.export_folder,
                     self.records_folder, self.backup_folder):
            edit.clear()
        self.keep.setValue(DEFAULT_BACKUP_KEEP)

    def accept(self) -> None:
        template = self.template.text().strip()
        if template and not Path(template).is_file():
            self.message.setText(self.tr("The template {0} does not exist.").format(template))
            return
        try:
            check_email(self.email.text().strip())  # printed on every agenda as the contact officer's
        except ValidationError as e:
            self.message.setText(str(e))
            self.email.setFocus()
            return
        for edit in (self.export_folder, self.records_folder, self.backup_folder):
            folder = edit.text().strip()
            if folder and not Path(folder).is_dir():
                self.message.setText(self.tr("The folder {0} does not exist.").format(folder))
                return
        records = self.records_folder.text().strip()
        if records:
            from stp_desk.domain.keeping import local_problem

            problem = local_problem(Path(records) / "record.stpdesk")
            if problem:
                self.message.setText(self.tr("Records cannot live in {0}: {1}").format(records, problem))
                return
        try:
            paths.choose_records_folder(Path(records) if records else None)
        except KnownError as e:
            self.message.setText(str(e))
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


class PasswordDialog(QDialog):
    """The password that locks (or unlocks) an exported seal key; typed twice when choosing one."""

    def __init__(self, parent: QWidget | None = None, *, confirm: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Password for the key file"))
        form = QFormLayout(self)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        form.addRow(self.tr("&Password"), self.password)
        self.again: QLineEdit | None = None
        if confirm:
            self.again = QLineEdit()
            self.again.setEchoMode(QLineEdit.EchoMode.Password)
            self.again.setAccessibleName("Password again")
            form.addRow(self.tr("The same password &again"), self.again)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def accept(self) -> None:
        if self.again is not None and self.again.text() != self.password.text():
            self.message.setText(self.tr("The two passwords differ."))
            return
        if self.again is not None and len(self.password.text()) < 8:
            self.message.setText(self.tr("Choose a password of at least 8 characters."))
            return
        super().accept()
