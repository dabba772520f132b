"""One footprint, several clerks, from the window: File > Share the footprint's part (a signed file for the
footprint's other clerks) and File > Merge a colleague's record (a preview of what their file adds, changes and
removes, and of the people it proposes as one; then one transaction on a worker thread, undone by one Ctrl+Z).

The rules are in `stp_desk.interop.share`; this module only asks, shows and says.
"""

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from stp_desk.domain.dates import clerk_time
from stp_desk.domain.entities import Board, Footprint, SharingRecord
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError
from stp_desk.interop.base import CREATE, DELETE, SKIP, UPDATE
from stp_desk.interop.share import (
    MergePlan,
    MergeSummary,
    OtherKey,
    PersonMatch,
    ShareImport,
    check_shareable,
    fingerprint,
    share,
)
from stp_desk.ui.background import Progress
from stp_desk.ui.documents import default_folder, safe_name
from stp_desk.ui.look import card
from stp_desk.ui.modal import buttons_in_reading_order, run_modal
from stp_desk.ui.preview import ChangesTable, ImportPreview

SHARE_TITLE = "Share the footprint's part"
MERGE_TITLE = "Merge a colleague's record"
SHADES = {CREATE: "#e6f4ea", UPDATE: "#e8f0fe", DELETE: "#fde7ea"}
ACTIONS = {CREATE: "add", UPDATE: "change", DELETE: "remove"}


# -- share ----------------------------------------------------------------------------------------------------------


def share_file_name(record: Record, footprint: Footprint, today: date) -> str:
    """The name a share file is offered under: the footprint's code, the council whose boards this record keeps,
    and the day ("QE1-Blackpool Council-2026-12-02.json")."""
    councils = sorted({(b.lead_council or "").strip() for b in record.find(Board, footprint_id=footprint.id,
                                                                          owner=None)} - {""})
    parts = [footprint.code or footprint.name, *councils[:1], today.isoformat()]
    return safe_name("-".join(parts)) + ".json"


def share_footprint(window: QWidget, record: Record) -> str | None:
    """Ask which footprint (when there are several) and where, write the file; what the status bar says, or None."""
    title = window.tr(SHARE_TITLE)
    footprints = record.find(Footprint, order_by="name", owner=None)
    if not footprints:
        QMessageBox.information(window, title, window.tr("This record holds no footprint yet: add the footprint "
                                                         "and its boards (Boards and people), then share."))
        return None
    footprint = footprints[0]
    if len(footprints) > 1:
        names = [f"{f.name} ({f.code})" if f.code else f.name for f in footprints]
        chosen, ok = QInputDialog.getItem(window, title, window.tr("Which footprint's part to share?"), names, 0,
                                          False)
        if not ok:
            return None
        footprint = footprints[names.index(chosen)]
    try:
        check_shareable(record, footprint)
    except KnownError as e:
        QMessageBox.warning(window, title, str(e))
        return None
    suggested = default_folder() / share_file_name(record, footprint, date.today())
    path, _ = QFileDialog.getSaveFileName(window, title, str(suggested), window.tr("Share files (*.json)"))
    if not path:
        return None
    out = Path(path) if path.lower().endswith(".json") else Path(path + ".json")
    try:
        summary = share(record, footprint, out)
    except KnownError as e:
        QMessageBox.warning(window, title, str(e))
        return None
    return window.tr("{0} It holds exempt (Part B) business of {1}: send it only to the footprint's clerks.").format(
        summary, footprint.name)


# -- merge ----------------------------------------------------------------------------------------------------------


