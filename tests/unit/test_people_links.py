"""People's rows linked as one human are counted under one row, however many links lie between them, and however
many people are looked up at once (`Record.standing_for`, one read of the links a step)."""

import sqlite3
from pathlib import Path

import pytest

from stp_desk.domain.entities import Person, PersonLink
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError


def test_every_row_of_a_chain_of_links_stands_for_the_same_row_and_a_lone_row_for_itself(tmp_path: Path) -> None:
    record = Record.open(tmp_path / "r.stpdesk", create=True)
    try:
        a, b, c, d, lone = (record.save(Person(name=f"Person {n}")) for n in "ABCDE")
        # A–B, C–B, D–C: A and D are three links apart, each link stored one way round only.
        for first, second in ((a, b), (c, b), (d, c)):
            record.save(PersonLink(person_id=first, same_as_id=second))
        seen: list[str] = []
        record.store.conn.set_trace_callback(seen.append)
        standing = record.standing_for([d, lone, a])
        record.store.conn.set_trace_callback(None)

        assert standing == {d: min(a, b, c, d), lone: lone, a: min(a, b, c, d)}
        assert {i: record.one_person(i) for i in (a, b, c, d, lone)} == {
            a: min(a, b, c, d), b: min(a, b, c, d), c: min(a, b, c, d), d: min(a, b, c, d), lone: lone}
        reads = [s for s in seen if "person_links" in s]
        assert 1 <= len(reads) <= 4, reads  # a read a step of the chain at most, not one per person per step
        assert record.get_many(Person, [lone, a]) == {lone: record.get(Person, lone), a: record.get(Person, a)}
    finally:
        record.close()


def test_links_in_a_ring_repeated_rows_and_no_rows_at_all(tmp_path: Path) -> None:
    record = Record.open(tmp_path / "r.stpdesk", create=True)
    try:
        a, b, c = (record.save(Person(name=f"Person {n}")) for n in "ABC")
        for first, second in ((a, b), (b, c), (c, a)):  # a ring: each reached twice
            record.save(PersonLink(person_id=first, same_as_id=second))
        smallest = min(a, b, c)
        assert record.standing_for([c, c, b]) == {c: smallest, b: smallest}
        assert record.standing_for([]) == {}
        assert record.standing_for(["not-a-row"]) == {"not-a-row": "not-a-row"}  # as `one_person` has it
    finally:
        record.close()


def test_hundreds_of_people_at_once_stay_inside_an_old_sqlites_limit_on_a_statements_values(tmp_path: Path) -> None:
    """SQLite before 3.32 binds at most 999 values a statement (a source install on an older Linux has one); the
    links are looked up by both their columns, so each key is bound twice."""
    record = Record.open(tmp_path / "r.stpdesk", create=True)
    try:
        with record.batch("many people") as batch:
            ids = [batch.save(Person(name=f"Person {n}")) for n in range(700)]
        record.save(PersonLink(person_id=ids[0], same_as_id=ids[699]))
        record.store.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        standing = record.standing_for(ids)
        assert standing[ids[699]] == min(ids[0], ids[699]) and standing[ids[5]] == ids[5]
        assert len(record.get_many(Person, ids)) == 700
        assert set(record.names_of(Person, ids)) == set(ids)
    finally:
        record.close()


def test_reading_many_refuses_an_id_not_in_the_record_as_reading_one_does(tmp_path: Path) -> None:
    record = Record.open(tmp_path / "r.stpdesk", create=True)
    try:
        real = record.save(Person(name="Person A"))
        with pytest.raises(KnownError, match="That person is not in the record") as many:
            record.get_many(Person, [real, "gone"])
        with pytest.raises(KnownError) as one:
            record.get(Person, "gone")
        assert str(many.value) == str(one.value)
        assert record.names_of(Person, [real, "gone"]) == {real: "Person A"}  # names: those there are
    finally:
        record.close()
