"""The tampering table: each way of rewriting a record behind stp-desk's back, and `stp-desk verify` naming it.

Every case is made on a real record (made through the domain layer) with the sqlite3 module, as someone with the
file and the program's source, but not the seal key, could. Each must end in exit 1 with the problem named.
"""

import json
import secrets
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail

from stp_desk import cli
from stp_desk.store import Store, audit
from stp_desk.store import keystore as secrets_store

from .conftest import make_record

Tamper = Callable[[Path], None]


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for s in statements:
        conn.execute(s)
    conn.commit()
    conn.close()


def _rewrite_chain(path: Path, seal: Callable[[dict[str, Any]], str | None],
                   edit: Callable[[sqlite3.Connection, dict[str, Any]], None] | None = None) -> None:
    """Recompute every hash (after `edit` changed an entry), sealing each entry as `seal` says."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    previous = audit.GENESIS
    for row in [dict(r) for r in conn.execute("SELECT * FROM audit ORDER BY seq")]:
        if edit is not None:
            edit(conn, row)
        row["prev_hash"] = previous
        row["hash"] = audit.entry_hash(row)
        row["seal"] = seal(row)
        conn.execute("UPDATE audit SET after = ?, prev_hash = ?, hash = ?, seal = ? WHERE seq = ?",
                     [row["after"], row["prev_hash"], row["hash"], row["seal"], row["seq"]])
        previous = row["hash"]
    conn.commit()
    conn.close()


def _rename_board(conn: sqlite3.Connection, row: dict[str, Any]) -> None:
    """The forger's purpose: the board's name changed, in its row and in the entry that made it."""
    if row["entity"] == "boards":
        after = json.loads(row["after"])
        after["name"] = "Forged Board"
        row["after"] = json.dumps(after, sort_keys=True, ensure_ascii=False)
        conn.execute("UPDATE boards SET name = 'Forged Board'")


def strip_every_seal(path: Path) -> None:
    _rewrite_chain(path, lambda row: None, _rename_board)


def seal_under_a_made_up_key(path: Path) -> None:
    made_up = secrets_store.SealKey(secrets.token_bytes(32), secrets_store.KEYRING)
    _rewrite_chain(path, lambda row: made_up.seal(audit.seal_message(row["hash"])), _rename_board)


def seal_one_entry_under_a_made_up_key(path: Path) -> None:
    made_up = secrets_store.SealKey(secrets.token_bytes(32), secrets_store.KEYRING)
    conn = sqlite3.connect(path)
    last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    conn.execute("UPDATE audit SET seal = ? WHERE seq = ?", [made_up.seal(audit.seal_message(last[1])), last[0]])
    conn.commit()
    conn.close()


def _replace_the_key() -> secrets_store.SealKey:
    """Put another key where this computer keeps its own (the key file, or the keyring's entry)."""
    held = secrets_store.seal_key(create=False)
    assert held is not None
    new = secrets.token_bytes(32)
    if held.source == secrets_store.KEY_FILE:
        secrets_store.key_file().write_text(new.hex() + "\n", encoding="ascii")
    else:
        keyring.set_password(secrets_store.SERVICE, secrets_store.USERNAME, new.hex())
    return secrets_store.SealKey(new, held.source)


def replace_the_key(path: Path) -> None:
    _replace_the_key()


def replace_the_key_and_forge_under_it(path: Path) -> None:
    """Replace the key this computer holds, then rebuild the chain sealed with the new one."""
    forged = _replace_the_key()
    _rewrite_chain(path, lambda row: forged.seal(audit.seal_message(row["hash"])), _rename_board)


def insert_an_agenda_item_with_the_shell(path: Path) -> None:
    _sql(path, "INSERT INTO agenda_items (id, created_at, updated_at, meeting_id, position, title, kind) "
               "SELECT 'SMUGGLED', '2025-03-04T10:00:00', '2025-03-04T10:00:00', id, 9, 'Smuggled in', 'decision' "
               "FROM meetings")


def delete_the_newest_entries_and_lower_the_sequence(path: Path) -> None:
    conn = sqlite3.connect(path)
    last = conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
    newest = conn.execute("SELECT entity, entity_id FROM audit WHERE seq = ?", [last]).fetchone()
    conn.execute(f"DELETE FROM [{newest[0]}] WHERE id = ?", [newest[1]])  # the row its entry made goes too
    conn.execute("DELETE FROM audit WHERE seq = ?", [last])
    conn.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit'", [last - 1])
    conn.commit()
    conn.close()


def edit_a_row(path: Path) -> None:
    _sql(path, "UPDATE people SET name = 'Someone Else'")


def delete_a_row(path: Path) -> None:
    _sql(path, "PRAGMA foreign_keys = OFF", "DELETE FROM agenda_items")


def delete_an_entry_in_the_middle(path: Path) -> None:
    _sql(path, "DELETE FROM audit WHERE seq = 2")


def delete_the_first_entry(path: Path) -> None:
    _sql(path, "DELETE FROM audit WHERE seq = 1")


def empty_the_log_and_its_sequence(path: Path) -> None:
    _sql(path, "DELETE FROM audit", "DELETE FROM sqlite_sequence WHERE name = 'audit'")


def reorder_entries(path: Path) -> None:
    _sql(path, "UPDATE audit SET seq = 100 WHERE seq = 2", "UPDATE audit SET seq = 2 WHERE seq = 3",
         "UPDATE audit SET seq = 3 WHERE seq = 100")


def edit_an_entry(path: Path) -> None:
    _sql(path, "UPDATE audit SET who = 'Someone else' WHERE seq = 2")


def forge_with_a_false_seal(path: Path) -> None:
    _rewrite_chain(path, lambda row: row["seal"].split(":")[0] + ":" + "0" * 64, _rename_board)


def forge_one_unsealed_entry_among_sealed(path: Path) -> None:
    key = secrets_store.seal_key(create=False)
    assert key is not None
    _rewrite_chain(path, lambda row: None if row["entity"] == "boards" else key.seal(
        audit.seal_message(row["hash"])), _rename_board)


# Each case: how it is done, and words the report must contain.
CASES: list[tuple[Tamper, str]] = [
    (strip_every_seal, "no seal"),
    (seal_under_a_made_up_key, "a key this computer does not hold"),
    (seal_one_entry_under_a_made_up_key, "a key this computer does not hold"),
    (replace_the_key, "a key this computer does not hold"),
    (replace_the_key_and_forge_under_it, "last known head"),
    (insert_an_agenda_item_with_the_shell, "agenda_items row SMUGGLED was added without an audit entry"),
    (delete_the_newest_entries_and_lower_the_sequence, "last known head"),
    (edit_a_row, "edited outside stp-desk"),
    (delete_a_row, "removed without an audit entry"),
    (delete_an_entry_in_the_middle, "removed or moved"),
    (delete_the_first_entry, "does not follow the entry before it"),
    (empty_the_log_and_its_sequence, "short of its last known head"),
    (reorder_entries, "removed or moved"),
    (edit_an_entry, "altered after it was written"),
    (forge_with_a_false_seal, "false seal"),
    (forge_one_unsealed_entry_among_sealed, "no seal"),
]


@pytest.fixture(params=["keyring", "key file"])
def where(request: pytest.FixtureRequest) -> str:
    if request.param == "key file":
        keyring.set_keyring(fail.Keyring())
    return str(request.param)


@pytest.mark.parametrize(("tamper", "named"), CASES, ids=[c[0].__name__ for c in CASES])
def test_verify_names_each_tampering(tmp_path: Path, where: str, tamper: Tamper, named: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "board.stpdesk"
    make_record(path)
    assert cli.main(["verify", "--db", str(path)]) == 0, capsys.readouterr().out
    capsys.readouterr()
    tamper(path)
    code = cli.main(["verify", "--db", str(path)])
    out = capsys.readouterr().out
    assert code == 1, out
    assert named in out, out


def test_an_untouched_record_is_sealed_from_its_first_entry(tmp_path: Path) -> None:
    path = tmp_path / "board.stpdesk"
    make_record(path)
    with Store.open(path) as store:
        seals = [r["seal"] for r in store.rows("audit", order_by="seq")]
        result = store.verify()
    assert seals and all(seals)
    assert result.ok and result.chain.unsealed == 0


def test_without_the_key_verify_says_seals_cannot_be_checked(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import MemoryKeyring

    path = tmp_path / "board.stpdesk"
    make_record(path)
    keyring.set_keyring(MemoryKeyring())  # a new laptop: no key in its keyring
    code = cli.main(["verify", "--db", str(path)])
    out = capsys.readouterr().out
    assert code == 1
    assert "seals cannot be checked on this computer" in out and "key import" in out
    code = cli.main(["verify", "--db", str(path), "--no-seals"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "not checked" in out


# -- the head carried by every backup --------------------------------------------------------------------------------


def _cut_newest(path: Path, n: int) -> None:
    for _ in range(n):
        delete_the_newest_entries_and_lower_the_sequence(path)


def test_a_backup_carries_the_head_so_a_cut_shows_on_a_computer_that_lost_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "board.stpdesk"
    make_record(path)
    folder = tmp_path / "backups"
    assert cli.main(["backup", "--db", str(path), "--folder", str(folder)]) == 0
    held = keyring.get_password(secrets_store.SERVICE, secrets_store.USERNAME)
    from tests.conftest import MemoryKeyring

    keyring.set_keyring(MemoryKeyring({(secrets_store.SERVICE, secrets_store.USERNAME): held}))  # no head kept
    _cut_newest(path, 2)
    capsys.readouterr()
    assert cli.main(["verify", "--db", str(path)]) == 0  # nothing outside the file remembers the head...
    capsys.readouterr()
    code = cli.main(["verify", "--db", str(path), "--backups", str(folder)])  # ...but the backup does
    out = capsys.readouterr().out
    assert code == 1 and "the newest backup" in out and "holds entries this record lacks" in out, out


def test_a_restore_is_recorded_so_the_backups_after_it_still_agree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from stp_desk.domain.entities import Person
    from stp_desk.domain.record import Record
    from stp_desk.store import backup

    path = tmp_path / "board.stpdesk"
    make_record(path)
    folder = tmp_path / "backups"
    with Store.open(path) as s:
        saved = backup.backup_now(s, folder)
    rec = Record.open(path)
    rec.save(Person(name="After the backup"))
    rec.close()
    kept = backup.restore(saved, path, folder)  # the record as it was is the newest backup now
    assert kept is not None
    capsys.readouterr()
    code = cli.main(["verify", "--db", str(path), "--backups", str(folder)])
    out = capsys.readouterr().out
    assert code == 0, out
    with Store.open(path) as s:
        entry = s.rows("audit", order_by="seq")[-1]
    assert entry["action"] == "restore" and saved.name in entry["after"] and entry["seal"]


def _bulk_loaded(path: Path) -> None:
    """A record whose people came in by one bulk load (as the large demo's history does), with one entry for all."""
    from stp_desk.store import bulk

    with bulk.new_record(path) as store, bulk.loading(store) as loader:
        loader.insert_rows("people", [{"id": f"P{n}", "created_at": "2025-01-01T09:00:00",
                                       "updated_at": "2025-01-01T09:00:00", "name": f"Person {n}",
                                       "kind": "other"} for n in range(50)])
        loader.log(at="2025-01-01T09:00:00", who="Clerk", action="load people", entity="record",
                   entity_id=path.name, after={"people": 50})


@pytest.mark.parametrize("statement", [
    "INSERT INTO people (id, created_at, updated_at, name, kind) VALUES ('P999', 'x', 'x', 'Smuggled', 'other')",
    "UPDATE people SET name = 'Someone Else' WHERE id = 'P7'",
    "DELETE FROM people WHERE id = 'P7'",
], ids=["added", "changed", "removed"])
def test_rows_a_bulk_load_brought_in_are_held_to_its_count_and_digest(
    tmp_path: Path, statement: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bulk.stpdesk"
    _bulk_loaded(path)
    with Store.open(path) as store, store.transaction("Clerk", "rename") as w:  # a later change, audited
        w.update("people", "P3", {"name": "Renamed"})
    assert cli.main(["verify", "--db", str(path)]) == 0, capsys.readouterr().out
    capsys.readouterr()
    _sql(path, statement)
    assert cli.main(["verify", "--db", str(path)]) == 1
    assert "people: the rows brought in by a bulk load" in capsys.readouterr().out


def test_verify_reads_a_large_table_a_row_at_a_time(tmp_path: Path) -> None:
    """The replay walks rows and entries side by side: a table's rows are never all in memory at once."""
    import tracemalloc

    from stp_desk.store import bulk

    path = tmp_path / "large.stpdesk"
    rows = 30_000
    with bulk.new_record(path) as store, bulk.loading(store) as loader:
        loader.insert_rows("people", ({"id": f"P{n:06}", "created_at": "2025-01-01T09:00:00",
                                       "updated_at": "2025-01-01T09:00:00", "name": f"Person {n} " + "x" * 300,
                                       "kind": "other"} for n in range(rows)))
        loader.log(at="2025-01-01T09:00:00", who="Clerk", action="load people", entity="record",
                   entity_id=path.name, after={"people": rows})
    with Store.open(path, lock=False) as store:
        tracemalloc.start()
        try:
            result = store.verify()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert result.ok, result.problems
    assert peak < 4_000_000, f"{peak:,} bytes at the peak: the table ({rows * 300:,} bytes of names) was held whole"


def _verify_peak(path: Path, entries: int) -> int:
    """Tracemalloc's peak while verifying a record whose audit log holds `entries` changes of one person, each
    entry carrying the person's 2 kB notes before and after."""
    import tracemalloc

    with Store.open(path, create=True) as store, store.transaction("Clerk", "add") as w:
        w.insert("people", {"id": "P1", "name": "Ann", "kind": "other"})
    with Store.open(path) as store, store.transaction("Clerk", "edit often") as w:
        for n in range(entries):  # one transaction: a long log made quickly
            w.update("people", "P1", {"name": f"Ann {n} " + "x" * 2000})
    with Store.open(path, lock=False) as store:
        tracemalloc.start()
        try:
            result = store.verify()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert result.ok, result.problems
    return peak


def test_verify_reads_the_audit_log_an_entry_at_a_time(tmp_path: Path) -> None:
    """Checking the chain and replaying it keep one entry in hand at a time: twice the log, not twice the memory
    (`verify` peaked at three times the memory on a record four times larger while it held whole tables)."""
    small = _verify_peak(tmp_path / "small.stpdesk", 1_500)
    large = _verify_peak(tmp_path / "large.stpdesk", 3_000)
    assert large < small * 1.2 + 200_000, f"{small:,} then {large:,} bytes at the peak: the log was held whole"


def test_a_restore_cut_short_after_the_swap_still_verifies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A crash between putting the restored record in place and keeping its head leaves the old head beside the
    key: the restored record names it as set aside, so verify accepts it rather than cry tampering."""
    from stp_desk.domain.entities import Person
    from stp_desk.domain.record import Record
    from stp_desk.store import backup

    path = tmp_path / "board.stpdesk"
    make_record(path)
    folder = tmp_path / "backups"
    with Store.open(path) as s:
        saved = backup.backup_now(s, folder)
    rec = Record.open(path)
    rec.save(Person(name="After the backup"))
    rec.close()
    before = secrets_store.known_head(secrets_store.place_of(path))

    def crash(*args: object) -> None:
        raise OSError("killed")

    with monkeypatch.context() as m:
        m.setattr(secrets_store, "remember_head", crash)
        backup.restore(saved, path, folder)
    assert secrets_store.known_head(secrets_store.place_of(path)) == before  # the old record's head, still
    capsys.readouterr()
    code = cli.main(["verify", "--db", str(path), "--backups", str(folder)])
    assert code == 0, capsys.readouterr().out


def test_a_change_rolled_back_moves_no_head(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The head is kept once the outermost transaction commits: a nested change whose outer one fails leaves the
    head where the record's chain still is."""
    path = tmp_path / "board.stpdesk"
    make_record(path)
    with Store.open(path) as store, pytest.raises(RuntimeError), store.transaction("Clerk", "outer") as w:
        w.insert("footprints", {"name": "Kept?"})
        with store.transaction("Clerk", "inner") as inner:
            inner.insert("footprints", {"name": "Inner"})
        raise RuntimeError("the outer change fails")
    assert cli.main(["verify", "--db", str(path)]) == 0, capsys.readouterr().out
