"""The domain rules: fields, dates, attendance, substitutes, quorum, referrals, locked minutes, the agenda."""

import hashlib
import json
import tempfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stp_desk.domain import vocab
from stp_desk.domain.dates import long_date
from stp_desk.domain.entities import (
    BASIS_REG_23_9,
    BASIS_SCHEDULE_10A,
    Action,
    AgendaItem,
    Amendment,
    Attendance,
    Board,
    Engagement,
    FinancialGap,
    Footprint,
    Interest,
    Meeting,
    Membership,
    Person,
    Publication,
    PublicQuestion,
    Referral,
    Seat,
    SeatSubstitute,
    SignOff,
    parse_date,
    parse_datetime,
    statutory_basis,
)
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError, ValidationError

LOCKED = "approved and locked"


# -- dates ----------------------------------------------------------------------------------------------------------


@settings(max_examples=500)
@given(st.text(max_size=14) | st.from_regex(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", fullmatch=True))
def test_a_date_is_either_refused_or_exactly_a_real_iso_date(text: str) -> None:
    try:
        parsed = parse_date("held_on", text)
    except ValidationError as e:
        assert e.field == "held_on"
        assert "YYYY-MM-DD" in e.message or "required" in e.message
    else:
        assert parsed is not None and parsed.isoformat() == text


@given(st.dates())
def test_every_real_date_is_accepted(day: date) -> None:
    assert parse_date("held_on", day.isoformat()) == day


@pytest.mark.parametrize("text", ["2023-02-29", "2016-13-01", "2016-04-31", "2016-00-10", "12/03/2016",
                                  "12 March 2016", "2016-3-12", "20160312", "2016-W10-6", "2016-03-12T10:00",
                                  " 2016-03-12", "2016-03-12\n"])
def test_dates_that_do_not_exist_or_are_not_iso_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="real date"):
        parse_date("held_on", text)


def test_leap_days_and_missing_dates() -> None:
    assert parse_date("held_on", "2024-02-29") == date(2024, 2, 29)
    assert parse_date("end_date", None, required=False) is None
    assert parse_date("end_date", "", required=False) is None
    with pytest.raises(ValidationError, match="required"):
        parse_date("held_on", "")


@pytest.mark.parametrize("text", ["2016-03-12T14:00", "2016-03-12 14:00", "2016-03-12T14:00:30"])
def test_meeting_times_that_are_accepted(text: str) -> None:
    assert parse_datetime("starts_at", text).hour == 14


@pytest.mark.parametrize("text", ["2016-02-30T14:00", "2016-03-12T25:00", "20160312T1400", "2016-03-12T14:00+01:00",
                                  "2016-03-12", "12/03/2016 14:00", "tomorrow"])
def test_meeting_times_that_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="real date and time"):
        parse_datetime("starts_at", text)


@settings(max_examples=300)
@given(st.text(max_size=20))
def test_a_meeting_time_is_either_refused_or_sorts_as_text(text: str) -> None:
    try:
        parsed = parse_datetime("starts_at", text)
    except ValidationError:
        return
    assert text[:10] == parsed.date().isoformat() and text[11:16] == f"{parsed:%H:%M}"


# -- required fields and vocabularies -------------------------------------------------------------------------------

VALID = [
    Footprint(name="Cheshire and Merseyside"),
    Board(footprint_id="F", name="Wirral HWB"),
    Person(name="Cllr Ann Leader", kind="elected_member"),
    Seat(board_id="B", title="Leader", partner="Council"),
    Membership(seat_id="S", person_id="P", start_date="2016-01-01"),
    SeatSubstitute(seat_id="S", person_id="P"),
    Meeting(board_id="B", starts_at="2016-03-12T14:00"),
    AgendaItem(meeting_id="M", title="STP update"),
    Attendance(meeting_id="M", person_id="P"),
    Interest(item_id="I", person_id="P", nature="Employed by the trust"),
    Amendment(item_id="I", field="title", reason="Typo"),
    SignOff(meeting_id="M", document_title="STP", version="1.0"),
    Referral(committee_id="H", subject="Maternity", referred_on="2016-05-01", statutory_basis=BASIS_REG_23_9),
    PublicQuestion(meeting_id="M", asked_by="A resident", question="Why?"),
    Engagement(footprint_id="F", forum="Cabinet", held_on="2016-02-01", topics="The plan"),
    Publication(footprint_id="F", title="Summary", published_on="2016-10-21", url="https://example.gov.uk"),
    FinancialGap(footprint_id="F", period="2016/17", component="nhs", amount=1000, source="STP submission"),
    Action(description="Write to the trust"),
]

MISSING = [(type(e), f) for e in VALID for f in {
    "Footprint": ["name"], "Board": ["footprint_id", "name"], "Person": ["name"],
    "Seat": ["board_id", "title", "partner"], "Membership": ["seat_id", "person_id", "start_date"],
    "SeatSubstitute": ["seat_id", "person_id"], "Meeting": ["board_id", "starts_at"],
    "AgendaItem": ["meeting_id", "title"], "Attendance": ["meeting_id", "person_id"],
    "Interest": ["item_id", "person_id", "nature"], "Amendment": ["reason"],
    "SignOff": ["meeting_id", "document_title", "version"], "Referral": ["committee_id", "subject", "referred_on"],
    "PublicQuestion": ["meeting_id", "asked_by", "question"],
    "Engagement": ["footprint_id", "forum", "held_on", "topics"],
    "Publication": ["footprint_id", "title", "published_on"],
    "FinancialGap": ["footprint_id", "period", "source"], "Action": ["description"],
}[type(e).__name__]]


@pytest.mark.parametrize("entity", VALID, ids=lambda e: type(e).__name__)
def test_valid_entities_pass(entity) -> None:
    entity.validate()


@pytest.mark.parametrize(("cls", "name"), MISSING, ids=lambda v: v if isinstance(v, str) else v.__name__)
@pytest.mark.parametrize("blank", ["", "   "])
def test_required_fields_are_named_when_missing(cls, name: str, blank: str) -> None:
    entity = replace(next(e for e in VALID if type(e) is cls), **{name: blank})
    with pytest.raises(ValidationError) as caught:
        entity.validate()
    assert caught.value.field == name
    assert "required" in caught.value.message or "real date" in caught.value.message


