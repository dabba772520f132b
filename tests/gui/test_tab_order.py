"""Keyboard first: Tab walks every form in reading order, top to bottom and, along a line, left to right.

The walk follows the window's focus chain with Qt's own rule for a Tab stop; the reading order comes from where each
stop is drawn, mapped into the form. Columns are read one at a time, so a stop may go from the foot of one column to
the head of the next, but never back up a column or back along a line.
"""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from stp_desk.domain.entities import AgendaItem, Board, Footprint, Meeting, Person
from stp_desk.domain.record import Record
from stp_desk.ui.app import configure_application
from stp_desk.ui.catalogue import Catalogue
from stp_desk.ui.documents import ExportDialog
from stp_desk.ui.forms import EntityDialog
from stp_desk.ui.main_window import MainWindow
from stp_desk.ui.meeting import ITEM_FIELDS, MEETING_FIELDS
from stp_desk.ui.meeting.approval import ApproveDialog
from stp_desk.ui.pages import PageSpec
from stp_desk.ui.people_import import PeopleImportDialog
from stp_desk.ui.settings_dialog import SettingsDialog
from stp_desk.ui.welcome import WelcomeDialog
from tests.gui.driving import go_to


def tab_stops(within: QWidget) -> list[QWidget]:
    """The widgets Tab visits inside `within`, in the order it visits them."""
    stops, widget = [], within.window().nextInFocusChain()
    while widget is not within.window():
        if ((widget.focusPolicy() & Qt.FocusPolicy.TabFocus) == Qt.FocusPolicy.TabFocus and widget.isEnabled()
                and widget.focusProxy() is None and widget.isVisibleTo(within.window())
                and (widget is within or within.isAncestorOf(widget))):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    return widget.accessibleName() or (text() if callable(text) else "") or type(widget).__name__


def out_of_reading_order(within: QWidget) -> list[str]:
    """Each pair of stops where Tab reaches the second after the first although it is read before it."""
    stops = tab_stops(within)
    rects = [QRect(w.mapTo(within, QPoint(0, 0)), w.size()) for w in stops]
    wrong = []
    for i, (a, first) in enumerate(zip(rects, stops, strict=True)):
        for b, later in zip(rects[i + 1:], stops[i + 1:], strict=True):
            same_line = b.top() <= a.bottom() and a.top() <= b.bottom()
            same_column = b.left() <= a.right() and a.left() <= b.right()
            if (same_line and b.right() < a.left()) or (same_column and not same_line and b.bottom() < a.top()):
                wrong.append(f"{_name(later)} comes after {_name(first)} but is read before it")
    return wrong


@pytest.fixture
def shown(qapp: QApplication) -> Iterator[list[QWidget]]:
    """Dialogs shown (not run: no event loop is needed to lay them out) and closed after the test."""
    configure_application(qapp)
    dialogs: list[QWidget] = []
    yield dialogs
    for dialog in dialogs:
        dialog.close()
        dialog.deleteLater()


def _show(shown: list[QWidget], dialog: QDialog) -> QDialog:
    shown.append(dialog)
    dialog.show()
    QApplication.processEvents()
    return dialog


def _specs(record: Record) -> list[PageSpec]:
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    record.save(Person(name="Cllr Siân Llewelyn"))
    catalogue = Catalogue(record)
    return [catalogue.footprint_page(), catalogue.board_page(), catalogue.person_page(),
            catalogue.member_page(board), catalogue.signoff_page(), catalogue.referral_page(),
            catalogue.action_page(), catalogue.engagement_page(), catalogue.publication_page(),
            catalogue.financial_gap_page()]


def test_every_entity_dialog_tabs_in_reading_order(record: Record, shown: list[QWidget]) -> None:
    wrong = []
    for spec in _specs(record):
        entity = spec.new() if spec.new else spec.entity()
        dialog = _show(shown, EntityDialog(spec.title, spec.fields(), entity, lambda e, x: "",
                                           extras=spec.load_extras(entity)))
        assert len(tab_stops(dialog)) >= len(spec.fields()) + 2, spec.title  # every field, Save and Cancel
        wrong += [f"{spec.title}: {w}" for w in out_of_reading_order(dialog)]
    for title, fields in (("Meeting", MEETING_FIELDS), ("Agenda item", ITEM_FIELDS)):
        dialog = _show(shown, EntityDialog(title, fields, Meeting() if title == "Meeting" else AgendaItem(),
                                           lambda e, x: ""))
        wrong += [f"{title}: {w}" for w in out_of_reading_order(dialog)]
    assert wrong == [], "\n".join(wrong)


