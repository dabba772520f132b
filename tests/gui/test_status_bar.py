"""The status bar at 1366x768: the keyring notice is read whole (not clipped), and the record's path fits beside it."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from stp_desk.domain.entities import Footprint
from stp_desk.store import keystore


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setitem(keystore._notice, "pending", None)
    monkeypatch.setitem(keystore._notice, "given", None)
    keyring.set_keyring(fail.Keyring())


def test_the_keyring_notice_fits_and_opens_in_full(open_window, tmp_path: Path, no_keyring: None) -> None:
    deep = tmp_path / "a folder with a long name" / "another folder with a longer name still" / "and one more"
    deep.mkdir(parents=True)
    first = open_window(deep / "first.stpdesk")
    first.record.save(Footprint(name="Somerset"))  # the seal key is needed: no keyring, so the key file
    window = open_window(deep / "Somerset Health and Wellbeing Board record.stpdesk")
    window.resize(1366, 768)
    QTest.qWaitForWindowActive(window)
    bar = window.statusBar()
    message = bar.currentMessage()
    assert "keyring" in message.lower()
    permanent = sum(w.sizeHint().width() for w in bar.findChildren(QLabel) if w.isVisible())
    assert bar.fontMetrics().horizontalAdvance(message) + permanent + 40 <= bar.width(), "the notice is clipped"
    warning = next(w for w in bar.findChildren(QLabel) if "Weaker audit seal" in w.text())
    shown: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append(box.text())
            box.close()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(50, read_and_close)
    QTest.mouseClick(warning, Qt.MouseButton.LeftButton, pos=warning.rect().center())
    QTest.qWait(200)
    assert shown and "This is weaker than a keyring." in shown[0] and "audit-seal" in shown[0].replace(" ", "-")
