"""Undo and redo at the level of the record: every change can be reverted whole, and only while still current."""

import pytest

from stp_desk.domain.entities import AgendaItem, Board, DocumentReference, Footprint, Interest, Meeting, Person
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


def _exact(record: Record, tables: tuple[str, ...]) -> dict[str, list[dict[str, object]]]:
    """Every row of these tables as stored, time stamps included."""
    return {t: record.store.rows(t) for t in tables}


def test_deleting_an_item_then_undoing_gives_back_the_exact_rows(record: Record, changes: list[ChangeSet]) -> None:
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    meeting = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00"))
    person = record.save(Person(name="Jo Deputy", kind="council_officer"))
    ids = [record.add_item(AgendaItem(meeting_id=meeting, title=t, minute_text=f"Minutes of {t}")) for t in "ABCD"]
    record.save(Interest(item_id=ids[1], person_id=person, nature="Employed by the trust", withdrew=True))
    record.save(DocumentReference(item_id=ids[1], title="Report", url="https://example.gov.uk/report.pdf"))
    tables = ("agenda_items", "interests", "document_references")
    before = _exact(record, tables)

    record.delete(AgendaItem, ids[1])
    deleted = changes[-1]
    after = _exact(record, tables)
    assert [(i.position, i.title) for i in record.items(meeting)] == [(1, "A"), (2, "C"), (3, "D")]
    assert deleted.action == "delete agenda item"
    assert [(r.table, r.row_id) for r in deleted.rows][-2:] == [("agenda_items", ids[2]), ("agenda_items", ids[3])]

    record.revert(deleted)
    restored = _exact(record, tables)
    assert [(i.position, i.title) for i in record.items(meeting)] == [(1, "A"), (2, "B"), (3, "C"), (4, "D")]
    # The deleted item and its rows come back exactly; the renumbered ones exactly but for when they were written.
    assert restored["interests"] == before["interests"]
    assert restored["document_references"] == before["document_references"]
    by_id = {r["id"]: r for r in restored["agenda_items"]}
    for row in before["agenda_items"]:
        if row["id"] in (ids[0], ids[1]):
            assert by_id[row["id"]] == row
        else:
            assert {**by_id[row["id"]], "updated_at": None} == {**row, "updated_at": None}
    assert len(by_id) == len(before["agenda_items"])

    record.reapply(deleted)
    assert _strip(_exact(record, tables)) == _strip(after)
    assert record.store.integrity_problems() == []


def _strip(rows: dict[str, list[dict[str, object]]]) -> dict[str, list[dict[str, object]]]:
    return {t: [{k: v for k, v in r.items() if k != "updated_at"} for r in table] for t, table in rows.items()}
