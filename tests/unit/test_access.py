"""Access to information in the record: a meeting's agenda publication date, items added late with the chair's
reasons (recorded in the minutes), retention dates; the migration that adds them, and old dumps still importing."""

import json
from datetime import date
from pathlib import Path

import docx
import pytest

from stp_desk.domain.access import agenda_note, meeting_access
from stp_desk.domain.entities import AgendaItem, Board, Footprint, Meeting
from stp_desk.domain.record import Record
from stp_desk.errors import ValidationError
from stp_desk.exports.minutes import MinutesOptions, export_minutes
from stp_desk.interop.dump import TABLES_IN_1, dump, import_dump
from stp_desk.store import Store, migrations
from tests.schema import number_of, schema_at


def _meeting(record: Record, published: str | None, starts_at: str = "2024-04-04T10:00") -> str:
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    return record.save(Meeting(board_id=board, starts_at=starts_at, status="held", agenda_published_on=published))


def test_an_agenda_out_in_time_gives_no_warning_and_shows_how_long_papers_are_kept(record: Record) -> None:
    meeting = record.get(Meeting, _meeting(record, "2024-03-25"))  # Easter: the last day that leaves five
    access = meeting_access(meeting, record.items(meeting.id or ""))
    assert access.publish_by == date(2024, 3, 25) and not access.late
    assert access.warnings(date(2024, 3, 20)) == []
    assert access.minutes_kept_until == date(2030, 4, 3)
    assert access.background_papers_kept_until == date(2028, 4, 3)


def test_a_late_agenda_is_flagged_and_every_item_asks_for_the_chairs_reasons(record: Record) -> None:
    meeting_id = _meeting(record, "2024-03-26")
    item = record.add_item(AgendaItem(meeting_id=meeting_id, title="Pharmaceutical needs assessment"))
    access = meeting_access(record.get(Meeting, meeting_id), record.items(meeting_id))
    assert access.late
    warnings = access.warnings(date(2024, 3, 27))
    assert "26 March 2024, after 25 March 2024" in warnings[0]
    assert "Pharmaceutical needs assessment" in warnings[1] and "s.100B(4)(b)" in warnings[1]
    record.save(AgendaItem(**{**record.get(AgendaItem, item).__dict__, "urgency_reasons": "The consultation closes."}))
    access = meeting_access(record.get(Meeting, meeting_id), record.items(meeting_id))
    assert access.items_lacking_reasons == [] and len(access.warnings(date(2024, 3, 27))) == 1


def test_an_unpublished_agenda_says_when_it_must_go_out() -> None:
    meeting = Meeting(id="m", board_id="b", starts_at="2025-01-03T10:00")
    assert meeting_access(meeting, []).warnings(date(2024, 12, 1)) == [
        "Publish the agenda by 23 December 2024 to leave five clear days before the meeting (Local Government Act "
        "1972, s.100B(3))."]
    assert meeting_access(meeting, []).overdue(date(2024, 12, 24))


def test_an_item_added_late_needs_reasons_and_the_minutes_record_them(record: Record, tmp_path: Path) -> None:
    meeting_id = _meeting(record, "2024-03-20")
    with pytest.raises(ValidationError, match="reasons for urgency") as refused:
        record.add_item(AgendaItem(meeting_id=meeting_id, title="Winter pressures", added_late=True))
    assert refused.value.field == "urgency_reasons"
    assert record.items(meeting_id) == []
    record.add_item(AgendaItem(meeting_id=meeting_id, title="Winter pressures", added_late=True,
                               urgency_reasons="NHS England asked for the board's view by 5 April."))
    out = tmp_path / "minutes.docx"
    export_minutes(record, meeting_id, out, MinutesOptions(public=True))
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "considered as a matter of urgency" in text
    assert "NHS England asked for the board's view by 5 April." in text


