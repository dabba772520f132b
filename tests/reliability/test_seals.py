"""The sealed audit trail: the key's source, and `stp-desk verify` naming each kind of tampering."""

import json
import os
import sqlite3
import stat
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail, null

from stp_desk import cli
from stp_desk.store import Store, audit
from stp_desk.store import keystore as secrets
from tests.schema import schema_at

from .conftest import make_record


@pytest.fixture
def path(tmp_path: Path) -> Path:
    p = tmp_path / "board.stpdesk"
    make_record(p)
    return p


def _sql(path: Path, *statements: str, params: list[object] | None = None) -> None:
    conn = sqlite3.connect(path)
    for s in statements:
        conn.execute(s, params or [])
    conn.commit()
    conn.close()


def _verify(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main(["verify", "--db", str(path)])
    return code, capsys.readouterr().out


# -- where the key lives --------------------------------------------------------------------------------------------


def test_the_key_lives_in_the_keyring_when_there_is_one(data_dir: Path) -> None:
    key = secrets.seal_key()
    assert key is not None and key.source == secrets.KEYRING
    assert keyring.get_password(secrets.SERVICE, secrets.USERNAME) == key.secret.hex()
    assert secrets.seal_key() == key
    assert not secrets.key_file().exists()


@pytest.mark.parametrize("backend", [fail.Keyring, null.Keyring], ids=["no keyring", "keyring that keeps nothing"])
def test_without_a_keyring_the_key_falls_back_to_an_owner_only_file(data_dir: Path, backend: type) -> None:
    keyring.set_keyring(backend())
    secrets._notice.update(pending=None, given=None)
    key = secrets.seal_key()
    assert key is not None and key.source == secrets.KEY_FILE and key.path == secrets.key_file()
    if os.name == "posix":
        assert stat.S_IMODE(key.path.stat().st_mode) == 0o600
    assert secrets.seal_key() == key  # the same key every time
    notice = secrets.take_notice()
    assert notice and "No system keyring" in notice and str(key.path) in notice
    assert "keyrings.alt" not in notice  # keyring's own advice: a plain-text store, never to be suggested here
    assert secrets.take_notice() is None  # said once
    assert "key file" in key.describe()


def test_a_key_file_moves_into_a_keyring_that_appears(data_dir: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    before = secrets.seal_key()
    from tests.conftest import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    after = secrets.seal_key()
    assert after is not None and before is not None
    assert after.source == secrets.KEYRING and after.secret == before.secret


def test_verify_makes_no_key_on_a_machine_without_one(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())  # another machine: its keyring holds no key
    code, out = _verify(path, capsys)
    assert code == 1 and "none on this machine" in out  # the seals cannot be vouched for here: a problem
    code = cli.main(["verify", "--db", str(path), "--no-seals"])
    assert code == 0, capsys.readouterr().out
    assert keyring.get_password(secrets.SERVICE, secrets.USERNAME) is None


def test_a_damaged_key_is_refused_plainly(data_dir: Path) -> None:
    keyring.set_password(secrets.SERVICE, secrets.USERNAME, "not hex")
    with pytest.raises(secrets.KnownError, match="damaged"):
        secrets.seal_key()


# -- verify names what it found --------------------------------------------------------------------------------------


def test_an_untouched_record_verifies_and_says_which_key(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _verify(path, capsys)
    assert code == 0
    assert out.startswith("ok\n")
    assert "Seal key: the system keyring" in out
    assert "0 unsealed" in out


def test_verify_reports_the_key_file_when_it_was_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keyring.set_keyring(fail.Keyring())
    p = tmp_path / "r.stpdesk"
    make_record(p)
    code, out = _verify(p, capsys)
    assert code == 0 and "Seal key: the key file" in out and "no usable keyring" in out


def test_a_row_edited_outside_stp_desk_is_named(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _sql(path, "UPDATE people SET name = 'Someone Else'")
    code, out = _verify(path, capsys)
    assert code == 1
    assert "people row" in out and "edited outside stp-desk" in out and "name" in out


def test_a_row_deleted_outside_stp_desk_is_named(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _sql(path, "DELETE FROM people")
    code, out = _verify(path, capsys)
    assert code == 1 and "removed without an audit entry" in out


def test_a_deleted_audit_entry_is_named(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _sql(path, "DELETE FROM audit WHERE seq = 2")
    code, out = _verify(path, capsys)
    assert code == 1 and "removed or moved" in out


def test_reordered_audit_entries_are_named(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _sql(path, "UPDATE audit SET seq = 100 WHERE seq = 2", "UPDATE audit SET seq = 2 WHERE seq = 3",
         "UPDATE audit SET seq = 3 WHERE seq = 100")
    code, out = _verify(path, capsys)
    assert code == 1 and "removed or moved" in out


def _forge(path: Path, seal: str | None) -> None:
    """Rewrite entry 2 and every hash after it, as someone with the program's code but not the key could."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT * FROM audit ORDER BY seq")]
    previous = audit.GENESIS
    for row in rows:
        if row["seq"] == 2:
            after = json.loads(row["after"])
            after["name"] = "Forged Board"
            row["after"] = json.dumps(after, sort_keys=True, ensure_ascii=False)
            conn.execute("UPDATE boards SET name = 'Forged Board'")
        row["prev_hash"] = previous
        row["hash"] = audit.entry_hash(row)
        if row["seq"] == 2:
            row["seal"] = seal if seal is None else row["seal"].split(":")[0] + ":" + seal
        conn.execute("UPDATE audit SET after = ?, prev_hash = ?, hash = ?, seal = ? WHERE seq = ?",
                     [row["after"], row["prev_hash"], row["hash"], row["seal"], row["seq"]])
        previous = row["hash"]
    conn.commit()
    conn.close()


def test_a_forged_entry_with_a_valid_chain_but_a_false_seal_is_named(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _forge(path, "0" * 64)
    code, out = _verify(path, capsys)
    assert code == 1
    assert "false seal" in out and "forged" in out
    assert "does not follow" not in out and "altered after" not in out  # the chain itself holds


def test_a_forged_entry_without_a_seal_among_sealed_ones_is_named(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _forge(path, None)
    code, out = _verify(path, capsys)
    assert code == 1 and "has no seal although entries before it are sealed" in out


def test_entries_sealed_with_another_key_are_named_and_check_once_that_key_is_here(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sealing = keyring.get_password(secrets.SERVICE, secrets.USERNAME)
    keyring.set_password(secrets.SERVICE, secrets.USERNAME, "ab" * 32)  # another machine's key
    code, out = _verify(path, capsys)
    assert code == 1 and "sealed with a key this computer does not hold" in out
    assert "Settings › Import key…" in out and "stp-desk key import" in out  # where to bring the key, either way
    keyring.set_password(secrets.SERVICE, secrets.EARLIER_USERNAME, sealing)  # as `key import` keeps the one before
    code, out = _verify(path, capsys)
    assert code == 0, out


def test_entries_written_before_sealing_are_unsealed_not_tampered(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _sql(path, "UPDATE audit SET seal = NULL")  # as a record from before migration 3 has them
    with Store.open(path) as s, s.transaction("Clerk", "add") as w:  # a new change after them is sealed
        w.insert("footprints", {"name": "Later"})
    code, out = _verify(path, capsys)
    assert code == 0, out
    assert "1 sealed" in out and "unsealed" in out and "written before sealing began" in out


def test_a_version_2_record_is_sealed_from_its_upgrade_on(tmp_path: Path) -> None:

    p = tmp_path / "old.stpdesk"
    with pytest.MonkeyPatch.context() as m:
        schema_at(m, 2)
        with Store.open(p, create=True) as s, s.transaction("Clerk", "add") as w:
            w.insert("footprints", {"name": "Old"})
    with Store.open(p) as s:
        assert s.schema_version >= 3
        with s.transaction("Clerk", "add") as w:
            w.insert("footprints", {"name": "New"})
        result = s.verify()
    # sealed as it was upgraded: the entry from before carries a seal too, so the record is sealed from its first
    assert result.ok and result.chain.unsealed == 0 and result.chain.sealed == 2
