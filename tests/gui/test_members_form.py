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
    assert "Choose the member" in str(seen["no person"])
    assert seen["offered"] == []  # the only person is the member herself
    [person] = window.record.find(Person)
    assert person.name == "Cllr Sian Llewelyn"
    assert [m.person_id for m in window.record.find(Membership)] == [person.id]
