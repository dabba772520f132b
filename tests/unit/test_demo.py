"""The demo records: the small one shows every part of the record; the large one is big enough to prove speed."""

import time
from datetime import date
from pathlib import Path

import pytest

from stp_desk.demo import make_demo
from stp_desk.domain import vocab
from stp_desk.domain.entities import (
    REFERRAL_POWER_REMOVED,
    Action,
    AgendaItem,
    Attendance,
    Board,
    Engagement,
    EngagementPerson,
    FinancialGap,
    Footprint,
    Interest,
    Meeting,
    Membership,
    Person,
    Publication,
    Referral,
    Seat,
    SignOff,
    statutory_basis,
)
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError
from stp_desk.interop import dump
from stp_desk.store import Store
from tests.unit.conftest import DEMO_TODAY

TODAY = DEMO_TODAY




def test_one_footprint_with_two_hwbs_a_joint_committee_and_a_hosc(demo: Record) -> None:
    assert len(demo.find(Footprint)) == 1
    kinds = sorted(b.kind for b in demo.find(Board))
    assert kinds == ["hosc", "hwb", "hwb", "joint_hwb_committee"]


def test_two_years_of_meetings_and_some_to_come(demo: Record) -> None:
    meetings = demo.find(Meeting)
    past = [m for m in meetings if "2024-01-01" <= m.starts_at <= "2025-12-31T23:59"]
    future = [m for m in meetings if m.day > TODAY]
    assert len(past) >= 30
    assert {m.starts_at[:4] for m in past} == {"2024", "2025"}
    assert future and all(m.status == "scheduled" for m in future)
    assert {m.status for m in past} == {"held", "cancelled"}


@pytest.mark.parametrize("today", [date(2026, 12, 3), date(2026, 3, 10)])  # weeks ahead on Christmas, Easter
def test_no_meeting_is_on_a_weekend_or_a_bank_holiday(tmp_path: Path, today: date) -> None:
    """The demo's meetings to come are set some weeks from the day it is made: boards meet on working days, so a
    meeting that would fall on Christmas Day or Easter Monday is on the next working day."""
    from stp_desk.domain.deadlines import is_clear_day

    path = tmp_path / "demo.stpdesk"
    make_demo(path, today=today)
    with Record.open(path) as record:
        days = sorted({m.day for m in record.find(Meeting) if m.day > today})
    assert days and [d for d in days if not is_clear_day(d)] == []


@pytest.mark.parametrize("today", [date(2026, 12, 4), date(2027, 12, 3), date(2026, 12, 10)])
def test_no_board_meets_between_christmas_and_new_year_and_the_boards_keep_apart(tmp_path: Path, today: date) -> None:
    """Councils close between Christmas and New Year: a demo made in early December put every board's next
    meeting on the first working day after Christmas (29 December 2026, four boards on one day). A meeting that
    would fall in that week is held in January instead, each board still on a day of its own."""
    path = tmp_path / "demo.stpdesk"
    make_demo(path, today=today)
    with Record.open(path) as record:
        coming = [m for m in record.find(Meeting) if m.day > today]
    assert coming
    assert [m.day for m in coming if (m.day.month, m.day.day) >= (12, 24) or (m.day.month, m.day.day) == (1, 1)] == []
    by_day: dict[date, set[str]] = {}
    for meeting in coming:
        by_day.setdefault(meeting.day, set()).add(meeting.board_id)
    assert max(len(boards) for boards in by_day.values()) <= 2, by_day


def test_members_include_the_roles_the_expectations_ask_for(demo: Record) -> None:
    members = {m.person_id for m in demo.find(Membership)}
    people = [p for p in demo.find(Person) if p.id in members]
    roles = {r for p in people for r in p.roles}
    assert {vocab.COUNCIL_LEADER, vocab.CABINET_LEAD, vocab.HWB_CHAIR, vocab.DPH, vocab.DASS} <= roles
    assert {"healthwatch", "nhs", "elected_member", "council_officer"} <= {p.kind for p in people}
    assert all(s.partner for s in demo.find(Seat))


def test_apologies_with_substitutes_standing_in_for_absent_members(demo: Record) -> None:
    attendance = demo.find(Attendance)
    substitutes = [a for a in attendance if a.status == "substitute"]
    assert substitutes
    assert any(a.status == "apologies" and a.reason for a in attendance)
    assert any(a.status == "in_attendance" for a in attendance)
    for sub in substitutes:
        absent = demo.find(Attendance, meeting_id=sub.meeting_id, person_id=sub.substitute_for_id)
        assert absent[0].status == "apologies"


def test_items_with_minutes_resolutions_and_exempt_paragraphs(demo: Record) -> None:
    items = demo.find(AgendaItem)
    assert all(i.minute_text for i in items)
    assert sum(1 for i in items if i.resolution) > len(items) // 3
    exempt = [i for i in items if i.exempt]
    assert exempt and all(i.exempt_paragraph in vocab.SCHEDULE_12A for i in exempt)
    assert {"stp_update", "plan_signoff", "scrutiny", "decision", "information"} == {i.kind for i in items}
    assert demo.find(Interest)
    assert any(d.withdrew for d in demo.find(Interest))


