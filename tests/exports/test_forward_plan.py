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
from stp_desk.exports import ExportCancelled
from stp_desk.exports.accessibility import check_document
from stp_desk.exports.forward_plan import WITHHELD, ForwardPlanOptions, export_forward_plan
from stp_desk.exports.interests import InterestsOptions, export_interests
from tests.exports.conftest import to_pdf


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


def test_business_whose_meeting_was_cancelled_or_passed_without_it_stays_on_the_plan(record: Record,
                                                                                      tmp_path: Path) -> None:
    """The forward plan tells the public what the board is still to consider. An item planned for a meeting that
    was cancelled, or that passed without taking it, is still to come: it is listed as not yet placed, not dropped
    from the plan. An item a past meeting took is done, and is not listed."""
    board, _meeting, _duty = _plan(record)
    cancelled = record.save(Meeting(board_id=board, starts_at="2030-02-05T14:00", status="cancelled"))
    passed = record.save(Meeting(board_id=board, starts_at="2029-11-20T14:00", status="held"))
    record.save(ForwardPlanItem(board_id=board, title="Carers' strategy refresh", meeting_id=cancelled))
    record.save(ForwardPlanItem(board_id=board, title="Suicide prevention plan", meeting_id=passed))
    taken = record.save(ForwardPlanItem(board_id=board, title="Annual report of the director", meeting_id=passed))
    place_on_agenda(record, passed, [taken])
    today = date(2030, 1, 1)
    assert [p.title for p in unplaced(record, board, today)] == [
        "Better Care Fund year-end return", "Carers' strategy refresh", "Suicide prevention plan"]
    out = export_forward_plan(record, board, tmp_path / "plan.docx", ForwardPlanOptions(today=today))
    text = " ".join(to_pdf([out], tmp_path / "profile")[out])
    placed = text.split("Not yet placed at a meeting", 1)
    assert len(placed) == 2 and "Draft pharmaceutical needs assessment" in placed[0]
    assert all(title in placed[1] for title in ("Better Care Fund year-end return", "Carers' strategy refresh",
                                                "Suicide prevention plan")), text
    assert "Annual report of the director" not in text and "5 February 2030" not in text


def test_a_board_with_no_meeting_to_come_or_no_member_says_so(record: Record, tmp_path: Path) -> None:
    """A published document that goes straight from its introduction to its next heading reads as if something
    were missing: a board with no meeting scheduled, or no member on the day, is said to have none."""
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    plan = export_forward_plan(record, board, tmp_path / "plan.docx", ForwardPlanOptions(today=date(2030, 1, 1)))
    register = export_interests(record, board, tmp_path / "register.docx", InterestsOptions(on=date(2030, 1, 1)))
    pages = to_pdf([plan, register], tmp_path / "profile")
    assert "No meeting of the board is scheduled." in " ".join(pages[plan])
    assert "The board has no members on 1 January 2030." in " ".join(pages[register])


def test_cancelling_either_statutory_document_writes_nothing(record: Record, tmp_path: Path) -> None:
    """Cancel in the window's progress dialog stops the forward plan or the register as it stops minutes: the
    export is told to stop at its next step and leaves no file, finished or partial."""
    board, _meeting, _duty = _plan(record)
    asked: list[tuple[int, int]] = []

    def cancel_at_once(done: int, total: int) -> bool:
        asked.append((done, total))
        return False

    for export, target in ((export_forward_plan, tmp_path / "plan.docx"), (export_interests, tmp_path / "reg.docx")):
        with pytest.raises(ExportCancelled):
            export(record, board, target, None, cancel_at_once)  # type: ignore[operator]
        assert not target.exists()
    assert len(asked) == 2
    assert [p for p in tmp_path.iterdir() if p.suffix == ".docx" or p.name.startswith(".")] == []


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
