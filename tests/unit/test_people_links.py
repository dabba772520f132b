"""People's rows linked as one human are counted under one row, however many links lie between them, and however
many people are looked up at once (`Record.standing_for`, one read of the links a step)."""

from pathlib import Path

from stp_desk.domain.entities import Person, PersonLink
from stp_desk.domain.record import Record


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
