"""Search from the window finds every kind of entry, and choosing a hit opens its page with it chosen.

Driven by keys: Ctrl+F, the words typed, Return; in the results, Return on the first hit.
"""

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from stp_desk.ui.main_window import MainWindow
from stp_desk.ui.search import SearchDialog
from tests.unit.test_search_everything import _fill


def _search_and_open_first(window: MainWindow, words: str) -> list[str]:
    """Search for `words` and press Return on the first hit; the hits' lines as the dialog showed them."""
    shown: list[str] = []

    def choose(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, SearchDialog):
            shown.extend(dialog.list.item(i).text() for i in range(dialog.list.count()))
            QTest.keyClick(dialog.list, Qt.Key.Key_Return)
            if dialog.isVisible():  # nothing to open: close it so the test fails rather than hangs
                dialog.reject()
        elif tries < 250:
            QTimer.singleShot(20, lambda: choose(tries + 1))

    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(window.search_box, words)
    QTimer.singleShot(0, choose)
    QTest.keyClick(window.search_box, Qt.Key.Key_Return)
    return shown


Opened = Callable[[MainWindow, dict[str, str]], str | None]


def _person(window: MainWindow, ids: dict[str, str]) -> str | None:
    assert window.boards.currentWidget().isAncestorOf(window.boards.people)
    return window.boards.people.current_id()


def _seat(window: MainWindow, ids: dict[str, str]) -> str | None:
    assert window.boards.currentIndex() == 0 and window.boards.boards.current_id() == ids["board"]
    members = window.boards.members
    assert members is not None and members.current_id() is not None
    return members.model.row(members.table.currentIndex().row())["seat_id"]


def _evidence(tab: int) -> Opened:
    def opened(window: MainWindow, ids: dict[str, str]) -> str | None:
        assert window.evidence.currentIndex() == tab
        return window.evidence.currentWidget().current_id()  # type: ignore[attr-defined]

    return opened


def _signoff(window: MainWindow, ids: dict[str, str]) -> str | None:
    return window.signoffs.current_id()


@pytest.mark.parametrize(("words", "what", "page", "label", "opened"), [
    ("Okonkwo", "person", 2, "Person", _person),
    ("Healthwatch", "person", 2, "Person", _person),
    ("Voluntary", "seat", 2, "Seat", _seat),
    ("reconfiguration", "engagement", 6, "Engagement", _evidence(0)),
    ("Forward Plan", "publication", 6, "Publication", _evidence(1)),
    ("Pharmaceutical", "signoff", 3, "Sign-off", _signoff),
])
def test_a_hit_opens_its_page(window: MainWindow, words: str, what: str, page: int, label: str,
                              opened: Opened) -> None:
    ids = _fill(window.record)
    shown = _search_and_open_first(window, words)
    assert len(shown) == 1 and shown[0].startswith(f"{label} — ")
    assert window.nav.currentRow() == page
    assert opened(window, ids) == ids[what]


def test_an_agenda_item_hit_opens_the_meeting_at_that_item(window: MainWindow) -> None:
    ids = _fill(window.record)
    shown = _search_and_open_first(window, "Better Care")
    assert shown and shown[0].startswith("Item — Somerset HWB, ")
    assert window.nav.currentRow() == 1
    editor = window.meetings.editor
    assert window.meetings.currentWidget() is editor and editor.meeting is not None
    assert editor.meeting.id == ids["meeting"]


@pytest.mark.parametrize(("words", "kind", "tab"), [
    ("Pharmaceutical", "duty", 0),
    ("Hestercombe", "forward_plan", 1),
    ("Quantock", "registered_interest", 2),
    ("Taunton Leisure", "dispensation", 3),
])
def test_a_statutory_hit_opens_its_tab_with_it_chosen(window: MainWindow, words: str, kind: str, tab: int) -> None:
    """A duty, a forward plan item, a registered interest or a dispensation found by search opens the Statutory year
    page on its tab, with the entry chosen, as every other hit opens its page with it chosen."""
    from stp_desk.domain.entities import (
        Board,
        Dispensation,
        Duty,
        Footprint,
        ForwardPlanItem,
        Person,
        RegisteredInterest,
    )

    record = window.record
    board = record.save(Board(footprint_id=record.save(Footprint(name="Somerset")), name="Somerset HWB"))
    for title in ("Better Care Fund plan", "Joint local health and wellbeing strategy"):
        record.save(Duty(board_id=board, title=title, cycle="yearly", month=3))
    member = record.save(Person(name="Cllr Ann Chair", kind="elected_member"))
    ids = {
        "duty": record.save(Duty(board_id=board, title="Pharmaceutical needs assessment", cycle="years",
                                 every_years=3)),
        "forward_plan": record.save(ForwardPlanItem(board_id=board, title="Sale of the Hestercombe clinic")),
        "registered_interest": record.save(RegisteredInterest(person_id=member, category="other_registrable",
                                                              description="Trustee, Quantock Hills Trust",
                                                              registered_on="2025-05-01")),
        "dispensation": record.save(Dispensation(person_id=member, board_id=board, granted_by="Standards Committee",
                                                 subject="Items on Taunton Leisure's contract",
                                                 granted_on="2025-06-01", until="2027-05-31")),
    }
    shown = _search_and_open_first(window, words)
    assert len(shown) == 1, shown
    assert window.nav.currentRow() == 7
    statutory = window.statutory
    assert statutory.currentIndex() == tab
    page = statutory.currentWidget()
    chosen = page.current().id if kind == "duty" else page.current_id()  # type: ignore[attr-defined]
    assert chosen == ids[kind]