def test_a_version_4_record_gains_the_statutory_year(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.stpdesk"
    number = number_of(migrations._statutory_year_10)
    schema_at(monkeypatch, number - 1)
    with Store.open(path, create=True) as store:
        assert "duties" not in store.db.table_names()
        with store.transaction("Clerk", "add") as w:
            footprint = w.insert("footprints", {"name": "Somerset"})
            board = w.insert("boards", {"footprint_id": footprint, "name": "Somerset HWB", "kind": "hwb"})
            w.insert("meetings", {"board_id": board, "starts_at": "2024-04-04T10:00", "status": "held",
                                  "session": "public"})
        before = store.rows("meetings")
    monkeypatch.undo()
    with Store.open(path) as store:
        assert store.schema_version == migrations.LATEST_VERSION >= number
        assert {"duties", "duty_discharges", "forward_plan", "registered_interests", "dispensations"} <= set(
            store.db.table_names())
        (meeting,) = store.rows("meetings")
        assert meeting["agenda_published_on"] is None
        assert {k: v for k, v in meeting.items() if k not in ("agenda_published_on", "owner")} == before[0]
        assert store.integrity_problems() == []
    record = Record.open(path)
    try:
        meeting_id = meeting["id"]
        record.save(Meeting(**{**record.get(Meeting, meeting_id).__dict__, "agenda_published_on": "2024-03-26"}))
        assert meeting_access(record.get(Meeting, meeting_id), []).late
    finally:
        record.close()


def test_a_format_1_dump_still_imports(record: Record, tmp_path: Path) -> None:
    meeting_id = _meeting(record, None)
    record.add_item(AgendaItem(meeting_id=meeting_id, title="Better Care Fund"))
    out = tmp_path / "record.json"
    dump(record.store, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format_version"] == 3
    data["format_version"] = 1
    data["records"] = {k: v for k, v in data["records"].items() if k in TABLES_IN_1}  # as format 1 had them
    for row in data["records"]["meetings"]:
        del row["agenda_published_on"]
    for row in data["records"]["agenda_items"]:
        del row["added_late"], row["urgency_reasons"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    import_dump(old, tmp_path / "new.stpdesk")
    again = Record.open(tmp_path / "new.stpdesk")
    try:
        assert again.get(Meeting, meeting_id).agenda_published_on is None
        assert [i.title for i in again.items(meeting_id)] == ["Better Care Fund"]
        assert again.store.integrity_problems() == []
    finally:
        again.close()


@pytest.mark.parametrize(("published", "status", "today", "note"), [
    ("2024-03-25", "held", date(2024, 5, 1), "25 March 2024"),  # the last day before Easter that leaves five
    ("2024-03-26", "held", date(2024, 5, 1), "26 March 2024 (late)"),  # four clear days: Easter's two are not
    (None, "scheduled", date(2024, 3, 20), "Due by 25 March 2024"),
    (None, "scheduled", date(2024, 3, 25), "Due by 25 March 2024"),  # still in time on the day itself
    (None, "scheduled", date(2024, 3, 26), "Overdue: due by 25 March 2024"),
    (None, "scheduled", date(2024, 4, 4), "Overdue: due by 25 March 2024"),  # the meeting's own day
    (None, "held", date(2024, 4, 5), "Not recorded"),
    (None, "cancelled", date(2024, 3, 26), ""),  # a cancelled meeting's agenda is owed to no one
    ("2024-03-26", "cancelled", date(2024, 5, 1), "26 March 2024 (late)"),  # but what was published stays shown
])
def test_the_meetings_list_says_when_each_agenda_went_out_or_is_due(published: str | None, status: str,
                                                                     today: date, note: str) -> None:
    """s.100B(3) LGA 1972: the agenda open to inspection "at least five clear days before the meeting". For the
    meeting of Thursday 4 April 2024, Good Friday and Easter Monday are not clear days, so the last day is 25 March."""
    assert agenda_note("2024-04-04T10:00", published, status, today) == note


def test_a_version_13_record_lists_its_meetings_agendas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.stpdesk"
    number = number_of(migrations._agenda_in_meeting_list_14)
    schema_at(monkeypatch, number - 1)
    with Store.open(path, create=True) as store:
        with store.transaction("Clerk", "add") as w:
            footprint = w.insert("footprints", {"name": "Somerset"})
            board = w.insert("boards", {"footprint_id": footprint, "name": "Somerset HWB", "kind": "hwb"})
            w.insert("meetings", {"board_id": board, "starts_at": "2024-04-04T10:00", "status": "held",
                                  "session": "public", "agenda_published_on": "2024-03-26"})
        assert "agenda_published" not in store.columns("meeting_list")
        (before,) = store.page("meeting_list", order_by="starts_at")
    monkeypatch.undo()
    with Store.open(path) as store:
        assert store.schema_version == migrations.LATEST_VERSION >= number
        (after,) = store.page("meeting_list", order_by="starts_at")
        assert after["agenda_published"] == "2024-03-26"
        assert {k: v for k, v in after.items() if k != "agenda_published"} == before
        assert store.integrity_problems() == []
