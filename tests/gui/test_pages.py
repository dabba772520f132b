"""The list models and the smaller pages of the window, against a real record."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from stp_desk.domain import vocab
from stp_desk.domain.entities import (
    Action,
    AgendaItem,
    Amendment,
    Board,
    Footprint,
    Meeting,
    Membership,
    Person,
    PublicQuestion,
    Referral,
    Seat,
    SignOff,
)
from stp_desk.domain.record import Record
from stp_desk.ui.main_window import MainWindow
from stp_desk.ui.models import PAGE_SIZE, ROW_ROLE, Column, ListModel
from tests.gui.conftest import answering, fill
from tests.gui.driving import button, click, go_to


def _board(record: Record) -> str:
    footprint = record.save(Footprint(name="Somerset"))
    return record.save(Board(footprint_id=footprint, name="Somerset HWB", quorum_count=1))


def _many_meetings(record: Record, board: str, count: int) -> None:
    with record.store.transaction("test", "bulk") as w:
        for n in range(count):
            w.insert("meetings", Meeting(board_id=board, starts_at=f"{2000 + n // 12:04d}-{n % 12 + 1:02d}-05T10:00",
                                         venue=f"Room {n}").to_row())


def test_list_model_fetches_lazily_sorts_and_filters(qtmodeltester: ModelTester, tmp_path: Path) -> None:
    record = Record.open(tmp_path / "r.stpdesk", create=True)
    board = _board(record)
    _many_meetings(record, board, PAGE_SIZE * 2 + 50)
    model = ListModel(record.store, "meeting_list", [Column("starts_at", "Date"), Column("venue", "Venue")],
                      "starts_at")
    assert model.total == PAGE_SIZE * 2 + 50
    assert model.rowCount() == model.total and model.fetched == PAGE_SIZE  # every row counted, one page read
    assert model.data(model.index(model.total - 1, 1)) == f"Room {model.total - 1}"  # reads the last page
    assert model.fetched == PAGE_SIZE + 50
    qtmodeltester.check(model, force_py=True)

    model.sort(0, Qt.SortOrder.DescendingOrder)
    first = model.data(model.index(0, 0), ROW_ROLE)
    assert first["starts_at"] == max(r["starts_at"] for r in record.store.rows("meetings"))
    model.set_filter("Room 12")
    venues = sorted(model.data(model.index(r, 1)) for r in range(model.rowCount()))
    assert venues == ["Room 12", *[f"Room {n}" for n in range(120, 130)]]
    model.set_filter("100%_")
    assert model.total == 0
    record.close()


def test_named_substitutes_are_set_in_the_member_form(window: MainWindow) -> None:
    record = window.record
    board = _board(record)
    holder = record.save(Person(name="Dr Pat Health", kind="council_officer", roles=[vocab.DPH]))
    deputy = record.save(Person(name="Jo Deputy", kind="council_officer"))
    window.boards.boards.refresh()
    window.boards.boards.table.selectRow(0)
    members = window.boards.members
    assert members is not None
    answers = answering(fill({"person_id": holder, "seat_title": "Director of Public Health",
                              "partner": "Somerset Council", "start_date": "2025-01-01", "substitutes": [deputy]}))
    members.add()
    assert answers.done, answers.left_open
    seat = record.find(Seat, board_id=board)[0]
    assert record.named_substitutes(seat.id or "") == [deputy]
    assert seat.voting is True

    members.table.selectRow(0)
    answers = answering(fill({"substitutes": [], "partner": "Somerset County Council"}))
    members.edit_current()
    assert answers.done, answers.left_open
    assert record.named_substitutes(seat.id or "") == []
    assert record.get(Seat, seat.id or "").partner == "Somerset County Council"
    assert record.find(Membership)[0].person_id == holder


def test_amendment_action_and_public_question_from_the_meeting(window: MainWindow, qtbot: QtBot) -> None:
    record = window.record
    board = _board(record)
    first = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    later = record.save(Meeting(board_id=board, starts_at="2026-02-10T10:00", status="held"))
    item = record.add_item(AgendaItem(meeting_id=first, title="Better Care Fund", minute_text="Tha board noted."))
    owner = record.save(Person(name="Kim Officer", kind="council_officer"))
    record.approve_minutes(first, later)
    go_to(window, 1)
    window.meetings.open(first)
    editor = window.meetings.editor
    assert editor.amend_button.isEnabled()

    answers = answering(fill({"field": "minute_text", "after": "The board noted.", "reason": "Spelling"}))
    click(qtbot, editor.amend_button)
    assert answers.done, answers.left_open
    assert record.get(AgendaItem, item).minute_text == "The board noted."
    assert record.find(Amendment, item_id=item)[0].before == "Tha board noted."
    assert "Spelling" in editor.amendments_label.text()

    answers = answering(fill({"description": "Report back on winter pressures", "owner_id": owner,
                              "due": "2026-03-01"}))
    click(qtbot, button(editor, "Add action"))
    assert answers.done, answers.left_open
    action = record.find(Action)[0]
    assert action.item_id == item and action.owner_id == owner

    questions = editor.questions
    assert questions is not None
    answers = answering(fill({"asked_by": "A resident of Taunton", "question": "When will the clinic reopen?",
                              "answered_on": "2026-01-10", "answered_how": "At the meeting"}))
    questions.add()
    assert answers.done, answers.left_open
    assert record.find(PublicQuestion, meeting_id=first)[0].asked_by == "A resident of Taunton"
    assert questions.model.total == 1


def test_a_sign_off_keeps_the_fingerprint_of_the_signed_file(window: MainWindow, tmp_path: Path) -> None:
    import hashlib

    record = window.record
    board = _board(record)
    meeting = record.save(Meeting(board_id=board, starts_at="2026-03-12T14:00", status="held"))
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(b"%PDF-1.4 the footprint's plan, version 1.2")
    answers = answering(fill({"meeting_id": meeting, "document_title": "Joint Forward Plan", "version": "1.2",
                              "decision": "approved", "document": str(plan)}))
    window.signoffs.add()
    assert answers.done, answers.left_open
    signoff = record.find(SignOff)[0]
    assert signoff.sha256 == hashlib.sha256(plan.read_bytes()).hexdigest()
    assert window.signoffs.model.total == 1


def test_undo_and_redo_from_the_edit_menu(window: MainWindow) -> None:
    footprints = window.boards.footprints
    answers = answering(fill({"name": "Cheshire and Merseyside"}))
    footprints.add()
    assert answers.done and footprints.model.total == 1
    stack = window.undo_stack
    assert stack.undoText() == "Add footprint"
    undo = next(a for a in window.findChildren(QAction) if a.text().startswith("&Undo"))
    assert "Add footprint" in undo.text()

    undo.trigger()
    assert window.record.find(Footprint) == [] and footprints.model.total == 0
    stack.redo()
    assert [f.name for f in window.record.find(Footprint)] == ["Cheshire and Merseyside"]
    assert footprints.model.total == 1
    assert window.record.store.integrity_problems() == []


def test_healthwatch_can_be_recorded_as_taking_part_in_an_engagement(window: MainWindow, qtbot: QtBot) -> None:
    """E3 counts Healthwatch "at a meeting, or in an engagement" (the guide, section 7; `expectations._e3`): the
    engagement's "Who took part" offers Healthwatch's people beside the politicians and officers, not them alone."""
    from stp_desk.domain.entities import Engagement, Footprint, Person

    record = window.record
    record.save(Footprint(name="Somerset"))
    healthwatch = record.save(Person(name="Jean Openshaw", kind="healthwatch", organisation="Healthwatch Somerset"))
    record.save(Person(name="Cllr Ann Chair", kind="elected_member"))
    record.save(Person(name="Dr Sam Nhs", kind="nhs"))
    go_to(window, 6)
    offered: list[str] = []

    def tick_healthwatch(dialog: object) -> None:
        group = dialog.group  # type: ignore[attr-defined]
        group.inputs["forum"].set_value("Healthwatch board")
        group.inputs["held_on"].set_value("2026-02-03")
        group.inputs["topics"].set_value("The plan's priorities for patients")
        people = group.inputs["people"].widget
        offered.extend(people.item(i).text() for i in range(people.count()))
        for i in range(people.count()):
            if people.item(i).text() == "Jean Openshaw":
                people.item(i).setCheckState(Qt.CheckState.Checked)
        dialog.accept()  # type: ignore[attr-defined]

    answers = answering(tick_healthwatch)
    click(qtbot, button(window.evidence.currentWidget(), "Add"))
    assert answers.done, answers.left_open
    assert "Jean Openshaw" in offered and "Cllr Ann Chair" in offered and "Dr Sam Nhs" not in offered
    (engagement,) = record.find(Engagement)
    assert record.engagement_people(engagement.id or "") == [healthwatch]


def _two_committees_and_the_referrals_page(window: MainWindow) -> None:
    footprint = window.record.save(Footprint(name="Somerset"))
    for name in ("Somerset Health Scrutiny", "Bath Health Scrutiny"):
        window.record.save(Board(name=name, kind="hosc", footprint_id=footprint))
    go_to(window, 4)


def test_a_required_choice_starts_with_nothing_chosen_and_no_blank_among_its_choices(
        window: MainWindow, qtbot: QtBot) -> None:
    """A new referral's committee must be chosen: the box offers the committees alone (a blank line used to sit at
    the end of the list, and was what the box showed), says "Choose…" until one is chosen, and Save waits for it."""
    record = window.record
    _two_committees_and_the_referrals_page(window)
    seen: dict[str, object] = {}

    def choose_by_keyboard(dialog: object) -> None:
        group = dialog.group  # type: ignore[attr-defined]
        box = group.inputs["committee_id"].widget
        seen["choices"] = [box.itemText(i) for i in range(box.count())]
        seen["shown"] = (box.currentIndex(), box.placeholderText())
        group.inputs["subject"].set_value("Closure of the minor injuries unit")
        group.inputs["referred_on"].set_value("2026-02-03")
        seen["save before"] = dialog.save_button.isEnabled()  # type: ignore[attr-defined]
        box.setFocus()
        QTest.keyClick(box, Qt.Key.Key_Down)
        seen["chosen"] = box.currentText()
        seen["save after"] = dialog.save_button.isEnabled()  # type: ignore[attr-defined]
        dialog.accept()  # type: ignore[attr-defined]

    answers = answering(choose_by_keyboard)
    click(qtbot, button(window.referrals, "Add"))
    assert answers.done, answers.left_open
    assert seen["choices"] == ["Bath Health Scrutiny", "Somerset Health Scrutiny"]
    assert seen["shown"] == (-1, "Choose…")
    assert seen["save before"] is False and seen["save after"] is True
    (referral,) = record.find(Referral)
    assert record.get(Board, referral.committee_id).name == seen["chosen"]


@pytest.mark.parametrize("key", [Qt.Key.Key_Up, Qt.Key.Key_PageUp, Qt.Key.Key_Down, Qt.Key.Key_PageDown])
def test_any_arrow_key_on_a_required_choice_with_nothing_chosen_chooses_the_first(
        window: MainWindow, qtbot: QtBot, key: Qt.Key) -> None:
    """A box that says "Choose…" has nothing before it: Down chose the first committee and Up did nothing, so a
    clerk using the keyboard who reached for Up was left with nothing chosen and no sign why. Every arrow key now
    starts at the first choice, as a Windows list box does."""
    _two_committees_and_the_referrals_page(window)
    seen: dict[str, object] = {}

    def press_key(dialog: object) -> None:
        box = dialog.group.inputs["committee_id"].widget  # type: ignore[attr-defined]
        box.setFocus()
        QTest.keyClick(box, key)
        seen["chosen"] = box.currentText()
        QTest.keyClick(box, Qt.Key.Key_Down)  # and on from there, as before
        seen["next"] = box.currentText()
        QDialog.reject(dialog)  # type: ignore[arg-type]  # closed without its question about the choice made

    answers = answering(press_key)
    click(qtbot, button(window.referrals, "Add"))
    assert answers.done, answers.left_open
    assert seen["chosen"] == "Bath Health Scrutiny"
    assert seen["next"] == "Somerset Health Scrutiny"


def test_a_referrals_committee_no_longer_offered_is_shown_by_its_name(window: MainWindow, qtbot: QtBot) -> None:
    """The Committee box offers health scrutiny committees; a referral to a board since made another kind kept its
    committee, and its form showed the board's id. It names the board (whose kind the clerk may then put right)."""
    from dataclasses import replace
    from datetime import date

    from stp_desk.domain.entities import statutory_basis

    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    committee = record.save(Board(name="Somerset Health Scrutiny", kind="hosc", footprint_id=footprint))
    record.save(Referral(committee_id=committee, subject="Closure of the unit", referred_on="2026-02-03",
                         statutory_basis=statutory_basis(date(2026, 2, 3))))
    record.save(replace(record.get(Board, committee), kind="hwb"))
    go_to(window, 4)
    window.referrals.refresh()
    window.referrals.table.selectRow(0)
    seen: dict[str, object] = {}

    def look(dialog: object) -> None:
        box = dialog.group.inputs["committee_id"].widget  # type: ignore[attr-defined]
        seen["shown"], seen["value"] = box.currentText(), box.currentData()
        dialog.reject()  # type: ignore[attr-defined]

    answers = answering(look)
    click(qtbot, window.referrals.edit_button)
    assert answers.done, answers.left_open
    assert seen == {"shown": "Somerset Health Scrutiny", "value": committee}


