"""`stp-desk list duties` and `stp-desk due`: the duties register and what falls due, from the command line."""

import json
from pathlib import Path

import pytest

from stp_desk.cli import main
from stp_desk.domain.entities import Board, Duty, DutyDischarge, Footprint, Meeting, Publication
from stp_desk.domain.record import Record


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "board.stpdesk"
    record = Record.open(path, create=True)
    try:
        footprint = record.save(Footprint(name="Somerset"))
        board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
        pna = record.save(Duty(board_id=board, title="Pharmaceutical needs assessment", cycle="years",
                               every_years=3))
        publication = record.save(Publication(footprint_id=footprint, title="PNA", published_on="2022-01-20"))
        record.save(DutyDischarge(duty_id=pna, discharged_on="2022-01-20", publication_id=publication))
        record.save(Duty(board_id=board, title="BCF quarterly return", cycle="quarterly", month=4,
                         first_due="2025-04-30"))
        record.save(Meeting(board_id=board, starts_at="2025-03-20T10:00"))
    finally:
        record.close()
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_duties_as_json_and_as_a_table(capsys: pytest.CaptureFixture[str], path: Path) -> None:
    code, out, _ = _run(capsys, "list", "duties", "--db", path, "--json")
    assert code == 0
    rows = {r["title"]: r for r in json.loads(out)}
    pna = rows["Pharmaceutical needs assessment"]
    assert (pna["cycle"], pna["last_discharged"], pna["next_due"]) == ("every 3 years", "2022-01-20", "2025-01-20")
    assert rows["BCF quarterly return"]["cycle"] == "each quarter (April)"
    code, out, _ = _run(capsys, "list", "duties", "--db", path)
    assert code == 0 and out.splitlines()[0].split()[:3] == ["id", "board", "title"]
    assert "Pharmaceutical needs assessment" in out


def test_due_lists_overdue_first_then_what_falls_due(capsys: pytest.CaptureFixture[str], path: Path) -> None:
    code, out, _ = _run(capsys, "due", "--db", path, "--as-at", "2025-03-14", "--within", "60", "--json")
    assert code == 0
    assert [(r["kind"], r["due"], r["overdue"]) for r in json.loads(out)] == [
        ("duty", "2025-01-20", True), ("agenda", "2025-03-12", True), ("duty", "2025-04-30", False)]
    code, out, _ = _run(capsys, "due", "--db", path, "--as-at", "2025-03-14", "--within", "10")
    assert code == 0 and "BCF" not in out and "Publish the agenda for 20 March 2025" in out


def test_due_with_nothing_due_still_exits_0(capsys: pytest.CaptureFixture[str], path: Path) -> None:
    code, out, _ = _run(capsys, "due", "--db", path, "--as-at", "2021-01-01", "--within", "5")
    assert (code, out.strip()) == (0, "Nothing falls due in the next 5 days, and nothing is overdue.")


@pytest.mark.parametrize("argv", [["--as-at", "14/03/2025"], ["--within", "-3"], ["--within", "soon"],
                                  ["--within", "99999999999"]])
def test_bad_input_to_due_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], path: Path,
                                                 argv: list[str]) -> None:
    code, out, err = _run(capsys, "due", "--db", path, *argv)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
