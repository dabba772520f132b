"""The statutory year in the window: a late agenda warned of in the meeting editor, the chair's urgency reasons."""

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from stp_desk.domain.duties import STANDARD_DUTIES
from stp_desk.domain.entities import (
    AgendaItem,
    Board,
    Duty,
    DutyDischarge,
    Footprint,
    ForwardPlanItem,
    Meeting,
    Publication,
)
from stp_desk.ui.access_notice import registered_interests
from stp_desk.ui.main_window import MainWindow
from tests.gui.conftest import answering, fill, press
from tests.gui.driving import answer_next_over, go_to


def _read_add_form(window: MainWindow, tab: str, read: Callable[[Any], None]) -> None:
    """Open the Add form of the Statutory year's `tab` ("forward_plan", "interests") with its button, let `read`
    look at it, and close it unsaved."""
    go_to(window, 7)
    page = window.statutory
    lists = getattr(page, tab)
    page.setCurrentWidget(lists)

    def answer(dialog: Any) -> None:
        read(dialog)
        QDialog.reject(dialog)

    answers = answering(answer)
    QTest.mouseClick(lists.add_button, Qt.MouseButton.LeftButton)
    assert answers.done, answers.left_open


def _button(widget: object, text: str) -> QPushButton:
    (button,) = [b for b in widget.findChildren(QPushButton) if b.text() == text]  # type: ignore[attr-defined]
    return button


def test_the_meeting_editor_warns_of_a_late_agenda_typed_in(window: MainWindow) -> None:
    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    meeting = record.save(Meeting(board_id=board, starts_at="2024-04-04T10:00", status="held"))
    record.add_item(AgendaItem(meeting_id=meeting, title="Pharmaceutical needs assessment"))
    go_to(window, 1)
    window.meetings.open(meeting)
    editor = window.meetings.editor
    assert "stp-desk never deletes them" in editor.access_notice.text()
    assert "after" not in editor.access_notice.text()

    published = editor.details.inputs["agenda_published_on"].widget
    assert isinstance(published, QLineEdit)
    published.setFocus()
    QTest.keyClicks(published, "2024-03-26")
    QTest.mouseClick(_button(editor, "&Save"), Qt.MouseButton.LeftButton)

    assert record.get(Meeting, meeting).agenda_published_on == "2024-03-26"
    notice = editor.access_notice.text()
    assert "published on 26 March 2024, after 25 March 2024" in notice
    assert "“Pharmaceutical needs assessment”, was added after the agenda was published" in notice

    reasons = editor.item_form.inputs["urgency_reasons"].widget
    reasons.setFocus()
    QTest.keyClicks(reasons, "The consultation closes on 5 April.")
    QTest.mouseClick(_button(editor, "&Save"), Qt.MouseButton.LeftButton)
    assert record.items(meeting)[0].urgency_reasons == "The consultation closes on 5 April."
    assert "was added after" not in editor.access_notice.text()


def _action(window: MainWindow, text: str) -> QAction:
    return next(a for a in window.findChildren(QAction) if a.text() == text)


def test_the_statutory_year_page_from_the_go_menu(window: MainWindow) -> None:
    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    publication = record.save(Publication(footprint_id=footprint, title="Pharmaceutical needs assessment 2025",
                                          published_on="2025-01-20"))
    _action(window, "Statutory year").trigger()
    page = window.statutory.duties
    assert window.stack.currentIndex() == 7 and page.isVisible()
    assert "No duties yet" in page.summary.text()

    answers = answering(fill({"board_id": board}))
    QTest.mouseClick(page.buttons["standard"], Qt.MouseButton.LeftButton)
    assert answers.done, answers.left_open
    assert len(record.find(Duty, board_id=board)) == len(STANDARD_DUTIES)
    assert page.table.rowCount() == len(STANDARD_DUTIES)

    titles = [page.table.item(r, 1).text() for r in range(page.table.rowCount())]
    row = titles.index("Pharmaceutical needs assessment")
    page.table.selectRow(row)
    answers = answering(fill({"discharged_on": "2025-01-20", "publication_id": publication}))
    QTest.mouseClick(page.buttons["discharge"], Qt.MouseButton.LeftButton)
    assert answers.done, answers.left_open
    (discharge,) = record.find(DutyDischarge)
    assert discharge.publication_id == publication
    titles = [page.table.item(r, 1).text() for r in range(page.table.rowCount())]
    row = titles.index("Pharmaceutical needs assessment")
    assert page.table.item(row, 3).text() == "20 January 2025"
    assert page.table.item(row, 4).text() == "20 January 2028"

    answers = answering(fill({"title": "Pharmacy access review", "cycle": "years", "every_years": 2,
                              "board_id": board}))
    QTest.mouseClick(page.buttons["add"], Qt.MouseButton.LeftButton)
    assert answers.done, answers.left_open
    assert record.find(Duty, title="Pharmacy access review")[0].origin == "council"
    assert page.current().title == "Pharmacy access review"  # the duty just added is the one chosen

    _action(window, "&Undo Add statutory duty").trigger()
    assert record.find(Duty, title="Pharmacy access review") == []
    assert page.table.rowCount() == len(STANDARD_DUTIES)


