"""Settings moves the audit seal key to another computer: Export key… and Import key…, clicked as a clerk does."""

from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QWidget

from stp_desk import cli
from stp_desk.store import keystore
from stp_desk.ui.app import configure_application
from stp_desk.ui.settings_dialog import PasswordDialog, SettingsDialog
from tests.conftest import MemoryKeyring
from tests.gui.conftest import answering
from tests.reliability.conftest import make_record

PASSWORD = "correct horse battery"
said: list[str] = []  # what each password dialog said when OK was clicked


def _type_password(*typed: str) -> object:
    """Type into the password fields and click OK; a dialog that refuses stays open (and is then closed)."""

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, PasswordDialog)
        fields = [dialog.password] + ([dialog.again] if dialog.again is not None else [])
        for field, text in zip(fields, typed, strict=True):
            QTest.keyClicks(field, text)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
        said.append(dialog.message.text())

    return answer


def _settings() -> SettingsDialog:
    dialog = SettingsDialog()
    dialog.show()
    return dialog


def test_the_key_goes_out_and_comes_in_through_settings(qapp: QApplication, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    configure_application(qapp)
    record = tmp_path / "board.stpdesk"
    make_record(record)
    held = keystore.seal_key(create=False)
    assert held is not None
    exported = tmp_path / "seal.key"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(exported), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(exported), ""))

    dialog = _settings()
    assert held.key_id in dialog.key_label.text()
    answers = answering(_type_password(PASSWORD, "a different one"))  # mistyped: refused, said, then cancelled
    QTest.mouseClick(dialog.export_key, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert answers.left_open == ["Password for the key file"] and not exported.exists()
    assert said[-1] == "The two passwords differ."
    answers = answering(_type_password(PASSWORD, PASSWORD))
    QTest.mouseClick(dialog.export_key, Qt.MouseButton.LeftButton)
    assert answers.done, answers.left_open
    assert exported.exists() and held.secret.hex() not in exported.read_text()
    assert "Exported the seal key" in dialog.key_message.text()
    dialog.close()
    dialog.deleteLater()

    # a new laptop: no key in its keyring, so the record cannot be vouched for there
    monkeypatch.setenv("STP_DESK_DATA_DIR", str(tmp_path / "new-laptop"))
    keyring.set_keyring(MemoryKeyring())
    assert cli.main(["verify", "--db", str(record)]) == 1
    dialog = _settings()
    assert "none on this computer" in dialog.key_label.text() and not dialog.export_key.isEnabled()
    answers = answering(_type_password("wrong password"))
    QTest.mouseClick(dialog.import_key, Qt.MouseButton.LeftButton)
    assert answers.done
    assert "password is wrong" in dialog.key_message.text()
    assert keystore.seal_key(create=False) is None
    answers = answering(_type_password(PASSWORD))
    QTest.mouseClick(dialog.import_key, Qt.MouseButton.LeftButton)
    assert answers.done
    assert "Imported the seal key" in dialog.key_message.text() and held.key_id in dialog.key_label.text()
    dialog.close()
    dialog.deleteLater()
    capsys.readouterr()
    assert cli.main(["verify", "--db", str(record)]) == 0, capsys.readouterr().out


def test_the_seal_keys_words_are_shown_whole_in_settings(qapp: QApplication, tmp_path: Path) -> None:
    """Settings says which key seals the audit trail and where it is kept: three lines at the dialog's width,
    beside Export key… and Import key…. Laid out in a row beside the buttons, the words were given the height of
    two lines and their third was cut off (as docs/screenshots/settings.png showed)."""
    configure_application(qapp)
    make_record(tmp_path / "board.stpdesk")
    dialog = _settings()
    for _ in range(3):
        QApplication.processEvents()
    label = dialog.key_label
    assert keystore.seal_key(create=False) is not None and "kept in" in label.text()
    assert label.height() >= label.heightForWidth(label.width()), (label.size(), label.text())
    dialog.close()
    dialog.deleteLater()
