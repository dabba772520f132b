"""A substitute's line in the minutes names the member's seat and office in one pair of brackets."""

from pathlib import Path

import docx

from stp_desk.domain.entities import Attendance, Board, Footprint, Meeting, Membership, Person, Seat
from stp_desk.domain.record import Record
from stp_desk.exports import MinutesOptions, export_minutes


def test_a_substitute_for_the_vice_chair_reads_with_single_brackets(record: Record, tmp_path: Path) -> None:
    board = record.save(Board(footprint_id=record.save(Footprint(name="Somerset")), name="Somerset HWB"))
    vice = record.save(Person(name="Dr Ravi Shah", kind="nhs"))
    deputy = record.save(Person(name="Jo Deputy", kind="nhs"))
    record.add_member(Seat(board_id=board, title="ICB representative", partner="NHS Somerset ICB"),
                      Membership(person_id=vice, start_date="2025-01-01", position="vice_chair"))
    meeting = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
    record.save(Attendance(meeting_id=meeting, person_id=vice, status="apologies"))
    record.save(Attendance(meeting_id=meeting, person_id=deputy, status="substitute", substitute_for_id=vice))
    target = export_minutes(record, meeting, tmp_path / "minutes.docx", MinutesOptions(public=True))
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Jo Deputy — substitute for Dr Ravi Shah (ICB representative, Vice-chair)" in text
    assert "))" not in text