def test_the_overview_shows_duties_overdue_and_due_soon_and_opens_the_page(window: MainWindow) -> None:
    from datetime import date, timedelta

    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    today = date.today()
    record.save(Duty(board_id=board, title="Pharmaceutical needs assessment", cycle="years", every_years=3,
                     first_due=(today - timedelta(days=40)).isoformat()))
    record.save(Duty(board_id=board, title="BCF year-end return", cycle="years", every_years=1,
                     first_due=(today + timedelta(days=30)).isoformat()))
    record.save(Duty(board_id=board, title="Joint local health and wellbeing strategy", cycle="years",
                     every_years=5, first_due=(today + timedelta(days=400)).isoformat()))
    go_to(window, 0)
    window.overview.refresh()
    card = window.overview.statutory.list
    lines = [card.item(i).text() for i in range(card.count())]
    assert len(lines) == 2
    assert lines[0].startswith("Overdue since") and lines[0].endswith("Somerset HWB: Pharmaceutical needs assessment")
    assert lines[1].startswith("Due ") and "BCF year-end return" in lines[1]
    card.setFocus()
    card.setCurrentRow(0)
    QTest.keyClick(card, Qt.Key.Key_Return)
    assert window.stack.currentIndex() == 7


def test_a_meeting_is_offered_the_items_planned_for_it(window: MainWindow) -> None:
    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    meeting = record.save(Meeting(board_id=board, starts_at="2030-03-12T14:00"))
    record.save(ForwardPlanItem(board_id=board, title="Joint forward plan: the board's opinion",
                                lead_officer="ICB Director of Strategy", meeting_id=meeting))
    go_to(window, 1)
    window.meetings.open(meeting)
    offer = window.meetings.editor.access_notice.offer
    assert offer.isVisible() and offer.text() == "Add the 1 planned item to the agenda"
    QTest.mouseClick(offer, Qt.MouseButton.LeftButton)
    assert [i.title for i in record.items(meeting)] == ["Joint forward plan: the board's opinion"]
    assert window.meetings.editor.item_list.count() == 1
    assert not offer.isVisible()


def test_forward_plan_items_are_added_on_their_tab(window: MainWindow) -> None:
    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    go_to(window, 7)
    page = window.statutory
    page.setCurrentWidget(page.forward_plan)
    answers = answering(fill({"board_id": board, "title": "Better Care Fund plan 2030-31",
                              "lead_officer": "Director of Adult Social Services"}))
    QTest.mouseClick(page.forward_plan.add_button, Qt.MouseButton.LeftButton)
    assert answers.done, answers.left_open
    (plan,) = record.find(ForwardPlanItem)
    assert plan.meeting_id is None and plan.lead_officer == "Director of Adult Social Services"
    assert page.forward_plan.model.total == 1
    record.save(ForwardPlanItem(board_id=board, title="Sale of the clinic", exempt=True))
    window.refresh_all()
    shown = page.forward_plan.model
    rows = {shown.index(r, 0).data(): shown.index(r, 2).data() for r in range(shown.rowCount())}
    assert rows == {"Better Care Fund plan 2030-31": "Not yet placed",  # as the published plan lists it
                    "Sale of the clinic  (Part B)": "Not yet placed"}  # marked as the agenda list marks it


