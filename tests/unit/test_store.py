"""The store: one SQLite file, refused untouched when it is not ours, one writer, an audited hash-chained log."""

import hashlib
import json
import sqlite3
import struct
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ulid import ULID

from stp_desk.domain.entities import AgendaItem, Board, Footprint, Meeting, Referral
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError, NewerRecord, NotARecord, RecordInUse
from stp_desk.store import Store, audit, migrations
from stp_desk.store import db as db_module
from stp_desk.store.db import APPLICATION_ID, BUSY_TIMEOUT_MS
from stp_desk.store.migrations import LATEST_VERSION
from tests.schema import schema_at

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "board.stpdesk"


@pytest.fixture
def store(path: Path) -> Iterator[Store]:
    s = Store.open(path, create=True)
    yield s
    s.close()


def _fingerprint(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _made_record(path: Path) -> Path:
    """A closed record with a little in it, so it is more than one page long."""
    with Store.open(path, create=True) as s, s.transaction("Clerk", "set up") as w:
        fp = w.insert("footprints", {"name": "Cheshire and Merseyside", "code": "QYG"})
        for n in range(30):
            w.insert("boards", {"footprint_id": fp, "name": f"Board {n} " + "x" * 200, "kind": "hwb"})
    return path


def _sqlite(path: Path, *sql: str) -> None:
    conn = sqlite3.connect(path)
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


# -- the file and its settings ---------------------------------------------------------------------------------


def test_new_record_has_wal_foreign_keys_busy_timeout_and_its_version(store: Store, path: Path) -> None:
    conn = store.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS > 0
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert store.schema_version == LATEST_VERSION == len(migrations.MIGRATIONS)
    assert path.is_file()


def test_version_and_identity_are_in_the_file_itself(path: Path) -> None:
    Store.open(path, create=True).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # WAL persists in the file
    conn.close()


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), store.transaction("Clerk", "bad") as w:
        w.insert("boards", {"footprint_id": "no-such-footprint", "name": "Orphan", "kind": "hwb"})
    assert store.count("boards") == 0
    assert store.count("audit") == 0


def test_reopening_keeps_rows_and_does_not_migrate_again(path: Path) -> None:
    _made_record(path)
    with Store.open(path) as s:
        assert s.count("boards") == 30
        assert s.schema_version == LATEST_VERSION
        assert s.integrity_problems() == []


def test_every_table_has_a_text_id_primary_key_and_time_stamps(store: Store) -> None:
    tables = [r[0] for r in store.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite%' "
        "AND name != 'audit'")]
    assert set(migrations._TABLES_1) <= set(tables)
    for table in tables:
        cols = {r[1]: r for r in store.db.execute(f"PRAGMA table_info([{table}])")}
        assert cols["id"][2] == "TEXT" and cols["id"][5] == 1, table
        assert {"created_at", "updated_at"} <= set(cols), table


def test_rows_get_ulid_ids_and_stamps(store: Store) -> None:
    with store.transaction("Clerk", "add") as w:
        ids = [w.insert("footprints", {"name": f"Footprint {n}"}) for n in range(50)]
    assert len(set(ids)) == 50
    for row_id in ids:
        assert len(row_id) == 26
        assert str(ULID.from_str(row_id)) == row_id
        row = store.get("footprints", row_id)
        assert row is not None and row["created_at"] and row["created_at"] == row["updated_at"]
    for entry in store.rows("audit"):
        assert str(ULID.from_str(entry["id"])) == entry["id"]


# -- migrations -------------------------------------------------------------------------------------------------


def test_migrations_run_in_order_from_the_version_in_the_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _made_record(path)
    applied = []

    def step_2(db):
        applied.append(2)
        db.execute("ALTER TABLE footprints ADD COLUMN region TEXT")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, step_2])
    monkeypatch.setattr(db_module, "LATEST_VERSION", LATEST_VERSION + 1)
    with Store.open(path) as s:
        assert applied == [2]  # only the step after the file's version ran
        assert s.schema_version == LATEST_VERSION + 1
        assert "region" in s.columns("footprints")
        assert s.count("boards") == 30
    with Store.open(path) as s:
        assert applied == [2]