@pytest.mark.parametrize(("entity", "field"), [
    (Board(footprint_id="F", name="X", kind="parish"), "kind"),
    (Board(footprint_id="F", name="X", quorum_count=-1), "quorum_count"),
    (Person(name="X", kind="wizard"), "kind"),
    (Person(name="X", email="not an address"), "email"),
    (Membership(seat_id="S", person_id="P", start_date="2016-01-01", end_date="2015-12-31"), "end_date"),
    (Membership(seat_id="S", person_id="P", start_date="2016-01-01", position="king"), "position"),
    (Meeting(board_id="B", starts_at="2016-03-12T14:00", status="postponed"), "status"),
    (Meeting(board_id="B", starts_at="2016-03-12T14:00", session="secret"), "session"),
    (AgendaItem(meeting_id="M", title="X", kind="gossip"), "kind"),
    (Attendance(meeting_id="M", person_id="P", status="asleep"), "status"),
    (SignOff(meeting_id="M", document_title="X", version="1", decision="approved_with_conditions"), "conditions"),
    (SignOff(meeting_id="M", document_title="X", version="1", sha256="abc"), "sha256"),
    (SignOff(meeting_id="M", document_title="X", version="1", sha256="G" * 64), "sha256"),
    (Publication(footprint_id="F", title="X", published_on="2016-01-01", url="www.example.com"), "url"),
    (FinancialGap(footprint_id="F", period="2016/17", component="defence", source="X"), "component"),
    (FinancialGap(footprint_id="F", period="2016/17", amount=1.5, source="X"), "amount"),
    (Action(description="X", status="forgotten"), "status"),
    (Action(description="X", due="31/12/2016"), "due"),
    (PublicQuestion(meeting_id="M", asked_by="X", question="Y", answered_on="2016-02-30"), "answered_on"),
])
def test_values_outside_the_rules_are_refused(entity, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        entity.validate()
    assert caught.value.field == field


@pytest.mark.parametrize("paragraph", sorted(vocab.SCHEDULE_12A))
def test_an_exempt_item_carries_a_schedule_12a_paragraph(paragraph: int) -> None:
    AgendaItem(meeting_id="M", title="Contract", exempt=True, exempt_paragraph=paragraph).validate()


@pytest.mark.parametrize("paragraph", [None, 0, 8, -1, "3"])
def test_an_exempt_item_without_a_real_paragraph_is_refused(paragraph) -> None:
    with pytest.raises(ValidationError, match="Schedule 12A") as caught:
        AgendaItem(meeting_id="M", title="Contract", exempt=True, exempt_paragraph=paragraph).validate()
    assert caught.value.field == "exempt_paragraph"


def test_only_an_exempt_item_carries_a_paragraph() -> None:
    with pytest.raises(ValidationError, match="Only an exempt item"):
        AgendaItem(meeting_id="M", title="Open", exempt=False, exempt_paragraph=3).validate()


# -- a board to work on ---------------------------------------------------------------------------------------------


@pytest.fixture
def hwb(record: Record) -> dict[str, str]:
    """A board of three seats; the DPH's seat names one substitute; a HOSC; a meeting on 12 March 2016."""
    fp = record.save(Footprint(name="Cheshire and Merseyside"))
    ids = {"footprint": fp}
    ids["board"] = record.save(Board(footprint_id=fp, name="Wirral HWB", kind="hwb", quorum_count=2,
                                     quorum_roles=["elected_member", vocab.DPH]))
    ids["other_board"] = record.save(Board(footprint_id=fp, name="Cheshire HWB", kind="hwb"))
    ids["hosc"] = record.save(Board(footprint_id=fp, name="Wirral HOSC", kind="hosc"))
    for key, name, kind, roles, start, end in [
        ("leader", "Cllr Ann Leader", "elected_member", [vocab.COUNCIL_LEADER], "2016-01-01", None),
        ("dph", "Dr Pat Health", "council_officer", [vocab.DPH], "2016-03-12", None),
        ("nhs", "Sam Trust", "nhs", [], "2015-01-01", "2016-03-12"),
        ("gone", "Lee Former", "nhs", [], "2015-01-01", "2016-03-11"),
        ("future", "Kim Future", "voluntary", [], "2016-03-13", None),
    ]:
        ids[key] = record.save(Person(name=name, kind=kind, roles=roles))
        ids[f"{key}_ms"] = record.add_member(Seat(board_id=ids["board"], title=name, partner="Council"),
                                             Membership(person_id=ids[key], start_date=start, end_date=end))
    ids["dph_seat"] = record.get(Membership, ids["dph_ms"]).seat_id
    ids["elsewhere"] = record.save(Person(name="Cllr Other Board", kind="elected_member"))
    record.add_member(Seat(board_id=ids["other_board"], title="Member", partner="Council"),
                      Membership(person_id=ids["elsewhere"], start_date="2010-01-01"))
    for key, name in [("deputy", "Jo Deputy"), ("visitor", "Ray Visitor"), ("named", "Nat Named")]:
        ids[key] = record.save(Person(name=name, kind="council_officer"))
    ids["meeting"] = record.save(Meeting(board_id=ids["board"], starts_at="2016-03-12T14:00", status="held"))
    ids["later"] = record.save(Meeting(board_id=ids["board"], starts_at="2016-04-12T14:00", status="held"))
    return ids


def _attend(record: Record, ids: dict[str, str], who: str, status: str = "present", **kw) -> str:
    return record.save(Attendance(meeting_id=ids["meeting"], person_id=ids[who], status=status, **kw))


def test_every_save_appends_one_audit_entry_by_the_clerk(record: Record, hwb: dict[str, str]) -> None:
    before = record.store.count("audit")
    item = record.add_item(AgendaItem(meeting_id=hwb["meeting"], title="STP update"))
    entries = record.store.rows("audit", order_by="seq")[before:]
    assert [(e["who"], e["entity"], e["entity_id"]) for e in entries] == [("Test Clerk", "agenda_items", item)]
    assert json.loads(entries[0]["after"])["title"] == "STP update"


def test_a_refused_save_changes_nothing(record: Record, hwb: dict[str, str]) -> None:
    counts = (record.store.count("attendance"), record.store.count("audit"))
    with pytest.raises(ValidationError):
        _attend(record, hwb, "visitor")
    with pytest.raises(ValidationError):
        record.save(AgendaItem(meeting_id=hwb["meeting"], title=""))
    assert (record.store.count("attendance"), record.store.count("audit")) == counts


# -- attendance -----------------------------------------------------------------------------------------------------


def test_a_person_is_not_both_present_and_sending_apologies(record: Record, hwb: dict[str, str]) -> None:
    _attend(record, hwb, "leader")
    with pytest.raises(KnownError, match="already"):
        _attend(record, hwb, "leader", "apologies", reason="Ill")
    assert [a.status for a in record.find(Attendance, meeting_id=hwb["meeting"])] == ["present"]
    with pytest.raises(ValidationError, match="apologies or absent"):
        Attendance(meeting_id="M", person_id="P", status="apologies", arrived_at_item=2).validate()
    with pytest.raises(ValidationError, match="leave before arriving"):
        Attendance(meeting_id="M", person_id="P", arrived_at_item=3, left_after_item=2).validate()


@pytest.mark.parametrize(("who", "member"), [
    ("leader", True), ("dph", True), ("nhs", True),  # began before, began that day, ended that day
    ("gone", False), ("future", False), ("visitor", False), ("elsewhere", False),
])
def test_present_needs_a_membership_active_that_day(record: Record, hwb: dict[str, str], who: str, member: bool):
    if member:
        _attend(record, hwb, who)
    else:
        with pytest.raises(ValidationError, match="in attendance") as caught:
            _attend(record, hwb, who)
        assert caught.value.field == "status"
        _attend(record, hwb, who, "in_attendance")
    assert record.find(Attendance, meeting_id=hwb["meeting"], person_id=hwb[who])[0].status == (
        "present" if member else "in_attendance")


@pytest.mark.parametrize("who", ["leader", "dph", "nhs"])  # began before, began that day, ended that day
def test_a_member_is_not_recorded_in_attendance(record: Record, hwb: dict[str, str], who: str) -> None:
    counts = (record.store.count("attendance"), record.store.count("audit"))
    with pytest.raises(ValidationError) as caught:
        _attend(record, hwb, who, "in_attendance")
    assert caught.value.field == "status"
    assert "holds a seat on this board on 12 March 2016" in caught.value.message
    assert "present" in caught.value.message and "substitute" in caught.value.message
    assert (record.store.count("attendance"), record.store.count("audit")) == counts


def test_a_non_voting_member_is_not_in_attendance_either(record: Record, hwb: dict[str, str]) -> None:
    record.save(replace(record.get(Seat, hwb["dph_seat"]), voting=False))
    with pytest.raises(ValidationError, match="holds a seat"):
        _attend(record, hwb, "dph", "in_attendance")
    _attend(record, hwb, "dph")  # present, as a member without a vote


def test_changing_a_member_s_attendance_to_in_attendance_is_refused(record: Record, hwb: dict[str, str]) -> None:
    attendance = record.get(Attendance, _attend(record, hwb, "leader"))
    with pytest.raises(ValidationError, match="holds a seat"):
        record.save(replace(attendance, status="in_attendance"))
    assert record.get(Attendance, attendance.id or "") == attendance


def test_a_substitute_stands_in_for_the_holder_of_a_seat_on_that_board(record: Record, hwb: dict[str, str]) -> None:
    for absent in ("visitor", "gone", "elsewhere", "future"):
        with pytest.raises(ValidationError, match="holding a seat on this board"):
            _attend(record, hwb, "deputy", "substitute", substitute_for_id=hwb[absent])
    _attend(record, hwb, "leader", "apologies", reason="Leave")
    _attend(record, hwb, "deputy", "substitute", substitute_for_id=hwb["leader"])
    assert record.find(Attendance, person_id=hwb["deputy"])[0].substitute_for_id == hwb["leader"]


def test_a_substitute_needs_someone_to_stand_in_for(record: Record, hwb: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match="which member"):
        _attend(record, hwb, "deputy", "substitute")
    with pytest.raises(ValidationError, match="themselves"):
        Attendance(meeting_id="M", person_id="P", status="substitute", substitute_for_id="P").validate()
    with pytest.raises(ValidationError, match="Only a substitute"):
        _attend(record, hwb, "leader", "present", substitute_for_id=hwb["nhs"])


def test_only_a_named_substitute_when_the_seat_names_some(record: Record, hwb: dict[str, str]) -> None:
    record.save(SeatSubstitute(seat_id=hwb["dph_seat"], person_id=hwb["named"]))
    with pytest.raises(ValidationError, match="named substitute") as caught:
        _attend(record, hwb, "deputy", "substitute", substitute_for_id=hwb["dph"])
    assert caught.value.field == "person_id"
    _attend(record, hwb, "named", "substitute", substitute_for_id=hwb["dph"])
    _attend(record, hwb, "deputy", "substitute", substitute_for_id=hwb["nhs"])  # that seat names nobody


def test_no_substitute_for_a_member_who_is_present(record: Record, hwb: dict[str, str]) -> None:
    _attend(record, hwb, "leader")
    with pytest.raises(ValidationError, match="present"):
        _attend(record, hwb, "deputy", "substitute", substitute_for_id=hwb["leader"])


def test_a_member_with_a_substitute_cannot_then_be_present(record: Record, hwb: dict[str, str]) -> None:
    leader = _attend(record, hwb, "leader", "apologies", reason="Leave")
    _attend(record, hwb, "deputy", "substitute", substitute_for_id=hwb["leader"])
    with pytest.raises(ValidationError, match="substitute stands in"):
        record.save(replace(record.get(Attendance, leader), status="present", reason=None))


def test_one_substitute_per_absent_member(record: Record, hwb: dict[str, str]) -> None:
    _attend(record, hwb, "leader", "apologies", reason="Leave")
    _attend(record, hwb, "deputy", "substitute", substitute_for_id=hwb["leader"])
    with pytest.raises(ValidationError, match="already"):
        _attend(record, hwb, "visitor", "substitute", substitute_for_id=hwb["leader"])
    deputy = record.find(Attendance, person_id=hwb["deputy"])[0]
    record.save(replace(deputy, reason="Deputy for the leader"))  # changing the one substitute is fine


def test_prefill_lists_the_members_on_the_meeting_date(record: Record, hwb: dict[str, str]) -> None:
    assert record.prefill_attendance(hwb["meeting"]) == 3
    listed = {a.person_id: a.status for a in record.find(Attendance, meeting_id=hwb["meeting"])}
    assert listed == {hwb["leader"]: "present", hwb["dph"]: "present", hwb["nhs"]: "present"}
    assert record.prefill_attendance(hwb["meeting"]) == 0
    assert record.prefill_attendance(hwb["later"]) == 3  # a month on: the NHS member has gone, Kim has joined
    later = {a.person_id for a in record.find(Attendance, meeting_id=hwb["later"])}
    assert later == {hwb["leader"], hwb["dph"], hwb["future"]}


def test_prefill_keeps_what_the_clerk_already_recorded(record: Record, hwb: dict[str, str]) -> None:
    _attend(record, hwb, "leader", "apologies", reason="Leave")
    assert record.prefill_attendance(hwb["meeting"]) == 2
    assert record.find(Attendance, person_id=hwb["leader"])[0].status == "apologies"


def test_prefill_leaves_out_a_member_whose_substitute_is_recorded(record: Record, hwb: dict[str, str]) -> None:
    _attend(record, hwb, "deputy", "substitute", substitute_for_id=hwb["leader"])
    assert record.prefill_attendance(hwb["meeting"]) == 2
    assert record.find(Attendance, meeting_id=hwb["meeting"], person_id=hwb["leader"]) == []


# -- quorum ---------------------------------------------------------------------------------------------------------

ROLES = ["elected_member", "nhs", vocab.DPH, vocab.HWB_CHAIR]
STATUSES = ["present", "apologies", "absent", "in_attendance"]
KINDS = ["elected_member", "nhs", "council_officer", "healthwatch"]
TITLES = [vocab.DPH, vocab.HWB_CHAIR, vocab.DASS]
# How a membership stands on the meeting's date (12 March 2016) once the clerk has corrected it after the meeting:
# still open, ending that very day (still a member), or ended the day before (no longer a member that day).
ENDS = [None, "2016-03-12", "2016-03-11"]


@st.composite
def meetings(draw):
    """A meeting of people with voting and non-voting seats (or none), some memberships later found to have ended
    before it, some absent members with a substitute of their own kind and titles, and a quorum rule."""
    items = draw(st.integers(1, 5))
    people = []
    for n in range(draw(st.integers(1, 6))):
        status = draw(st.sampled_from(STATUSES))
        # "In attendance" is for people without a seat; everyone else holds one, voting or not.
        seat = None if status == "in_attendance" else draw(st.sampled_from(["voting", "non-voting"]))
        arrived = left = None
        if status in ("present", "in_attendance"):
            arrived = draw(st.none() | st.integers(1, items))
            left = draw(st.none() | st.integers(arrived or 1, items))
        people.append({
            "name": f"Member {n}",
            "kind": draw(st.sampled_from(KINDS)),
            "roles": draw(st.lists(st.sampled_from(TITLES), unique=True, max_size=2)),
            "status": status, "arrived": arrived, "left": left, "seat": seat,
            "ends": draw(st.sampled_from(ENDS)) if seat else None,
            "withdrew": draw(st.sets(st.integers(1, items))),
            "substitute": None,
        })
        if status in ("apologies", "absent") and draw(st.booleans()):
            sub_arrived = draw(st.none() | st.integers(1, items))
            people[-1]["substitute"] = {
                "name": f"Substitute {n}", "kind": draw(st.sampled_from(KINDS)),
                "roles": draw(st.lists(st.sampled_from(TITLES), unique=True, max_size=2)),
                "arrived": sub_arrived, "left": draw(st.none() | st.integers(sub_arrived or 1, items)),
                "withdrew": draw(st.sets(st.integers(1, items))),
            }
    rule = {"count": draw(st.integers(0, 7)), "roles": draw(st.lists(st.sampled_from(ROLES), unique=True, max_size=3))}
    return items, people, rule


def _oracle(item: int, people: list[dict], rule: dict) -> tuple[set[str], list[str], bool]:
    """Who counts, from first principles: in the room for the item, not withdrawn, and either a member present in a
    voting seat held that day or the substitute for one; the substitute meets the roles of the member replaced."""
    counted = []  # (who sits, whose kind and titles they bring)
    for p in people:
        voting_member = p["seat"] == "voting" and p["ends"] != "2016-03-11"
        for who, counts in [(p, p["status"] == "present"), (p["substitute"], p["substitute"] is not None)]:
            if (counts and voting_member and (who["arrived"] or 1) <= item <= (who["left"] or 99)
                    and item not in who["withdrew"]):
                counted.append((who, p))
    missing = [r for r in rule["roles"] if not any(r == m["kind"] or r in m["roles"] for _w, m in counted)]
    names = {w["name"] for w, _m in counted}
    return names, missing, len(names) >= rule["count"] and not missing


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meetings())
def test_quorum_per_item_agrees_with_a_simple_oracle(case) -> None:
    items, people, rule = case
    with tempfile.TemporaryDirectory() as folder:
        record = Record.open(Path(folder) / "q.stpdesk", create=True)
        try:
            fp = record.save(Footprint(name="F"))
            board = record.save(Board(footprint_id=fp, name="B", quorum_count=rule["count"],
                                      quorum_roles=rule["roles"]))
            meeting = record.save(Meeting(board_id=board, starts_at="2016-03-12T14:00", status="held"))
            item_ids = [record.add_item(AgendaItem(meeting_id=meeting, title=f"Item {n}")) for n in range(items)]
            for p in people:
                p["id"] = record.save(Person(name=p["name"], kind=p["kind"], roles=p["roles"]))
                if p["seat"]:
                    p["membership"] = record.add_member(
                        Seat(board_id=board, title=p["name"], partner="Council", voting=p["seat"] == "voting"),
                        Membership(person_id=p["id"], start_date="2016-01-01"))
                record.save(Attendance(meeting_id=meeting, person_id=p["id"], status=p["status"],
                                       arrived_at_item=p["arrived"], left_after_item=p["left"]))
            for p in people:
                sub = p["substitute"]
                if sub:
                    sub["id"] = record.save(Person(name=sub["name"], kind=sub["kind"], roles=sub["roles"]))
                    record.save(Attendance(meeting_id=meeting, person_id=sub["id"], status="substitute",
                                           substitute_for_id=p["id"], arrived_at_item=sub["arrived"],
                                           left_after_item=sub["left"]))
            for p in people:  # the clerk corrects memberships after the meeting was recorded
                if p["ends"]:
                    record.save(replace(record.get(Membership, p["membership"]), end_date=p["ends"]))
            for who in [*people, *(p["substitute"] for p in people if p["substitute"])]:
                for position in who["withdrew"]:
                    record.save(Interest(item_id=item_ids[position - 1], person_id=who["id"], nature="Employer",
                                         withdrew=True))
            for position in range(1, items + 1):
                q = record.quorum(meeting, position)
                names, missing, quorate = _oracle(position, people, rule)
                assert set(q.counted) == names and len(q.counted) == len(names)
                assert q.missing_roles == missing
                assert q.quorate == quorate
                assert q.required == rule["count"]
        finally:
            record.close()


