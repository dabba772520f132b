"""The register of interests: what the public may read of it, and that nothing withheld reaches a public output."""

import zipfile
from datetime import date
from pathlib import Path

import pytest

from stp_desk.cli import main
from stp_desk.domain.entities import (
    AgendaItem,
    Board,
    Dispensation,
    Footprint,
    Interest,
    Meeting,
    Membership,
    Person,
    RegisteredInterest,
    Seat,
)
from stp_desk.domain.interests import WITHHELD
from stp_desk.domain.record import Record
from stp_desk.errors import ValidationError
from stp_desk.exports import AgendaOptions, MinutesOptions, export_agenda, export_minutes
from stp_desk.exports.accessibility import check_document
from stp_desk.exports.evidence import EvidencePackOptions, export_evidence_pack
from stp_desk.exports.forward_plan import export_forward_plan
from stp_desk.exports.interests import InterestsOptions, export_interests
from stp_desk.interop.calendar import export_calendar
from stp_desk.interop.popolo import PopoloOptions, export_popolo

SECRET = "Shareholding in Quantock Security Ltd"


def _all_text(path: Path) -> str:
    """Every byte of text in the file: each part of a .docx, or the file itself."""
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            return "".join(z.read(name).decode("utf-8", "replace") for name in z.namelist())
    return path.read_text(encoding="utf-8")


@pytest.fixture
def board(record: Record) -> str:
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    chair = record.save(Person(name="Cllr Ann Chair", organisation="Somerset Council", kind="elected_member",
                               email="ann.chair@somerset.gov.uk"))
    record.add_member(Seat(board_id=board, title="Chair", partner="Somerset Council"),
                      Membership(person_id=chair, start_date="2024-05-01", position="chair"))
    record.save(RegisteredInterest(person_id=chair, category="disclosable_pecuniary",
                                   description="Employment: Somerset Foundation Trust, nurse",
                                   registered_on="2024-05-20"))
    secret = record.save(RegisteredInterest(person_id=chair, category="disclosable_pecuniary", description=SECRET,
                                            registered_on="2024-05-20", sensitive=True))
    record.save(RegisteredInterest(person_id=chair, category="other_registrable", description="Trustee, Ended Trust",
                                   registered_on="2024-05-20", ended_on="2024-09-01"))
    record.save(Dispensation(person_id=chair, board_id=board, subject="Items on the Foundation Trust's plans",
                             granted_by="Standards Committee", granted_on="2024-06-01", until="2026-05-31"))
    meeting = record.save(Meeting(board_id=board, starts_at="2024-10-09T14:00", status="held"))
    item = record.add_item(AgendaItem(meeting_id=meeting, title="Security contract"))
    with pytest.raises(ValidationError, match="sensitive interest"):
        record.save(Interest(item_id=item, person_id=chair, nature=SECRET, registered_interest_id=secret))
    record.save(Interest(item_id=item, person_id=chair, nature=WITHHELD, registered_interest_id=secret,
                         withdrew=True))
    return board


def test_the_published_register_withholds_sensitive_details_and_contact(record: Record, board: str,
                                                                         tmp_path: Path) -> None:
    out = export_interests(record, board, tmp_path / "register.docx", InterestsOptions(on=date(2024, 12, 1)))
    text = _all_text(out)
    assert "Cllr Ann Chair" in text and "Employment: Somerset Foundation Trust, nurse" in text
    assert "details are withheld under section 32(2)" in text
    assert "Standards Committee" in text and "31 May 2026" in text
    assert "Ended Trust" not in text  # ended before the day of the register
    assert SECRET not in text and "ann.chair@" not in text
    assert check_document(out) == []  # a title of its own, language, headings in order


def test_nothing_withheld_reaches_any_public_output(record: Record, board: str, tmp_path: Path) -> None:
    meeting = record.find(Meeting)[0].id or ""
    footprint = record.get(Board, board).footprint_id
    outputs = [
        export_interests(record, board, tmp_path / "register.docx"),
        export_minutes(record, meeting, tmp_path / "minutes.docx", MinutesOptions(public=True)),
        export_agenda(record, meeting, tmp_path / "agenda.docx", AgendaOptions(public=True)),
        export_evidence_pack(record, tmp_path / "pack.docx", start=date(2024, 4, 1), end=date(2025, 3, 31),
                             footprint_id=footprint, options=EvidencePackOptions(today=date(2025, 4, 1))),
        export_forward_plan(record, board, tmp_path / "plan.docx"),
        export_calendar(record, tmp_path / "meetings.ics"),
        export_popolo(record, tmp_path / "popolo.json", PopoloOptions(public=True)),
    ]
    for path in outputs:
        assert SECRET not in _all_text(path), path.name
    assert "section 32(2)" in _all_text(tmp_path / "minutes.docx")


@pytest.mark.parametrize("description", ["Home: 12 Acacia Avenue, Taunton TA1 1AA", "Land at ta11aa"])
def test_an_address_is_never_recorded(description: str) -> None:
    with pytest.raises(ValidationError, match="without an address") as refused:
        RegisteredInterest(person_id="p", description=description, registered_on="2024-05-20").validate()
    assert refused.value.field == "description"


def test_a_dispensation_lasts_at_most_four_years() -> None:
    with pytest.raises(ValidationError, match="four years"):
        Dispensation(person_id="p", subject="x", granted_by="Standards Committee", granted_on="2024-06-01",
                     until="2028-06-02").validate()


def test_export_interests_from_the_command_line(record: Record, board: str, tmp_path: Path) -> None:
    out = tmp_path / "register.docx"
    assert main(["export", "interests", "--db", str(record.path), "--board", board, "-o", str(out)]) == 0
    assert "Cllr Ann Chair" in _all_text(out) and SECRET not in _all_text(out)
    named = tmp_path / "named.docx"
    assert main(["export", "interests", "--db", str(record.path), "--board", board, "-o", str(named),
                 "--author", "Monitoring Officer, Somerset Council"]) == 0
    assert "<dc:creator>Monitoring Officer, Somerset Council</dc:creator>" in _all_text(named)


def test_search_finds_interests_and_dispensations_but_never_a_sensitive_interest(record: Record,
                                                                                  board: str) -> None:
    assert sorted(h["kind"] for h in record.store.search("Foundation Trust")) == ["dispensation", "registered_interest"]
    assert record.store.search("Quantock") == []
