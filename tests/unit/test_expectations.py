"""E1–E4 over constructed records: each status reached for the right reason, with its evidence.

The rules follow the LGA bulletin's words (see test_judgements.py for the edges, each from a JSON record).
"""

from datetime import date

import pytest

from stp_desk.domain import vocab
from stp_desk.domain.dates import long_date
from stp_desk.domain.entities import (
    AgendaItem,
    Attendance,
    Board,
    Engagement,
    FinancialGap,
    Footprint,
    Meeting,
    Membership,
    Person,
    Publication,
    ScrutinyConsultation,
    Seat,
)
from stp_desk.domain.expectations import MET, NOT_MET, PARTLY, evaluate
from stp_desk.domain.record import Record

START, END = date(2016, 4, 1), date(2017, 3, 31)
SHA = "a" * 64


@pytest.fixture
def fp(record: Record) -> dict[str, str]:
    ids = {"footprint": record.save(Footprint(name="Cheshire and Merseyside"))}
    ids["hwb"] = record.save(Board(footprint_id=ids["footprint"], name="Wirral HWB", kind="hwb",
                                   lead_council="Wirral Council"))
    ids["hosc"] = record.save(Board(footprint_id=ids["footprint"], name="Wirral HOSC", kind="hosc",
                                    lead_council="Wirral Council"))
    other = record.save(Footprint(name="Elsewhere"))
    ids["other_hwb"] = record.save(Board(footprint_id=other, name="Other HWB", kind="hwb"))
    ids["other_fp"] = other
    for key, name, kind, roles in [
        ("leader", "Cllr Leader", "elected_member", [vocab.COUNCIL_LEADER]),
        ("cabinet", "Cllr Cabinet", "elected_member", [vocab.CABINET_LEAD]),
        ("chair", "Cllr Chair", "elected_member", [vocab.HWB_CHAIR]),
        ("backbench", "Cllr Backbench", "elected_member", []),
        ("healthwatch", "Hana Watch", "healthwatch", []),
        ("dph", "Dr Health", "council_officer", [vocab.DPH]),
    ]:
        ids[key] = record.save(Person(name=name, kind=kind, roles=roles, organisation="Wirral Council"))
        for board in ("hwb", "other_hwb"):
            record.add_member(Seat(board_id=ids[board], title=name, partner="Council"),
                              Membership(person_id=ids[key], start_date="2015-01-01"))
    return ids


def _meeting(record: Record, ids: dict[str, str], when: str, present: list[str], *, board: str = "hwb",
             status: str = "held", absent: tuple[str, ...] = (), kind: str = "stp_update") -> str:
    m = record.save(Meeting(board_id=ids[board], starts_at=when, status=status))
    record.add_item(AgendaItem(meeting_id=m, title="Sustainability and Transformation Plan", kind=kind))
    for who in present:
        record.save(Attendance(meeting_id=m, person_id=ids[who], status="present"))
    for who in absent:
        record.save(Attendance(meeting_id=m, person_id=ids[who], status="apologies", reason="Leave"))
    return m


def _result(record: Record, ids: dict[str, str], code: str):
    results = evaluate(record, ids["footprint"], START, END)
    assert [r.code for r in results] == ["E1", "E2", "E3", "E4"]
    return next(r for r in results if r.code == code)


def test_an_empty_record_meets_nothing(record: Record, fp: dict[str, str]) -> None:
    for result in evaluate(record, fp["footprint"], START, END):
        assert result.status == NOT_MET, result
        assert result.evidence == []
        assert result.title and result.reason


# -- E1 -----------------------------------------------------------------------------------------------------------