class MergePreview(ImportPreview):
    """Who sent the file (their record, its id and its key's fingerprint), every entry it adds, changes or
    removes, and the people it proposes as one, each ticked until the clerk unticks it; Merge writes them all or
    nothing."""

    def __init__(self, record: Record, importer: ShareImport, plan: MergePlan, parent: QWidget | None = None) -> None:
        super().__init__(record, parent)
        self.importer, self.plan = importer, plan
        sender = plan.sender
        self.setWindowTitle(self.tr("Merge {0}'s record").format(sender.name))
        self.resize(1000, 680)

        known = record.lookup(SharingRecord, sender.id or "")
        if known is None:
            key_note = self.tr("The first file from this record: read the fingerprint to its clerk (by telephone, "
                               "say) before merging. Its later files must be signed with the same key.")
        elif plan.new_key:
            key_note = self.tr("A new key for this record: it replaces the one kept when you merge.")
        else:
            key_note = self.tr("The same key as the files merged from this record before.")
        self.sender_box = QLabel(
            self.tr("<b>From:</b> {0}'s record, shared {1}<br><b>Record id:</b> {2}<br>"
                    "<b>Key fingerprint:</b> <span style='font-family: monospace; font-size: 115%;'>{3}</span><br>"
                    "{4}").format(_escaped(sender.name), clerk_time(sender.shared_at), sender.id,
                                  fingerprint(sender.verify_key), _escaped(key_note)))
        card(self.sender_box)
        self.sender_box.setWordWrap(True)
        self.sender_box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sender_box.setAccessibleName("Sender")
        self.heading = QLabel(plan.summary())
        self.heading.setWordWrap(True)

        self.table = ChangesTable([self.tr("Action"), self.tr("What"), self.tr("Details")],
                                  lambda c: [ACTIONS.get(c.action, c.action), c.kind, c.description], stretch=2,
                                  shades=SHADES)
        self.table.show_changes([c for c in plan.changes if c.action != SKIP])

        self.matches = QListWidget()
        self.matches.setAccessibleName("Same person")
        for match in plan.matches:
            item = QListWidgetItem(self.tr("{0} here is {1} in {2}'s record ({3})").format(
                match.person, match.copy, sender.name, match.reason))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.matches.addItem(item)
        if plan.matches:  # as tall as its pairs, up to six; the preview above takes the room left
            shown = min(len(plan.matches), 6)
            self.matches.setFixedHeight(shown * self.matches.sizeHintForRow(0) + 2 * self.matches.frameWidth() + 2)
        matches_box = QGroupBox(self.tr("The same person in both records? Untick anyone who is not"))
        box_layout = QVBoxLayout(matches_box)
        explain = QLabel(self.tr("A ticked pair is linked: neither entry changes, and attendance and the "
                                 "expectations count them as one person."))
        explain.setWordWrap(True)
        box_layout.addWidget(explain)
        box_layout.addWidget(self.matches)
        matches_box.setVisible(bool(plan.matches))

        notice = QLabel(self.tr("The file holds exempt (Part B) business of the footprint's boards: it is for the "
                                "footprint's clerks only."))
        notice.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = buttons.addButton(self.tr("&Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setEnabled(plan.changes_anything or bool(plan.matches))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sender_box)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(matches_box)
        layout.addWidget(notice)
        layout.addWidget(self.feedback)
        layout.addWidget(buttons)
        buttons_in_reading_order(buttons)

    def chosen_links(self) -> list[PersonMatch]:
        """The proposed pairs the clerk left ticked."""
        return [match for row, match in enumerate(self.plan.matches)
                if self.matches.item(row).checkState() == Qt.CheckState.Checked]

    def accept(self) -> None:
        """Write on a worker thread with a progress bar; Cancel rolls it all back."""
        self.plan.links = self.chosen_links()
        plan, importer = self.plan, self.importer
        self.write(self.tr("Merging {0}'s record…").format(plan.sender.name),
                   lambda record, progress: self._apply(importer, record, plan, progress))

    @staticmethod
    def _apply(importer: ShareImport, record: Record, plan: MergePlan, progress: Progress) -> MergeSummary:
        return importer.apply(record, plan, progress)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def merge_file(window: QWidget, record: Record, path: Path, *, new_key: bool = False) -> str | None:
    """Check the file and show its preview; return what was merged, or None (refused, cancelled, nothing new)."""
    title = window.tr(MERGE_TITLE)
    importer = ShareImport(path, new_key=new_key)
    try:
        plan = importer.plan(record)
    except OtherKey as e:
        if not new_key and accept_new_key(window, e):
            return merge_file(window, record, path, new_key=True)
        return None
    except KnownError as e:
        QMessageBox.warning(window, title, str(e))
        return None
    dialog = MergePreview(record, importer, plan, window)
    return dialog.summary if run_modal(dialog) else None


def accept_new_key(window: QWidget, refusal: OtherKey) -> bool:
    """Ask, naming the sender, whether their record's key has changed; whether the clerk accepts the new one."""
    box = QMessageBox(QMessageBox.Icon.Warning, window.tr("Accept a new key?"), window.tr(
        "This file says it is from {0}'s record, but it is signed with another key than their files merged "
        "before. That happens when their clerk shares from a new computer; it also happens when someone else "
        "made the file.").format(refusal.sender),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, window)
    box.setInformativeText(window.tr(
        "Accept it only if {0}'s clerk has told you, by telephone or in person, that their key changed, and has "
        "read you its fingerprint: {1}\n\nAccept the new key for {0}'s record?").format(
        refusal.sender, fingerprint(refusal.verify_key)))
    box.button(QMessageBox.StandardButton.Yes).setText(window.tr("&Accept the new key"))
    box.button(QMessageBox.StandardButton.No).setText(window.tr("&Do not merge"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    try:
        return box.exec() == QMessageBox.StandardButton.Yes
    finally:
        box.deleteLater()
