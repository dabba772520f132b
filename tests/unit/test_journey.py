"""A clerk's first meeting, through the domain layer alone."""

import pytest

from stp_desk.domain import vocab
from stp_desk.domain.entities import (
    AgendaItem,
    Attendance,
    Board,
    Footprint,
    Interest,
    Meeting,
    Membership,
    Person,
    Seat,
)
from stp_desk.domain.record import Record
from stp_desk.errors import ValidationError


@pytest.fixture
def board(record: Record) -> dict[str, str]:
    fp = record.save(Footprint(name="Cheshire and Merseyside", code="QYG"))
    hwb = record.save(Board(footprint_id=fp, name="Wirral HWB", kind="hwb", quorum_count=2,
                            quorum_roles=["elected_member", vocab.DPH]))
    ids = {"footprint": fp, "board": hwb}
    for key, name, kind, roles in [
        ("leader", "Cllr Ann Leader", "elected_member", [vocab.COUNCIL_LEADER]),
        ("dph", "Dr Pat Health", "council_officer", [vocab.DPH]),
        ("nhs", "Sam Trust", "nhs", []),
    ]:
        ids[key] = record.save(Person(name=name, kind=kind, roles=roles))
        record.add_member(Seat(board_id=hwb, title=name, partner="Council"),
                          Membership(person_id=ids[key], start_date="2016-01-01"))
    ids["deputy"] = record.save(Person(name="Jo Deputy", kind="council_officer", roles=[]))
    ids["meeting"] = record.save(Meeting(board_id=hwb, starts_at="2016-03-12T14:00", status="held"))
    return ids


def test_prefill_lists_members_on_the_day(record: Record, board: dict[str, str]) -> None:
    assert record.prefill_attendance(board["meeting"]) == 3
    assert record.prefill_attendance(board["meeting"]) == 0


def test_substitute_for_absent_member_and_quorum_per_item(record: Record, board: dict[str, str]) -> None:
    m = board["meeting"]
    record.prefill_attendance(m)
    dph = record.find(Attendance, meeting_id=m, person_id=board["dph"])[0]
    dph.status, dph.reason = "apologies", "Leave"
    record.save(dph)
    record.save(Attendance(meeting_id=m, person_id=board["deputy"], status="substitute",
                           substitute_for_id=board["dph"]))
    item = record.add_item(AgendaItem(meeting_id=m, title="STP update", kind="stp_update"))
    q = record.quorum(m, 1)
    assert "Jo Deputy" in q.counted
    assert q.missing_roles == []  # sitting in the DPH's seat, the deputy meets the DPH's place in the quorum
    assert q.quorate
    record.save(Interest(item_id=item, person_id=board["leader"], nature="Employed by the trust", withdrew=True))
    assert "Cllr Ann Leader" not in record.quorum(m, 1).counted


def test_present_member_cannot_have_a_substitute(record: Record, board: dict[str, str]) -> None:
    m = board["meeting"]
    record.prefill_attendance(m)
    with pytest.raises(ValidationError, match="present"):
        record.save(Attendance(meeting_id=m, person_id=board["deputy"], status="substitute",
                               substitute_for_id=board["dph"]))


def test_approved_minutes_lock_and_amend(record: Record, board: dict[str, str]) -> None:
    m = board["meeting"]
    item_id = record.add_item(AgendaItem(meeting_id=m, title="Plan", kind="plan_signoff", minute_text="Old"))
    later = record.save(Meeting(board_id=board["board"], starts_at="2016-04-12T14:00", status="held"))
    record.approve_minutes(m, later)
    item = record.get(AgendaItem, item_id)
    item.minute_text = "New"
    with pytest.raises(ValidationError, match="locked"):
        record.save(item)
    record.amend_minutes(item_id, "minute_text", "New", "Typo in the name of the trust")
    assert record.get(AgendaItem, item_id).minute_text == "New"
    assert record.store.integrity_problems() == []
