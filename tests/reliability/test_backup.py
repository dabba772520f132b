"""Online backups, rotation, restore, and checking a signed document against its sign-off."""

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from stp_desk import cli
from stp_desk.domain.entities import Person
from stp_desk.domain.record import Record
from stp_desk.domain.seals import check_signed_document
from stp_desk.errors import KnownError, NotARecord, RecordInUse
from stp_desk.store import Store, backup

from .conftest import make_record


def _bytes(p: Path) -> bytes:
    return p.read_bytes()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    p = tmp_path / "board.stpdesk"
    make_record(p)
    return p


def test_a_backup_of_an_open_record_is_whole_and_verifies(path: Path, tmp_path: Path) -> None:
    rec = Record.open(path, clerk="Clerk")
    try:
        rec.save(Person(name="Written while open"))  # still in the write-ahead log
        out = backup.backup_now(rec.store, tmp_path / "backups", keep=3)
    finally:
        rec.close()
    assert out.parent == tmp_path / "backups" and out.name.startswith("board-")
    assert not Path(f"{out}-wal").exists()
    with Store.open(out, lock=False) as copy:
        assert copy.verify().ok
        assert copy.count("people", name="Written while open") == 1


def test_rotation_keeps_the_newest_n(path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    start = datetime(2025, 1, 1, 9, 0, 0)
    with Store.open(path) as s:
        made = [backup.backup_now(s, folder, keep=3, when=start + timedelta(days=i)) for i in range(5)]
        again = backup.backup_now(s, folder, keep=3, when=start + timedelta(days=4))  # same second: a new name
    assert again != made[-1]
    assert backup.backups(folder, path) == [made[3], made[4], again]
    assert not made[0].exists()
    (folder / "notes.txt").write_text("not a backup")  # other files in the folder are left alone
    with Store.open(path) as s:
        backup.backup_now(s, folder, keep=1)
    assert (folder / "notes.txt").exists() and len(backup.backups(folder, path)) == 1


def test_backups_are_due_at_most_daily(path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    today = date(2025, 6, 2)
    assert backup.backup_due(folder, today)
    with Store.open(path) as s:
        backup.backup_now(s, folder, when=datetime(2025, 6, 2, 8, 30))
    assert not backup.backup_due(folder, today)
    assert not backup.backup_due(folder, today, path)
    assert backup.backup_due(folder, today, tmp_path / "other.stpdesk")
    assert backup.backup_due(folder, today + timedelta(days=1))


def test_restore_keeps_the_current_record_first_and_the_restored_one_verifies(path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    with Store.open(path) as s:
        saved = backup.backup_now(s, folder)
    rec = Record.open(path)
    rec.save(Person(name="After the backup"))
    rec.close()
    kept = backup.restore(saved, path, folder)
    assert kept is not None and kept.exists()
    with Store.open(path) as s:
        assert s.verify().ok
        assert s.count("people", name="After the backup") == 0
    with Store.open(kept, lock=False) as s:
        assert s.count("people", name="After the backup") == 1


def test_restore_refuses_while_the_record_is_open(path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    with Store.open(path) as s:
        saved = backup.backup_now(s, folder)
        before = _bytes(path)
        with pytest.raises(RecordInUse):
            backup.restore(saved, path, folder)
    assert _bytes(path) == before
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("content", [b"", b"hello, not a database", b"SQLite format 3\x00" + b"\x00" * 200])
def test_restore_refuses_a_file_that_is_not_a_record(
    path: Path, tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.stpdesk"
    bad.write_bytes(content)
    before = _bytes(path)
    code = cli.main(["restore", str(bad), "--db", str(path), "--folder", str(tmp_path / "backups")])
    err = capsys.readouterr().err
    assert code == 2 and "cannot be restored" in err and err.count("\n") == 1
    assert _bytes(path) == before and _bytes(bad) == content
    assert not (tmp_path / "backups").exists()


def test_restore_refuses_a_backup_whose_audit_trail_fails(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "tampered.stpdesk"
    with Store.open(path) as s:
        backup.backup_to(s, out)
    conn = sqlite3.connect(out)
    conn.execute("UPDATE audit SET who = 'Nobody' WHERE seq = 1")
    conn.commit()
    conn.close()
    assert backup.check_backup(out) != []
    with pytest.raises(NotARecord, match="does not verify"):
        backup.restore(out, path, tmp_path / "backups")


def test_backup_and_restore_from_the_command_line(path: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "copy.stpdesk"
    assert cli.main(["backup", "--db", str(path), "-o", str(out)]) == 0
    assert cli.main(["backup", "--db", str(path), "--folder", str(tmp_path / "b"), "--keep", "2"]) == 0
    assert len(backup.backups(tmp_path / "b")) == 1
    assert cli.main(["restore", str(out), "--db", str(path), "--folder", str(tmp_path / "b")]) == 0
    assert "kept at" in capsys.readouterr().out
    assert cli.main(["verify", "--db", str(path)]) == 0
    assert cli.main(["backup", "--db", str(tmp_path / "missing.stpdesk")]) == 2


def test_a_backup_into_a_missing_folder_says_so(path: Path, tmp_path: Path) -> None:
    with Store.open(path) as s, pytest.raises(KnownError, match="does not exist"):
        backup.backup_to(s, tmp_path / "nowhere" / "x.stpdesk")


# -- sign-off seals ------------------------------------------------------------------------------------------------


def test_a_signed_document_is_recognised_and_a_changed_one_is_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    signed = tmp_path / "plan.pdf"
    signed.write_bytes(b"%PDF- the plan as signed")
    p = tmp_path / "r.stpdesk"
    ids = make_record(p, signed)
    rec = Record.open(p)
    try:
        assert check_signed_document(rec, ids["signoff"], signed).matches
    finally:
        rec.close()
    args = ["verify-document", "--db", str(p), "--signoff", ids["signoff"]]
    assert cli.main([*args, str(signed)]) == 0
    assert "is the document signed off" in capsys.readouterr().out
    changed = tmp_path / "plan-v2.pdf"
    changed.write_bytes(b"%PDF- the plan, quietly changed")
    assert cli.main([*args, str(changed)]) == 1
    assert "is NOT the document" in capsys.readouterr().out
    assert cli.main([*args, str(tmp_path / "absent.pdf")]) == 2
    assert cli.main(["verify-document", "--db", str(p), "--signoff", "nope", str(signed)]) == 2


def test_a_signoff_without_a_fingerprint_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from stp_desk.domain.entities import SignOff

    p = tmp_path / "r.stpdesk"
    ids = make_record(p)
    rec = Record.open(p)
    signoff = rec.save(SignOff(meeting_id=ids["meeting"], document_title="Plan", version="2"))
    rec.close()
    f = tmp_path / "f.pdf"
    f.write_bytes(b"x")
    assert cli.main(["verify-document", "--db", str(p), "--signoff", signoff, str(f)]) == 2
    assert "kept no fingerprint" in capsys.readouterr().err


def test_a_restore_killed_before_it_kept_the_head_leaves_the_next_restore_verifiable(
        path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed just after the restored record was put in place, a restore leaves the head beside the key at the
    record it replaced, which the restored record names as set aside. The next restore sets aside the restored
    record's own head; the chain of heads must still lead from the one kept to the record in place, or `verify`
    reports a rewritten trail forever after (found by `bench.crash --every-writer`)."""
    folder = tmp_path / "backups"
    with Store.open(path) as s:
        first = backup.backup_now(s, folder)
    rec = Record.open(path)
    try:
        rec.save(Person(name="After the first backup"))
    finally:
        rec.close()
    with Store.open(path) as s:
        second = backup.backup_now(s, folder)
    backup.restore(first, path, tmp_path / "kept")
    kept = Store.keep_head
    monkeypatch.setattr(Store, "keep_head", lambda self, **kw: None)  # killed before the head was kept
    backup.restore(second, path, tmp_path / "kept")
    monkeypatch.setattr(Store, "keep_head", kept)
    with Store.open(path, lock=False) as s:
        assert s.verify().ok, s.verify().problems
    backup.restore(first, path, tmp_path / "kept")  # its note takes the place the first restore's note had
    with Store.open(path, lock=False) as s:
        assert s.verify().ok, s.verify().problems
