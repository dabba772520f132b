"""E1–E4 and G1–G4 judged on the LGA bulletin's words, each from a small record written in the JSON dump format.

Each record is a dump (docs/record-format.md) holding only the rows that matter; the fields a row leaves out take
their defaults. It is imported through the real importer into a real SQLite file, then judged.
"""

import dataclasses
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from stp_desk.domain import vocab
from stp_desk.domain.entities import ENTITIES
from stp_desk.domain.expectations import (
    MET,
    NOT_MET,
    NOT_RECORDED,
    PARTLY,
    ExpectationResult,
    evaluate,
    governance_checks,
)
from stp_desk.domain.record import Record
from stp_desk.interop.dump import FORMAT, FORMAT_VERSION, import_dump

START, END = date(2016, 4, 1), date(2017, 3, 31)
STAMP = "2016-01-01T09:00:00"
_BY_TABLE = {cls.TABLE: cls for cls in ENTITIES}


def _row(table: str, given: dict[str, Any]) -> dict[str, Any]:
    """A whole dump row: the given fields, the others at the entity's defaults, and the time stamps."""
    cls = _BY_TABLE[table]
    row: dict[str, Any] = {"id": given["id"]}
    for f in dataclasses.fields(cls):
        if f.name == "id":
            continue
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        row[f.name] = given.get(f.name, default)
    return {**row, "created_at": STAMP, "updated_at": STAMP}


@pytest.fixture
def judge(tmp_path: Path) -> Iterator[Any]:
    opened: list[Record] = []

    def run(tables: dict[str, list[dict[str, Any]]], *, board_ids: list[str] | None = None,
            start: date = START, end: date = END) -> dict[str, ExpectationResult]:
        dump = {"format": FORMAT, "format_version": FORMAT_VERSION,
                "records": {t: [_row(t, r) for r in rows] for t, rows in tables.items()}, "audit": []}
        n = len(opened)
        source = tmp_path / f"record-{n}.json"
        source.write_text(json.dumps(dump, indent=1), encoding="utf-8")
        import_dump(source, tmp_path / f"record-{n}.stpdesk")
        record = Record.open(tmp_path / f"record-{n}.stpdesk")
        opened.append(record)
        results = evaluate(record, "F", start, end, board_ids=board_ids)
        results += governance_checks(record, "F", start, end, board_ids=board_ids)
        return {r.code: r for r in results}

    yield run
    for record in opened:
        record.close()


# Two councils, each with a Health and Wellbeing Board in the footprint, and one scrutiny committee.
BASE: dict[str, list[dict[str, Any]]] = {
    "footprints": [{"id": "F", "name": "Cheshire and Merseyside"}],
    "boards": [
        {"id": "WIRRAL", "footprint_id": "F", "name": "Wirral HWB", "kind": "hwb", "lead_council": "Wirral Council"},
        {"id": "HALTON", "footprint_id": "F", "name": "Halton HWB", "kind": "hwb",
         "lead_council": "Halton Borough Council"},
        {"id": "HOSC", "footprint_id": "F", "name": "Wirral Health Scrutiny", "kind": "hosc",
         "lead_council": "Wirral Council"},
    ],
    "people": [
        {"id": "W-LEADER", "name": "Cllr Wirral Leader", "organisation": "Wirral Council", "kind": "elected_member",
         "roles": [vocab.COUNCIL_LEADER]},
        {"id": "W-CABINET", "name": "Cllr Wirral Cabinet", "organisation": "Wirral Council",
         "kind": "elected_member", "roles": [vocab.CABINET_LEAD]},
        {"id": "H-LEADER", "name": "Cllr Halton Leader", "organisation": "Halton Borough Council",
         "kind": "elected_member", "roles": [vocab.COUNCIL_LEADER]},
        {"id": "H-CHAIR", "name": "Cllr Halton Chair", "organisation": "Halton Borough Council",
         "kind": "elected_member", "roles": [vocab.HWB_CHAIR]},
        {"id": "HW", "name": "Hana Watch", "organisation": "Healthwatch Wirral", "kind": "healthwatch"},
    ],
}