def test_quorum_follows_arrivals_departures_and_withdrawal(record: Record, hwb: dict[str, str]) -> None:
    m = hwb["meeting"]
    for n in range(4):
        record.add_item(AgendaItem(meeting_id=m, title=f"Item {n + 1}"))
    _attend(record, hwb, "leader", arrived_at_item=2)
    _attend(record, hwb, "dph", left_after_item=3)
    _attend(record, hwb, "visitor", "in_attendance")  # never counts
    third = record.items(m)[2]
    record.save(Interest(item_id=third.id or "", person_id=hwb["leader"], nature="Governor", withdrew=True))
    record.save(Interest(item_id=third.id or "", person_id=hwb["dph"], nature="Spouse works there", withdrew=False))
    assert [record.quorum(m, n).quorate for n in (1, 2, 3, 4)] == [False, True, False, False]
    assert record.quorum(m, 1).missing_roles == ["elected_member"]
    assert record.quorum(m, 3).counted == ["Dr Pat Health"]
    assert record.quorum(m, 4).missing_roles == [vocab.DPH]


def test_a_non_voting_seat_does_not_count_towards_the_quorum(record: Record, hwb: dict[str, str]) -> None:
    m = hwb["meeting"]
    record.add_item(AgendaItem(meeting_id=m, title="STP update"))
    _attend(record, hwb, "leader")
    _attend(record, hwb, "dph")
    assert record.quorum(m, 1).quorate
    seat = record.get(Seat, record.get(Membership, hwb["leader_ms"]).seat_id)
    record.save(replace(seat, voting=False))  # the leader sits as an adviser: a member, but without a vote
    q = record.quorum(m, 1)
    assert q.counted == ["Dr Pat Health"]
    assert q.missing_roles == ["elected_member"] and not q.quorate


