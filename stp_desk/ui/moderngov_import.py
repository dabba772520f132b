"""File > Import from ModernGov: from a folder of saved replies, or fetched from the council's ModernGov site; then a
preview of what will be created, updated, skipped or kept, and one transaction."""

import json
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from stp_desk.domain.record import Record
from stp_desk.errors import KnownError
from stp_desk.interop.moderngov import (
    ImportPlan,
    ImportSummary,
    apply_moderngov_import,
    plan_moderngov_import,
)
from stp_desk.interop.moderngov_fetch import (
    EARLIEST,
    Committee,
    FetchCancelled,
    FetchOptions,
    FetchResult,
    committees_of,
    dated_folders,
    fetch_moderngov,
    read_manifest,
    replies_folder,
    service_address,
    year_ahead,
)
from stp_desk.ui.background import BackgroundTask, Progress
from stp_desk.ui.modal import run_modal
from stp_desk.ui.preview import ChangesTable, ImportPreview

SHADES = {"create": "#e6f4ea", "update": "#e8f0fe", "conflict": "#fde7ea"}


class ModernGovPreview(ImportPreview):
    """Every row the import would touch, with its action; Import writes them all or nothing."""

    def __init__(self, record: Record, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(record, parent)
        self.plan = plan
        self.setWindowTitle(self.tr("Import from ModernGov: {0}").format(plan.folder.name))
        self.resize(1000, 640)
        self.table = ChangesTable([self.tr("Action"), self.tr("What"), self.tr("Details"), self.tr("From file")],
                                  lambda c: [c.action, c.kind, c.description, c.source], stretch=2, shades=SHADES)
        self.table.show_changes(plan.changes)
        heading = QLabel(plan.summary_line())
        heading.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(self.tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(plan.changes_anything)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.feedback)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Write on a worker thread, row by row with a progress bar; Cancel rolls it all back."""
        self.write(self.tr("Importing from ModernGov…"), self._apply)

    def _apply(self, record: Record, progress: Progress) -> ImportSummary:
        return apply_moderngov_import(record, self.plan, progress)

    def describe(self, result: ImportSummary) -> str:
        return result.line()


def import_moderngov(window: QWidget, record: Record, folder: Path, committee: str | None = None) -> str | None:
    """Read a folder of saved replies, preview, and import; return what was done, or None."""
    try:
        plan = plan_moderngov_import(record, folder, committee)
    except KnownError as e:
        QMessageBox.warning(window, window.tr("Import from ModernGov"), str(e))
        return None
    dialog = ModernGovPreview(record, plan, window)
    return dialog.summary if run_modal(dialog) else None


# -- from the council's site ----------------------------------------------------------------------------------------

# Where a record's ModernGov address is kept: the app's settings (QSettings), as JSON mapping each record's full path
# to the address. It is how this computer reaches the council, not part of the governance record, so it needs no
# migration or audit entry and does not travel in dumps or shares. A record opened from another path (copied to
# another laptop) falls back on the address its newest folder of fetched replies names.
ADDRESSES = "moderngov/addresses"


def remembered_address(record_path: Path) -> str:
    """The ModernGov address last used for this record ('' if none)."""
    address = str(_addresses().get(str(record_path.resolve()), ""))
    if not address:
        for folder in dated_folders(record_path):
            address = str(read_manifest(folder).get("address") or "")
            if address:
                break
    return address


def remember_address(record_path: Path, address: str) -> None:
    addresses = _addresses()
    addresses[str(record_path.resolve())] = address
    QSettings().setValue(ADDRESSES, json.dumps(addresses, sort_keys=True))


def _addresses() -> dict[str, Any]:
    try:
        value = json.loads(str(QSettings().value(ADDRESSES, "{}") or "{}"))
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ModernGovSiteDialog(QDialog):
    """The council's ModernGov site: its address (remembered for the record), the committee, the dates; Fetch saves
    the replies beside the record, with progress (meeting N of M) and Cancel. `result` says where they went."""

    def __init__(self, record_path: Path, parent: QWidget | None = None,
                 options: FetchOptions | None = None) -> None:
        super().__init__(parent)
        self.record_path = record_path
        self.options = options or FetchOptions()
        self.result: FetchResult | None = None  # type: ignore[assignment]
        self.task: BackgroundTask | None = None
        self.setWindowTitle(self.tr("Import from ModernGov: the council's site"))
        self.resize(640, 520)

        self.address = QLineEdit(remembered_address(record_path))
        self.address.setPlaceholderText("https://democracy.yourcouncil.gov.uk")
        self.address.setAccessibleName(self.tr("ModernGov site address"))
        self.find_button = QPushButton(self.tr("Find &committees"))
        self.find_button.setAutoDefault(False)
        self.find_button.clicked.connect(self.find_committees)
        self.address.returnPressed.connect(self.find_committees)
        row = QHBoxLayout()
        row.addWidget(self.address, 1)
        row.addWidget(self.find_button)
        self.committees = QListWidget()
        self.committees.setAccessibleName(self.tr("Committees"))
        self.committees.currentItemChanged.connect(self._enable_fetch)
        self.start = QDateEdit(_qdate(EARLIEST))
        self.end = QDateEdit(_qdate(year_ahead()))
        for edit, name in ((self.start, self.tr("From")), (self.end, self.tr("To"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel(self.tr("to")))
        dates.addWidget(self.end)
        dates.addStretch(1)
        form = QFormLayout()
        address_label = QLabel(self.tr("ModernGov &site:"))
        address_label.setBuddy(self.address)
        form.addRow(address_label, row)
        committees_label = QLabel(self.tr("The board's co&mmittee:"))
        committees_label.setBuddy(self.committees)
        form.addRow(committees_label, self.committees)
        dates_label = QLabel(self.tr("Meetings &from:"))
        dates_label.setBuddy(self.start)
        form.addRow(dates_label, dates)
        hint = QLabel(self.tr("The replies are saved beside the record, in a dated folder, so the import can be run "
                              "again without the network. Nothing is written to the record before the preview."))
        hint.setWordWrap(True)
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(self.tr("Message"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.fetch_button = buttons.addButton(self.tr("Fetch and &preview"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.fetch_button.setEnabled(False)
        buttons.accepted.connect(self.fetch)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.feedback)
        layout.addWidget(buttons)

    def chosen(self) -> Committee | None:
        item = self.committees.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None  # type: ignore[no-any-return]

    def _enable_fetch(self) -> None:
        self.fetch_button.setEnabled(self.chosen() is not None and self.task is None)

    # -- the work, on a worker thread ---------------------------------------------------------------------------

    def _start(self, label: str, work: Any, on_success: Any) -> None:
        self.feedback.clear()
        self.task = BackgroundTask(self, label, work, on_success, self._failed)
        self.task.worker.progressed.connect(self._progressed)
        self.find_button.setEnabled(False)
        self.fetch_button.setEnabled(False)
        self.task.start()

    def find_committees(self) -> None:
        """GetCommittees: the list to pick the board's committee from."""
        if self.task is not None:
            return
        try:
            address = service_address(self.address.text())
        except KnownError as e:
            self.feedback.setText(str(e))
            return
        options = self.options
        self._start(self.tr("Asking the site for its committees…"),
                    lambda progress: committees_of(address, options, progress), self._listed)

    def _listed(self, committees: list[Committee]) -> None:
        self._finished()
        self.committees.clear()
        for committee in committees:
            item = QListWidgetItem(committee.label())
            item.setData(Qt.ItemDataRole.UserRole, committee)
            self.committees.addItem(item)
        remember_address(self.record_path, self.address.text().strip())
        self.feedback.setText(self.tr("{0} committees found: choose the board's.").format(len(committees)))
        self.committees.setFocus()

    def fetch(self) -> None:
        """GetMeetings and each GetMeeting, into the dated folder beside the record."""
        committee = self.chosen()
        if self.task is not None or committee is None:
            return
        start, end = _day(self.start.date()), _day(self.end.date())
        try:
            address = service_address(self.address.text())
        except KnownError as e:
            self.feedback.setText(str(e))
            return
        folder = replies_folder(self.record_path, committee.id, start, end, address=address)
        options = self.options

        def work(progress: Progress) -> FetchResult:
            return fetch_moderngov(address, committee.id, start, end, folder, progress, options)

        self._start(self.tr("Fetching the meetings of {0}…").format(committee.title), work, self._fetched)

    def _fetched(self, result: FetchResult) -> None:
        self._finished()
        remember_address(self.record_path, self.address.text().strip())
        self.result = result
        self.accept()

    def _progressed(self, done: int, total: int) -> None:
        if self.task is not None and total:
            self.task.dialog.setLabelText(self.tr("Meeting {0} of {1}…").format(min(done + 1, total), total))

    def _failed(self, error: Exception) -> None:
        self._finished()
        if not isinstance(error, KnownError):
            raise error
        self.feedback.setText(str(error))  # in the dialog, so the clerk can correct the address or dates and retry
        if not isinstance(error, FetchCancelled):
            self.address.setFocus()

    def _finished(self) -> None:
        self.task = None
        self.find_button.setEnabled(True)
        self._enable_fetch()

    def reject(self) -> None:
        """Cancel stops the fetch first (what came is kept); a second Cancel closes."""
        if self.task is not None:
            self.task.cancel()  # the fetch hears it at its next step or wait
        else:
            super().reject()


def fetch_moderngov_import(window: QWidget, record: Record, options: FetchOptions | None = None) -> str | None:
    """The council's site: choose, fetch, then the same preview and import as a folder; return what was done."""
    dialog = ModernGovSiteDialog(record.path, window, options)
    if not run_modal(dialog) or dialog.result is None:
        return None
    result = dialog.result
    return import_moderngov(window, record, result.folder, result.committee.id)