def test_minutes_approved_at_the_next_meeting_of_the_board(demo: Record) -> None:
    approved = [m for m in demo.find(Meeting) if m.minutes_status == "approved"]
    assert len(approved) >= 20
    for meeting in approved:
        at = demo.get(Meeting, meeting.minutes_approved_at or "")
        assert at.board_id == meeting.board_id and at.starts_at > meeting.starts_at
    assert any(m.status == "held" and m.minutes_status == "draft" for m in demo.find(Meeting))


def test_signoffs_referrals_engagements_publication_gaps_and_actions(demo: Record) -> None:
    signoffs = demo.find(SignOff)
    assert {"approved", "approved_with_conditions", "deferred"} <= {s.decision for s in signoffs}
    referrals = demo.find(Referral)
    assert any(date.fromisoformat(r.referred_on) < REFERRAL_POWER_REMOVED for r in referrals)
    assert any(date.fromisoformat(r.referred_on) >= REFERRAL_POWER_REMOVED for r in referrals)
    assert all(r.statutory_basis == statutory_basis(date.fromisoformat(r.referred_on)) for r in referrals)
    assert demo.overdue_referrals(TODAY)
    assert any(r.response_received for r in referrals)
    engagements = demo.find(Engagement)
    assert any(not e.minuted for e in engagements) and any(e.minuted for e in engagements)
    assert all(demo.find(EngagementPerson, engagement_id=e.id) for e in engagements)
    publication = demo.find(Publication)[0]
    assert publication.url and publication.url.startswith("https://") and len(publication.sha256 or "") == 64
    gaps = demo.find(FinancialGap)
    assert {"nhs", "adult_social_care", "public_health"} <= {g.component for g in gaps}
    assert all(g.source for g in gaps)
    assert demo.overdue_actions(TODAY)
    assert any(a.status == "done" for a in demo.find(Action))


def test_every_row_passes_the_import_checks_and_the_audit_chain_verifies(demo: Record, tmp_path: Path) -> None:
    assert demo.store.integrity_problems() == []
    dump.dump(demo.store, tmp_path / "demo.json")
    assert dump.read_dump(tmp_path / "demo.json").counts()["meetings"] == demo.store.count("meetings")


def _content(path: Path) -> list[tuple[str, dict[str, object]]]:
    """Every row without its time stamps, which record when the demo was made.

    An amendment's own id is left out too: `Record.amend_minutes` numbers it, as it does for a clerk.
    """
    with Store.open(path) as store:
        return [(table, {k: v for k, v in row.items()
                         if k not in ("created_at", "updated_at") and (k, table) != ("id", "amendments")})
                for table in dump.TABLES for row in store.rows(table, order_by="id")]


def test_the_same_seed_gives_the_same_record(tmp_path: Path) -> None:
    make_demo(tmp_path / "a.stpdesk", seed=5, today=TODAY)
    make_demo(tmp_path / "b.stpdesk", seed=5, today=TODAY)
    make_demo(tmp_path / "c.stpdesk", seed=6, today=TODAY)
    assert _content(tmp_path / "a.stpdesk") == _content(tmp_path / "b.stpdesk")
    assert _content(tmp_path / "a.stpdesk") != _content(tmp_path / "c.stpdesk")


def test_refuses_an_existing_path_or_unknown_size_and_leaves_nothing(tmp_path: Path) -> None:
    existing = tmp_path / "taken.stpdesk"
    existing.write_text("a clerk's notes")
    with pytest.raises(KnownError, match="already exists"):
        make_demo(existing)
    assert existing.read_text() == "a clerk's notes"
    with pytest.raises(KnownError, match="small, large"):
        make_demo(tmp_path / "new.stpdesk", size="medium")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.stpdesk"]


@pytest.mark.slow
@pytest.mark.alone  # under a minute with the machine to itself: beside another test it took nearly twice as long
def test_large_demo_is_big_fast_and_valid(tmp_path: Path) -> None:
    started = time.monotonic()
    counts = make_demo(tmp_path / "large.stpdesk", size="large", today=TODAY)
    assert time.monotonic() - started < 60
    assert counts["meetings"] >= 5_000
    assert counts["attendance"] >= 100_000
    assert counts["agenda_items"] >= 50_000
    with Store.open(tmp_path / "large.stpdesk") as store:
        assert store.db.execute("SELECT count(*) FROM agenda_items WHERE minute_text != ''").fetchone()[0] >= 50_000
        assert store.integrity_problems() == []
        generated = store.rows("audit", action="generate demo history")
        assert len(generated) == 1
        dump.dump(store, tmp_path / "large.json")
    checked = dump.read_dump(tmp_path / "large.json")  # every bulk row through its entity's rules
    assert checked.counts()["attendance"] == counts["attendance"]


def test_the_demo_shows_the_scrutiny_record_and_what_the_judgements_read(demo: Record) -> None:
    from stp_desk.domain.entities import ScrutinyConsultation, ScrutinyMatter

    consultations = demo.find(ScrutinyConsultation)
    assert any(c.on_plan for c in consultations) and any(c.overdue(TODAY) for c in consultations)
    assert demo.find(ScrutinyMatter)[0].report_made_on
    linked = [r for r in demo.find(Referral) if r.consultation_id]
    assert linked and linked[0].consultation_id in {c.id for c in consultations}
    assert any(e.on_plan for e in demo.find(Engagement)) and any(not e.on_plan for e in demo.find(Engagement))
    assert {2, 3} <= {len(p.contents) for p in demo.find(Publication)}  # a summary in full, one short of it