def test_the_quorum_reads_memberships_on_the_meeting_date(record: Record, hwb: dict[str, str]) -> None:
    """Recorded present while the membership looked open, the leader is found to have left the day before."""
    m = hwb["meeting"]
    record.add_item(AgendaItem(meeting_id=m, title="STP update"))
    _attend(record, hwb, "leader")
    _attend(record, hwb, "dph")
    _attend(record, hwb, "nhs")  # the NHS member's membership ends that very day: still a member
    assert set(record.quorum(m, 1).counted) == {"Cllr Ann Leader", "Dr Pat Health", "Sam Trust"}
    record.save(replace(record.get(Membership, hwb["leader_ms"]), end_date="2016-03-11"))
    q = record.quorum(m, 1)
    assert set(q.counted) == {"Dr Pat Health", "Sam Trust"} and q.missing_roles == ["elected_member"]


def test_a_substitute_meets_the_role_of_the_member_replaced(record: Record, hwb: dict[str, str]) -> None:
    m = hwb["meeting"]
    record.add_item(AgendaItem(meeting_id=m, title="STP update"))
    _attend(record, hwb, "leader")
    _attend(record, hwb, "dph", "apologies", reason="Leave")
    _attend(record, hwb, "deputy", "substitute", substitute_for_id=hwb["dph"])  # an officer, not a DPH
    q = record.quorum(m, 1)
    assert q.counted == ["Cllr Ann Leader", "Jo Deputy"] and q.missing_roles == [] and q.quorate


