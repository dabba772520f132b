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
