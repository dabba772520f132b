"""Search finds what a clerk looks for beyond the minutes: people, organisations, seats, engagements, publications and
sign-offs, in a new record and in one made before they were indexed."""

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from stp_desk.domain.entities import (
    AgendaItem,
    Board,
    Engagement,
    Footprint,
    Meeting,
    Membership,
    Person,
    Publication,
    Seat,
    SignOff,
)
from stp_desk.domain.record import Record
from stp_desk.store import Store, migrations
from tests.schema import schema_at


def _fill(rec: Record) -> dict[str, str]:
    fp = rec.save(Footprint(name="Somerset"))
    hwb = rec.save(Board(footprint_id=fp, name="Somerset HWB", kind="hwb"))
    meeting = rec.save(Meeting(board_id=hwb, starts_at="2026-11-12T14:00", status="held"))
    item = rec.add_item(AgendaItem(meeting_id=meeting, title="Better Care Fund"))
    person = rec.save(Person(name="Priya Okonkwo", organisation="Healthwatch Somerset", kind="healthwatch"))
    member = rec.add_member(Seat(board_id=hwb, title="Voluntary sector representative",
                                 partner="Spark Somerset"), Membership(person_id=person, start_date="2025-05-01"))
    seat = rec.get(Membership, member).seat_id or ""
    return {
        "item": item,
        "meeting": meeting,
        "board": hwb,
        "person": person,
        "seat": seat,
        "engagement": rec.save_engagement(Engagement(footprint_id=fp, forum="Cabinet briefing",
                                                     held_on="2026-02-03", topics="Hospital reconfiguration"), []),
        "publication": rec.record_publication(Publication(footprint_id=fp, title="Joint Forward Plan refresh",
                                                          published_on="2026-04-01", url="https://example.org/jfp")),
        "signoff": rec.record_signoff(SignOff(meeting_id=meeting, item_id=item, document_title="Pharmaceutical Needs "
                                              "Assessment", version="v3", decision="approved",
                                              signatory="Cllr Adams")),
    }


@pytest.fixture
def everything(tmp_path: Path) -> Iterator[tuple[Record, dict[str, str]]]:
    rec = Record.open(tmp_path / "all.stpdesk", create=True)
    yield rec, _fill(rec)
    rec.close()


@pytest.mark.parametrize(("query", "kind", "what"), [
    ("Okonkwo", "person", "person"),
    ("Healthwatch", "person", "person"),  # an organisation finds its people
    ("Voluntary", "seat", "seat"),  # and the seats that stand for it
    ("Spark", "seat", "seat"),
    ("Cabinet briefing", "engagement", "engagement"),
    ("reconfiguration", "engagement", "engagement"),
    ("Forward Plan", "publication", "publication"),
    ("Pharmaceutical", "signoff", "signoff"),
    ("Adams", "signoff", "signoff"),
])
def test_search_finds_every_kind_of_entry(everything, query: str, kind: str, what: str) -> None:
    rec, ids = everything
    hits = rec.store.search(query)
    assert [(h["kind"], h["id"]) for h in hits] == [(kind, ids[what])]
    assert hits[0]["snippet"]


def test_a_hit_names_where_it_opens(everything) -> None:
    rec, ids = everything
    (seat,) = rec.store.search("Voluntary")
    assert seat["board_id"] == ids["board"] and seat["board"] == "Somerset HWB"
    (signoff,) = rec.store.search("Pharmaceutical")
    assert signoff["meeting_id"] == ids["meeting"] and signoff["date"].startswith("2026-11-12")
    (person,) = rec.store.search("Okonkwo")
    assert person["title"] == "Priya Okonkwo" and person["board"] == "Healthwatch Somerset"


def test_search_follows_edits_and_deletes_of_people(everything) -> None:
    rec, ids = everything
    person = rec.get(Person, ids["person"])
    person.organisation = "Citizens Advice"
    rec.save(person)
    assert rec.store.search("Healthwatch") == []
    assert [h["id"] for h in rec.store.search("Citizens")] == [ids["person"]]
    rec.delete(Publication, ids["publication"])
    assert rec.store.search("Forward") == []
    assert rec.store.integrity_problems() == []


def _copied_at_version(source: Path, target: Path, version: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """`source`'s rows in a new record made at schema `version`: the columns that version has, nothing else."""
    with monkeypatch.context() as m:
        schema_at(m, version)
        Store.open(target, create=True).close()
    conn = sqlite3.connect(target)
    conn.execute("ATTACH DATABASE ? AS newer", [str(source)])
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                         "'%_fts%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\'")]
    for table in tables:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        listed = ", ".join(columns)
        conn.execute(f"INSERT INTO {table} ({listed}) SELECT {listed} FROM newer.{table}")
    conn.commit()
    conn.close()


def test_a_record_made_before_the_wider_search_finds_its_people_once_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rec = Record.open(tmp_path / "current.stpdesk", create=True)
    ids = _fill(rec)
    rec.close()
    path = tmp_path / "older.stpdesk"
    before = migrations.MIGRATIONS.index(migrations._wider_search_6)
    _copied_at_version(tmp_path / "current.stpdesk", path, before, monkeypatch)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == before
    with Store.open(path) as store:
        assert store.schema_version == migrations.LATEST_VERSION
        assert [h["id"] for h in store.search("Healthwatch")] == [ids["person"]]
        assert [h["id"] for h in store.search("Pharmaceutical")] == [ids["signoff"]]
        assert [h["id"] for h in store.search("Better Care")] == [ids["item"]]
        assert store.integrity_problems() == []
