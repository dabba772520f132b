"""The duties register: due dates of each cycle, status as at a date, the standard list, what falls due."""

import json
from datetime import date
from pathlib import Path

import pytest

from stp_desk.domain.duties import STANDARD_DUTIES, duty_status, next_due
from stp_desk.domain.entities import (
    AgendaItem,
    Board,
    Duty,
    DutyDischarge,
    Footprint,
    Meeting,
    Publication,
)
from stp_desk.domain.record import ChangeSet, Record
from stp_desk.domain.statutory import add_standard_duties, duty_statuses, falling_due
from stp_desk.errors import KnownError, ValidationError
from stp_desk.interop.dump import dump


def _duty(**kw: object) -> Duty:
    return Duty(**{"id": "d", "board_id": "b", "title": "T", **kw})  # type: ignore[arg-type]


@pytest.mark.parametrize(("duty", "last", "due"), [
    # Every three years, from the last publication (the pharmaceutical needs assessment).
    (_duty(cycle="years", every_years=3), date(2022, 9, 30), date(2025, 9, 30)),
    (_duty(cycle="years", every_years=1), date(2024, 2, 29), date(2025, 2, 28)),
    # Each year by the end of March: a discharge in February covers this March; one in April, next March.
    (_duty(cycle="yearly", month=3), date(2024, 2, 14), date(2025, 3, 31)),
    (_duty(cycle="yearly", month=3), date(2024, 3, 31), date(2025, 3, 31)),
    (_duty(cycle="yearly", month=3), date(2024, 4, 2), date(2026, 3, 31)),
    # Each quarter, deadlines at the ends of July, October, January and April.
    (_duty(cycle="quarterly", month=7), date(2024, 7, 10), date(2024, 10, 31)),
    (_duty(cycle="quarterly", month=7), date(2024, 11, 20), date(2025, 4, 30)),
    (_duty(cycle="quarterly", month=7), date(2024, 12, 20), date(2025, 4, 30)),
    (_duty(cycle="quarterly", month=1), date(2024, 12, 20), date(2025, 4, 30)),
    # Never discharged: its first due date, or none.
    (_duty(cycle="years", every_years=3, first_due="2025-10-01"), None, date(2025, 10, 1)),
    (_duty(cycle="years", every_years=3), None, None),
])
def test_next_due_date_of_each_cycle(duty: Duty, last: date | None, due: date | None) -> None:
    assert next_due(duty, last) == due


def test_a_cycle_needs_its_years_or_its_month() -> None:
    with pytest.raises(ValidationError, match="how many years") as e:
        _duty(cycle="years").validate()
    assert e.value.field == "every_years"
    with pytest.raises(ValidationError, match="month"):
        _duty(cycle="quarterly", month=13).validate()


def test_status_is_judged_as_at_a_date_ignoring_later_discharges() -> None:
    duty = _duty(cycle="years", every_years=3)
    discharges = [DutyDischarge(duty_id="d", discharged_on="2021-09-30", publication_id="p"),
                  DutyDischarge(duty_id="d", discharged_on="2025-01-15", publication_id="q")]
    late = duty_status(duty, discharges, date(2024, 12, 31))
    assert late.last is discharges[0] and late.due == date(2024, 9, 30) and late.overdue
    assert late.state == "Overdue"
    now = duty_status(duty, discharges, date(2025, 2, 1))
    assert now.due == date(2028, 1, 15) and not now.overdue and now.state == "In hand"


def test_a_discharge_needs_its_evidence() -> None:
    with pytest.raises(ValidationError, match="what discharged it"):
        DutyDischarge(duty_id="d", discharged_on="2025-01-01").validate()


def _board(record: Record) -> str:
    footprint = record.save(Footprint(name="Somerset"))
    return record.save(Board(footprint_id=footprint, name="Somerset HWB"))


def test_a_new_board_gets_the_standard_duties_once_as_one_undoable_change(record: Record) -> None:
    changes: list[ChangeSet] = []
    record.on_change = changes.append
    board = _board(record)
    assert add_standard_duties(record, board, date(2025, 1, 10)) == len(STANDARD_DUTIES)
    duties = {d.title: d for d in record.find(Duty, board_id=board)}
    assert duties["ICB joint forward plan: the board's opinion"].first_due == "2025-03-31"
    assert duties["Better Care Fund quarterly returns"].first_due == "2025-01-31"
    assert "s.128A" in duties["Pharmaceutical needs assessment"].basis
    with pytest.raises(KnownError, match="already has duties"):
        add_standard_duties(record, board, date(2025, 1, 10))
    record.revert(changes[-1])
    assert record.find(Duty) == []
    audit = record.store.rows("audit", entity="duties")
    assert len(audit) == 2 * len(STANDARD_DUTIES)  # added, then removed by the undo