def test_e1_met_when_leader_cabinet_lead_and_chair_are_reached(record: Record, fp: dict[str, str]) -> None:
    _meeting(record, fp, "2016-06-01T14:00", ["leader", "dph"])
    e = record.save(Engagement(footprint_id=fp["footprint"], forum="Cabinet briefing", held_on="2016-07-01",
                               topics="The STP", minuted=False, on_plan=True))
    record.save_engagement(record.get(Engagement, e), [fp["cabinet"], fp["chair"]])
    result = _result(record, fp, "E1")
    assert result.status == MET
    assert [ev.on for ev in result.evidence] == ["2016-06-01", "2016-07-01"]
    assert result.evidence[0].reference == "Wirral HWB, 1 June 2016"
    assert "Sustainability and Transformation Plan" in result.evidence[0].detail
    assert "Cllr Leader" in result.evidence[0].detail and "Dr Health" not in result.evidence[0].detail
    assert "un-minuted" in result.evidence[1].reference
    assert "Cllr Cabinet" in result.evidence[1].detail and "Cllr Chair" in result.evidence[1].detail


def test_e1_partly_met_names_who_was_not_reached(record: Record, fp: dict[str, str]) -> None:
    _meeting(record, fp, "2016-06-01T14:00", ["leader", "backbench"], absent=("cabinet", "chair"))
    result = _result(record, fp, "E1")
    assert result.status == PARTLY
    assert "Wirral Council: still to reach" in result.reason
    assert vocab.CABINET_LEAD.lower() in result.reason and vocab.HWB_CHAIR in result.reason
    assert "the council leader" not in result.reason
    assert len(result.evidence) == 1


def test_e1_with_only_backbenchers_is_not_met_but_shows_the_conversation(record: Record, fp: dict[str, str]) -> None:
    _meeting(record, fp, "2016-06-01T14:00", ["backbench"])
    result = _result(record, fp, "E1")
    assert result.status == NOT_MET
    assert len(result.evidence) == 1


@pytest.mark.parametrize(("when", "kwargs"), [
    ("2016-03-31T14:00", {}),  # the day before the period
    ("2017-04-01T10:00", {}),  # the day after
    ("2016-06-01T14:00", {"status": "cancelled"}),
    ("2016-06-01T14:00", {"board": "other_hwb"}),  # another footprint's board
])
def test_e1_ignores_meetings_outside_the_period_cancelled_or_elsewhere(record: Record, fp, when, kwargs) -> None:
    _meeting(record, fp, when, ["leader", "cabinet", "chair"], **kwargs)
    assert _result(record, fp, "E1").status == NOT_MET


def test_e1_counts_meetings_on_the_first_and_last_day(record: Record, fp: dict[str, str]) -> None:
    _meeting(record, fp, "2016-04-01T09:00", ["leader", "cabinet"])
    _meeting(record, fp, "2017-03-31T23:30", ["chair"])
    result = _result(record, fp, "E1")
    assert result.status == MET
    assert [ev.on for ev in result.evidence] == ["2016-04-01", "2017-03-31"]


# -- E2 -----------------------------------------------------------------------------------------------------------

ALL_CONTENTS = list(vocab.PUBLICATION_CONTENTS)


def test_e2_met_with_an_address_and_the_three_contents(record: Record, fp: dict[str, str]) -> None:
    record.save(Publication(footprint_id=fp["footprint"], title="STP summary", url="https://example.gov.uk/stp",
                            published_on="2016-10-21", sha256=SHA, contents=ALL_CONTENTS))
    result = _result(record, fp, "E2")
    assert result.status == MET
    (ev,) = result.evidence
    assert ev.reference == "STP summary" and "https://example.gov.uk/stp" in ev.detail


def test_e2_partly_met_without_a_content(record: Record, fp: dict[str, str]) -> None:
    record.save(Publication(footprint_id=fp["footprint"], title="STP summary", url="https://example.gov.uk/stp",
                            published_on="2016-10-21", contents=["vision"]))
    result = _result(record, fp, "E2")
    assert result.status == PARTLY
    assert "priorities and milestones" in result.reason


def test_e2_not_met_by_a_publication_outside_the_period_or_footprint(record: Record, fp: dict[str, str]) -> None:
    record.save(Publication(footprint_id=fp["footprint"], title="Old", url="https://x.gov.uk",
                            published_on="2016-03-31", sha256=SHA, contents=ALL_CONTENTS))
    record.save(Publication(footprint_id=fp["other_fp"], title="Theirs", url="https://x.gov.uk",
                            published_on="2016-10-21", sha256=SHA, contents=ALL_CONTENTS))
    assert _result(record, fp, "E2").status == NOT_MET


