"""The Documents menu: minutes, agendas, evidence packs, and a board's forward plan and register of interests,
written off the GUI thread; and the house-style template."""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QObject, QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QWidget,
)

from stp_desk.domain.entities import Board, Footprint, Meeting
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError, ValidationError
from stp_desk.ui.background import BackgroundTask, Progress
from stp_desk.ui.modal import buttons_in_reading_order, run_modal
from stp_desk.ui.settings import (
    CLERK_EMAIL,
    CLERK_NAME,
    CLERK_PHONE,
    COUNCIL_NAME,
    EXPORT_BOARD,
    EXPORT_FOLDER,
    TEMPLATE,
)


def default_folder() -> Path:
    chosen = QSettings().value(EXPORT_FOLDER, "")
    if chosen and Path(str(chosen)).is_dir():
        return Path(str(chosen))
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def safe_name(text: str) -> str:
    """A file name Windows accepts, from a board name and a date: a character it refuses becomes a space (so
    "Bath/NE Somerset" stays two words), runs of spaces one, no dot or space at the end (Windows drops them), and a
    device name such as CON made a file's."""
    from pathvalidate import sanitize_filename

    spaced = sanitize_filename(" ".join(text.split()), replacement_text=" ", platform="windows")
    return " ".join(spaced.split()).rstrip(". ") or "document"