def test_what_falls_due_lists_duties_and_agendas_overdue_first(record: Record, tmp_path: Path) -> None:
    board = _board(record)
    pna = record.save(Duty(board_id=board, title="Pharmaceutical needs assessment", cycle="years", every_years=3))
    publication = record.save(Publication(footprint_id=record.get(Board, board).footprint_id, title="PNA 2022",
                                          published_on="2022-01-20"))
    record.save(DutyDischarge(duty_id=pna, discharged_on="2022-01-20", publication_id=publication))
    record.save(Duty(board_id=board, title="BCF quarterly return", cycle="quarterly", month=4,
                     first_due="2025-04-30"))
    record.save(Duty(board_id=board, title="Far off", cycle="years", every_years=5, first_due="2030-01-01"))
    soon = record.save(Meeting(board_id=board, starts_at="2025-03-20T10:00"))
    record.save(Meeting(board_id=board, starts_at="2025-03-27T10:00", agenda_published_on="2025-03-18"))
    due = falling_due(record, date(2025, 3, 14), within=60)
    assert [(d.kind, d.title, d.due, d.overdue) for d in due] == [
        ("duty", "Pharmaceutical needs assessment", date(2025, 1, 20), True),
        ("agenda", "Publish the agenda for 20 March 2025, 10:00", date(2025, 3, 12), True),
        ("duty", "BCF quarterly return", date(2025, 4, 30), False),
    ]
    assert due[1].row_id == soon
    out = tmp_path / "dump.json"
    dump(record.store, out)
    records = json.loads(out.read_text(encoding="utf-8"))["records"]
    assert len(records["duties"]) == 3 and records["duty_discharges"][0]["publication_id"] == publication


def test_an_agendas_publication_duty_writes_its_meeting_as_the_meetings_list_does(record: Record) -> None:
    """The day without a leading zero, as every heading and document of the record writes it, and the time after a
    comma, as the meetings list and every choice of a meeting write it (the duty's title read "3 April 2025 14:30"
    where the list beside it read "3 April 2025, 14:30")."""
    from stp_desk.domain.dates import long_datetime  # the lists' own (catalogue.uk_datetime)

    board = _board(record)
    record.save(Meeting(board_id=board, starts_at="2025-04-03T14:30"))
    [due] = [d for d in falling_due(record, date(2025, 3, 24), within=60) if d.kind == "agenda"]
    assert due.title == "Publish the agenda for 3 April 2025, 14:30"
    assert due.title.endswith(long_datetime("2025-04-03T14:30"))
    assert long_datetime("2025-04-03") == "3 April 2025"  # a day without its time: no comma left hanging


def test_a_discharge_can_point_to_the_item_that_did_it(record: Record) -> None:
    board = _board(record)
    duty = record.save(Duty(board_id=board, title="JSNA", cycle="years", every_years=1))
    meeting = record.save(Meeting(board_id=board, starts_at="2025-03-20T10:00", status="held"))
    item = record.add_item(AgendaItem(meeting_id=meeting, title="JSNA 2025"))
    record.save(DutyDischarge(duty_id=duty, discharged_on="2025-03-20", item_id=item))
    (status,) = duty_statuses(record, date(2025, 4, 1))
    assert status.last is not None and status.last.item_id == item and status.due == date(2026, 3, 20)


def test_search_finds_duties_by_title_and_notes(record: Record) -> None:
    board = _board(record)
    duty = record.save(Duty(board_id=board, title="Pharmaceutical needs assessment", cycle="years", every_years=3,
                            notes="Consult the Local Pharmaceutical Committee for 60 days."))
    hits = record.store.search("pharmaceutical")
    assert [(h["kind"], h["id"], h["board"]) for h in hits] == [("duty", duty, "Somerset HWB")]
    assert [h["id"] for h in record.store.search("Committee")] == [duty]
    assert record.store.search("100%") == []


def test_a_duty_date_far_out_of_range_is_refused_plainly() -> None:
    with pytest.raises(ValidationError, match="1900 to 2899"):
        DutyDischarge(duty_id="d", discharged_on="9999-12-31", publication_id="p").validate()
    with pytest.raises(ValidationError, match="1900 to 2899"):
        _duty(cycle="years", every_years=3, first_due="0001-01-01").validate()
