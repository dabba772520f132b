"""Backups and restore from the window, and checking a signed file."""

import hashlib
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from stp_desk.domain.entities import Board, Footprint, Meeting, SignOff
from stp_desk.store.backup import backup_now, backups
from stp_desk.ui.main_window import MainWindow
from stp_desk.ui.safety import check_document
from stp_desk.ui.settings import backup_folder
from tests.gui.conftest import answering, press


def test_back_up_then_restore_keeps_the_record_as_it_was(window: MainWindow, qtbot: QtBot) -> None:
    window.record.save(Footprint(name="Before the backup"))
    window.backups.now()
    assert window.backups.last_task is not None
    qtbot.waitUntil(lambda: len(backups(backup_folder(), window.record.path)) == 1, timeout=20000)
    made = backups(backup_folder(), window.record.path)[0]
    assert "Backed up to" in window.statusBar().currentMessage() or made.exists()

    window.record.save(Footprint(name="After the backup"))
    answers = answering(press(QMessageBox.StandardButton.Yes))
    window.backups.restore_from(made)  # checked on a worker thread, then swapped in
    qtbot.waitUntil(lambda: "Restored" in window.statusBar().currentMessage(), timeout=30000)
    assert answers.done
    assert [f.name for f in window.record.find(Footprint)] == ["Before the backup"]
    assert window.boards.footprints.model.total == 1
    kept = [b for b in backups(backup_folder(), window.record.path) if b != made]
    assert kept, "the record as it was before the restore is kept"
    assert window.record.store.integrity_problems() == []


def test_a_file_that_is_not_a_backup_is_refused_and_the_record_kept(window: MainWindow, tmp_path: Path,
                                                                    qtbot: QtBot) -> None:
    window.record.save(Footprint(name="Somerset"))
    bogus = tmp_path / "not-a-backup.stpdesk"
    bogus.write_text("minutes of the last meeting")
    answers = answering(press(QMessageBox.StandardButton.Yes), press(QMessageBox.StandardButton.Ok))
    window.backups.restore_from(bogus)
    qtbot.waitUntil(lambda: answers.done, timeout=30000)
    assert answers.answered == ["Restore from a backup", "Restore from a backup"]
    assert [f.name for f in window.record.find(Footprint)] == ["Somerset"]
    assert bogus.read_text() == "minutes of the last meeting"


def test_a_cancelled_restore_leaves_the_record_open_as_it_was(window: MainWindow, qtbot: QtBot) -> None:
    window.record.save(Footprint(name="Before the backup"))
    made = backup_now(window.record.store, backup_folder())
    window.record.save(Footprint(name="After the backup"))
    record = window.record
    answers = answering(press(QMessageBox.StandardButton.Yes))
    window.backups.restore_from(made)
    assert answers.done and window.backups.last_task is not None
    window.backups.last_task.cancel()  # as the clerk pressing Cancel on the progress bar
    qtbot.waitUntil(lambda: "cancelled" in window.statusBar().currentMessage(), timeout=30000)
    assert window.record is record  # never closed
    assert sorted(f.name for f in window.record.find(Footprint)) == ["After the backup", "Before the backup"]
    assert backups(backup_folder(), window.record.path) == [made]
    assert not [p for p in window.record.path.parent.iterdir() if p.name.endswith(".restoring")]


def test_closing_the_window_backs_up(window: MainWindow) -> None:
    window.record.save(Footprint(name="Somerset"))
    path = window.record.path
    window.close()
    assert len(backups(backup_folder(), path)) == 1


def test_checking_the_signed_file(window: MainWindow, tmp_path: Path, monkeypatch: object) -> None:
    record = window.record
    footprint = record.save(Footprint(name="Somerset"))
    board = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    meeting = record.save(Meeting(board_id=board, starts_at="2026-03-12T14:00", status="held"))
    signed, other = tmp_path / "plan.pdf", tmp_path / "plan-v2.pdf"
    signed.write_bytes(b"the plan as signed")
    other.write_bytes(b"the plan, changed afterwards")
    signoff = record.save(SignOff(meeting_id=meeting, document_title="Joint Forward Plan", version="1.2",
                                  sha256=hashlib.sha256(signed.read_bytes()).hexdigest()))
    from PySide6.QtWidgets import QFileDialog

    said: list[str] = []

    def read(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.text())
        box.button(QMessageBox.StandardButton.Ok).click()

    for file in (signed, other):
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, f=file: (str(f), ""))  # type: ignore[attr-defined]
        answers = answering(read)
        check_document(window, record, signoff)
        assert answers.done
    assert "is the document signed off" in said[0]
    assert "is NOT the document" in said[1]


def test_without_a_keyring_the_window_says_so_once(open_window: object, tmp_path: Path,
                                                    monkeypatch: object) -> None:
    import keyring
    from keyring.backends import fail

    from stp_desk.store import keystore as secrets

    monkeypatch.setitem(secrets._notice, "pending", None)  # type: ignore[attr-defined]
    monkeypatch.setitem(secrets._notice, "given", None)  # type: ignore[attr-defined]
    keyring.set_keyring(fail.Keyring())
    first = open_window(tmp_path / "first.stpdesk")  # type: ignore[operator]
    first.record.save(Footprint(name="Somerset"))  # the seal key is needed: no keyring, so the key file
    first.refresh_all()
    second = open_window(tmp_path / "second.stpdesk")  # type: ignore[operator]
    labels = [w.text() for w in second.statusBar().findChildren(QLabel)]
    assert any("Weaker audit seal" in text for text in labels)
    assert "keyring" in second.statusBar().currentMessage().lower()
    third = open_window(tmp_path / "third.stpdesk")  # type: ignore[operator]
    assert not any("Weaker" in w.text() for w in third.statusBar().findChildren(QLabel))