def test_figures_stand_right_aligned_so_their_digits_line_up(window: MainWindow) -> None:
    """£3,600,000 above £121,000,000 lined up by their first digit, not their last: amounts and counts (the
    financial gap's amounts, a board's quorum and seats, a meeting's items) stand at the right of their column, as a
    clerk's spreadsheet sets them; words stay at the left."""
    from stp_desk.domain.entities import FinancialGap, Footprint

    record = window.record
    footprint = record.save(Footprint(name="Cheshire and Merseyside"))
    record.save(FinancialGap(footprint_id=footprint, period="2024/25", component="nhs", amount=3_600_000,
                             source="ICB operating plan"))
    record.save(FinancialGap(footprint_id=footprint, period="2025/26", component="nhs", amount=121_000_000,
                             source="ICB operating plan"))
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window.evidence, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # Financial ga&p
    gaps = window.evidence.currentWidget()
    model = gaps.model
    headers = [c.header for c in model.columns]
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

    def aligned(column: str) -> object:
        return model.data(model.index(0, headers.index(column)), Qt.ItemDataRole.TextAlignmentRole)

    assert aligned("Amount") == right
    assert aligned("Source") is None  # the view's own: at the left
    assert {c.header for c in window.boards.boards.model.columns if c.figures} == {"Quorum", "Seats"}


