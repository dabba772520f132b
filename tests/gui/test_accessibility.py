"""Screen readers are used in councils: every control the clerk can reach has a name."""

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from stp_desk.domain.entities import AgendaItem, Board, Footprint, Meeting
from stp_desk.ui.main_window import MainWindow
from tests.gui.driving import go_to

CONTROLS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QAbstractItemView, QAbstractButton)


def _unnamed(root: QWidget) -> list[str]:
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None}
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
            continue  # the editor inside a combo or spin box is named by its owner
        if isinstance(widget, QHeaderView):
            continue  # a table's header is read with the table
        named = widget.accessibleName() or id(widget) in buddies
        if isinstance(widget, QAbstractButton):
            named = named or widget.text().replace("&", "").strip()
        if not named:
            missing.append(f"{type(widget).__name__} {widget.objectName() or widget.toolTip() or ''}".strip())
    return missing


def test_every_control_on_every_page_has_a_name(window: MainWindow) -> None:
    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    meeting = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    record.add_item(AgendaItem(meeting_id=meeting, title="Better Care Fund"))
    record.prefill_attendance(meeting)
    window.refresh_all()
    missing: list[str] = []
    for page in range(7):
        go_to(window, page)
        missing += [f"page {page}: {m}" for m in _unnamed(window)]
    go_to(window, 1)
    window.meetings.open(meeting)
    for tab in range(window.meetings.editor.tabs.count()):
        window.meetings.editor.tabs.setCurrentIndex(tab)
        missing += [f"meeting tab {tab}: {m}" for m in _unnamed(window)]
    assert missing == [], "\n".join(missing)
