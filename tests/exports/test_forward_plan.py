"""The forward plan: offered to a meeting's agenda, unplaced items listed, and its published Word document."""

from datetime import date
from pathlib import Path

import docx
import pytest

from stp_desk.cli import main
from stp_desk.domain.entities import AgendaItem, Board, Duty, Footprint, ForwardPlanItem, Meeting
from stp_desk.domain.forward_plan import place_on_agenda, planned_for, unplaced
from stp_desk.domain.record import ChangeSet, Record
from stp_desk.errors import KnownError
from stp_desk.exports.accessibility import check_document
from stp_desk.exports.forward_plan import WITHHELD, ForwardPlanOptions, export_forward_plan


def _plan(record: Record) -> tuple[str, str, str]:
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    duty = record.save(Duty(board_id=board, title="Pharmaceutical needs assessment", cycle="years", every_years=3))
    meeting = record.save(Meeting(board_id=board, starts_at="2030-03-12T14:00"))
    record.save(ForwardPlanItem(board_id=board, title="Draft pharmaceutical needs assessment",
                                lead_officer="Director of Public Health", duty_id=duty, meeting_id=meeting))
    record.save(ForwardPlanItem(board_id=board, title="Sale of the Hestercombe clinic", meeting_id=meeting,
                                exempt=True, lead_officer="Head of Estates"))
    record.save(ForwardPlanItem(board_id=board, title="Better Care Fund year-end return"))
    return board, meeting, duty


def _text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_meeting_is_offered_its_planned_items_and_takes_them_in_one_change(record: Record) -> None:
    changes: list[ChangeSet] = []
    record.on_change = changes.append
    board, meeting, _duty = _plan(record)
    record.add_item(AgendaItem(meeting_id=meeting, title="Minutes of the last meeting"))
    offered = planned_for(record, meeting)
    assert [p.title for p in offered] == ["Draft pharmaceutical needs assessment", "Sale of the Hestercombe clinic"]
    assert [p.title for p in unplaced(record, board)] == ["Better Care Fund year-end return"]
    place_on_agenda(record, meeting, [offered[0].id or ""])
    items = record.items(meeting)
    assert [(i.position, i.title, i.presenter) for i in items][1] == (
        2, "Draft pharmaceutical needs assessment", "Director of Public Health")
    assert record.get(ForwardPlanItem, offered[0].id or "").item_id == items[1].id
    assert [p.title for p in planned_for(record, meeting)] == ["Sale of the Hestercombe clinic"]
    with pytest.raises(KnownError, match="already on an agenda"):
        place_on_agenda(record, meeting, [offered[0].id or ""])
    record.revert(changes[-1])
    assert len(record.items(meeting)) == 1 and len(planned_for(record, meeting)) == 2


def test_the_published_forward_plan_withholds_exempt_titles(record: Record, tmp_path: Path) -> None:
    board, _meeting, _duty = _plan(record)
    out = export_forward_plan(record, board, tmp_path / "plan.docx", ForwardPlanOptions(today=date(2030, 1, 1)))
    text = _text(out)
    assert "12 March 2030, 14:00" in text
    assert "Draft pharmaceutical needs assessment" in text and "Pharmaceutical needs assessment" in text
    assert WITHHELD in text and "Hestercombe" not in text and "Head of Estates" not in text
    assert "Not yet placed at a meeting" in text and "Better Care Fund year-end return" in text
    assert check_document(out) == []  # a title of its own, language, headings in order
    assert docx.Document(str(out)).core_properties.title.endswith("forward plan")


def test_export_forward_plan_from_the_command_line(record: Record, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    board, _meeting, _duty = _plan(record)
    out = tmp_path / "plan.docx"
    assert main(["export", "forward-plan", "--db", str(record.path), "--board", board, "-o", str(out)]) == 0
    assert "Draft pharmaceutical needs assessment" in _text(out)
    assert main(["export", "forward-plan", "--db", str(record.path), "--board", board, "-o",
                 str(tmp_path / "plan.txt")]) == 2
    assert main(["export", "forward-plan", "--db", str(record.path), "--board", "nope", "-o", str(out)]) == 2
    assert "must be a .docx" in capsys.readouterr().err


def test_the_forward_plan_names_its_author(record: Record, tmp_path: Path) -> None:
    """The council publishes the plan: its name is the document's author, as Settings give it in the window
    (`--author` on the command line); without one, the board's lead council."""
    board, _meeting, _duty = _plan(record)
    led = record.get(Board, board)
    led.lead_council = "Somerset Council"
    record.save(led)
    named, unnamed = tmp_path / "named.docx", tmp_path / "unnamed.docx"
    assert main(["export", "forward-plan", "--db", str(record.path), "--board", board, "-o", str(named),
                 "--author", "Democratic Services, Somerset Council"]) == 0
    assert main(["export", "forward-plan", "--db", str(record.path), "--board", board, "-o", str(unnamed)]) == 0
    assert docx.Document(str(named)).core_properties.author == "Democratic Services, Somerset Council"
    assert docx.Document(str(unnamed)).core_properties.author == "Somerset Council"