def test_a_declaration_points_to_a_registered_interest_and_a_sensitive_one_stays_unnamed(
        window: MainWindow) -> None:
    from stp_desk.domain.entities import Interest, Person, RegisteredInterest
    from stp_desk.domain.interests import WITHHELD

    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    chair = record.save(Person(name="Cllr Ann Chair", kind="elected_member"))
    secret = record.save(RegisteredInterest(person_id=chair, description="Shares in Quantock Security Ltd",
                                            registered_on="2024-05-20", sensitive=True))
    meeting = record.save(Meeting(board_id=board, starts_at="2030-03-12T14:00"))
    record.add_item(AgendaItem(meeting_id=meeting, title="Security contract"))
    go_to(window, 1)
    window.meetings.open(meeting)
    editor = window.meetings.editor
    editor.item_list.setCurrentRow(0)
    choices = dict(registered_interests(record))
    assert "Quantock" not in choices[secret] and "details withheld" in choices[secret]

    answers = answering(fill({"person_id": chair, "nature": "Shares in Quantock Security Ltd",
                              "registered_interest_id": secret}))
    QTest.mouseClick(_button(editor, "Decla&re an interest…"), Qt.MouseButton.LeftButton)
    assert answers.left_open == ["Declare an interest"]  # refused: the details of a sensitive interest
    assert record.find(Interest) == []
    answers = answering(fill({"person_id": chair, "nature": WITHHELD, "registered_interest_id": secret,
                              "withdrew": True}))
    QTest.mouseClick(_button(editor, "Decla&re an interest…"), Qt.MouseButton.LeftButton)
    assert answers.done, answers.left_open
    (declaration,) = record.find(Interest)
    assert declaration.registered_interest_id == secret and declaration.withdrew


@pytest.mark.parametrize(("cycle", "every_years", "month", "shown"), [
    ("years", 1, None, "Every year"),  # not "Every 1 year"
    ("years", 3, None, "Every 3 years"),
    ("yearly", None, 5, "Each year, by the end of May"),  # due by the end of its month (domain.duties.next_due)
    ("yearly", None, None, "Each year, by the end of December"),  # as next_due counts a duty without a month
    ("quarterly", None, 3, "Each quarter"),
])
def test_the_duties_list_says_how_often_each_falls_due_in_words(cycle: str, every_years: int | None,
                                                                month: int | None, shown: str) -> None:
    from stp_desk.domain.entities import Duty
    from stp_desk.ui.duties_page import cycle_text

    assert cycle_text(Duty(board_id="b", title="A duty", cycle=cycle, every_years=every_years, month=month)) == shown


def test_a_duty_switched_off_can_be_found_and_switched_on_again(window: MainWindow, qtbot: QtBot) -> None:
    """Unticking Active switches a duty off (the guide's way to stop tracking one): it leaves the list and the
    figures, and "Show switched-off duties" lists it again, marked, so it can be changed back."""
    record = window.record
    board = record.save(Board(footprint_id=record.save(Footprint(name="Somerset")), name="Somerset HWB"))
    duty = record.save(Duty(board_id=board, title="Pharmacy access review", cycle="years", every_years=2))
    record.save(Duty(board_id=board, title="Better Care Fund plan", cycle="yearly", month=3))
    go_to(window, 7)
    page = window.statutory.duties
    page.select_id(duty)
    answers = answering(fill({"active": False}))
    QTest.mouseClick(page.buttons["edit"], Qt.MouseButton.LeftButton)
    assert answers.done, answers.left_open
    assert [page.table.item(r, 1).text() for r in range(page.table.rowCount())] == ["Better Care Fund plan"]
    shown = page.show_switched_off
    qtbot.mouseClick(shown, Qt.MouseButton.LeftButton, pos=shown.rect().center())
    rows = {page.table.item(r, 1).text(): page.table.item(r, 5).text() for r in range(page.table.rowCount())}
    assert rows["Pharmacy access review"] == "Switched off" and len(rows) == 2
    assert "0 overdue" in page.summary.text()  # a duty switched off is not counted as due
    assert page.select_id(duty)
    answers = answering(fill({"active": True}))
    QTest.mouseClick(page.buttons["edit"], Qt.MouseButton.LeftButton)
    assert answers.done, answers.left_open
    assert record.get(Duty, duty).active
    qtbot.mouseClick(shown, Qt.MouseButton.LeftButton, pos=shown.rect().center())
    assert sorted(page.table.item(r, 1).text() for r in range(page.table.rowCount())) == [
        "Better Care Fund plan", "Pharmacy access review"]
    for each in record.find(Duty):  # every duty switched off: the page says where they are, not "No duties yet"
        each.active = False
        record.save(each)
    page.refresh()
    assert "Show switched-off duties" in page.summary.text() and page.table.rowCount() == 0
    assert page.select_id(duty) and page.show_switched_off.isChecked()  # a search hit on one lists them