def test_a_substitute_brings_the_seat_s_roles_not_their_own(record: Record, hwb: dict[str, str]) -> None:
    """A councillor sitting in the NHS member's seat does not make up for the absent elected member."""
    m = hwb["meeting"]
    record.add_item(AgendaItem(meeting_id=m, title="STP update"))
    _attend(record, hwb, "leader", "apologies", reason="Leave")
    _attend(record, hwb, "dph")
    _attend(record, hwb, "nhs", "absent")
    _attend(record, hwb, "elsewhere", "substitute", substitute_for_id=hwb["nhs"])
    q = record.quorum(m, 1)
    assert q.counted == ["Dr Pat Health", "Cllr Other Board"]
    assert q.missing_roles == ["elected_member"] and not q.quorate


def test_a_substitute_for_a_non_voting_member_does_not_count(record: Record, hwb: dict[str, str]) -> None:
    m = hwb["meeting"]
    record.add_item(AgendaItem(meeting_id=m, title="STP update"))
    seat = record.get(Seat, hwb["dph_seat"])
    record.save(replace(seat, voting=False))
    _attend(record, hwb, "dph", "apologies", reason="Leave")
    _attend(record, hwb, "deputy", "substitute", substitute_for_id=hwb["dph"])
    _attend(record, hwb, "leader")
    q = record.quorum(m, 1)
    assert q.counted == ["Cllr Ann Leader"] and q.missing_roles == [vocab.DPH]


# -- referrals ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "basis"), [
    ("2016-05-01", BASIS_REG_23_9), ("2024-01-30", BASIS_REG_23_9),
    ("2024-01-31", BASIS_SCHEDULE_10A), ("2024-02-01", BASIS_SCHEDULE_10A), ("2030-01-01", BASIS_SCHEDULE_10A),
])
def test_statutory_basis_follows_the_date(record: Record, hwb: dict[str, str], day: str, basis: str) -> None:
    assert statutory_basis(date.fromisoformat(day)) == basis
    rid = record.raise_referral(Referral(committee_id=hwb["hosc"], subject="Stroke services", referred_on=day))
    assert record.get(Referral, rid).statutory_basis == basis
    other = BASIS_SCHEDULE_10A if basis == BASIS_REG_23_9 else BASIS_REG_23_9
    with pytest.raises(ValidationError, match="rests on") as caught:
        record.save(replace(record.get(Referral, rid), statutory_basis=other))
    assert caught.value.field == "statutory_basis"
    assert f"A referral made on {long_date(day)} rests on" in str(caught.value)  # 1 May 2016, not 01 May 2016


