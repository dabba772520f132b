"""A small record made through the domain layer, shared by the reliability tests."""

from pathlib import Path

from stp_desk.domain.entities import AgendaItem, Board, Footprint, Meeting, Person, SignOff
from stp_desk.domain.record import Record


def make_record(path: Path, document: Path | None = None) -> dict[str, str]:
    """A footprint, a board, a person, a meeting with an item and (given a file) a sign-off of it; return the ids."""
    rec = Record.open(path, create=True, clerk="Clerk")
    try:
        ids = {"footprint": rec.save(Footprint(name="North"))}
        ids["board"] = rec.save(Board(footprint_id=ids["footprint"], name="North HWB"))
        ids["person"] = rec.save(Person(name="Ann Clerk"))
        ids["meeting"] = rec.save(Meeting(board_id=ids["board"], starts_at="2025-03-04 10:00"))
        ids["item"] = rec.add_item(AgendaItem(meeting_id=ids["meeting"], title="STP plan", kind="plan_signoff"))
        if document is not None:
            ids["signoff"] = rec.record_signoff(
                SignOff(meeting_id=ids["meeting"], item_id=ids["item"], document_title="STP plan", version="1.0"),
                document)
    finally:
        rec.close()
    return ids