def test_an_item_planned_for_a_meeting_now_past_shows_that_meeting_not_its_id(window: MainWindow) -> None:
    """The Planned for box offers the meetings still to come; an item placed at one that has since passed kept its
    meeting but the box showed the meeting's id. It names the meeting, as the list does, and saving keeps it."""
    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    past = record.save(Meeting(board_id=board, starts_at="2020-03-12T14:00", status="held"))
    record.save(ForwardPlanItem(board_id=board, title="Joint forward plan", meeting_id=past))
    go_to(window, 7)
    page = window.statutory
    page.setCurrentWidget(page.forward_plan)
    page.forward_plan.refresh()
    page.forward_plan.table.selectRow(0)
    seen: dict[str, object] = {}

    def look(dialog: object) -> None:
        box = dialog.group.inputs["meeting_id"].widget  # type: ignore[attr-defined]
        seen["shown"] = box.currentText()
        seen["value"] = box.currentData()
        dialog.accept()  # type: ignore[attr-defined]

    answers = answering(look)
    QTest.mouseClick(page.forward_plan.edit_button, Qt.MouseButton.LeftButton)
    assert answers.done, answers.left_open
    assert seen["value"] == past
    assert seen["shown"] == "Somerset HWB, 12 March 2020, 14:00", seen["shown"]
    assert record.find(ForwardPlanItem)[0].meeting_id == past


@pytest.mark.parametrize("boards", [1, 2])
def test_a_new_forward_plan_item_starts_on_the_only_board_and_otherwise_asks(window: MainWindow, boards: int) -> None:
    """A new item started on the first board in the record: right for a clerk with one board, and with several an
    item saved unlooked-at went on the wrong board's plan. The only board is chosen for the clerk; among several
    the Board box says "Choose…" until one is chosen."""
    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    made = [record.save(Board(footprint_id=footprint, name=name)) for name in ("Somerset HWB", "Bath HWB")[:boards]]
    seen: dict[str, object] = {}

    def look(dialog: Any) -> None:
        box = dialog.group.inputs["board_id"].widget
        seen["shown"] = (box.currentData(), box.currentText() or box.placeholderText())

    _read_add_form(window, "forward_plan", look)
    assert seen["shown"] == ((made[0], "Somerset HWB") if boards == 1 else (None, "Choose…"))


def test_the_planned_for_box_offers_the_meetings_to_come_read_in_one_statement(window: MainWindow) -> None:
    """The meetings still to come, newest first as every meeting box lists them: it read the last 2,000 meetings
    and then looked each one up again, one statement a meeting, to see whether it was still to come."""
    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    record.save(Meeting(board_id=board, starts_at="2020-03-12T14:00", status="held"))
    soon = record.save(Meeting(board_id=board, starts_at="2099-01-05T10:00"))
    later = record.save(Meeting(board_id=board, starts_at="2099-02-02T10:00"))
    go_to(window, 7)
    page = window.statutory
    page.setCurrentWidget(page.forward_plan)
    seen: dict[str, object] = {}
    statements: list[str] = []

    def look(dialog: object) -> None:
        box = dialog.group.inputs["meeting_id"].widget  # type: ignore[attr-defined]
        seen["offered"] = [box.itemData(i) for i in range(box.count())]
        dialog.reject()  # type: ignore[attr-defined]

    answers = answering(look)
    record.store.conn.set_trace_callback(statements.append)
    try:
        QTest.mouseClick(page.forward_plan.add_button, Qt.MouseButton.LeftButton)
    finally:
        record.store.conn.set_trace_callback(None)
    assert answers.done, answers.left_open
    assert seen["offered"] == [None, later, soon]
    assert [s for s in statements if "FROM [meetings] WHERE id" in s] == []


