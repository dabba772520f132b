"""Two clerks of one footprint exchange their parts through the window: File > Share the footprint's part, File >
Merge a colleague's record with its preview, copies shown as such and read-only, and the Overview saying who came in.

Two demo records of the Lancashire and South Cumbria footprint stand for the two clerks' laptops: this window is
Blackpool's clerk's, and the file merged is Lancashire County Council's part.
"""

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from nacl.signing import SigningKey
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from stp_desk.demo import make_demo
from stp_desk.domain.entities import Board, Footprint, Meeting, Person, PersonLink, SharingRecord
from stp_desk.domain.record import Record
from stp_desk.interop.share import ShareImport, fingerprint, share
from stp_desk.ui.forms import EntityDialog
from stp_desk.ui.main_window import MainWindow
from stp_desk.ui.sharing import MergePreview
from tests.gui.conftest import answering, press
from tests.gui.driving import go_to

BLACKPOOL, LANCASHIRE = "Blackpool Council", "Lancashire County Council"
TODAY = date(2026, 6, 1)


@pytest.fixture(scope="module")
def masters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Blackpool's record, and the file Lancashire's clerk shared from theirs."""
    folder = tmp_path_factory.mktemp("parts")
    a, b = folder / "blackpool.stpdesk", folder / "lancashire.stpdesk"
    make_demo(a, seed=11, today=TODAY, council=BLACKPOOL)
    make_demo(b, seed=12, today=TODAY, council=LANCASHIRE)
    with Record.open(b, clerk="Lancashire's clerk") as lancashire:
        share(lancashire, lancashire.footprint("QE1"), folder / "lancashire.json")
    return {"a": a, "file": folder / "lancashire.json"}


@pytest.fixture
def blackpool(masters: dict[str, Path], tmp_path: Path) -> Path:
    return Path(shutil.copy(masters["a"], tmp_path / "blackpool.stpdesk"))


@pytest.fixture
def shared_file(masters: dict[str, Path], tmp_path: Path) -> Path:
    return Path(shutil.copy(masters["file"], tmp_path / "lancashire.json"))


def _menu_action(window: MainWindow, text: str) -> QAction:
    (file_menu,) = [m.menu() for m in window.menuBar().actions() if m.text() == "&File"]
    return next(a for a in file_menu.actions() if a.text().replace("&", "") == text)  # type: ignore[union-attr]


def _merged(path: Path, file: Path) -> None:
    """Lancashire's part merged into the record at `path` before the window opens, every proposed person linked."""
    with Record.open(path, clerk="Blackpool's clerk") as record:
        importer = ShareImport(file)
        plan = importer.plan(record)
        plan.links = list(plan.matches)
        importer.apply(record, plan)


def _audit(window: MainWindow) -> int:
    return window.record.store.count("audit")


# -- share ----------------------------------------------------------------------------------------------------------


def test_share_writes_the_footprints_part_and_warns_it_holds_part_b(
        open_window: Any, blackpool: Path, tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    window = open_window(blackpool)
    out = tmp_path / "out" / "shared.json"
    out.parent.mkdir()
    offered: list[str] = []

    def save_as(parent: QWidget, title: str, suggested: str, kinds: str) -> tuple[str, str]:
        offered.append(suggested)
        return str(out), kinds

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    _menu_action(window, "Share the footprint's part…").trigger()
    assert Path(offered[0]).name == f"QE1-{BLACKPOOL}-{date.today().isoformat()}.json"
    said = window.statusBar().currentMessage()
    assert said.startswith("Shared ") and "shared.json" in said
    assert "exempt (Part B)" in said and "footprint's clerks" in said
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "stp-desk share" and data["footprint"]["code"] == "QE1"
    assert [b["lead_council"] for b in data["rows"]["boards"]] == [BLACKPOOL]


def test_a_record_of_several_footprints_asks_which_to_share(open_window: Any, blackpool: Path, tmp_path: Path,
                                                            monkeypatch: MonkeyPatch) -> None:
    window = open_window(blackpool)
    kent = window.record.save(Footprint(name="Kent and Medway", code="QKS"))
    window.record.save(Board(footprint_id=kent, name="Kent Health and Wellbeing Board", kind="hwb",
                             lead_council="Kent County Council"))
    out = tmp_path / "kent.json"
    offered: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, suggested, kinds: (offered.append(suggested), (str(out), kinds))[1])
    seen: dict[str, Any] = {}

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        seen["items"] = dialog.comboBoxItems()
        dialog.setTextValue("Kent and Medway (QKS)")
        dialog.accept()

    answers = answering(choose)
    _menu_action(window, "Share the footprint's part…").trigger()
    assert answers.done, answers.left_open
    assert seen["items"] == ["Kent and Medway (QKS)", "Lancashire and South Cumbria (QE1)"]
    assert Path(offered[0]).name.startswith("QKS-Kent County Council-")
    assert json.loads(out.read_text(encoding="utf-8"))["footprint"]["code"] == "QKS"


