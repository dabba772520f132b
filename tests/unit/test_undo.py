"""Undo and redo at the level of the record: every change can be reverted whole, and only while still current."""

import pytest

from stp_desk.domain.entities import AgendaItem, Board, Footprint, Meeting, Person
from stp_desk.domain.record import ChangeSet, Record
from stp_desk.errors import KnownError


@pytest.fixture
def changes(record: Record) -> list[ChangeSet]:
    seen: list[ChangeSet] = []
    record.on_change = seen.append
    return seen


def _rows(record: Record) -> dict[str, list[dict[str, object]]]:
    tables = ("footprints", "boards", "people", "meetings", "agenda_items")
    return {t: [{k: v for k, v in r.items() if k not in ("created_at", "updated_at")} for r in record.store.rows(t)]
            for t in tables}


def test_each_change_is_announced_with_its_rows(record: Record, changes: list[ChangeSet]) -> None:
    footprint = record.save(Footprint(name="Somerset"))
    assert changes[-1].action == "add footprint"
    assert changes[-1].rows[0].before is None and changes[-1].rows[0].after["name"] == "Somerset"  # type: ignore[index]
    record.save(Footprint(name="Somerset and Dorset", id=footprint))
    assert changes[-1].rows[0].before["name"] == "Somerset"  # type: ignore[index]


def test_undo_then_redo_returns_to_each_state(record: Record, changes: list[ChangeSet]) -> None:
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    meeting = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00"))
    record.add_item(AgendaItem(meeting_id=meeting, title="Better Care Fund"))
    with_item = _rows(record)
    record.delete(Meeting, meeting)  # takes its item with it: one change, two rows
    without = _rows(record)
    assert len(changes[-1].rows) == 2

    record.revert(changes[-1])
    assert _rows(record) == with_item
    record.reapply(changes[-1])
    assert _rows(record) == without
    assert record.store.integrity_problems() == []


def test_undo_does_not_announce_itself(record: Record, changes: list[ChangeSet]) -> None:
    record.save(Person(name="Jo Deputy", kind="council_officer"))
    count = len(changes)
    record.revert(changes[-1])
    assert len(changes) == count
    assert record.find(Person) == []
    assert record.store.rows("audit")[-1]["action"] == "undo add person"


def test_a_change_overtaken_by_another_is_not_undone(record: Record, changes: list[ChangeSet]) -> None:
    person = record.save(Person(name="Jo Deputy", kind="council_officer"))
    added = changes[-1]
    record.save(Person(name="Jo Deputy-Smith", kind="council_officer", id=person))
    with pytest.raises(KnownError, match="changed since"):
        record.revert(added)
    assert record.get(Person, person).name == "Jo Deputy-Smith"
