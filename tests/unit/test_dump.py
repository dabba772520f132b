"""Dump and import: a faithful round trip, and malformed files refused with their path and line, writing nothing."""

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from stp_desk.demo import make_demo
from stp_desk.domain.entities import (
    ENTITIES,
    AgendaItem,
    Attendance,
    Board,
    Footprint,
    Meeting,
    Membership,
    Person,
    Seat,
)
from stp_desk.domain.record import Record
from stp_desk.errors import BadImport, KnownError, ValidationError
from stp_desk.interop import dump
from stp_desk.store import Store, bulk


@pytest.fixture(scope="session")
def demo_dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dump")
    make_demo(folder / "demo.stpdesk", seed=7)
    with Store.open(folder / "demo.stpdesk") as store:
        dump.dump(store, folder / "demo.json")
    return folder / "demo.json"


def dump_bytes(path: Path, out: Path) -> bytes:
    with Store.open(path) as store:
        dump.dump(store, out)
    return out.read_bytes()


def test_dump_import_dump_is_byte_identical(demo_dump: Path, tmp_path: Path) -> None:
    counts = dump.import_dump(demo_dump, tmp_path / "copy.stpdesk")
    assert counts["meetings"] > 30 and counts["audit"] > 100
    assert dump_bytes(tmp_path / "copy.stpdesk", tmp_path / "again.json") == demo_dump.read_bytes()
    with Store.open(tmp_path / "copy.stpdesk") as store:
        assert store.integrity_problems() == []
        assert store.search("stroke")


def test_import_into_an_existing_empty_record(demo_dump: Path, tmp_path: Path) -> None:
    Store.open(tmp_path / "empty.stpdesk", create=True).close()
    dump.import_dump(demo_dump, tmp_path / "empty.stpdesk")
    assert dump_bytes(tmp_path / "empty.stpdesk", tmp_path / "again.json") == demo_dump.read_bytes()


def test_an_empty_record_dumps_and_imports(tmp_path: Path) -> None:
    Store.open(tmp_path / "empty.stpdesk", create=True).close()
    first = dump_bytes(tmp_path / "empty.stpdesk", tmp_path / "empty.json")
    assert json.loads(first)["records"]["meetings"] == []
    dump.import_dump(tmp_path / "empty.json", tmp_path / "copy.stpdesk")
    assert dump_bytes(tmp_path / "copy.stpdesk", tmp_path / "again.json") == first


def test_dump_lists_rows_by_id_one_per_line(demo_dump: Path) -> None:
    data = json.loads(demo_dump.read_text())
    assert list(data) == ["format", "format_version", "records", "audit", "audit_entries_written"]
    assert list(data["records"]) == [cls.TABLE for cls in ENTITIES]
    for cls in ENTITIES:
        rows = data["records"][cls.TABLE]
        assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
        assert all(list(r) == dump.row_keys(cls) for r in rows)
    lines = demo_dump.read_text().splitlines()
    first_meeting = data["records"]["meetings"][0]
    assert lines.count(f"      {json.dumps(first_meeting, ensure_ascii=False)},") == 1
    assert isinstance(data["records"]["agenda_items"][0]["exempt"], bool)
    assert isinstance(data["records"]["people"][0]["roles"], list)


def test_references_and_fields_match_the_schema(tmp_path: Path) -> None:
    with Store.open(tmp_path / "schema.stpdesk", create=True) as store:
        for cls in ENTITIES:
            assert bulk.foreign_keys(store, cls.TABLE) == dump.REFERENCES.get(cls.TABLE, {}), cls.TABLE
            assert sorted(store.columns(cls.TABLE)) == sorted(dump.row_keys(cls)), cls.TABLE