@pytest.mark.parametrize("tab", ["interests", "dispensations"])
def test_an_interest_or_dispensation_is_recorded_against_a_member_chosen_not_assumed(window: MainWindow,
                                                                                     tab: str) -> None:
    """The register (Localism Act 2011 s.29) and the dispensations (s.33) are each a member's: a new entry started
    on the first person in the record, so a clerk who did not look saved it against the wrong member. The Member box
    says "Choose…" until one is chosen, and Save waits for it."""
    from stp_desk.domain.entities import Person

    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    for name in ("Cllr Ann Able", "Cllr Bea Baker"):
        record.save(Person(name=name, kind="elected_member"))
    go_to(window, 7)
    page = window.statutory
    lists = getattr(page, tab)
    page.setCurrentWidget(lists)
    seen: dict[str, object] = {}

    def look(dialog: object) -> None:
        group = dialog.group  # type: ignore[attr-defined]
        box = group.inputs["person_id"].widget
        seen["shown"] = (box.currentIndex(), box.placeholderText())
        text = group.inputs["description" if tab == "interests" else "subject"].widget
        text.setFocus()
        QTest.keyClicks(text, "Director of a care company")
        seen["save"] = dialog.save_button.isEnabled()  # type: ignore[attr-defined]
        answer_next_over(dialog, press(QMessageBox.StandardButton.Discard))  # it asks first: typing would be lost
        dialog.reject()  # type: ignore[attr-defined]

    answers = answering(look)
    QTest.mouseClick(lists.add_button, Qt.MouseButton.LeftButton)
    assert answers.done, answers.left_open
    assert seen == {"shown": (-1, "Choose…"), "save": False}


def test_the_duty_buttons_act_on_the_chosen_duty_and_grey_out_where_they_cannot(window: MainWindow,
                                                                                qtbot: QtBot) -> None:
    """As on every list page a row is always current, so Change duty… and Record discharge… open a form straight
    away (they did nothing until the clerk had clicked a row), the same duty stays chosen when the list is shown
    afresh, and a switched-off duty, which is not tracked, cannot have a discharge recorded: the button greys and
    says why."""
    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    plan = record.save(Publication(footprint_id=footprint, title="Better Care Fund plan 2025–26",
                                   published_on="2025-03-20"))
    record.save(Duty(board_id=board, title="Better Care Fund plan", cycle="yearly", month=3))
    off = record.save(Duty(board_id=board, title="Pharmacy access review", cycle="years", every_years=2,
                           active=False))
    go_to(window, 7)
    page = window.statutory.duties
    assert page.current() is not None and page.current().title == "Better Care Fund plan"
    answers = answering(fill({"discharged_on": "2025-03-20", "publication_id": plan}))
    QTest.mouseClick(page.buttons["discharge"], Qt.MouseButton.LeftButton)
    assert answers.done, answers.left_open
    (discharge,) = record.find(DutyDischarge)
    assert record.get(Duty, discharge.duty_id).title == "Better Care Fund plan"

    shown = page.show_switched_off
    qtbot.mouseClick(shown, Qt.MouseButton.LeftButton, pos=shown.rect().center())
    assert page.current() is not None and page.current().title == "Better Care Fund plan"  # still the one chosen
    assert page.select_id(off)
    assert not page.buttons["discharge"].isEnabled()
    assert "switched off" in page.buttons["discharge"].toolTip()
    assert page.buttons["edit"].isEnabled()  # to switch it back on
    QTest.keyClick(page.table, Qt.Key.Key_Up)
    assert page.current().title == "Better Care Fund plan" and page.buttons["discharge"].isEnabled()
    assert page.buttons["discharge"].toolTip() == ""