def test_export_and_import_dialogs_tab_in_reading_order(record: Record, shown: list[QWidget],
                                                        tmp_path: Path) -> None:
    export = _show(shown, ExportDialog("Export an evidence pack", tmp_path / "pack.docx", variants=True,
                                       scopes=[("footprint:1", "Footprint: Somerset")],
                                       period=(date(2025, 1, 1), date(2025, 12, 31))))
    assert [_name(w) for w in tab_stops(export)][:4] == ["Variant", "Board or footprint", "From", "To"]
    sheet = tmp_path / "members.csv"
    sheet.write_text("Name,Committee,Seat,From\nCllr Siân Llewelyn,Somerset HWB,Leader,1/5/2025\n", encoding="utf-8")
    members = _show(shown, PeopleImportDialog(record, sheet))
    assert _name(tab_stops(members)[0]) == "Board"
    assert out_of_reading_order(export) + out_of_reading_order(members) == []


def test_a_dialog_whose_button_box_was_made_first_tabs_through_its_buttons_in_reading_order(
        shown: list[QWidget]) -> None:
    """Approving minutes: a button box made before its dialog, given "Approve and lock" after Cancel, took Tab to
    Cancel first though it is shown after (an application style sheet used to hide this, laying the box out again
    as it styled it)."""
    meeting = Meeting(id="m1", board_id="b1", starts_at="2025-10-08T14:00", status="held")
    later = [Meeting(id="m2", board_id="b1", starts_at="2025-12-10T14:00", status="held")]
    dialog = _show(shown, ApproveDialog(meeting, later))
    assert [_name(w) for w in tab_stops(dialog)][-2:] in (["Approve and &lock", "Cancel"],
                                                           ["Cancel", "Approve and &lock"])
    assert out_of_reading_order(dialog) == []


def test_settings_tab_in_reading_order(shown: list[QWidget]) -> None:
    dialog = _show(shown, SettingsDialog())
    names = [_name(w) for w in tab_stops(dialog)]
    assert names[0] == "Your name" and "Restore Defaults" in names
    assert out_of_reading_order(dialog) == []


def test_welcome_page_tabs_in_reading_order(shown: list[QWidget]) -> None:
    dialog = _show(shown, WelcomeDialog("Test Clerk"))
    names = [_name(w) for w in tab_stops(dialog)]
    assert names[:2] == ["Footprint", "Board"]
    assert out_of_reading_order(dialog) == []


def test_the_meeting_editor_tabs_in_reading_order_on_every_tab(window: MainWindow) -> None:
    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    meeting = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    record.add_item(AgendaItem(meeting_id=meeting, title="Better Care Fund"))
    record.save(Person(name="Cllr Siân Llewelyn"))
    window.resize(1366, 768)  # the smallest screen a council laptop has
    go_to(window, 1)
    window.meetings.open(meeting)
    editor = window.meetings.editor
    wrong = []
    for tab in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        stops = tab_stops(editor)
        assert editor.tabs.tabBar() in stops
        wrong += [f"tab {editor.tabs.tabText(tab)}: {w}" for w in out_of_reading_order(editor)]
    assert wrong == [], "\n".join(wrong)


def test_the_reading_order_check_can_fail(shown: list[QWidget]) -> None:
    """Swapping two stops on one line is caught, so a passing test means something."""
    dialog = _show(shown, SettingsDialog())
    template = dialog.template
    browse = next(w for w in tab_stops(dialog) if _name(w) == "Choose Word template")
    QWidget.setTabOrder(dialog.name, browse)
    QWidget.setTabOrder(browse, template)
    assert "Word template comes after Choose Word template but is read before it" in out_of_reading_order(dialog)

