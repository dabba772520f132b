"""The meetings calendar (.ics): read back with icalendar, public by construction, written atomically."""

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stp_desk.cli import main
from stp_desk.domain.entities import AgendaItem, Board, Footprint, Meeting
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError
from stp_desk.interop.calendar import build_calendar, export_calendar


@pytest.fixture
def boards(record: Record) -> tuple[str, str]:
    footprint = record.save(Footprint(name="West Wales"))
    hwb = record.save(Board(footprint_id=footprint, name="Ceredigion Health and Wellbeing Board"))
    hosc = record.save(Board(footprint_id=footprint, name="Health Scrutiny Committee", kind="hosc"))
    return hwb, hosc


def events(path: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_meetings_become_events_that_read_back(record: Record, boards: tuple[str, str], tmp_path: Path) -> None:
    hwb, hosc = boards
    summer = record.save(Meeting(board_id=hwb, starts_at="2016-07-12T14:00", venue="Neuadd Cyngor, Aberaeron",
                                 status="held"))
    winter = record.save(Meeting(board_id=hwb, starts_at="2016-12-06 10:30", status="cancelled"))
    scrutiny = record.save(Meeting(board_id=hosc, starts_at="2017-01-10T18:00", venue="County Hall"))
    record.add_item(AgendaItem(meeting_id=summer, title="Sustainability and Transformation Plan: update",
                               kind="stp_update"))
    record.add_item(AgendaItem(meeting_id=summer, title="Contract with Acme Care Ltd", exempt=True,
                               exempt_paragraph=3))
    record.add_item(AgendaItem(meeting_id=summer, title="Pharmaceutical needs assessment"))

    path = export_calendar(record, tmp_path / "meetings.ics")
    assert path == tmp_path / "meetings.ics"
    found = events(path)
    assert set(found) == {f"{m}@stp-desk" for m in (summer, winter, scrutiny)}

    event = found[f"{summer}@stp-desk"]
    start = event.decoded("dtstart")
    assert start == datetime(2016, 7, 12, 14, 0, tzinfo=start.tzinfo)
    assert str(start.tzinfo) == "Europe/London" and start.utcoffset() == timedelta(hours=1)  # BST in July
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert event.decoded("dtend") - start == timedelta(hours=2)
    assert str(event["summary"]) == "Ceredigion Health and Wellbeing Board"
    assert str(event["location"]) == "Neuadd Cyngor, Aberaeron"
    assert str(event["status"]) == "CONFIRMED"
    description = str(event["description"])
    assert "1. Sustainability and Transformation Plan: update" in description
    assert "3. Pharmaceutical needs assessment" in description
    assert "Acme" not in path.read_text(encoding="utf-8")
    assert "excluded for 1 further item" in description

    cancelled = found[f"{winter}@stp-desk"]
    assert str(cancelled["status"]) == "CANCELLED" and "location" not in cancelled
    assert cancelled.decoded("dtstart").utcoffset() == timedelta(0)  # GMT in December
    assert "cancelled" in str(cancelled["description"])

    zones = icalendar.Calendar.from_ical(path.read_bytes()).walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == ["Europe/London"]

    only = events(export_calendar(record, tmp_path / "hosc.ics", board_id=hosc))
    assert set(only) == {f"{scrutiny}@stp-desk"}


def test_the_same_record_gives_the_same_events(record: Record, boards: tuple[str, str]) -> None:
    record.save(Meeting(board_id=boards[0], starts_at="2016-07-12T14:00"))
    now = datetime(2020, 1, 1, tzinfo=UTC)
    assert build_calendar(record, now=now).to_ical() == build_calendar(record, now=now).to_ical()


def test_failures_are_plain_and_leave_nothing(record: Record, boards: tuple[str, str], tmp_path: Path) -> None:
    record.save(Meeting(board_id=boards[0], starts_at="2016-07-12T14:00"))
    with pytest.raises(KnownError, match="does not exist"):
        export_calendar(record, tmp_path / "missing" / "m.ics")
    with pytest.raises(KnownError, match="board is not in the record"):
        export_calendar(record, tmp_path / "m.ics", board_id="nope")
    folder = tmp_path / "folder.ics"
    folder.mkdir()
    with pytest.raises(KnownError, match="is a folder"):
        export_calendar(record, folder)
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))
    assert not (tmp_path / "m.ics").exists()


def test_command_line(record: Record, boards: tuple[str, str], tmp_path: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:
    meeting = record.save(Meeting(board_id=boards[0], starts_at="2016-07-12T14:00", venue="Hall"))
    db = record.path
    record.close()
    target = tmp_path / "board.ics"
    assert main(["export", "calendar", "--db", str(db), "--board", boards[0], "-o", str(target)]) == 0
    assert f"Wrote {target}." in capsys.readouterr().out
    assert set(events(target)) == {f"{meeting}@stp-desk"}
    assert main(["export", "calendar", "--db", str(db), "-o", str(tmp_path / "x.docx")]) == 2
    assert "must be an .ics file" in capsys.readouterr().err
    assert main(["export", "calendar", "--db", str(db), "-o", str(tmp_path / "no" / "x.ics")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and len(err.strip().splitlines()) == 1


SECRET = "ZQSECRET"
noise = st.text(st.characters(blacklist_categories=("Cs",)), max_size=10).filter(lambda t: "ZQ" not in t.upper())
agenda = st.lists(st.tuples(st.booleans(), st.integers(1, 7), noise), min_size=1, max_size=5)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meetings=st.lists(st.tuples(agenda, st.sampled_from(["scheduled", "held", "cancelled", "adjourned"]),
                                   st.sampled_from(["public", "private"]), noise), min_size=1, max_size=3))
def test_no_exempt_title_reaches_the_calendar(meetings) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as folder:
        record = Record.open(Path(folder) / "r.stpdesk", create=True, clerk="Property")
        try:
            footprint = record.save(Footprint(name="F"))
            board = record.save(Board(footprint_id=footprint, name="Board"))
            public = []
            for n, (items, status, session, venue) in enumerate(meetings):
                meeting = record.save(Meeting(board_id=board, starts_at=f"2016-0{n + 1}-12T14:00", status=status,
                                              session=session, venue=venue or None))
                for k, (exempt, paragraph, text) in enumerate(items):
                    marker = f"{SECRET}{n}X{k}" if exempt else f"ZQPUBLIC{n}X{k}"
                    record.add_item(AgendaItem(meeting_id=meeting, title=f"{marker} {text}", exempt=exempt,
                                               exempt_paragraph=paragraph if exempt else None))
                    if not exempt:
                        public.append(marker)
            path = export_calendar(record, Path(folder) / "m.ics")
            raw = path.read_text(encoding="utf-8")
            unfolded = raw.replace("\r\n ", "")
            assert SECRET not in unfolded
            text = "".join(str(e.get("description", "")) for e in icalendar.Calendar.from_ical(raw).walk("VEVENT"))
            assert SECRET not in text
            for marker in public:
                assert marker in text
        finally:
            record.close()