def test_a_failing_migration_leaves_the_previous_version_whole(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _made_record(path)

    def broken(db):
        db.execute("ALTER TABLE footprints ADD COLUMN region TEXT")
        raise RuntimeError("half way")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, broken])
    with pytest.raises(RuntimeError):
        Store.open(path)
    monkeypatch.undo()
    with Store.open(path) as s:  # the lock was released and the file is still version 1, unchanged
        assert s.schema_version == LATEST_VERSION
        assert "region" not in s.columns("footprints")
        assert s.integrity_problems() == []


def test_first_migration_builds_the_whole_schema_from_nothing(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "plain.db", isolation_level=None)
    from sqlite_utils import Database

    db = Database(conn)
    migrations.migrate(db)
    assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert set(migrations._TABLES_1) | {"audit"} <= set(db.table_names())
    assert set(migrations._VIEWS_1) <= set(db.view_names())
    for view in migrations._VIEWS_1:
        db.execute(f"SELECT * FROM [{view}]").fetchall()  # every view compiles against the tables
    migrations.migrate(db)  # a second run is a no-op
    assert db.execute("SELECT sql FROM sqlite_master WHERE name = 'audit'").fetchone()[0].count("AUTOINCREMENT") == 1
    assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION


def test_migration_2_keeps_a_version_1_audit_chain_and_remembers_its_length(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema_at(monkeypatch, 1)
    with Store.open(path, create=True) as s:
        assert s.schema_version == 1
        with s.transaction("Clerk", "add") as w:
            fp = w.insert("footprints", {"name": "One"})
            w.update("footprints", fp, {"name": "Two"})
        before = s.rows("audit", order_by="seq")
    monkeypatch.undo()
    with Store.open(path) as s:
        assert s.schema_version == LATEST_VERSION >= 2
        assert [{k: v for k, v in r.items() if k != "seal"} for r in s.rows("audit", order_by="seq")] == before
        assert s.integrity_problems() == []
        assert s.db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()[0] == 2
        with s.transaction("Clerk", "more") as w:
            w.update("footprints", fp, {"name": "Three"})
        assert [r["seq"] for r in s.rows("audit", order_by="seq")] == [1, 2, 3]
    _sqlite(path, "DELETE FROM audit WHERE seq = 3")
    assert _problems(path) != []


# -- refusing files that are not ours, untouched -----------------------------------------------------------------


def _refuses_untouched(path: Path, error: type[Exception], words: str) -> str:
    folder_before = sorted(p.name for p in path.parent.iterdir())
    before = _fingerprint(path)
    with pytest.raises(error) as caught:
        Store.open(path)
    assert _fingerprint(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == folder_before  # no -wal, -shm or lock left behind
    message = str(caught.value)
    assert words in message
    assert path.name in message
    assert "Traceback" not in message
    with pytest.raises(error):
        Store.open(path, create=True)  # `create` never overwrites an existing file
    assert _fingerprint(path) == before
    return message


def test_refuses_a_zero_length_file(path: Path) -> None:
    path.write_bytes(b"")
    _refuses_untouched(path, NotARecord, "empty")


def test_refuses_a_text_file(path: Path) -> None:
    path.write_text("Minutes of the meeting held on 12 March 2016\n" * 20)
    _refuses_untouched(path, NotARecord, "not an stp-desk record")


def test_refuses_random_bytes_that_start_like_sqlite(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    with pytest.raises(NotARecord):
        Store.open(path)


def test_refuses_another_programs_sqlite_database(path: Path) -> None:
    _sqlite(path, "CREATE TABLE t (x)", "INSERT INTO t VALUES (1)")
    _refuses_untouched(path, NotARecord, "not an stp-desk record")


@pytest.mark.parametrize("keep", [0.5, 0.9, 100 / 8192])
def test_refuses_a_truncated_record(path: Path, keep: float) -> None:
    data = _made_record(path).read_bytes()
    assert len(data) > 4096 * 2
    path.write_bytes(data[: max(100, int(len(data) * keep))])
    _refuses_untouched(path, NotARecord, "damaged")


def test_refuses_a_record_cut_inside_its_header(path: Path) -> None:
    data = _made_record(path).read_bytes()
    path.write_bytes(data[:60])
    _refuses_untouched(path, NotARecord, "not an stp-desk record")


def test_refuses_a_record_from_a_newer_version(path: Path) -> None:
    _made_record(path)
    _sqlite(path, f"PRAGMA user_version = {LATEST_VERSION + 1}")
    message = _refuses_untouched(path, NewerRecord, "newer version")
    assert str(LATEST_VERSION + 1) in message


@pytest.mark.parametrize("lock", [True, False], ids=["writing", "reading"])
def test_refuses_a_record_whose_schema_is_damaged_untouched(path: Path, lock: bool) -> None:
    """Its header is ours, so it is judged from the header alone (no second connection): the schema is still read,
    on the record's own connection, before anything is changed, and nothing is left beside the file."""
    _made_record(path)
    _sqlite(path, "PRAGMA writable_schema = ON", "UPDATE sqlite_master SET sql = 'CREATE TABLE boards (' "
            "WHERE name = 'boards'")
    folder_before = sorted(p.name for p in path.parent.iterdir())
    before = _fingerprint(path)
    with pytest.raises(NotARecord, match="cannot be read as an stp-desk record"):
        Store.open(path, lock=lock)
    assert _fingerprint(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == folder_before


def test_a_record_beside_an_empty_log_is_still_read_and_a_damaged_one_still_refused(path: Path) -> None:
    """A read-only reader (a script) leaves an empty -wal and a -shm beside the record: no page is in the log."""
    _made_record(path)
    reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    reader.execute("SELECT count(*) FROM boards").fetchone()
    reader.close()
    assert Path(f"{path}-wal").stat().st_size == 0
    with Store.open(path, lock=False) as store:
        assert store.count("boards") == 30
    _sqlite(path, "PRAGMA writable_schema = ON", "UPDATE sqlite_master SET sql = 'CREATE TABLE boards (' "
            "WHERE name = 'boards'")
    Path(f"{path}-wal").write_bytes(b"")
    before = _fingerprint(path)
    with pytest.raises(NotARecord, match="cannot be read as an stp-desk record"):
        Store.open(path, lock=False)
    assert _fingerprint(path) == before


def test_a_newer_version_still_in_the_log_is_read_through_the_log(path: Path, tmp_path: Path) -> None:
    """The header is the truth only with no log beside it: a version written to the log and not yet copied into the
    file (a program killed before its checkpoint) is read through the log, and refused."""
    _made_record(path)
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    copy = tmp_path / "copied" / path.name  # the file and its log as a killed program left them
    copy.parent.mkdir()
    copy.write_bytes(path.read_bytes())
    Path(f"{copy}-wal").write_bytes(Path(f"{path}-wal").read_bytes())
    writer.close()
    assert struct.unpack(">i", copy.read_bytes()[60:64])[0] == LATEST_VERSION  # the header alone says otherwise
    with pytest.raises(NewerRecord):
        Store.open(copy, lock=False)


def test_refuses_a_folder_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotARecord, match="folder"):
        Store.open(tmp_path)
    with pytest.raises(NotARecord, match="no record"):
        Store.open(tmp_path / "missing.stpdesk")
    assert not (tmp_path / "missing.stpdesk").exists()
    with pytest.raises(KnownError, match="does not exist"):
        Store.open(tmp_path / "nowhere" / "new.stpdesk", create=True)
    assert not (tmp_path / "nowhere").exists()


# -- one copy at a time ---------------------------------------------------------------------------------------------


def test_second_open_in_the_same_process_is_told_plainly(store: Store, path: Path) -> None:
    with pytest.raises(RecordInUse, match="open in another copy of stp-desk"):
        Store.open(path)
    with store.transaction("Clerk", "still works") as w:  # the first copy is unharmed
        w.insert("footprints", {"name": "Still mine"})
    store.close()
    with Store.open(path) as again:
        assert again.count("footprints") == 1


_HOLDER = textwrap.dedent("""
    import sys
    from stp_desk.store import Store
    s = Store.open(sys.argv[1])
    print("open", flush=True)
    sys.stdin.readline()
    s.close()
""")

_OPENER = textwrap.dedent("""
    import sys
    from stp_desk.errors import RecordInUse
    from stp_desk.store import Store
    try:
        Store.open(sys.argv[1]).close()
    except RecordInUse as e:
        print(e)
        sys.exit(3)
    print("opened")
""")


def _python(code: str, path: Path, **kwargs):
    return subprocess.Popen([sys.executable, "-c", code, str(path)], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def test_a_copy_killed_while_it_holds_the_record_leaves_it_free(path: Path) -> None:
    """The operating system drops the lock with the program, however it ends: a crash never locks a record out."""
    _made_record(path)
    holder = _python(_HOLDER, path, stdin=subprocess.PIPE)
    assert holder.stdout.readline().strip() == "open", holder.stderr.read()
    with pytest.raises(RecordInUse):
        Store.open(path)
    holder.kill()
    holder.communicate(timeout=60)
    with Store.open(path) as again:
        assert again.count("footprints") == 1 and again.count("boards") == 30


def test_a_second_process_is_told_the_record_is_open_elsewhere(path: Path) -> None:
    _made_record(path)
    holder = _python(_HOLDER, path, stdin=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == "open", holder.stderr.read()
        with pytest.raises(RecordInUse, match="open in another copy"):
            Store.open(path)  # this process, against the other one
        other = _python(_OPENER, path)
        out, err = other.communicate(timeout=60)
        assert other.returncode == 3, err
        assert "open in another copy of stp-desk" in out and path.name in out
    finally:
        holder.communicate("\n", timeout=60)
    assert holder.returncode == 0
    other = _python(_OPENER, path)  # once the first copy closes, the record opens
    out, err = other.communicate(timeout=60)
    assert other.returncode == 0 and out.strip() == "opened", err


def test_this_process_holding_the_record_turns_away_another_process(store: Store, path: Path) -> None:
    other = _python(_OPENER, path)
    out, err = other.communicate(timeout=60)
    assert other.returncode == 3, err
    assert "open in another copy" in out


# -- transactions and the audit log -------------------------------------------------------------------------------


def test_each_change_appends_an_audit_entry_with_who_when_what_before_after(store: Store) -> None:
    with store.transaction("Ann Clerk", "add footprint") as w:
        fp = w.insert("footprints", {"name": "Old name"})
    with store.transaction("Bob Clerk", "rename footprint") as w:
        w.update("footprints", fp, {"name": "New name"})
    with store.transaction("Cy Clerk", "delete footprint") as w:
        w.delete("footprints", fp)
    added, renamed, deleted = store.rows("audit", order_by="seq")
    assert (added["who"], added["action"], added["entity"], added["entity_id"]) == (
        "Ann Clerk", "add footprint", "footprints", fp)
    assert added["before"] is None and json.loads(added["after"])["name"] == "Old name"
    assert renamed["who"] == "Bob Clerk"
    assert json.loads(renamed["before"])["name"] == "Old name"
    assert json.loads(renamed["after"])["name"] == "New name"
    assert json.loads(deleted["before"])["name"] == "New name" and deleted["after"] is None
    for entry in (added, renamed, deleted):
        assert entry["at"][:4].isdigit() and "T" in entry["at"]
    assert added["prev_hash"] == audit.GENESIS
    assert renamed["prev_hash"] == added["hash"] and deleted["prev_hash"] == renamed["hash"]
    assert store.integrity_problems() == []


def test_an_update_that_changes_nothing_writes_nothing(store: Store) -> None:
    with store.transaction("Clerk", "add") as w:
        fp = w.insert("footprints", {"name": "Same"})
    with store.transaction("Clerk", "noop") as w:
        w.update("footprints", fp, {"name": "Same"})
    assert store.count("audit") == 1


def test_a_failed_change_rolls_back_the_rows_and_their_audit_entries(store: Store) -> None:
    with store.transaction("Clerk", "add") as w:
        w.insert("footprints", {"name": "Kept"})
    with pytest.raises(RuntimeError), store.transaction("Clerk", "half") as w:
        w.insert("footprints", {"name": "Lost one"})
        w.insert("footprints", {"name": "Lost two"})
        raise RuntimeError("power cut")
    assert [r["name"] for r in store.rows("footprints")] == ["Kept"]
    assert store.count("audit") == 1
    assert store.integrity_problems() == []


def test_updating_or_deleting_a_missing_row_is_a_plain_error(store: Store) -> None:
    with pytest.raises(KnownError, match="no longer exists"), store.transaction("Clerk", "x") as w:
        w.update("footprints", "01NOPE", {"name": "x"})
    with pytest.raises(KnownError, match="no longer exists"), store.transaction("Clerk", "x") as w:
        w.delete("footprints", "01NOPE")


def test_writes_are_visible_to_another_connection_only_after_commit(store: Store, path: Path) -> None:
    reader = sqlite3.connect(path)
    with store.transaction("Clerk", "add") as w:
        w.insert("footprints", {"name": "Pending"})
        assert reader.execute("SELECT count(*) FROM footprints").fetchone()[0] == 0
        assert reader.execute("SELECT count(*) FROM audit").fetchone()[0] == 0
    assert reader.execute("SELECT count(*) FROM footprints").fetchone()[0] == 1
    assert reader.execute("SELECT count(*) FROM audit").fetchone()[0] == 1
    reader.close()


# -- tampering with the log ------------------------------------------------------------------------------------------


@pytest.fixture
def logged(path: Path) -> Path:
    """A closed record with five changes, hence five audit entries."""
    with Store.open(path, create=True) as s:
        with s.transaction("Clerk", "add") as w:
            fp = w.insert("footprints", {"name": "One"})
        for name in ("Two", "Three", "Four"):
            with s.transaction("Clerk", "rename") as w:
                w.update("footprints", fp, {"name": name})
        with s.transaction("Clerk", "add") as w:
            w.insert("footprints", {"name": "Other"})
        assert s.count("audit") == 5
        assert s.integrity_problems() == []
    return path


def _problems(path: Path) -> list[str]:
    with Store.open(path) as s:
        return s.integrity_problems()


def test_editing_an_audit_entry_is_detected(logged: Path) -> None:
    _sqlite(logged, "UPDATE audit SET who = 'Someone else' WHERE seq = 2")
    problems = _problems(logged)
    assert any("altered" in p for p in problems)


def test_editing_an_entry_and_its_hash_is_detected(logged: Path) -> None:
    conn = sqlite3.connect(logged)
    conn.row_factory = sqlite3.Row
    row = dict(conn.execute("SELECT * FROM audit WHERE seq = 2").fetchone())
    row["after"] = row["after"].replace("Two", "Deux")
    conn.execute("UPDATE audit SET after = ?, hash = ? WHERE seq = 2", [row["after"], audit.entry_hash(row)])
    conn.commit()
    conn.close()
    assert any("does not follow" in p for p in _problems(logged))


def test_deleting_an_audit_entry_in_the_middle_is_detected(logged: Path) -> None:
    _sqlite(logged, "DELETE FROM audit WHERE seq = 3")
    assert any("removed or moved" in p for p in _problems(logged))


def test_deleting_the_first_audit_entry_is_detected(logged: Path) -> None:
    _sqlite(logged, "DELETE FROM audit WHERE seq = 1")
    assert _problems(logged) != []


def test_deleting_the_last_audit_entry_is_detected(logged: Path) -> None:
    _sqlite(logged, "DELETE FROM audit WHERE seq = 5")
    assert any("newest 1 of 5 audit entries" in p for p in _problems(logged))


def test_deleting_the_last_two_audit_entries_is_detected(logged: Path) -> None:
    _sqlite(logged, "DELETE FROM audit WHERE seq >= 4")
    assert any("newest 2 of 5 audit entries" in p for p in _problems(logged))


def test_emptying_the_audit_log_is_detected(logged: Path) -> None:
    _sqlite(logged, "DELETE FROM audit")
    assert any("newest 5 of 5" in p for p in _problems(logged))


def test_reordering_audit_entries_is_detected(logged: Path) -> None:
    _sqlite(logged, "UPDATE audit SET seq = 100 WHERE seq = 2", "UPDATE audit SET seq = 2 WHERE seq = 3",
            "UPDATE audit SET seq = 3 WHERE seq = 100")
    assert any("removed or moved" in p for p in _problems(logged))


def test_a_new_change_after_tampering_does_not_hide_it(logged: Path) -> None:
    _sqlite(logged, "UPDATE audit SET action = 'nothing to see' WHERE seq = 3")
    with Store.open(logged) as s:
        with s.transaction("Clerk", "add") as w:
            w.insert("footprints", {"name": "Later"})
        assert any("altered" in p for p in s.integrity_problems())


def test_broken_references_are_reported(logged: Path) -> None:
    conn = sqlite3.connect(logged)  # foreign keys are off on a raw connection
    conn.execute("INSERT INTO boards (id, created_at, updated_at, footprint_id, name, kind) "
                 "VALUES ('B1', 'x', 'x', 'gone', 'Orphan', 'hwb')")
    conn.commit()
    conn.close()
    assert any("broken reference" in p for p in _problems(logged))


# -- full-text search ------------------------------------------------------------------------------------------------


@pytest.fixture
def searchable(tmp_path: Path) -> Iterator[tuple[Record, dict[str, str]]]:
    rec = Record.open(tmp_path / "search.stpdesk", create=True)
    fp = rec.save(Footprint(name="Cheshire and Merseyside"))
    hwb = rec.save(Board(footprint_id=fp, name="Wirral HWB", kind="hwb"))
    hosc = rec.save(Board(footprint_id=fp, name="Wirral HOSC", kind="hosc"))
    m = rec.save(Meeting(board_id=hwb, starts_at="2016-03-12T14:00", status="held"))
    ids = {
        "title": rec.add_item(AgendaItem(meeting_id=m, title="Sustainability and Transformation Plan")),
        "minutes": rec.add_item(AgendaItem(meeting_id=m, title="Update",
                                           minute_text="The board discussed the hospital's reconfiguration.")),
        "resolution": rec.add_item(AgendaItem(meeting_id=m, title="Decision", kind="decision",
                                              resolution="RESOLVED: that the footprint's plan be endorsed.")),
        "referral": rec.raise_referral(Referral(committee_id=hosc, subject="Closure of maternity unit",
                                                referred_on="2016-05-01")),
    }
    yield rec, ids
    rec.close()


@pytest.mark.parametrize(("query", "where", "kind"), [
    ("transformation", "title", "agenda_item"),
    ("reconfiguration", "minutes", "agenda_item"),
    ("endorsed", "resolution", "agenda_item"),
    ("maternity", "referral", "referral"),
    ("matern", "referral", "referral"),
    ("MATERNITY UNIT", "referral", "referral"),
])
def test_search_finds_words_in_titles_minutes_resolutions_and_referrals(searchable, query, where, kind) -> None:
    rec, ids = searchable
    hits = rec.store.search(query)
    assert [(h["id"], h["kind"]) for h in hits] == [(ids[where], kind)]


@pytest.mark.parametrize("query", [
    '"hospital\'s"', "hospital's", "(reconfiguration)", "reconfiguration*", "reconfiguration:", "-reconfiguration",
    'hospital" "board', "^hospital", "{hospital}", "hospital;", "hospital.", "board, hospital", "\x00hospital",
    "hospital's—reconfiguration", "Hospital & Board", "discussed: hospital + board = ?", "'board'", "`hospital`",
])
def test_search_tolerates_punctuation_and_quotes(searchable, query) -> None:
    rec, ids = searchable
    assert ids["minutes"] in [h["id"] for h in rec.store.search(query)]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_search_never_fails_on_any_text(searchable, text: str) -> None:
    rec, _ = searchable
    assert isinstance(rec.store.search(text), list)


def test_search_of_nothing_finds_nothing(searchable) -> None:
    rec, _ = searchable
    assert rec.store.search("") == []
    assert rec.store.search('  "" ') == []
    assert rec.store.search("zebra") == []


def test_search_follows_edits_and_deletes(searchable) -> None:
    rec, ids = searchable
    item = rec.get(AgendaItem, ids["minutes"])
    item.minute_text = "The board noted the winter pressures."
    rec.save(item)
    assert rec.store.search("reconfiguration") == []
    assert [h["id"] for h in rec.store.search("winter")] == [ids["minutes"]]
    rec.delete(AgendaItem, ids["minutes"])
    assert rec.store.search("winter") == []
    rec.delete(Referral, ids["referral"])
    assert rec.store.search("maternity") == []
    assert rec.store.search("transformation") != []
    assert rec.store.integrity_problems() == []


def test_search_results_name_their_board_and_date(searchable) -> None:
    rec, _ = searchable
    (hit,) = rec.store.search("endorsed")
    assert hit["board"] == "Wirral HWB" and hit["date"].startswith("2016-03-12")
    assert "[endorsed]" in hit["snippet"]


# -- lists and pages ---------------------------------------------------------------------------------------------------


def test_page_filters_literally_and_checks_columns(store: Store) -> None:
    with store.transaction("Clerk", "add") as w:
        for name in ("100% Wirral", "1000 Wirral", "Under_score", "Plain"):
            w.insert("footprints", {"name": name})
    assert [r["name"] for r in store.page("footprint_list", text="100%", search_columns=["name"])] == ["100% Wirral"]
    assert [r["name"] for r in store.page("footprint_list", text="r_s", search_columns=["name"])] == ["Under_score"]
    assert store.page_count("footprint_list", text="wirral", search_columns=["name"]) == 2
    names = [r["name"] for r in store.page("footprint_list", order_by="name", descending=True, limit=2, offset=1)]
    assert names == ["Plain", "1000 Wirral"]
    with pytest.raises(ValueError):
        store.page("footprint_list", order_by="name; DROP TABLE footprints")
    with pytest.raises(ValueError):
        store.rows_between("footprints", "nope", "a", "b")


def test_a_rows_place_is_where_the_pages_show_it_in_every_order_and_filter(store: Store) -> None:
    """`page_position` agrees with the pages themselves: codes with gaps (NULLs sort first ascending, last
    descending), ties broken by id, a text filter and an equal filter, either direction; a row filtered out has
    no place."""
    with store.transaction("Clerk", "add") as w:
        for n in range(23):
            w.insert("footprints", {"name": f"Footprint {n % 5} {'Wirral' if n % 3 else 'Devon'}",
                                    "code": None if n % 4 == 0 else f"Q{n % 6}"})
    cases = [{}, {"order_by": "code"}, {"order_by": "code", "descending": True}, {"order_by": "name"},
             {"order_by": "name", "descending": True, "text": "wirral", "search_columns": ["name"]},
             {"order_by": "code", "code": "Q1"}]
    for options in cases:
        rows = store.page("footprint_list", limit=1000, **options)
        assert rows, options
        for place, row in enumerate(rows):
            assert store.page_position("footprint_list", "id", row["id"], **options) == place, (options, row)
        for key in ("code", "name"):  # the first row holding a value
            value = rows[-1][key]
            first = next(i for i, r in enumerate(rows) if r[key] == value)
            if value is not None:
                assert store.page_position("footprint_list", key, value, **options) == first, (options, key)
    devon = store.page("footprint_list", text="devon", search_columns=["name"], limit=1)[0]["id"]
    assert store.page_position("footprint_list", "id", devon, text="wirral", search_columns=["name"]) is None
    with pytest.raises(ValueError):
        store.page_position("footprint_list", "id; DROP TABLE footprints", "x")


def _one_item(path: Path) -> str:
    record = Record.open(path, create=True, clerk="Clerk")
    try:
        footprint = record.save(Footprint(name="North"))
        board = record.save(Board(footprint_id=footprint, name="North HWB"))
        meeting = record.save(Meeting(board_id=board, starts_at="2025-03-04 10:00"))
        return record.add_item(AgendaItem(meeting_id=meeting, title="STP plan", kind="plan_signoff"))
    finally:
        record.close()


def _contents(store: Store) -> list[object]:
    return [store.conn.execute(f"SELECT * FROM [{t}] ORDER BY rowid").fetchall()
            for t in ("agenda_items", "agenda_items_fts", "audit")]


def test_a_rehearsed_write_changes_nothing_and_leaves_the_record_verified(path: Path) -> None:
    """The write rehearsed before a session's first save is rolled back: rows, full-text index and audit log are
    as they were, and the connection still waits for another writer as long as before."""
    _one_item(path)
    with Store.open(path) as store:
        before = _contents(store)
        assert store.rehearse_write()
        assert _contents(store) == before
        assert not store.conn.in_transaction
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
        assert store.verify().ok


def test_a_rehearsal_never_waits_for_another_writer(path: Path) -> None:
    import time

    _one_item(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program is writing
    try:
        with Store.open(path, lock=False) as store:
            started = time.monotonic()
            assert not store.rehearse_write()
            assert time.monotonic() - started < BUSY_TIMEOUT_MS / 1000 / 2
            assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_nothing_is_rehearsed_on_an_empty_record_a_closed_one_or_during_a_change(store: Store, path: Path) -> None:
    assert not store.rehearse_write()  # no agenda item to rehearse on
    store.close()
    assert not store.rehearse_write()
    _one_item(tmp := path.with_name("other.stpdesk"))
    with Store.open(tmp) as other, other.transaction("Clerk", "a change under way"):
        assert not other.rehearse_write()


def test_a_snapshot_reads_the_record_as_it_stood_when_it_began(store: Store, path: Path) -> None:
    """What another program commits during a snapshot shows in none of its reads and in every read after it; a
    snapshot inside another joins it; a write inside one is refused, with nothing written."""
    with store.transaction("Test Clerk", "add footprint") as w:
        w.insert("footprints", {"name": "North"})
    other = sqlite3.connect(path, isolation_level=None)
    try:
        with store.snapshot():
            before = store.count("footprints")
            other.execute("INSERT INTO footprints (id, name, created_at, updated_at) "
                          "VALUES ('01TESTFOOTPRINT000000000000', 'South', '2026-01-01', '2026-01-01')")
            with store.snapshot():
                assert store.count("footprints") == before == 1
            assert [r["name"] for r in store.rows("footprints", "name")] == ["North"]
            with pytest.raises(RuntimeError, match="snapshot"), store.transaction("Test Clerk", "add footprint") as w:
                w.insert("footprints", {"name": "West"})
        assert not store.conn.in_transaction
        assert [r["name"] for r in store.rows("footprints", "name")] == ["North", "South"]
    finally:
        other.close()


def test_a_snapshot_inside_a_write_reads_within_it(store: Store) -> None:
    """Reads in a snapshot taken while a clerk's change is being written see that change (they join its
    transaction) instead of failing to begin another."""
    with store.transaction("Test Clerk", "add footprint") as w:
        w.insert("footprints", {"name": "North"})
        with store.snapshot():
            assert store.count("footprints") == 1
    assert store.count("footprints") == 1 and not store.conn.in_transaction
