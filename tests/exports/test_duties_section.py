"""The evidence pack's Statutory duties section, judged as at the end of its period; no exempt item named."""

from datetime import date
from pathlib import Path

import docx

from stp_desk.domain.entities import AgendaItem, Board, Duty, DutyDischarge, Footprint, Meeting, Publication
from stp_desk.domain.record import Record
from stp_desk.exports.evidence import EvidencePackOptions, export_evidence_pack


def _text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_duties_are_judged_as_at_the_end_of_the_period(record: Record, tmp_path: Path) -> None:
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    pna = record.save(Duty(board_id=board, title="Pharmaceutical needs assessment", cycle="years", every_years=3,
                           basis="s.128A National Health Service Act 2006"))
    old = record.save(Publication(footprint_id=footprint, title="PNA 2021", published_on="2021-09-30"))
    record.save(DutyDischarge(duty_id=pna, discharged_on="2021-09-30", publication_id=old))
    new = record.save(Publication(footprint_id=footprint, title="PNA 2025", published_on="2025-02-10"))
    record.save(DutyDischarge(duty_id=pna, discharged_on="2025-02-10", publication_id=new))
    jsna = record.save(Duty(board_id=board, title="Joint Strategic Needs Assessment", cycle="years", every_years=1))
    meeting = record.save(Meeting(board_id=board, starts_at="2024-06-12T10:00", status="held",
                                  agenda_published_on="2024-06-07"))
    secret = record.add_item(AgendaItem(meeting_id=meeting, title="Hestercombe clinic land sale", exempt=True,
                                        exempt_paragraph=3))
    record.save(DutyDischarge(duty_id=jsna, discharged_on="2024-06-12", item_id=secret))

    out = tmp_path / "pack.docx"
    export_evidence_pack(record, out, start=date(2024, 4, 1), end=date(2024, 12, 31), board_id=board,
                         options=EvidencePackOptions(today=date(2026, 1, 1), appendices=False))
    text = _text(out)
    assert "Statutory duties" in text
    assert "PNA 2021" in text and "PNA 2025" not in text  # a later discharge is not yet known
    assert "30 September 2024" in text and "Overdue" in text
    assert "an exempt item" in text.lower() and "Hestercombe" not in text
    assert "Somerset HWB, 12 June 2024" in text and "7 June 2024" in text
    assert "Late: the last day was 4 June 2024" in text