def test_a_value_that_follows_from_others_says_so_until_it_is_known(window: MainWindow, qtbot: QtBot) -> None:
    """A new referral's Statutory basis follows from its date: until a date is typed the form showed an empty
    white strip that could not be typed in. It says what it waits for (its hint), then shows the basis."""
    from PySide6.QtWidgets import QLineEdit

    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    record.save(Board(name="Somerset Health Scrutiny", kind="hosc", footprint_id=footprint))
    go_to(window, 4)
    seen: dict[str, object] = {}

    def look(dialog: object) -> None:
        group = dialog.group  # type: ignore[attr-defined]
        basis = group.inputs["statutory_basis"].widget
        assert isinstance(basis, QLineEdit)
        seen["empty"], seen["waiting"] = basis.text(), basis.placeholderText()
        seen["typed"] = basis.isReadOnly()
        group.inputs["referred_on"].widget.setText("03/02/2026")
        seen["known"] = basis.text()
        QDialog.reject(dialog)  # type: ignore[arg-type]

    answers = answering(look)
    click(qtbot, window.referrals.add_button)
    assert answers.done, answers.left_open
    assert seen["empty"] == "" and seen["typed"] is True
    assert str(seen["waiting"]).startswith("Follows from the date")
    assert "Schedule 10A" in str(seen["known"]) or "10A" in str(seen["known"]), seen["known"]