def test_changing_a_referrals_date_across_the_boundary_changes_its_basis(record: Record, hwb: dict[str, str]) -> None:
    rid = record.raise_referral(Referral(committee_id=hwb["hosc"], subject="Stroke", referred_on="2024-01-30"))
    record.raise_referral(replace(record.get(Referral, rid), referred_on="2024-01-31"))
    assert record.get(Referral, rid).statutory_basis == BASIS_SCHEDULE_10A
    assert record.store.count("referrals") == 1


def test_a_referral_goes_to_a_hosc_and_its_dates_make_sense(record: Record, hwb: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match="scrutiny committee"):
        record.raise_referral(Referral(committee_id=hwb["board"], subject="X", referred_on="2016-05-01"))
    with pytest.raises(ValidationError, match="due before"):
        record.raise_referral(Referral(committee_id=hwb["hosc"], subject="X", referred_on="2016-05-01",
                                       response_due="2016-04-30"))
    with pytest.raises(ValidationError, match="arrive before"):
        record.raise_referral(Referral(committee_id=hwb["hosc"], subject="X", referred_on="2016-05-01",
                                       response_received="2016-04-30"))
    with pytest.raises(ValidationError, match="real date"):
        record.raise_referral(Referral(committee_id=hwb["hosc"], subject="X", referred_on="2016-02-30"))
    assert record.store.count("referrals") == 0


def test_overdue_is_computed_from_due_date_and_response(record: Record, hwb: dict[str, str]) -> None:
    due = date(2016, 6, 1)
    rid = record.raise_referral(Referral(committee_id=hwb["hosc"], subject="Maternity", referred_on="2016-05-01",
                                         response_due=due.isoformat()))
    referral = record.get(Referral, rid)
    assert not referral.overdue(due)  # due today is not yet late
    assert referral.overdue(due + timedelta(days=1))
    assert [r.id for r in record.overdue_referrals(due + timedelta(days=1))] == [rid]
    assert not Referral(referred_on="2016-05-01").overdue(date(2030, 1, 1))  # nothing due, never overdue
    assert "overdue" not in record.store.columns("referrals")  # computed, never stored
    record.record_response(rid, "2016-06-10", "Trust to consult further")
    referral = record.get(Referral, rid)
    assert referral.status == "responded" and not referral.overdue(date(2030, 1, 1))
    assert record.overdue_referrals(date(2030, 1, 1)) == []


def test_a_blank_response_date_still_counts_as_no_response(record: Record, hwb: dict[str, str]) -> None:
    rid = record.raise_referral(Referral(committee_id=hwb["hosc"], subject="Maternity", referred_on="2016-05-01",
                                         response_due="2016-06-01", response_received=""))
    late = date(2016, 7, 1)
    assert record.get(Referral, rid).overdue(late)
    assert [r.id for r in record.overdue_referrals(late)] == [rid]


def test_overdue_actions(record: Record) -> None:
    open_id = record.save(Action(description="Write", due="2016-06-01"))
    record.save(Action(description="Done", due="2016-06-01", status="done"))
    record.save(Action(description="Someday"))
    assert [a.id for a in record.overdue_actions(date(2016, 6, 2))] == [open_id]
    assert record.overdue_actions(date(2016, 6, 1)) == []


# -- approved minutes -----------------------------------------------------------------------------------------------


@pytest.fixture
def approved(record: Record, hwb: dict[str, str]) -> dict[str, str]:
    m = hwb["meeting"]
    hwb["item"] = record.add_item(AgendaItem(meeting_id=m, title="Plan", kind="plan_signoff", minute_text="Old text",
                                             resolution="Endorsed"))
    hwb["aob"] = record.add_item(AgendaItem(meeting_id=m, title="Any other business"))
    hwb["att"] = _attend(record, hwb, "leader")
    _attend(record, hwb, "dph", "apologies", reason="Leave")
    record.approve_minutes(m, hwb["later"])
    return hwb


def test_approving_minutes_needs_a_later_meeting_of_the_same_board(record: Record, hwb: dict[str, str]) -> None:
    other = record.save(Meeting(board_id=hwb["other_board"], starts_at="2016-05-01T10:00", status="held"))
    earlier = record.save(Meeting(board_id=hwb["board"], starts_at="2016-01-12T10:00", status="held"))
    planned = record.save(Meeting(board_id=hwb["board"], starts_at="2016-01-01T10:00"))
    for at in (other, earlier, hwb["meeting"]):
        with pytest.raises(ValidationError, match="later meeting"):
            record.approve_minutes(hwb["meeting"], at)
    with pytest.raises(ValidationError, match="was held"):
        record.approve_minutes(planned, hwb["later"])
    with pytest.raises(ValidationError, match="Approve minutes"):
        record.save(replace(record.get(Meeting, hwb["meeting"]), minutes_status="approved"))
    record.approve_minutes(hwb["meeting"], hwb["later"])
    meeting = record.get(Meeting, hwb["meeting"])
    assert (meeting.minutes_status, meeting.minutes_approved_at) == ("approved", hwb["later"])


def test_the_meeting_that_approved_minutes_is_refused_a_change_on_the_field_changed(
        record: Record, approved: dict[str, str]) -> None:
    """The minutes of the 12 March meeting were approved at the 12 April one: the April meeting cannot be
    cancelled, moved to another board or to a day before March's. Each refusal names the field the clerk changed (shown
    beside it on the meeting's form) and the minutes that hold it there."""
    later = record.get(Meeting, approved["later"])
    for changed, field_name in ((replace(later, status="cancelled"), "status"),
                                (replace(later, board_id=approved["other_board"]), "board_id"),
                                (replace(later, starts_at="2016-01-05T10:00"), "starts_at")):
        with pytest.raises(ValidationError, match="12 March 2016 were approved at this meeting") as refused:
            record.save(changed)
        assert refused.value.field == field_name, (field_name, refused.value.field)


def test_approved_minutes_refuse_edits(record: Record, approved: dict[str, str]) -> None:
    item = record.get(AgendaItem, approved["item"])
    for change in ({"minute_text": "New"}, {"title": "New"}, {"resolution": "Rejected"}, {"exempt": True,
                                                                                        "exempt_paragraph": 3}):
        with pytest.raises(ValidationError, match=LOCKED):
            record.save(replace(item, **change))
    with pytest.raises(ValidationError, match=LOCKED):
        record.add_item(AgendaItem(meeting_id=approved["meeting"], title="Late item"))
    with pytest.raises(ValidationError, match="cannot return to draft"):
        record.save(replace(record.get(Meeting, approved["meeting"]), minutes_status="draft"))
    assert record.get(AgendaItem, approved["item"]) == item