def test_a_record_that_owns_nothing_of_the_footprint_is_told_so_before_choosing_a_file(
        window: MainWindow, monkeypatch: MonkeyPatch) -> None:
    window.record.save(Footprint(name="Lancashire and South Cumbria", code="QE1"))
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (asked.append("file"), ("", ""))[1])
    seen: dict[str, str] = {}

    def read(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        box.button(QMessageBox.StandardButton.Ok).click()

    answers = answering(read)
    _menu_action(window, "Share the footprint's part…").trigger()
    assert answers.done, answers.left_open
    assert answers.answered == ["Share the footprint's part"]
    assert "owns nothing of the footprint Lancashire and South Cumbria" in seen["text"]
    assert asked == []


# -- merge ----------------------------------------------------------------------------------------------------------


def test_merge_preview_shows_the_sender_and_the_matches_and_links_only_those_ticked(
        open_window: Any, blackpool: Path, shared_file: Path, qtbot: QtBot, monkeypatch: MonkeyPatch) -> None:
    window = open_window(blackpool)
    QTest.qWaitForWindowActive(window)
    sent = json.loads(shared_file.read_text(encoding="utf-8"))["record"]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(shared_file), ""))
    own_meetings = len(window.record.find(Meeting))
    undo_before = window.undo_stack.count()
    seen: dict[str, Any] = {}

    def review(dialog: QWidget) -> None:
        assert isinstance(dialog, MergePreview)
        seen["title"] = dialog.windowTitle()
        seen["sender"] = dialog.sender_box.text()
        seen["actions"] = {dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())}
        seen["matches"] = [dialog.matches.item(r).text() for r in range(dialog.matches.count())]
        seen["ticked"] = [dialog.matches.item(r).checkState() == Qt.CheckState.Checked
                          for r in range(dialog.matches.count())]
        seen["unticked"] = dialog.plan.matches[0]
        dialog.matches.item(0).setCheckState(Qt.CheckState.Unchecked)  # not the same human, says the clerk
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)  # written on a worker thread

    answers = answering(review)
    _menu_action(window, "Merge a colleague's record…").trigger()
    assert answers.done, answers.left_open
    assert seen["title"] == f"Merge {LANCASHIRE}'s record"
    for part in (LANCASHIRE, sent["id"], fingerprint(sent["verify_key"])):
        assert part in seen["sender"]
    assert seen["actions"] == {"add"}
    assert len(seen["matches"]) >= 2 and all(seen["ticked"])
    assert "Cllr Daniel Ashworth" in " ".join(seen["matches"])

    record = window.record
    (sender,) = record.find(SharingRecord)
    assert sender.name == LANCASHIRE
    copies = record.find(Meeting, owner=sender.id)
    assert copies and len(record.find(Meeting)) == own_meetings + len(copies)
    links = {(link.person_id, link.same_as_id) for link in record.find(PersonLink)}
    unticked = seen["unticked"]
    assert (unticked.person_id, unticked.copy_id) not in links
    assert len(links) == len(seen["matches"]) - 1
    assert record.one_person(unticked.copy_id) == unticked.copy_id  # still a person of their own
    assert "Merged Lancashire County Council's record" in window.statusBar().currentMessage()

    assert window.undo_stack.count() == undo_before + 1  # the whole merge is one change
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    keys = QKeySequence(QKeySequence.StandardKey.Undo)[0]
    QTest.keyClick(window, keys.key(), keys.keyboardModifiers())  # Ctrl+Z
    assert record.find(SharingRecord) == [] and record.find(PersonLink) == []
    assert len(record.find(Meeting)) == own_meetings
    assert record.find(Meeting, owner=sender.id) == []