def record_with(**tables: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out = {k: list(v) for k, v in BASE.items()}
    for table, rows in tables.items():
        out[table] = out.get(table, []) + rows
    return out


def meeting(mid: str, board: str, when: str, items: list[tuple[int, str]], present: list[str],
            status: str = "held") -> dict[str, list[dict[str, Any]]]:
    """A meeting with its items (position, kind) and who was there, as dump rows."""
    return {
        "meetings": [{"id": mid, "board_id": board, "starts_at": when, "status": status}],
        "agenda_items": [{"id": f"{mid}-{n}", "meeting_id": mid, "position": n, "title": f"Item {n} ({kind})",
                          "kind": kind} for n, kind in items],
        "attendance": [{"id": f"{mid}-{p}", "meeting_id": mid, "person_id": p, "status": "in_attendance"}
                       for p in present],
    }


def merge(*parts: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for part in parts:
        for table, rows in part.items():
            out[table] = out.get(table, []) + rows
    return out


def engagement(eid: str, held_on: str, people: list[str], *, on_plan: bool = True,
               minuted: bool = False) -> dict[str, list[dict[str, Any]]]:
    return {"engagements": [{"id": eid, "footprint_id": "F", "forum": f"Briefing {eid}", "held_on": held_on,
                             "topics": "The STP's strategic headlines", "minuted": minuted, "on_plan": on_plan}],
            "engagement_people": [{"id": f"{eid}-{p}", "engagement_id": eid, "person_id": p} for p in people]}


# -- E1 ---------------------------------------------------------------------------------------------------------------


def test_e1_one_councils_leader_reached_is_partly_met_and_names_the_other_council(judge) -> None:
    result = judge(record_with(**merge(engagement("E", "2016-07-01", ["W-LEADER", "W-CABINET"]))))["E1"]
    assert result.status == PARTLY
    assert "Halton Borough Council: still to reach the council leader and the cabinet lead" in result.reason
    assert "Wirral Council: leader and portfolio holder reached" in result.reason
    assert "un-minuted" in result.evidence[0].reference


def test_e1_met_when_each_council_has_its_leader_and_a_portfolio_holder(judge) -> None:
    tables = record_with(**merge(engagement("E", "2016-07-01", ["W-LEADER", "W-CABINET"], minuted=True),
                                 meeting("M", "HALTON", "2016-09-01T14:00", [(1, "stp_update")],
                                         ["H-LEADER", "H-CHAIR"])))
    result = judge(tables)["E1"]
    assert result.status == MET, result.reason
    assert [e.on for e in result.evidence] == ["2016-07-01", "2016-09-01"]
    assert "un-minuted" not in result.evidence[0].reference


def test_e1_a_leader_at_a_meeting_without_stp_business_does_not_count(judge) -> None:
    tables = record_with(**meeting("M", "HALTON", "2016-09-01T14:00", [(1, "information"), (2, "decision")],
                                   ["H-LEADER", "H-CHAIR", "W-LEADER"]))
    result = judge(tables)["E1"]
    assert result.status == NOT_MET
    assert result.evidence == []


def test_e1_an_engagement_not_about_the_plan_does_not_count(judge) -> None:
    result = judge(record_with(**engagement("E", "2016-07-01", ["W-LEADER", "W-CABINET"], on_plan=False)))["E1"]
    assert result.status == NOT_MET


def test_e1_counts_only_who_was_in_the_room_for_the_stp_item(judge) -> None:
    tables = record_with(**meeting("M", "HALTON", "2016-09-01T14:00", [(1, "information"), (2, "stp_update")],
                                   ["H-LEADER", "H-CHAIR"]))
    tables["attendance"][0]["left_after_item"] = 1  # the leader left before the STP item
    result = judge(tables)["E1"]
    assert result.status == PARTLY
    assert "Halton Borough Council: still to reach the council leader" in result.reason


def test_e1_roles_are_not_pooled_across_councils(judge) -> None:
    # Wirral's leader and Halton's chair: one politician of each kind, but neither council is complete.
    result = judge(record_with(**engagement("E", "2016-07-01", ["W-LEADER", "H-CHAIR"])))["E1"]
    assert result.status == PARTLY


def test_e1_not_recorded_without_the_footprints_councils(judge) -> None:
    tables = record_with()
    tables["boards"] = [{**b, "lead_council": None} for b in tables["boards"]]
    assert judge(tables)["E1"].status == NOT_RECORDED


# -- E2 ---------------------------------------------------------------------------------------------------------------


def publication(**kw: Any) -> dict[str, Any]:
    return {"id": "P", "footprint_id": "F", "title": "Our STP in summary", "published_on": "2016-10-21", **kw}


def test_e2_met_when_online_with_the_three_contents_and_no_fingerprint(judge) -> None:
    result = judge(record_with(publications=[publication(url="https://example.gov.uk/stp",
                                                         contents=list(vocab.PUBLICATION_CONTENTS))]))["E2"]
    assert result.status == MET


def test_e2_partly_met_names_the_missing_content(judge) -> None:
    result = judge(record_with(publications=[publication(url="https://example.gov.uk/stp", sha256="a" * 64,
                                                         contents=["vision", "priorities"])]))["E2"]
    assert result.status == PARTLY
    assert "a plan for further communications" in result.reason


def test_e2_not_met_without_an_address(judge) -> None:
    result = judge(record_with(publications=[publication(contents=list(vocab.PUBLICATION_CONTENTS))]))["E2"]
    assert result.status == NOT_MET


# -- E3 ---------------------------------------------------------------------------------------------------------------


def consultation(cid: str, **kw: Any) -> dict[str, Any]:
    return {"id": cid, "committee_id": "HOSC", "responsible_person": "NHS Wirral CCG",
            "proposal": "The STP's proposals", "consulted_on": "2016-06-01", "on_plan": True, **kw}


HW_PRESENT = meeting("HWBM", "WIRRAL", "2016-06-15T14:00", [(1, "information")], ["HW"])


def test_e3_met_when_the_committee_is_consulted_nothing_is_overdue_and_healthwatch_attends(judge) -> None:
    tables = record_with(scrutiny_consultations=[consultation(
        "C", comments_made_on="2016-07-01", response_due="2016-08-01", response_received="2016-07-20")],
        **HW_PRESENT)
    result = judge(tables)["E3"]
    assert result.status == MET, result.reason


def test_e3_overdue_is_judged_as_at_the_end_of_the_period_and_names_every_overdue_response(judge) -> None:
    matter = {"id": "M1", "committee_id": "HOSC", "subject": "Stroke services", "responsible_person": "Trust",
              "reviewed_on": "2015-11-01", "report_made_on": "2015-12-01", "response_due": "2016-01-01"}
    late = consultation("C", comments_made_on="2016-07-01", response_due="2017-03-01",
                        response_received="2017-04-20")  # answered only after the period ended
    future = consultation("C2", proposal="Later proposal", on_plan=False, comments_made_on="2017-03-01",
                          response_due="2017-04-15")  # due after the period: not yet overdue then
    result = judge(record_with(scrutiny_matters=[matter], scrutiny_consultations=[late, future], **HW_PRESENT))["E3"]
    assert result.status == PARTLY
    assert "As at 31 March 2017" in result.reason
    assert "Stroke services" in result.reason and "The STP's proposals" in result.reason
    assert "Later proposal" not in result.reason
    assert sum("response overdue" in e.detail for e in result.evidence) == 2


def test_e3_partly_met_names_the_committee_not_reached_and_healthwatch(judge) -> None:
    tables = record_with(**HW_PRESENT)
    tables["boards"].append({"id": "HOSC2", "footprint_id": "F", "name": "Halton Scrutiny", "kind": "hosc",
                             "lead_council": "Halton Borough Council"})
    tables["scrutiny_consultations"] = [consultation("C")]
    result = judge(tables)["E3"]
    assert result.status == PARTLY
    assert "not consulted on or briefed about the plan: Halton Scrutiny" in result.reason
    assert "Healthwatch took part" in result.reason


def test_e3_a_briefing_at_the_committees_meeting_counts(judge) -> None:
    tables = record_with(**merge(meeting("S", "HOSC", "2016-06-10T10:00", [(1, "stp_update")], []), HW_PRESENT))
    assert judge(tables)["E3"].status == MET


def test_e3_not_met_when_nothing_holds(judge) -> None:
    result = judge(record_with())["E3"]
    assert result.status == NOT_MET
    assert "Healthwatch did not take part" in result.reason


def test_e3_not_recorded_without_a_scrutiny_committee(judge) -> None:
    tables = record_with()
    tables["boards"] = [b for b in tables["boards"] if b["kind"] != "hosc"]
    assert judge(tables)["E3"].status == NOT_RECORDED


# -- E4 ---------------------------------------------------------------------------------------------------------------


def gap(gid: str, component: str, period: str) -> dict[str, Any]:
    return {"id": gid, "footprint_id": "F", "period": period, "component": component, "amount": 1_000_000,
            "source": "STP submission, October 2016"}


def test_e4_only_the_nhs_gap_is_not_met(judge) -> None:
    result = judge(record_with(financial_gaps=[gap("G1", "nhs", "2016/17")]))["E4"]
    assert result.status == NOT_MET
    assert "Adult social care" in result.reason and "Public health" in result.reason


def test_e4_all_three_met_whatever_years_and_a_2020_gap_shows_in_a_2016_pack(judge) -> None:
    gaps = [gap("G1", "nhs", "2020/21"), gap("G2", "adult_social_care", "2016/17"),
            gap("G3", "public_health", "Five years to 2021")]
    result = judge(record_with(financial_gaps=gaps))["E4"]
    assert result.status == MET
    assert "NHS, 2020/21" in [e.reference for e in result.evidence]


def test_e4_two_of_three_is_partly_met(judge) -> None:
    gaps = [gap("G1", "nhs", "2020/21"), gap("G2", "adult_social_care", "2016/17"), gap("G3", "other", "2016/17")]
    result = judge(record_with(financial_gaps=gaps))["E4"]
    assert result.status == PARTLY
    assert "Public health" in result.reason


# -- G1, G2 -----------------------------------------------------------------------------------------------------------


def test_g1_names_the_boards_that_have_not_signed_off(judge) -> None:
    tables = record_with(**meeting("M", "WIRRAL", "2016-10-20T14:00", [(1, "plan_signoff")], []))
    tables["signoffs"] = [{"id": "S", "meeting_id": "M", "item_id": "M-1", "document_title": "STP",
                           "version": "1", "decision": "approved"}]
    result = judge(tables)["G1"]
    assert result.status == PARTLY
    assert "Not signed off in the period by Halton HWB" in result.reason
    assert "approved by Wirral HWB" in result.reason


def test_g1_not_recorded_without_a_health_and_wellbeing_board_in_scope(judge) -> None:
    assert judge(record_with(), board_ids=["HOSC"])["G1"].status == NOT_RECORDED


def test_g2_not_recorded_without_an_oversight_board(judge) -> None:
    result = judge(record_with())["G2"]
    assert result.status == NOT_RECORDED
    assert result.status != NOT_MET


def test_g2_names_an_unequal_oversight_board(judge) -> None:
    tables = record_with()
    tables["boards"].append({"id": "OB", "footprint_id": "F", "name": "STP Programme Board", "kind": "stp_oversight"})
    tables["seats"] = [{"id": f"S{n}", "board_id": "OB", "title": f"Seat {n}", "partner": partner}
                       for n, partner in enumerate(["NHS", "NHS", "Council"])]
    tables["memberships"] = [{"id": f"MS{n}", "seat_id": f"S{n}", "person_id": p, "start_date": "2016-01-01"}
                             for n, p in enumerate(["W-LEADER", "H-LEADER", "H-CHAIR"])]
    result = judge(tables)["G2"]
    assert result.status == NOT_MET
    assert "Not drawn equally from the partners: STP Programme Board" in result.reason


def test_e3_counts_the_same_overdue_referral_the_register_shows(judge) -> None:
    referral = {"id": "R", "committee_id": "HOSC", "subject": "Closure of the walk-in centre",
                "statutory_basis": "Regulation 23(9), Local Authority (Public Health, Health and Wellbeing Boards and "
                                   "Health Scrutiny) Regulations 2013",
                "referred_on": "2015-12-01", "response_due": "2016-03-01"}  # made before the period, still awaited
    result = judge(record_with(scrutiny_consultations=[consultation("C")], referrals=[referral], **HW_PRESENT))["E3"]
    assert result.status == PARTLY
    assert "response to its referral on Closure of the walk-in centre, due from the Secretary of State" in result.reason