def _line_with(text: str, fragment: str) -> int:
    """The 1-based line of the one line holding the fragment."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if fragment in line]
    assert len(hits) == 1, fragment
    return hits[0]


Mutation = Callable[[dict[str, Any]], tuple[str, str, str]]


def _starts_at_a_number(d: dict[str, Any]) -> tuple[str, str, str]:
    d["records"]["meetings"][3]["starts_at"] = 20240101
    return "records.meetings[3].starts_at", "must be text", "20240101"


def _impossible_date(d: dict[str, Any]) -> tuple[str, str, str]:
    d["records"]["referrals"][1]["referred_on"] = "2024-02-30"
    return "records.referrals[1].referred_on", "real date", "2024-02-30"


def _missing_id(d: dict[str, Any]) -> tuple[str, str, str]:
    person = d["records"]["people"][2]
    del person["id"]
    return "records.people[2] ", "has no id", json.dumps(person["name"])


def _dangling_reference(d: dict[str, Any]) -> tuple[str, str, str]:
    d["records"]["attendance"][5]["person_id"] = "01NOSUCHPERSON0000000000000"
    return "records.attendance[5].person_id", "not in the file", "01NOSUCHPERSON0000000000000"


def _exempt_as_text(d: dict[str, Any]) -> tuple[str, str, str]:
    d["records"]["agenda_items"][0]["exempt"] = "yes please"
    return "records.agenda_items[0].exempt", "true or false", "yes please"


def _exempt_without_paragraph(d: dict[str, Any]) -> tuple[str, str, str]:
    item = d["records"]["agenda_items"][4]
    item["exempt"], item["exempt_paragraph"] = True, 9
    return "records.agenda_items[4].exempt_paragraph", "Schedule 12A", '"exempt_paragraph": 9'


def _unknown_field(d: dict[str, Any]) -> tuple[str, str, str]:
    d["records"]["boards"][1]["colour"] = "teal-marker"
    return "records.boards[1].colour", "does not know this field", "teal-marker"


def _tampered_audit(d: dict[str, Any]) -> tuple[str, str, str]:
    d["audit"][3]["who"] = "Mallory the meddler"
    return "audit[3].hash", "altered", f'"hash": "{d["audit"][3]["hash"]}"'


def _repeated_attendance(d: dict[str, Any]) -> tuple[str, str, str]:
    rows = d["records"]["attendance"]
    rows.append({**rows[0], "id": "ZZZZZZZZZZZZZZZZZZZZZZZZZZ"})
    return f"records.attendance[{len(rows) - 1}] ", "only once", "ZZZZZZZZZZZZZZZZZZZZZZZZZZ"


def _newest_audit_removed(d: dict[str, Any]) -> tuple[str, str, str]:
    del d["audit"][-2:]
    return "audit_entries_written", "newest 2", '"audit_entries_written"'


def _position_as_true(d: dict[str, Any]) -> tuple[str, str, str]:
    d["records"]["agenda_items"][2]["position"] = True
    return "records.agenda_items[2].position", "whole number", '"position": true'


def _amount_beyond_64_bits(d: dict[str, Any]) -> tuple[str, str, str]:
    d["records"]["financial_gaps"][0]["amount"] = 2**63
    return "records.financial_gaps[0].amount", "whole number", str(2**63)


def _lone_surrogate(d: dict[str, Any]) -> tuple[str, str, str]:
    d["records"]["agenda_items"][6]["title"] = "Minutes \ud800"
    return "records.agenda_items[6].title", "must be text", "Minutes \\ud800"


def _bad_value_before_a_missing_field(d: dict[str, Any]) -> tuple[str, str, str]:
    row = d["records"]["attendance"][7]
    row["meeting_id"] = 5
    del row["status"]
    return "records.attendance[7].meeting_id", "must be text", '"meeting_id": 5'


MUTATIONS = [_starts_at_a_number, _impossible_date, _missing_id, _dangling_reference, _exempt_as_text,
             _exempt_without_paragraph, _unknown_field, _tampered_audit, _repeated_attendance, _newest_audit_removed,
             _position_as_true, _amount_beyond_64_bits, _lone_surrogate, _bad_value_before_a_missing_field]


def _write_like_a_dump(data: dict[str, Any], path: Path) -> None:
    """The dump's own layout (one row per line), rebuilt around the changed data."""
    lines = ["{", f'  "format": {json.dumps(data["format"])},', f'  "format_version": {data["format_version"]},',
             '  "records": {']
    tables = list(data["records"].items())
    for t, (table, rows) in enumerate(tables):
        lines.append(f"    {json.dumps(table)}: [")
        lines += [f"      {json.dumps(r)}{',' if i < len(rows) - 1 else ''}" for i, r in enumerate(rows)]
        lines.append("    ]" + ("," if t < len(tables) - 1 else ""))
    lines.append("  },")
    lines.append('  "audit": [')
    lines += [f"    {json.dumps(e)}{',' if i < len(data['audit']) - 1 else ''}" for i, e in enumerate(data["audit"])]
    lines += ["  ],", f'  "audit_entries_written": {data["audit_entries_written"]}', "}"]
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("layout", ["dump", "indented"])
@pytest.mark.parametrize("mutate", MUTATIONS, ids=lambda m: m.__name__.strip("_"))
def test_malformed_import_names_path_and_line_and_writes_nothing(
    demo_dump: Path, tmp_path: Path, mutate: Mutation, layout: str
) -> None:
    data = json.loads(demo_dump.read_text())
    path, message, marker = mutate(data)
    bad = tmp_path / "bad.json"
    if layout == "dump":
        _write_like_a_dump(data, bad)
    else:
        bad.write_text(json.dumps(data, indent=2))
    if layout == "indented" and path.endswith(" "):
        marker = marker if marker.startswith('"') else json.dumps(marker)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(BadImport) as refused:
        dump.import_dump(bad, tmp_path / "new.stpdesk")
    text = str(refused.value)
    line = _line_with(bad.read_text(), marker)
    if layout == "indented" and path.endswith(" "):  # a whole row is at fault: its line is the row's opening brace
        lines = bad.read_text().splitlines()
        line = max(n for n in range(1, line + 1) if lines[n - 1].strip() == "{")
    assert f"{path.strip()} (line {line}): " in text
    assert message in text
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_invalid_json_gives_its_line(demo_dump: Path, tmp_path: Path) -> None:
    text = demo_dump.read_text()
    bad = tmp_path / "cut.json"
    bad.write_text(text[: len(text) // 2])
    with pytest.raises(BadImport, match=r"not valid JSON \(line \d+, column \d+"):
        dump.import_dump(bad, tmp_path / "new.stpdesk")
    assert not (tmp_path / "new.stpdesk").exists()


@pytest.mark.parametrize(("content", "message"), [
    ("[]", "the file (line 1): the file does not hold an stp-desk record"),
    ('{"format": "something else"}', "format (line 1): this is not an stp-desk record dump"),
    ('{"format": "stp-desk record",\n "format_version": 4, "records": {}}', "format_version (line 2): "
     "the file was made by a newer version of stp-desk"),
    ('{"format": "stp-desk record", "format_version": 1, "records": {"meetings": {}}}',
     "records.meetings (line 1): expected a list of rows"),
])
def test_wrong_shapes_are_refused(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "shape.json"
    bad.write_text(content)
    with pytest.raises(BadImport, match=message.replace("(", r"\(").replace(")", r"\)")):
        dump.import_dump(bad, tmp_path / "new.stpdesk")
    assert not (tmp_path / "new.stpdesk").exists()


def test_refused_import_leaves_an_existing_empty_record_byte_for_byte(demo_dump: Path, tmp_path: Path) -> None:
    target = tmp_path / "empty.stpdesk"
    Store.open(target, create=True).close()
    before = target.read_bytes()
    data = json.loads(demo_dump.read_text())
    data["records"]["actions"][0]["owner_id"] = "nobody"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(BadImport, match=r"records\.actions\[0\]\.owner_id"):
        dump.import_dump(bad, target)
    assert target.read_bytes() == before


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="There is no file"):
        dump.import_dump(tmp_path / "absent.json", tmp_path / "new.stpdesk")
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(BadImport, match="not a text file"):
        dump.import_dump(tmp_path / "binary.json", tmp_path / "new.stpdesk")
    assert not (tmp_path / "new.stpdesk").exists()


def test_demo_dump_passes_every_import_check(demo_dump: Path) -> None:
    checked = dump.read_dump(demo_dump)
    assert checked.counts()["attendance"] == len(json.loads(demo_dump.read_text())["records"]["attendance"])


def test_a_failure_while_writing_a_new_record_leaves_no_file(demo_dump: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(*_args: object) -> None:
        raise KnownError("The record cannot be written: the disk is full.")

    monkeypatch.setattr(dump, "_load", disk_full)
    with pytest.raises(KnownError, match="disk is full"):
        dump.import_dump(demo_dump, tmp_path / "new.stpdesk")
    assert list(tmp_path.iterdir()) == []


def _schema(store: Store) -> set[tuple[str, str, str | None]]:
    return set(store.db.execute("SELECT type, name, sql FROM sqlite_master").fetchall())


def _full_text_intact(store: Store) -> None:
    """FTS5's own check that each index matches its table (it raises if not)."""
    for table in ("agenda_items_fts", "referrals_fts"):
        store.db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)")


def test_an_imported_record_has_every_index_trigger_and_its_full_text_index(demo_dump: Path, tmp_path: Path) -> None:
    """The load sets indexes and full-text triggers aside and makes them again: the schema must come back whole."""
    with Store.open(tmp_path / "fresh.stpdesk", create=True) as fresh:
        expected = _schema(fresh)
    dump.import_dump(demo_dump, tmp_path / "copy.stpdesk")
    with Store.open(tmp_path / "copy.stpdesk") as store:
        assert _schema(store) == expected
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        _full_text_intact(store)
        with Store.open(demo_dump.with_name("demo.stpdesk")) as source:
            assert sorted(r["id"] for r in store.search("stroke")) == sorted(r["id"] for r in source.search("stroke"))
            assert store.search("stroke")
        # the triggers are back: a new item reaches the index
        with store.transaction("test", "add") as w:
            meeting = store.db.execute("SELECT id FROM meetings LIMIT 1").fetchone()[0]
            w.insert("agenda_items", {"meeting_id": meeting, "position": 99, "title": "Zebra crossings",
                                      "kind": "information", "minute_text": "", "resolution": ""})
        assert [r["title"] for r in store.search("zebra")] == ["Zebra crossings"]
        _full_text_intact(store)


def test_a_failed_load_leaves_the_indexes_as_they_were(tmp_path: Path) -> None:
    path = tmp_path / "empty.stpdesk"
    with Store.open(path, create=True) as store:
        before = _schema(store)
        with pytest.raises(RuntimeError), bulk.loading(store) as loader:
            stamp = "2024-01-01T00:00:00"
            loader.insert_rows("footprints", [{"id": "F1", "name": "Somerset", "code": None, "created_at": stamp,
                                               "updated_at": stamp}])
            raise RuntimeError("the load broke off")
        assert _schema(store) == before
        assert store.db.execute("SELECT count(*) FROM footprints").fetchone()[0] == 0



def test_a_member_recorded_in_attendance_before_that_was_refused_still_imports(tmp_path: Path) -> None:
    """A dump is restored as it was written: a record from before members were refused "in attendance" keeps such a
    row (the quorum leaves it out), and the clerk corrects it to present afterwards like any other."""
    record = Record.open(tmp_path / "old.stpdesk", create=True)
    try:
        board = record.save(Board(footprint_id=record.save(Footprint(name="Somerset")), name="Somerset HWB"))
        member = record.save(Person(name="Cllr Kim", kind="elected_member"))
        record.add_member(Seat(board_id=board, title="Councillor", partner="Council"),
                          Membership(person_id=member, start_date="2025-01-01"))
        meeting = record.save(Meeting(board_id=board, starts_at="2026-01-10T10:00", status="held"))
        with record.store.transaction("Test Clerk", "record attendance") as w:  # as an older stp-desk wrote it
            w.insert(Attendance.TABLE, Attendance(meeting_id=meeting, person_id=member,
                                                  status="in_attendance").to_row())
        dump.dump(record.store, tmp_path / "old.json")
    finally:
        record.close()
    dump.import_dump(tmp_path / "old.json", tmp_path / "copy.stpdesk")
    copy = Record.open(tmp_path / "copy.stpdesk")
    try:
        (row,) = copy.find(Attendance, meeting_id=meeting)
        assert row.status == "in_attendance"
        copy.add_item(AgendaItem(meeting_id=meeting, title="Public health grant"))
        assert copy.quorum(meeting, 1).counted == []
        with pytest.raises(ValidationError, match="holds a seat"):
            copy.save(replace(row, reason="Late"))  # kept as it is, but not saved again as it is
        copy.save(replace(row, status="present"))
        assert copy.quorum(meeting, 1).counted == ["Cllr Kim"]
    finally:
        copy.close()
