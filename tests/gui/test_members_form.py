"""The member form, driven by clicks and keys: a new person made from it, and no member her own substitute."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QListWidget, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from stp_desk.domain.entities import Board, Footprint, Membership, Person
from stp_desk.ui.main_window import MainWindow
from stp_desk.ui.pages import ListPage
from tests.gui.conftest import answering
from tests.gui.driving import answer_next_over, click, go_to


def _members(window: MainWindow, qtbot: QtBot) -> ListPage:
    record = window.record
    record.save(Board(footprint_id=record.save(Footprint(name="Somerset")), name="Somerset HWB"))
    go_to(window, 2)
    window.boards.boards.refresh()
    table = window.boards.boards.table
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(table.model().index(0, 0)).center())
    members = window.boards.members
    assert members is not None
    qtbot.waitUntil(members.add_button.isVisible)
    return members


def test_a_new_person_is_made_from_the_member_form(window: MainWindow, qtbot: QtBot) -> None:
    """Fault 6: Add member can create the person; no person chosen is said beside Person, not as "Title"."""
    members = _members(window, qtbot)
    seen: dict[str, object] = {}

    def add_member(dialog: QWidget) -> None:
        assert isinstance(dialog, QDialog)
        group = dialog.group  # type: ignore[attr-defined]
        click(qtbot, dialog.save_button)  # type: ignore[attr-defined]
        seen["no person"] = group.messages["person_id"].text()

        def new_person(inner: QWidget) -> None:
            name = inner.group.inputs["name"].widget  # type: ignore[attr-defined]
            name.setFocus()
            qtbot.keyClicks(name, "Cllr Sian Llewelyn")
            click(qtbot, inner.save_button)  # type: ignore[attr-defined]

        answer_next_over(dialog, new_person)
        new = next(b for b in dialog.findChildren(QPushButton) if b.accessibleName() == "New person")
        click(qtbot, new)
        substitutes = group.inputs["substitutes"].widget
        assert isinstance(substitutes, QListWidget)
        seen["offered"] = [substitutes.item(i).text() for i in range(substitutes.count())
                           if not substitutes.item(i).isHidden()]
        for name, text in (("seat_title", "Leader"), ("partner", "Somerset Council")):
            group.inputs[name].widget.setFocus()
            qtbot.keyClicks(group.inputs[name].widget, text)
        click(qtbot, dialog.save_button)  # type: ignore[attr-defined]

    answers = answering(add_member)
    click(qtbot, members.add_button)
    assert answers.done, answers.left_open
    assert str(seen["no person"]) in ("Person is required.", "Choose the member, or add someone new with New….")
    assert seen["offered"] == []  # the only person is the member herself
    [person] = window.record.find(Person)
    assert person.name == "Cllr Sian Llewelyn"
    assert [m.person_id for m in window.record.find(Membership)] == [person.id]


def test_an_end_before_the_start_is_said_as_it_is_typed_not_on_save(window: MainWindow, qtbot: QtBot) -> None:
    """The form checks what is typed as it is typed. A membership's seat is made on saving, so its `seat_id` is
    empty in the form, and the check stopped there: an Until before From was said only once
    Save was pressed. Now it is said beside Until as it is typed, and Save waits."""
    record = window.record
    person = record.save(Person(name="Cllr Ann Chair", kind="elected_member"))
    members = _members(window, qtbot)
    seen: dict[str, object] = {}

    def type_dates(dialog: QWidget) -> None:
        group = dialog.group  # type: ignore[attr-defined]
        group.inputs["person_id"].set_value(person)
        for name, text in (("seat_title", "Leader"), ("partner", "Somerset Council")):
            group.inputs[name].widget.setFocus()
            qtbot.keyClicks(group.inputs[name].widget, text)
        for name, text in (("start_date", "01/04/2025"), ("end_date", "31/03/2025")):
            field = group.inputs[name].widget
            field.setFocus()
            field.selectAll()
            qtbot.keyClicks(field, text)
        seen["backwards"] = (group.messages["end_date"].text(), dialog.save_button.isEnabled())  # type: ignore[attr-defined]
        field = group.inputs["end_date"].widget
        field.selectAll()
        qtbot.keyClicks(field, "31/03/2026")
        seen["fixed"] = (group.messages["end_date"].isVisible(), dialog.save_button.isEnabled())  # type: ignore[attr-defined]
        click(qtbot, dialog.save_button)  # type: ignore[attr-defined]

    answers = answering(type_dates)
    click(qtbot, members.add_button)
    assert answers.done, answers.left_open
    assert seen["backwards"] == ("A membership cannot end before it starts.", False)
    assert seen["fixed"] == (False, True)
    (membership,) = record.find(Membership)
    assert (membership.start_date, membership.end_date) == ("2025-04-01", "2026-03-31")
