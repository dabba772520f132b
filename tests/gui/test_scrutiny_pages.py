"""Health scrutiny as SI 2013/218 Part 4 has it, entered in the window: a committee's reviews (regulations 21 and 22)
and its consultations on proposals (regulation 23), on the Evidence page beside the engagements they count with."""

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTabWidget
from pytestqt.qtbot import QtBot

from stp_desk.domain.entities import Board, Footprint, ScrutinyConsultation, ScrutinyMatter
from stp_desk.ui.main_window import MainWindow
from stp_desk.ui.pages import ListPage
from tests.gui.conftest import answering, fill
from tests.gui.driving import click


def _committee(window: MainWindow) -> str:
    footprint = window.record.save(Footprint(name="Kent and Medway"))
    return window.record.save(Board(footprint_id=footprint, name="Kent HOSC", kind="hosc"))


def _tab(window: MainWindow, qtbot: QtBot, title: str) -> ListPage:
    QTest.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.nav.currentRow() == 6)
    evidence = window.evidence
    assert isinstance(evidence, QTabWidget) and evidence.isVisible()
    titles = [evidence.tabText(i).replace("&", "") for i in range(evidence.count())]
    evidence.setCurrentIndex(titles.index(title))
    page = evidence.currentWidget()
    assert isinstance(page, ListPage)
    return page


def test_a_consultation_is_entered_and_its_overdue_response_shown(window: MainWindow, qtbot: QtBot) -> None:
    committee = _committee(window)
    page = _tab(window, qtbot, "Consultations")
    long_ago = date.today() - timedelta(days=90)
    answers = answering(fill({"committee_id": committee, "responsible_person": "Kent and Medway ICB",
                              "proposal": "Stroke services reconfiguration", "consulted_on": long_ago.isoformat(),
                              "comments_by": (long_ago + timedelta(days=28)).isoformat(),
                              "comments_made_on": (long_ago + timedelta(days=20)).isoformat(),
                              "comments": "The committee asks for travel times.",
                              "response_due": (long_ago + timedelta(days=48)).isoformat()}))
    click(qtbot, page.add_button)
    assert answers.done, answers.left_open
    (saved,) = window.record.find(ScrutinyConsultation)
    assert saved.proposal == "Stroke services reconfiguration" and saved.overdue(date.today())
    assert page.model.total == 1
    shown = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert "Overdue" in shown and "Kent HOSC" in shown


def test_a_review_with_its_report_is_entered(window: MainWindow, qtbot: QtBot) -> None:
    committee = _committee(window)
    page = _tab(window, qtbot, "Scrutiny reviews")
    answers = answering(fill({"committee_id": committee, "subject": "Winter pressures in A&E",
                              "reviewed_on": "2026-01-15", "report_made_on": "2026-02-01",
                              "responsible_person": "East Kent Hospitals", "response_due": "2026-03-01",
                              "on_plan": True}))
    click(qtbot, page.add_button)
    assert answers.done, answers.left_open
    (saved,) = window.record.find(ScrutinyMatter)
    assert saved.subject == "Winter pressures in A&E" and saved.on_plan
    assert page.model.total == 1
