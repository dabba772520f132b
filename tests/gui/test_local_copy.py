"""A record in a synced folder, opened from the window: refused where it is, with the reason, and copied to this
computer when the clerk says so; the file where it was is left exactly as it was."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QWidget
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from stp_desk.store import Store, location
from stp_desk.ui.main_window import MainWindow
from stp_desk.ui.settings import BACKUP_FOLDER

from .conftest import answering


def _synced_record(tmp_path: Path) -> Path:
    made = tmp_path / "made.stpdesk"
    with Store.open(made, create=True):
        pass
    synced = tmp_path / "OneDrive - Kent County Council" / "HWB"
    synced.mkdir(parents=True)
    return made.rename(synced / "hwb.stpdesk")


def _open_action(window: MainWindow) -> QAction:
    return next(a for a in window.findChildren(QAction) if a.text() == "&Open record…")


def test_a_synced_record_is_copied_to_this_computer(window: MainWindow, tmp_path: Path, data_dir: Path,
                                                    monkeypatch: MonkeyPatch, qtbot: QtBot) -> None:
    synced = _synced_record(tmp_path)
    before = synced.read_bytes()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(synced), ""))
    seen: dict[str, str] = {}

    def copy(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        next(b for b in box.buttons() if b.text() == "&Copy to this computer").click()

    answers = answering(copy)
    _open_action(window).trigger()
    qtbot.waitUntil(lambda: answers.done, timeout=10000)
    assert "sync client" in seen["text"]
    assert window.store.path == data_dir / "hwb.stpdesk"
    assert window.store.verify().ok
    assert synced.read_bytes() == before and sorted(p.name for p in synced.parent.iterdir()) == ["hwb.stpdesk"]
    assert QSettings().value(BACKUP_FOLDER) == str(synced.parent)


def test_cancel_keeps_the_open_record(window: MainWindow, tmp_path: Path, monkeypatch: MonkeyPatch,
                                      qtbot: QtBot) -> None:
    synced = _synced_record(tmp_path)
    was = window.store.path
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(synced), ""))

    def cancel(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        box.button(QMessageBox.StandardButton.Cancel).click()

    answers = answering(cancel)
    _open_action(window).trigger()
    qtbot.waitUntil(lambda: answers.done, timeout=10000)
    assert window.store.path == was


def test_a_record_in_a_folder_that_looks_temporary_is_flagged(open_window: Callable[[Path], MainWindow],
                                                               tmp_path: Path, monkeypatch: MonkeyPatch,
                                                               qtbot: QtBot) -> None:
    """A non-persistent profile empties its folders at sign-out: the window says so, without stopping the clerk."""

    monkeypatch.setattr(location, "temporary_reason",
                        lambda path: "Windows signed you in with a temporary profile (C:\\Users\\TEMP).")
    window = open_window(tmp_path / "record.stpdesk")
    flags = [w for w in window.statusBar().findChildren(QLabel) if w.accessibleName() == "Temporary folder"]
    assert len(flags) == 1 and "temporary profile" in flags[0].toolTip()
    seen: dict[str, str] = {}

    def read(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        box.accept()

    answers = answering(read)
    qtbot.mouseClick(flags[0], Qt.MouseButton.LeftButton, pos=flags[0].rect().center())
    qtbot.waitUntil(lambda: answers.done, timeout=10000)
    assert "to a folder that lasts" in seen["text"] and "temporary profile" in seen["text"]


def test_an_ordinary_folder_is_not_flagged(window: MainWindow) -> None:
    assert not [w for w in window.statusBar().findChildren(QLabel) if w.accessibleName() == "Temporary folder"]


def test_the_records_folder_is_chosen_in_settings(window: MainWindow, tmp_path: Path, monkeypatch: MonkeyPatch,
                                                  qtbot: QtBot) -> None:
    """Settings chooses where records live (kept for the next start); a synced folder is refused there too."""
    from stp_desk import paths

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    chosen, synced = tmp_path / "records", tmp_path / "Dropbox"
    chosen.mkdir()
    synced.mkdir()
    seen: dict[str, str] = {}

    def choose(folder: Path) -> Callable[[QWidget], None]:
        def answer(dialog: QWidget) -> None:
            edit = dialog.records_folder  # type: ignore[attr-defined]
            edit.setFocus()
            edit.selectAll()
            qtbot.keyClicks(edit, str(folder))
            qtbot.keyClick(dialog, Qt.Key.Key_Return)
            seen["message"] = dialog.message.text()  # type: ignore[attr-defined]
            if dialog.isVisible():
                dialog.reject()  # type: ignore[attr-defined]

        return answer

    settings = next(a for a in window.findChildren(QAction) if a.text() == "&Settings…")
    answers = answering(choose(synced))
    settings.trigger()
    qtbot.waitUntil(lambda: answers.done, timeout=10000)
    assert "sync client" in seen["message"] and paths.records_folder_chosen() is None

    answers = answering(choose(chosen))
    settings.trigger()
    qtbot.waitUntil(lambda: answers.done, timeout=10000)
    assert paths.records_folder_chosen() == chosen
    monkeypatch.delenv("STP_DESK_DATA_DIR")
    assert paths.data_dir() == chosen