def test_a_tampered_file_is_refused_in_plain_words_and_nothing_is_written(
        open_window: Any, blackpool: Path, shared_file: Path, monkeypatch: MonkeyPatch) -> None:
    window = open_window(blackpool)
    data = json.loads(shared_file.read_text(encoding="utf-8"))
    data["rows"]["meetings"][0]["venue"] = "The Pub"
    shared_file.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(shared_file), ""))
    before = _audit(window)
    seen: dict[str, str] = {}

    def read(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        box.button(QMessageBox.StandardButton.Ok).click()

    answers = answering(read)
    window.merge_colleague()
    assert answers.done, answers.left_open
    assert answers.answered == ["Merge a colleague's record"]
    assert "signature does not check" in seen["text"] and "Ask for the file again" in seen["text"]
    assert _audit(window) == before and window.record.find(SharingRecord) == []
    assert window.undo_stack.count() == 0


def test_a_file_signed_with_a_new_key_is_merged_only_once_the_clerk_accepts_it(
        open_window: Any, blackpool: Path, shared_file: Path, tmp_path: Path, qtbot: QtBot,
        monkeypatch: MonkeyPatch) -> None:
    from stp_desk.interop.share import _canonical

    _merged(blackpool, shared_file)
    window = open_window(blackpool)
    data = json.loads(shared_file.read_text(encoding="utf-8"))
    key = SigningKey.generate()  # Lancashire's clerk on a new laptop
    data["record"]["verify_key"] = key.verify_key.encode().hex()
    data["signature"] = key.sign(_canonical(data)).signature.hex()
    resigned = tmp_path / "lancashire-new-laptop.json"
    resigned.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(resigned), ""))
    seen: dict[str, str] = {}

    def question(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen["question"] = box.text() + box.informativeText()
        seen["yes"] = box.button(QMessageBox.StandardButton.Yes).text()
        box.button(QMessageBox.StandardButton.No).click()

    before = _audit(window)
    answers = answering(question)
    window.merge_colleague()
    assert answers.done, answers.left_open
    assert LANCASHIRE in seen["question"] and fingerprint(data["record"]["verify_key"]) in seen["question"]
    assert seen["yes"].replace("&", "") == "Accept the new key"
    assert _audit(window) == before  # declined: nothing written

    def accept(box: QWidget) -> None:
        press(QMessageBox.StandardButton.Yes)(box)

    def review(dialog: QWidget) -> None:
        assert isinstance(dialog, MergePreview)
        seen["sender"] = dialog.sender_box.text()
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)

    answers = answering(accept, review)
    window.merge_colleague()
    assert answers.done, answers.left_open
    assert "A new key for this record" in seen["sender"]
    (sender,) = window.record.find(SharingRecord)
    assert sender.verify_key == data["record"]["verify_key"]


# -- copies ---------------------------------------------------------------------------------------------------------