def test_approved_minutes_refuse_deletes(record: Record, approved: dict[str, str]) -> None:
    audit_count = record.store.count("audit")
    with pytest.raises(ValidationError, match=LOCKED):
        record.delete(AgendaItem, approved["item"])
    with pytest.raises(ValidationError, match=LOCKED):
        record.delete(Attendance, approved["att"])
    with pytest.raises(ValidationError, match=LOCKED):
        record.delete(Meeting, approved["meeting"])
    assert record.store.count("agenda_items") == 2 and record.store.count("attendance") == 2
    assert record.store.count("audit") == audit_count


def test_approved_minutes_refuse_attendance_changes(record: Record, approved: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match=LOCKED):
        record.save(replace(record.get(Attendance, approved["att"]), left_after_item=1))
    with pytest.raises(ValidationError, match=LOCKED):
        _attend(record, approved, "nhs")
    with pytest.raises(ValidationError, match=LOCKED):
        record.prefill_attendance(approved["meeting"])
    with pytest.raises(ValidationError, match=LOCKED):
        record.save(Interest(item_id=approved["item"], person_id=approved["leader"], nature="Governor"))
    assert record.store.count("attendance") == 2


def test_approved_meeting_details_are_locked_too(record: Record, approved: dict[str, str]) -> None:
    meeting = record.get(Meeting, approved["meeting"])
    for change in ({"venue": "Elsewhere"}, {"starts_at": "2016-03-13T14:00"}, {"status": "cancelled"},
                   {"minutes_approved_at": None}):
        with pytest.raises(ValidationError):
            record.save(replace(meeting, **change))
    assert record.get(Meeting, approved["meeting"]) == meeting


def test_an_amendment_corrects_approved_minutes_with_its_reason(record: Record, approved: dict[str, str]) -> None:
    before = record.store.count("audit")
    record.amend_minutes(approved["item"], "minute_text", "New text", "The trust's name was misspelt")
    assert record.get(AgendaItem, approved["item"]).minute_text == "New text"
    (amendment,) = record.find(Amendment, item_id=approved["item"])
    assert (amendment.field, amendment.before, amendment.after, amendment.reason) == (
        "minute_text", "Old text", "New text", "The trust's name was misspelt")
    entries = record.store.rows("audit", order_by="seq")[before:]
    assert {e["action"] for e in entries} == {"amend approved minutes"}
    assert {e["entity"] for e in entries} == {"amendments", "agenda_items"}
    item_entry = next(e for e in entries if e["entity"] == "agenda_items")
    assert json.loads(item_entry["before"])["minute_text"] == "Old text"
    assert json.loads(item_entry["after"])["minute_text"] == "New text"
    assert record.store.integrity_problems() == []


def test_an_amendment_needs_a_reason_and_an_amendable_field(record: Record, approved: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match="required"):
        record.amend_minutes(approved["item"], "minute_text", "New", "  ")
    with pytest.raises(ValidationError, match="title, minute text or resolution"):
        record.amend_minutes(approved["item"], "exempt", "1", "Reason")
    assert record.get(AgendaItem, approved["item"]).minute_text == "Old text"
    assert record.store.count("amendments") == 0


# -- the agenda -----------------------------------------------------------------------------------------------------


def test_items_are_added_at_the_end_and_moved_with_renumbering(record: Record, hwb: dict[str, str]) -> None:
    m = hwb["meeting"]
    ids = [record.add_item(AgendaItem(meeting_id=m, title=t)) for t in "ABCD"]
    assert [(i.position, i.title) for i in record.items(m)] == [(1, "A"), (2, "B"), (3, "C"), (4, "D")]
    record.move_item(ids[3], 1)
    assert [(i.position, i.title) for i in record.items(m)] == [(1, "D"), (2, "A"), (3, "B"), (4, "C")]
    record.move_item(ids[3], 99)
    assert [i.title for i in record.items(m)] == list("ABCD")
    record.move_item(ids[0], 3)
    assert [(i.position, i.title) for i in record.items(m)] == [(1, "B"), (2, "C"), (3, "A"), (4, "D")]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 6), st.lists(st.tuples(st.integers(0, 5), st.integers(-2, 8)), max_size=8))