def _shown_titles(page: object) -> list[str]:
    table, model = page.table, page.model  # type: ignore[attr-defined]
    return sorted(model.data(model.index(r, 0)) for r in range(model.rowCount()) if not table.isRowHidden(r))


def test_the_forward_plan_filter_finds_the_words_the_list_shows_not_only_those_it_keeps(window: MainWindow) -> None:
    """A list shows some words the record does not keep: "Not yet placed" for an item with no meeting, "(Part B)"
    after an item expected to be exempt, "Yes" and "No" for a yes/no column. Typed into the filter, they found
    nothing; they now find the rows that show them, as any other words in the list do."""
    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    meeting = record.save(Meeting(board_id=board, starts_at="2030-03-12T14:00", status="scheduled"))
    item = record.save(AgendaItem(meeting_id=meeting, position=1, title="Better Care Fund plan", kind="decision"))
    record.save(ForwardPlanItem(board_id=board, title="Better Care Fund plan", meeting_id=meeting, item_id=item))
    record.save(ForwardPlanItem(board_id=board, title="Joint forward plan refresh"))
    record.save(ForwardPlanItem(board_id=board, title="Care home contract award", meeting_id=meeting, exempt=True))
    go_to(window, 7)
    page = window.statutory
    page.setCurrentWidget(page.forward_plan)
    plan = page.forward_plan
    plan.refresh()

    def typed(text: str) -> list[str]:
        plan.filter.selectAll()
        QTest.keyClicks(plan.filter, text)
        return _shown_titles(plan)

    assert typed("not yet placed") == ["Joint forward plan refresh"]
    assert plan.count.text() == "1 shown"
    assert typed("Part B") == ["Care home contract award  (Part B)"]
    assert typed("yes") == ["Better Care Fund plan"]
    assert typed("refresh") == ["Joint forward plan refresh"]  # the words it keeps, as before
    assert typed("12 March 2030") == ["Better Care Fund plan", "Care home contract award  (Part B)"]
    assert plan.count.text() == "2 shown"


def test_the_registered_interest_form_starts_its_fields_where_the_other_forms_do(window: MainWindow,
                                                                                qtbot: QtBot) -> None:
    """The Sensitive box's label named the Act and section in full, so the form's labels took about 380 pixels and
    every field started far to the right of where the other forms start theirs. Its label is short; the law is in
    its tooltip."""
    from PySide6.QtWidgets import QFormLayout

    seen: dict[str, int] = {}

    def look(dialog: Any) -> None:
        layout = dialog.group.findChild(QFormLayout) or dialog.group.layout()
        labels = [layout.itemAt(row, QFormLayout.ItemRole.LabelRole).widget() for row in range(layout.rowCount())]
        seen["widest"] = max(label.sizeHint().width() for label in labels if label is not None)
        seen["tip"] = "Localism Act 2011 s.32" in dialog.group.inputs["sensitive"].widget.toolTip()

    _read_add_form(window, "interests", look)
    assert seen["widest"] <= 250 and seen["tip"], seen


def test_a_fields_advice_is_on_screen_while_the_field_is_empty(window: MainWindow, qtbot: QtBot) -> None:
    """Advice such as "Never a home address" was only a tooltip, which a clerk typing into the box never sees. A
    box of words shows its advice in grey while it is empty, as date boxes show how to type a date; the tooltip
    keeps it once the box is filled."""
    from PySide6.QtWidgets import QPlainTextEdit

    seen: dict[str, str] = {}

    def look(dialog: Any) -> None:
        box = dialog.group.inputs["description"].widget
        assert isinstance(box, QPlainTextEdit)
        seen["description"] = box.placeholderText()

    _read_add_form(window, "interests", look)
    assert seen["description"].startswith("Never a home address"), seen

    record = window.record
    board = record.save(Board(footprint_id=record.save(Footprint(name="Somerset")), name="Somerset HWB"))
    meeting = record.save(Meeting(board_id=board, starts_at="2025-10-08T14:00", status="held"))
    go_to(window, 1)
    window.meetings.open(meeting)
    ended = window.meetings.editor.details.inputs["ended_at"].widget
    assert isinstance(ended, QLineEdit) and ended.text() == ""
    assert "HH:MM" in ended.placeholderText()