def test_a_copied_meeting_opens_read_only_under_a_banner(open_window: Any, blackpool: Path, shared_file: Path,
                                                         qtbot: QtBot) -> None:
    _merged(blackpool, shared_file)
    window = open_window(blackpool)
    record = window.record
    (sender,) = record.find(SharingRecord)
    copied = next(m for m in record.find(Meeting, owner=sender.id) if m.minutes_status == "draft")
    go_to(window, 1)
    window.meetings.open(copied.id or "")
    editor = window.meetings.editor
    assert editor.copy_banner.isVisible()
    banner = editor.copy_banner.text()
    assert banner.startswith(f"A copy from {LANCASHIRE}'s record")
    assert "read-only here; its clerk changes it in their record and shares it again" in banner
    assert not editor.save_button.isVisible()
    venue = editor.details.inputs["venue"].widget
    assert isinstance(venue, QLineEdit) and venue.isReadOnly()
    assert not editor.agenda.add_button.isEnabled() and not editor.agenda.action_button.isEnabled()
    assert not editor.approve_button.isEnabled()
    assert not any(button.isEnabled() for button in editor.attendance_tab.buttons)
    assert editor.item_form.inputs["minute_text"].widget.isReadOnly()  # type: ignore[attr-defined]
    assert editor.attendance_tab.model.locked
    editor.close_editor()

    own = next(m for m in record.find(Meeting, owner=None) if m.minutes_status == "draft")
    window.meetings.open(own.id or "")
    assert not editor.copy_banner.isVisible() and editor.save_button.isVisible()
    editor.close_editor()


def test_the_keeper_column_shows_once_a_colleagues_record_is_merged(open_window: Any, blackpool: Path,
                                                                    shared_file: Path) -> None:
    window = open_window(blackpool)
    go_to(window, 1)
    meetings = window.meetings.list
    kept = [c.header for c in meetings.spec.columns].index("Kept by")
    assert meetings.table.isColumnHidden(kept)  # a clerk who never shares never sees it
    table = meetings.table  # and the columns shown still take the list's whole width, leaving no gap
    shown = sum(table.columnWidth(c) for c in range(meetings.model.columnCount()) if not table.isColumnHidden(c))
    assert shown >= table.viewport().width() - 2, (shown, table.viewport().width())
    window.close()
    _merged(blackpool, shared_file)
    window = open_window(blackpool)
    go_to(window, 1)
    assert not window.meetings.list.table.isColumnHidden(kept)


def test_the_keeper_column_names_a_colleagues_record_without_reading_it_for_each_row_drawn(
        open_window: Any, blackpool: Path, shared_file: Path) -> None:
    """The Kept by column looked the colleague's record up for every copied row each time the list was drawn (a
    statement a row a repaint); it is read once, and again only after the record changes (a merge, an undo)."""
    _merged(blackpool, shared_file)
    window = open_window(blackpool)
    go_to(window, 1)
    kept = [c.header for c in window.meetings.list.spec.columns].index("Kept by")
    model = window.meetings.list.model
    seen: list[str] = []
    window.store.conn.set_trace_callback(seen.append)
    try:
        for _ in range(3):  # what the view asks each time it draws the rows
            shown = [model.data(model.index(r, kept)) for r in range(model.rowCount())]
    finally:
        window.store.conn.set_trace_callback(None)
    assert f"{LANCASHIRE}'s record" in shown
    assert len([s for s in seen if "sharing_records" in s]) <= 1, seen[:5]