# -- E3 -----------------------------------------------------------------------------------------------------------


def _consultation(record: Record, ids: dict[str, str], **kw) -> str:
    return record.save(ScrutinyConsultation(committee_id=ids["hosc"], responsible_person="NHS Wirral CCG",
                                            proposal="The STP", consulted_on="2016-05-01", **{"on_plan": True, **kw}))


def test_e3_met_with_answered_comments_and_healthwatch_present(record: Record, fp: dict[str, str]) -> None:
    _consultation(record, fp, comments_made_on="2016-05-20", response_due="2016-06-01",
                  response_received="2016-05-25")
    _meeting(record, fp, "2016-06-01T14:00", ["healthwatch"])
    result = _result(record, fp, "E3")
    assert result.status == MET
    assert [ev.on for ev in result.evidence] == ["2016-05-01", "2016-06-01"]
    assert "Hana Watch" in result.evidence[1].detail


def test_e3_partly_met_when_a_response_is_overdue(record: Record, fp: dict[str, str]) -> None:
    _consultation(record, fp, comments_made_on="2016-05-20", response_due="2016-06-01")
    _meeting(record, fp, "2016-06-01T14:00", ["healthwatch"])
    result = _result(record, fp, "E3")
    assert result.status == PARTLY
    assert "overdue: Wirral HOSC: response to its comments on The STP" in result.reason


def test_e3_partly_met_without_healthwatch(record: Record, fp: dict[str, str]) -> None:
    _consultation(record, fp)  # nothing due yet
    _meeting(record, fp, "2016-06-01T14:00", ["leader"], absent=("healthwatch",))
    result = _result(record, fp, "E3")
    assert result.status == PARTLY
    assert "Healthwatch did not take part" in result.reason


def test_e3_not_met_with_only_an_overdue_response_on_another_matter(record: Record, fp: dict[str, str]) -> None:
    _consultation(record, fp, on_plan=False, comments_made_on="2016-05-20", response_due="2016-06-01")
    assert _result(record, fp, "E3").status == NOT_MET


# -- E4 -----------------------------------------------------------------------------------------------------------


def _gap(record: Record, ids: dict[str, str], component: str, period: str = "2016/17", footprint: str = "footprint"):
    record.save(FinancialGap(footprint_id=ids[footprint], period=period, component=component, amount=1_250_000,
                             source="STP submission, October 2016"))


def test_e4_met_when_nhs_social_care_and_public_health_are_stated(record: Record, fp: dict[str, str]) -> None:
    for component in ("nhs", "adult_social_care", "public_health"):
        _gap(record, fp, component)
    result = _result(record, fp, "E4")
    assert result.status == MET
    assert len(result.evidence) == 3
    assert result.evidence[0].detail == "£1,250,000 — STP submission, October 2016"


def test_e4_partly_met_names_the_missing_components(record: Record, fp: dict[str, str]) -> None:
    _gap(record, fp, "nhs")
    _gap(record, fp, "other")
    _gap(record, fp, "public_health", period="2019/20")  # the plan's gap, whatever year it falls in
    _gap(record, fp, "adult_social_care", footprint="other_fp")
    result = _result(record, fp, "E4")
    assert result.status == PARTLY
    assert "Adult social care" in result.reason and "Public health" not in result.reason
    assert len(result.evidence) == 3


def test_e4_not_met_with_only_other_components(record: Record, fp: dict[str, str]) -> None:
    _gap(record, fp, "other")
    assert _result(record, fp, "E4").status == NOT_MET


@pytest.mark.parametrize("period", ["2016/17", "2016-17", "2015/16", "2020/21", "Five-year plan"])
def test_e4_shows_the_plans_gap_whatever_years_it_covers(record: Record, fp: dict[str, str], period: str) -> None:
    _gap(record, fp, "nhs", period=period)
    assert len(_result(record, fp, "E4").evidence) == 1


def test_long_date_is_uk_style() -> None:
    assert long_date("2016-03-02T14:00") == "2 March 2016"
