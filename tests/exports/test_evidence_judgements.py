"""The evidence pack's judgements: the 'as at' date, one rule sentence per check with its source, 'not recorded'
apart from 'not met', every year of the plan's gap shown and never added across years, overdue as at the end."""

from datetime import date
from pathlib import Path

import pytest
from docx import Document

from stp_desk.domain.entities import Board, FinancialGap, Footprint, ScrutinyConsultation
from stp_desk.domain.expectations import RULES
from stp_desk.domain.record import Record
from stp_desk.exports.evidence import EvidencePackOptions, export_evidence_pack

START, END = date(2016, 4, 1), date(2017, 3, 31)


@pytest.fixture
def pack(record: Record, tmp_path: Path) -> tuple[str, list[list[list[str]]]]:
    footprint = record.save(Footprint(name="Cheshire and Merseyside"))
    record.save(Board(footprint_id=footprint, name="Wirral HWB", kind="hwb", lead_council="Wirral Council"))
    hosc = record.save(Board(footprint_id=footprint, name="Wirral HOSC", kind="hosc", lead_council="Wirral Council"))
    for period, component, amount in [("2016/17", "nhs", 10), ("2020/21", "nhs", 200), ("2020/21", "public_health", 3)]:
        record.save(FinancialGap(footprint_id=footprint, period=period, component=component, amount=amount,
                                 source="STP submission"))
    record.save(ScrutinyConsultation(committee_id=hosc, responsible_person="NHS Wirral CCG",
                                     proposal="Closing the walk-in centre", consulted_on="2016-11-01",
                                     comments_made_on="2016-12-01", response_due="2017-01-15",
                                     response_received="2017-05-01"))
    path = export_evidence_pack(record, tmp_path / "pack.docx", start=START, end=END, footprint_id=footprint,
                                options=EvidencePackOptions(today=date(2017, 6, 1), appendices=False))
    document = Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    return text, tables


def test_the_pack_states_its_as_at_date_and_each_rule_once_with_its_source(pack) -> None:
    text, _tables = pack
    assert "Judged as at: 31 March 2017" in text
    for code, (rule, source) in RULES.items():
        assert text.count(rule) == 1, code
        assert f"Source: {source}." in text, code


def test_not_recorded_is_its_own_status(pack) -> None:
    _text, tables = pack
    summary = next(t for t in tables if t[0][:3] == ["", "Expectation or check", "Status"])
    statuses = {row[0]: row[2] for row in summary[1:]}
    assert statuses["G2"] == "Not recorded"  # no oversight board recorded: missing evidence, not a failure
    assert statuses["E4"] == "Partly met"  # NHS and public health stated, in whatever years


def test_every_year_of_the_gap_is_shown_and_totals_never_cross_years(pack) -> None:
    _text, tables = pack
    figures = next(t for t in tables if t[0] == ["Period", "Component", "Amount", "Source"])
    assert ["2020/21", "NHS", "£200", "STP submission"] in figures
    totals = next(t for t in tables if t[0][0] == "Period" and t[0][-1] == "Total")
    assert [row[0] for row in totals[1:]] == ["2016/17", "2020/21"]
    assert totals[2][-1] == "£203"
    assert not any("All periods" in row[0] for row in totals)


def test_a_response_late_at_the_end_of_the_period_is_overdue_though_answered_since(pack) -> None:
    text, tables = pack
    register = next(t for t in tables if t[0][0] == "Scrutiny and its statutory basis")
    assert register[1][-1] == "OVERDUE"
    assert "Closing the walk-in centre" in register[1][0]
    assert "none had been received by then" in text