def test_a_tick_list_shows_its_choices_whole_and_a_good_few_at_once(window: MainWindow, qtbot: QtBot) -> None:
    """A publication's Sets out choices are long ("… across the footprint"): they were cut behind a sideways scroll
    bar. An engagement's Who took part showed four people of the record's many in a small box. Choices wrap to the
    box's width, and a tick-list shows up to eight at once before it scrolls."""
    from PySide6.QtWidgets import QListWidget

    from stp_desk.domain.entities import Person

    record = window.record
    record.save(Footprint(name="Somerset"))
    for number in range(12):
        record.save(Person(name=f"Cllr Member {number:02d}", kind="elected_member"))
    go_to(window, 6)
    evidence = window.evidence
    seen: dict[str, object] = {}

    def look_at(field: str) -> object:
        def look(dialog: object) -> None:
            box = dialog.group.inputs[field].widget  # type: ignore[attr-defined]
            assert isinstance(box, QListWidget)
            QApplication.processEvents()
            width = box.viewport().width()
            seen[field] = (box.horizontalScrollBar().isVisible(),
                           all(box.visualItemRect(box.item(i)).width() <= width for i in range(box.count()))
                           and (box.count() > 8 or all(box.viewport().rect().contains(box.visualItemRect(box.item(i)))
                                                       for i in range(box.count()))),
                           sum(box.visualItemRect(box.item(i)).intersects(box.viewport().rect())
                               for i in range(box.count())), box.count())
            QDialog.reject(dialog)  # type: ignore[arg-type]
        return look

    for tab, field in ((1, "contents"), (0, "people")):
        evidence.setCurrentIndex(tab)
        answers = answering(look_at(field))
        click(qtbot, evidence.currentWidget().add_button)
        assert answers.done, answers.left_open
    scrolled, whole, _shown, _count = seen["contents"]  # type: ignore[misc]
    assert not scrolled and whole, seen
    _scrolled, _whole, shown, count = seen["people"]  # type: ignore[misc]
    assert count >= 12 and shown >= 8, seen