def test_lists_say_which_record_keeps_each_row_and_a_copied_board_opens_read_only(
        open_window: Any, blackpool: Path, shared_file: Path) -> None:
    _merged(blackpool, shared_file)
    window = open_window(blackpool)
    go_to(window, 1)
    meetings = window.meetings.list
    kept = [c.header for c in meetings.spec.columns].index("Kept by")
    assert not meetings.table.isColumnHidden(kept)
    shown = {meetings.model.data(meetings.model.index(r, kept)) for r in range(meetings.model.rowCount())}
    assert shown == {"this record", f"{LANCASHIRE}'s record"}

    go_to(window, 2)
    boards = window.boards.boards
    kept = [c.header for c in boards.spec.columns].index("Kept by")
    by_name = {boards.model.row(r)["name"]: boards.model.data(boards.model.index(r, kept))
               for r in range(boards.model.rowCount())}
    assert set(by_name.values()) == {"this record", f"{LANCASHIRE}'s record"}
    people = window.boards.people
    kept = [c.header for c in people.spec.columns].index("Kept by")
    assert {people.model.data(people.model.index(r, kept)) for r in range(people.model.rowCount())} == {
        "this record", f"{LANCASHIRE}'s record"}
    for index, name in ((3, "signoffs"), (4, "referrals"), (5, "actions")):  # every list ends with its keeper
        go_to(window, index)
        listing = getattr(window, name)
        kept = [c.header for c in listing.spec.columns].index("Kept by")
        shown = {listing.model.data(listing.model.index(r, kept)) for r in range(listing.model.rowCount())}
        assert f"{LANCASHIRE}'s record" in shown, name
    copied = next(b for b in window.record.find(Board) if b.owner is not None)
    seen: dict[str, Any] = {}

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, EntityDialog)
        seen["banner"] = dialog.banner.text() if dialog.banner.isVisible() else ""
        seen["title"] = dialog.windowTitle()
        buttons = dialog.findChild(QDialogButtonBox)
        seen["buttons"] = [b.text().replace("&", "") for b in buttons.buttons()]  # type: ignore[union-attr]
        seen["name read-only"] = dialog.group.inputs["name"].widget.isReadOnly()  # type: ignore[attr-defined]
        dialog.reject()

    answers = answering(look)
    boards.edit_id(copied.id or "")
    assert answers.done, answers.left_open
    assert seen["banner"].startswith(f"A copy from {LANCASHIRE}'s record")
    assert seen["buttons"] == ["Close"] and seen["name read-only"] is True
    assert seen["title"] == "Board (a copy)"

    # A copied member's form names the copied person it holds, read-only.
    assert boards.select_id(copied.id or "")
    members = window.boards.members
    assert members is not None and members.model.rowCount()
    membership = members.model.row(0)

    def member(dialog: QWidget) -> None:
        assert isinstance(dialog, EntityDialog)
        combo = dialog.group.inputs["person_id"].widget
        seen["person"] = combo.currentText()  # type: ignore[attr-defined]
        seen["person enabled"] = combo.isEnabled()
        dialog.reject()

    answers = answering(member)
    members.edit_id(membership["id"])
    assert answers.done, answers.left_open
    assert seen["person"].startswith(membership["person"]) and seen["person enabled"] is False

    # People for new rows are this record's own: a copy may change or go at the next merge.
    offered = {person_id for person_id, _name in window.meetings.catalogue.people()}
    own = {p.id for p in window.record.find(Person, owner=None)}
    assert offered == own and offered != {p.id for p in window.record.find(Person)}


def test_the_overview_says_when_each_colleagues_record_last_came_in(open_window: Any, blackpool: Path,
                                                                    shared_file: Path) -> None:
    window = open_window(blackpool)
    go_to(window, 0)
    assert not window.overview.colleagues_card.isVisible()  # none yet: no card
    importer = ShareImport(shared_file)
    importer.apply(window.record, importer.plan(window.record))
    go_to(window, 2)
    go_to(window, 0)  # the Overview as it is when the clerk comes back to it
    (sender,) = window.record.find(SharingRecord)
    assert window.overview.colleagues_card.isVisible()
    text = window.overview.colleagues.text()
    assert text.startswith(f"{LANCASHIRE}'s record — last came in {date.today().day} ")
    assert f", shared {int(sender.shared_at[8:10])} " in text and text.endswith(" entries")


def test_delete_on_a_copy_says_whose_it_is_without_asking_first(open_window: Any, blackpool: Path,
                                                                shared_file: Path) -> None:
    _merged(blackpool, shared_file)
    window = open_window(blackpool)
    go_to(window, 1)
    meetings = window.meetings.list
    copied = next(m for m in window.record.find(Meeting) if m.owner is not None and m.minutes_status == "draft")
    assert meetings.select_id(copied.id or "")
    seen: list[str] = []

    def refused(box: QWidget) -> None:
        assert isinstance(box, QMessageBox) and box.icon() == QMessageBox.Icon.Warning, box.windowTitle()
        seen.append(box.text())
        box.button(QMessageBox.StandardButton.Ok).click()

    entries = _audit(window)
    answers = answering(refused)
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    meetings.table.setFocus()
    QTest.keyClick(meetings.table, Qt.Key.Key_Delete)
    assert answers.done, answers.left_open
    assert seen and f"This meeting is a copy from {LANCASHIRE}'s record" in seen[0]
    assert window.record.lookup(Meeting, copied.id or "") is not None and _audit(window) == entries