class ExportDialog(QDialog):
    """Where to write a document, and its variant or period; nothing is written until Export."""

    def __init__(self, title: str, suggested: Path, parent: QWidget | None = None, *, variants: bool = False,
                 scopes: list[tuple[str, str]] | None = None, scope_name: str = "Board or footprint",
                 period: tuple[date, date] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        form = QFormLayout(self)
        self.variant = QComboBox()
        self.variant.addItem(self.tr("Public: exempt (Part B) items left out"), True)
        self.variant.addItem(self.tr("Full: with exempt items, marked confidential"), False)
        self.variant.setAccessibleName("Variant")
        if variants:
            form.addRow(self.tr("Variant"), self.variant)
            self.variant.currentIndexChanged.connect(self._variant_changed)
        self.scope = QComboBox()
        self.scope.setAccessibleName(scope_name)
        for key, label in scopes or []:
            self.scope.addItem(label, key)
        if scopes:
            form.addRow(self.tr("For"), self.scope)
        self.start, self.end = QDateEdit(), QDateEdit()
        for edit, day, name in ((self.start, period[0] if period else None, "From"),
                                (self.end, period[1] if period else None, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMMM yyyy")
            edit.setAccessibleName(name)
            if day:
                edit.setDate(QDate(day.year, day.month, day.day))
        if period:
            form.addRow(self.tr("From"), self.start)
            form.addRow(self.tr("To"), self.end)
        self.target = QLineEdit(str(suggested))
        self.target.setAccessibleName("Save as")
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Save as"), row)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        buttons_in_reading_order(buttons)

    def _variant_changed(self) -> None:
        text = self.target.text()
        public = self.variant.currentData()
        swapped = text.replace(" (full)", " (public)") if public else text.replace(" (public)", " (full)")
        self.target.setText(swapped)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.windowTitle(), self.target.text(),
                                              self.tr("Word documents (*.docx)"))
        if path:
            self.target.setText(path if path.lower().endswith(".docx") else path + ".docx")

    @property
    def path(self) -> Path:
        return Path(self.target.text().strip())

    @property
    def period(self) -> tuple[date, date]:
        return self.start.date().toPython(), self.end.date().toPython()  # type: ignore[return-value]

    def accept(self) -> None:
        if not self.target.text().strip().lower().endswith(".docx"):
            self.message.setText(self.tr("Give a file name ending in .docx."))
            return
        if self.start.date() > self.end.date():
            self.message.setText(self.tr("The period must end on or after the day it starts."))
            return
        if not self.path.parent.is_dir():  # said here, where the clerk can choose another, not once it has closed
            self.message.setText(self.tr("There is no folder {0}: choose one that exists with Browse….").format(
                self.path.parent))
            return
        if self.path.exists():
            answer = QMessageBox.question(self, self.windowTitle(),
                                          self.tr("{0} exists. Replace it?").format(self.path.name))
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().accept()


class Documents(QObject):
    """Exports for one window: asks where, writes on a worker thread with its own connection, says where it went."""

    def __init__(self, window: QMainWindow, record: Callable[[], Record]) -> None:
        super().__init__(window)
        self.window = window
        self._record = record
        self.last_task: BackgroundTask | None = None

    # -- the template ------------------------------------------------------------------------------

    def template(self) -> Path | None:
        value = QSettings().value(TEMPLATE, "")
        return Path(str(value)) if value and Path(str(value)).is_file() else None

    def _style_for(self, kind: str) -> tuple[bool, Path | None]:
        """Whether to go on, and the template to write with. When the council's template chosen in Settings is no
        longer where it was (moved, renamed, on a drive not connected), the clerk is asked first whether to write
        in the built-in house style, rather than finding out from the document."""
        value, template = str(QSettings().value(TEMPLATE, "") or ""), self.template()
        if not value or template is not None:
            return True, template
        answer = QMessageBox.question(self.window, kind, self.tr(
            "Your council's template, {0}, is not in {1} any more: it may have been moved or renamed, or be on a "
            "drive that is not connected.\n\nWrite the document in the built-in house style instead? (To use the "
            "template, choose it again from Documents › Use my council's template….)").format(
                Path(value).name, Path(value).parent))
        if answer != QMessageBox.StandardButton.Yes:
            self.window.statusBar().showMessage(self.tr("Nothing written: the council's template was not found."),
                                                8000)
            return False, None
        return True, None

    def choose_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Your council's Word template"),
                                              str(default_folder()), self.tr("Word documents (*.docx *.dotx)"))
        if path:
            self.set_template(Path(path))

    def set_template(self, path: Path | None) -> None:
        QSettings().setValue(TEMPLATE, str(path) if path else "")
        shown = path.name if path else self.tr("the built-in house style")
        self.window.statusBar().showMessage(self.tr("Documents will use {0}.").format(shown), 8000)

    # -- the documents -------------------------------------------------------------------------------

    def _meeting_name(self, meeting_id: str) -> str:
        record = self._record()
        meeting = record.get(Meeting, meeting_id)
        return safe_name(f"{record.get(Board, meeting.board_id).name} {meeting.starts_at[:10]}")

    def minutes(self, meeting_id: str) -> None:
        from stp_desk.exports import MinutesOptions, export_minutes  # python-docx loads when first needed

        self._meeting_document(meeting_id, "Minutes", export_minutes, MinutesOptions)

    def agenda(self, meeting_id: str) -> None:
        from stp_desk.exports import AgendaOptions, export_agenda

        self._meeting_document(meeting_id, "Agenda", export_agenda, AgendaOptions)

    def _author(self) -> str | None:
        """The council named in Settings, else the clerk: the author of every document."""
        settings = QSettings()
        return str(settings.value(COUNCIL_NAME, "") or settings.value(CLERK_NAME, "") or "") or None

    def _meeting_document(self, meeting_id: str, kind: str, export: Callable[..., Path], options: Any) -> None:
        go, template = self._style_for(kind)
        if not go:
            return
        extra: dict[str, Any] = {}
        if kind == "Agenda":  # checked before asking where to save an agenda that could not be written
            from stp_desk.exports.agenda import ContactOfficer

            settings = QSettings()
            try:
                extra["contact"] = ContactOfficer(*(str(settings.value(key, "") or "")
                                                    for key in (CLERK_NAME, CLERK_PHONE, CLERK_EMAIL)))
            except ValidationError as e:  # kept before Settings checked it
                QMessageBox.warning(self.window, self.tr("Agenda"), self.tr(
                    "The agenda prints your email from Settings as the contact officer's, and it cannot: {0} "
                    "Mend it in Edit › Settings, then write the agenda again.").format(e))
                return
        suggested = default_folder() / f"{kind} - {self._meeting_name(meeting_id)} (public).docx"
        dialog = ExportDialog(self.tr("Export {0}").format(kind.lower()), suggested, self.window, variants=True)
        if not run_modal(dialog):
            return
        chosen = options(public=dialog.variant.currentData(), template=template, author=self._author(),
                         **extra)
        self.run(self.tr("Writing the {0}…").format(kind.lower()), dialog.path,
                 lambda record, target, progress: export(record, meeting_id, target, chosen, progress, checked=True))

    def evidence_pack(self) -> None:
        from stp_desk.exports import EvidencePackOptions, export_evidence_pack

        record = self._record()
        scopes = [(f"footprint:{key}", self.tr("Footprint: {0}").format(name)) for key, name in record.names(Footprint)]
        scopes += [(f"board:{key}", self.tr("Board: {0}").format(name)) for key, name in record.names(Board)]
        if not scopes:
            QMessageBox.information(self.window, self.tr("Evidence pack"), self.tr("Add a footprint first."))
            return
        go, template = self._style_for(self.tr("Evidence pack"))
        if not go:
            return
        year = date.today().year - 1
        suggested = default_folder() / f"Evidence pack {year}.docx"
        dialog = ExportDialog(self.tr("Export an evidence pack"), suggested, self.window, scopes=scopes,
                              period=(date(year, 1, 1), date(year, 12, 31)))
        if not run_modal(dialog):
            return
        kind, scope_id = dialog.scope.currentData().split(":", 1)
        start, end = dialog.period
        options = EvidencePackOptions(template=template, author=self._author())
        scope = {"footprint_id": scope_id} if kind == "footprint" else {"board_id": scope_id}
        self.run(self.tr("Writing the evidence pack…"), dialog.path,
                 lambda rec, target, progress: export_evidence_pack(rec, target, start=start, end=end,
                                                                    options=options, progress=progress,
                                                                    checked=True, **scope))

    def forward_plan(self) -> None:
        """The board's forward plan as the council publishes it: the business each coming meeting is to take, an
        item to be taken in private without its title (LGA 1972 Schedule 12A)."""
        from stp_desk.exports.forward_plan import ForwardPlanOptions, export_forward_plan

        go, template = self._style_for(self.tr("Forward plan"))
        if not go:
            return
        options = ForwardPlanOptions(template=template, author=self._author())
        self._board_document(self.tr("Forward plan"), lambda record, board_id, target, progress: export_forward_plan(
            record, board_id, target, options, progress, checked=True))

    def interests(self) -> None:
        """The board's register of members' interests and dispensations, which the council must publish on its
        website (Localism Act 2011 s.29(5)(b)); a sensitive interest's details withheld (s.32(2))."""
        from stp_desk.exports.interests import InterestsOptions, export_interests

        go, template = self._style_for(self.tr("Register of members' interests"))
        if not go:
            return
        options = InterestsOptions(template=template, author=self._author())
        self._board_document(self.tr("Register of members' interests"), lambda record, board_id, target, progress:
                             export_interests(record, board_id, target, options, progress, checked=True))

    def _board_document(self, kind: str, export: Callable[[Record, str, Path, Progress], Path]) -> None:
        """Ask which board (the last one chosen, at first) and where (a file named after the board), then write
        one board's document."""
        boards = self._record().names(Board)
        if not boards:
            QMessageBox.information(self.window, kind, self.tr("Add a board first."))
            return
        today = date.today().isoformat()

        def suggested(name: str) -> str:
            return str(default_folder() / f"{kind} - {safe_name(name)} {today}.docx")

        dialog = ExportDialog(self.tr("Export the {0}").format(kind.lower()), Path(suggested(boards[0][1])),
                              self.window, scopes=boards, scope_name=self.tr("Board"))

        def board_chosen() -> None:
            if dialog.target.text() in (suggested(name) for _key, name in boards):  # not a name the clerk typed
                dialog.target.setText(suggested(dialog.scope.currentText()))

        dialog.scope.currentIndexChanged.connect(board_chosen)
        dialog.scope.setCurrentIndex(max(dialog.scope.findData(QSettings().value(EXPORT_BOARD, "")), 0))
        if not run_modal(dialog):
            return
        board_id = dialog.scope.currentData()
        QSettings().setValue(EXPORT_BOARD, board_id)
        self.run(self.tr("Writing the {0}…").format(kind.lower()), dialog.path,
                 lambda record, target, progress: export(record, board_id, target, progress))

    def calendar(self) -> None:
        """The meetings as an iCalendar file Outlook opens; public by construction."""
        suggested = default_folder() / "Meetings.ics"
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Calendar of meetings"), str(suggested),
                                              self.tr("Calendar files (*.ics)"))
        if not path:
            return
        target = Path(path if path.lower().endswith(".ics") else path + ".ics")
        from stp_desk.interop.calendar import export_calendar

        self.run(self.tr("Writing the calendar…"), target,
                 lambda record, to, progress: export_calendar(record, to, progress=progress))

    # -- running ---------------------------------------------------------------------------------------

    def run(self, label: str, target: Path, export: Callable[[Record, Path, Progress], Path]) -> None:
        """Export on a worker thread, reading through a connection of its own (the window keeps writing)."""
        path = self._record().path

        def work(progress: Progress) -> Path:
            with Record.open(path, lock=False) as record:
                return export(record, target, progress)

        self.last_task = BackgroundTask(self.window, label, work, self._written, self._failed)
        self.last_task.start()

    def _faults(self, error: Any) -> None:
        """The document failed the accessibility check before it was saved: say what, and save only if asked."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Accessibility check"), str(error),
                          QMessageBox.StandardButton.Cancel, self.window)
        box.setInformativeText(self.tr("A council must publish accessible documents. The faults usually come from "
                                       "the Word template: fix it in Settings, or save the document anyway and "
                                       "correct it in Word."))
        save = box.addButton(self.tr("&Save anyway"), QMessageBox.ButtonRole.AcceptRole)
        run_modal(box)
        if box.clickedButton() is save:
            try:
                path = error.save_anyway()
            except KnownError as e:
                QMessageBox.warning(self.window, self.tr("Export"), str(e))
                return
            self._written(path)
        else:
            self.window.statusBar().showMessage(self.tr("Not saved: the document has accessibility faults."), 8000)

    def _written(self, path: Path) -> None:
        QSettings().setValue(EXPORT_FOLDER, str(path.parent))
        self.window.statusBar().showMessage(self.tr("Wrote {0}.").format(path), 10000)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Document written"),
                          self.tr("Wrote {0}.").format(path), QMessageBox.StandardButton.Close, self.window)
        open_file = box.addButton(self.tr("Open &document"), QMessageBox.ButtonRole.ActionRole)
        open_folder = box.addButton(self.tr("Open &folder"), QMessageBox.ButtonRole.ActionRole)
        run_modal(box)
        if box.clickedButton() is open_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        elif box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

    def _failed(self, error: Exception) -> None:
        from stp_desk.exports import ExportCancelled
        from stp_desk.exports.accessibility import AccessibilityFaults

        if isinstance(error, AccessibilityFaults):
            self._faults(error)
        elif isinstance(error, ExportCancelled):
            self.window.statusBar().showMessage(self.tr("Export cancelled; nothing was written."), 8000)
        elif isinstance(error, KnownError):
            QMessageBox.warning(self.window, self.tr("Export"), str(error))
        else:
            raise error