def test_moves_keep_the_agenda_a_permutation_of_1_to_n(count: int, moves: list[tuple[int, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        record = Record.open(Path(folder) / "a.stpdesk", create=True)
        try:
            fp = record.save(Footprint(name="F"))
            board = record.save(Board(footprint_id=fp, name="B"))
            m = record.save(Meeting(board_id=board, starts_at="2016-03-12T14:00"))
            model = [record.add_item(AgendaItem(meeting_id=m, title=f"Item {n}")) for n in range(count)]
            for which, to in moves:
                item_id = model[which % count]
                record.move_item(item_id, to)
                model.remove(item_id)
                model.insert(max(0, min(to - 1, len(model))), item_id)
                items = record.items(m)
                assert [i.position for i in items] == list(range(1, count + 1))
                assert [i.id for i in items] == model
            assert record.store.integrity_problems() == []
        finally:
            record.close()


def test_moving_an_item_of_approved_minutes_is_refused(record: Record, approved: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match=LOCKED):
        record.move_item(approved["aob"], 1)
    assert [i.id for i in record.items(approved["meeting"])] == [approved["item"], approved["aob"]]


def test_deleting_an_item_renumbers_the_rest_in_one_audited_change(record: Record, hwb: dict[str, str]) -> None:
    m = hwb["meeting"]
    ids = [record.add_item(AgendaItem(meeting_id=m, title=t)) for t in "ABCD"]
    other = record.add_item(AgendaItem(meeting_id=hwb["later"], title="Elsewhere"))
    before = record.store.count("audit")
    record.delete(AgendaItem, ids[1])
    assert [(i.position, i.title) for i in record.items(m)] == [(1, "A"), (2, "C"), (3, "D")]
    assert record.get(AgendaItem, other).position == 1  # another meeting's agenda is left alone
    entries = record.store.rows("audit", order_by="seq")[before:]
    assert {e["action"] for e in entries} == {"delete agenda item"}
    assert {e["at"] for e in entries} == {entries[0]["at"]}  # one transaction
    assert [(e["entity_id"], e["before"] and json.loads(e["before"])["position"],
             e["after"] and json.loads(e["after"])["position"]) for e in entries] == [
        (ids[1], 2, None), (ids[2], 3, 2), (ids[3], 4, 3)]


def test_deleting_the_last_item_renumbers_nothing(record: Record, hwb: dict[str, str]) -> None:
    ids = [record.add_item(AgendaItem(meeting_id=hwb["meeting"], title=t)) for t in "AB"]
    before = record.store.count("audit")
    record.delete(AgendaItem, ids[1])
    assert record.store.count("audit") == before + 1
    assert [(i.position, i.title) for i in record.items(hwb["meeting"])] == [(1, "A")]


def test_a_refused_delete_renumbers_nothing(record: Record, hwb: dict[str, str]) -> None:
    """An item a sign-off refers to cannot go; the whole change, renumbering included, is rolled back."""
    m = hwb["meeting"]
    ids = [record.add_item(AgendaItem(meeting_id=m, title=t)) for t in "ABC"]
    record.save(SignOff(meeting_id=m, item_id=ids[0], document_title="STP", version="1.0"))
    before = (record.store.count("audit"), [(i.id, i.position) for i in record.items(m)])
    with pytest.raises(KnownError, match="refer"):
        record.delete(AgendaItem, ids[0])
    assert (record.store.count("audit"), [(i.id, i.position) for i in record.items(m)]) == before


def test_an_agenda_left_with_gaps_is_closed_up_by_the_next_delete(record: Record, hwb: dict[str, str]) -> None:
    """Records written before deletes renumbered may hold gaps; the next delete numbers the agenda 1..n."""
    m = hwb["meeting"]
    for position, title in [(1, "A"), (3, "B"), (4, "C"), (7, "D")]:
        record.save(AgendaItem(meeting_id=m, position=position, title=title))
    record.delete(AgendaItem, record.items(m)[2].id or "")
    assert [(i.position, i.title) for i in record.items(m)] == [(1, "A"), (2, "B"), (3, "D")]


def test_deleting_an_item_of_approved_minutes_is_still_refused(record: Record, approved: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match=LOCKED):
        record.delete(AgendaItem, approved["item"])
    assert [(i.id, i.position) for i in record.items(approved["meeting"])] == [
        (approved["item"], 1), (approved["aob"], 2)]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.tuples(st.just("add"), st.integers(0, 0)),
                          st.tuples(st.just("delete"), st.integers(0, 9)),
                          st.tuples(st.just("move"), st.integers(0, 9), st.integers(-2, 12))), max_size=14))
def test_adds_moves_and_deletes_keep_the_agenda_numbered_1_to_n(operations: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        record = Record.open(Path(folder) / "a.stpdesk", create=True)
        try:
            fp = record.save(Footprint(name="F"))
            board = record.save(Board(footprint_id=fp, name="B"))
            m = record.save(Meeting(board_id=board, starts_at="2016-03-12T14:00"))
            model: list[str] = [record.add_item(AgendaItem(meeting_id=m, title="First"))]
            for op in operations:
                if op[0] == "add":
                    model.append(record.add_item(AgendaItem(meeting_id=m, title=f"Item {len(model)}")))
                elif model and op[0] == "delete":
                    item_id = model.pop(op[1] % len(model))
                    record.delete(AgendaItem, item_id)
                elif model:
                    item_id = model[op[1] % len(model)]
                    record.move_item(item_id, op[2])
                    model.remove(item_id)
                    model.insert(max(0, min(op[2] - 1, len(model))), item_id)
                items = record.items(m)
                assert [i.position for i in items] == list(range(1, len(model) + 1))
                assert [i.id for i in items] == model
            assert record.store.integrity_problems() == []
        finally:
            record.close()


# -- sign-off -------------------------------------------------------------------------------------------------------


def test_sign_off_with_a_real_file_records_its_sha256(record: Record, hwb: dict[str, str], tmp_path: Path) -> None:
    document = tmp_path / "STP plan v1.2.pdf"
    document.write_bytes(b"%PDF-1.4 the plan " * 100_000)
    item = record.add_item(AgendaItem(meeting_id=hwb["meeting"], title="Plan", kind="plan_signoff"))
    sid = record.record_signoff(SignOff(meeting_id=hwb["meeting"], item_id=item, document_title="STP plan",
                                        version="1.2", signatory="Cllr Ann Leader"), document)
    assert record.get(SignOff, sid).sha256 == hashlib.sha256(document.read_bytes()).hexdigest()


def test_sign_off_of_a_missing_file_is_refused_plainly(record: Record, hwb: dict[str, str], tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot be read"):
        record.record_signoff(SignOff(meeting_id=hwb["meeting"], document_title="STP plan", version="1"),
                              tmp_path / "missing.pdf")
    assert record.store.count("signoffs") == 0


def test_the_item_signed_off_belongs_to_the_meeting(record: Record, hwb: dict[str, str]) -> None:
    item = record.add_item(AgendaItem(meeting_id=hwb["later"], title="Plan"))
    with pytest.raises(ValidationError, match="same meeting"):
        record.record_signoff(SignOff(meeting_id=hwb["meeting"], item_id=item, document_title="STP", version="1"))


def test_find_in_groups_every_key_in_order_however_many_keys(record: Record) -> None:
    """`find_in` reads many keys' rows in statements of IN_LIMIT keys: every key given is in the answer (an empty
    list for one with no rows), each group in `find`'s order, across the chunks' seams, and in one statement per
    chunk, not one per key."""
    from stp_desk.domain.entities import AgendaItem
    from stp_desk.store.db import IN_LIMIT

    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    meetings = [record.save(Meeting(board_id=board, starts_at=f"2025-01-01T10:{i % 60:02d}", status="held"))
                for i in range(IN_LIMIT + 3)]
    for meeting in (meetings[0], meetings[IN_LIMIT - 1], meetings[IN_LIMIT], meetings[-1]):
        for title in ("Welcome", "Better Care Fund", "Any other business"):
            record.add_item(AgendaItem(meeting_id=meeting, title=title))
    keys = [*meetings, "no-such-meeting"]
    statements: list[str] = []
    record.store.conn.set_trace_callback(statements.append)
    grouped = record.find_in(AgendaItem, "meeting_id", keys, "position")
    record.store.conn.set_trace_callback(None)
    assert list(grouped) == keys
    assert grouped == {key: record.find(AgendaItem, order_by="position", meeting_id=key) for key in keys}
    assert sum(len(items) for items in grouped.values()) == 12
    assert len([s for s in statements if s.startswith("SELECT")]) == 2
