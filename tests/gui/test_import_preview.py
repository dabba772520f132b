"""Both import dialogs show their plan through the one preview widget over the importers' contract."""

import csv
from pathlib import Path

from pytestqt.qtbot import QtBot

from stp_desk.domain.entities import Board, Footprint
from stp_desk.domain.record import Record
from stp_desk.interop.base import CREATE, ERROR
from stp_desk.interop.moderngov import plan_moderngov_import
from stp_desk.ui.moderngov_import import ModernGovPreview
from stp_desk.ui.people_import import PeopleImportDialog
from stp_desk.ui.preview import ChangesTable
from tests.interop.conftest import samples  # noqa: F401  (the fixture)


def _cells(table: ChangesTable) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_the_members_preview_is_the_plan_s_changes(record: Record, tmp_path: Path, qtbot: QtBot) -> None:
    footprint = record.save(Footprint(name="West Wales"))
    record.save(Board(footprint_id=footprint, name="Test HWB"))
    path = tmp_path / "members.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["Name", "Board/Committee", "Seat", "Partner", "Position", "From"])
        writer.writerow(["Cllr Siân Llewelyn", "Test HWB", "Council leader", "Council", "Chair", "12/03/2016"])
        writer.writerow(["Zofia Wójcik", "No Such Board", "Trust seat", "NHS", "Member", "2016-03-12"])
    dialog = PeopleImportDialog(record, path)
    qtbot.addWidget(dialog)
    assert isinstance(dialog.preview, ChangesTable)
    assert dialog.plan is not None
    assert [c.action for c in dialog.plan.changes] == [CREATE, ERROR]
    assert _cells(dialog.preview) == [[c.source, c.subject, c.description] for c in dialog.plan.changes]
    assert _cells(dialog.preview)[0][:2] == ["2", "Cllr Siân Llewelyn"]
    bad = dialog.preview.item(1, 0)
    assert bad.toolTip() == dialog.plan.changes[1].description
    assert bad.background().color().name() == "#fde7ea"
    assert dialog.preview.item(0, 0).toolTip() == ""


def test_the_moderngov_preview_is_the_plan_s_changes(record: Record, samples: Path, qtbot: QtBot) -> None:  # noqa: F811
    plan = plan_moderngov_import(record, samples)
    dialog = ModernGovPreview(record, plan)
    qtbot.addWidget(dialog)
    assert isinstance(dialog.table, ChangesTable)
    assert _cells(dialog.table) == [[c.action, c.kind, c.description, c.source] for c in plan.changes]
    assert dialog.table.item(0, 0).background().color().name() == "#e6f4ea"  # create


def test_a_row_with_several_faults_is_as_tall_as_all_of_them(record: Record, tmp_path: Path, qtbot: QtBot) -> None:
    """Every fault of a row is listed; the row is as tall as its words wrapped at the column's width, so none is cut
    off behind "…" (the whole text was only in a tooltip, which the keyboard cannot reach), also once the dialog is
    made narrower."""
    footprint = record.save(Footprint(name="West Wales"))
    record.save(Board(footprint_id=footprint, name="Test HWB"))
    path = tmp_path / "members.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["Name", "Type", "Email", "Board/Committee", "Seat", "Partner", "Position", "From", "To"])
        writer.writerow(["Cllr Siân Llewelyn", "", "", "Test HWB", "Council leader", "Council", "Chair", "12/03/2016",
                         ""])
        writer.writerow(["Jo Wrong", "Wizard", "not-an-email", "Test HWB", "", "", "Boss", "01/04/2025",
                         "31/03/2025"])
    dialog = PeopleImportDialog(record, path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.preview
    for width in (1100, 760):
        dialog.resize(width, 680)
        qtbot.wait(100)
        needed = table.itemDelegate().sizeHint(_option(table, 1, 2), table.model().index(1, 2)).height()
        assert table.rowHeight(1) >= needed, (width, table.rowHeight(1), needed)
        assert table.rowHeight(1) > table.rowHeight(0)


def _option(table: ChangesTable, row: int, column: int) -> object:
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    table.initViewItemOption(option)
    option.rect = table.visualRect(table.model().index(row, column))
    option.rect.setHeight(1)
    return option
