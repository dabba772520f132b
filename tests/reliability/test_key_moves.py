"""Moving the seal key to another computer: `stp-desk key export` / `key import`, a password-locked file."""

import json
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from stp_desk import cli
from stp_desk.store import keystore

from .conftest import make_record

PASSWORD = "correct horse battery"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    p = tmp_path / "board.stpdesk"
    make_record(p)
    return p


def _new_computer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *, keyring_works: bool = True) -> None:
    from tests.conftest import MemoryKeyring

    monkeypatch.setenv("STP_DESK_DATA_DIR", str(tmp_path / "new-laptop"))
    keyring.set_keyring(MemoryKeyring() if keyring_works else fail.Keyring())


@pytest.mark.parametrize("keyring_works", [True, False], ids=["keyring", "key file"])
def test_the_key_moves_with_a_password_and_the_record_verifies_there(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    keyring_works: bool,
) -> None:
    held = keystore.seal_key(create=False)
    assert held is not None
    exported = tmp_path / "seal-key.stpdesk-key"
    monkeypatch.setenv("STP_DESK_KEY_PASSWORD", PASSWORD)
    assert cli.main(["key", "export", str(exported)]) == 0
    assert "Exported the seal key" in capsys.readouterr().out
    text = exported.read_text()
    assert held.secret.hex() not in text and json.loads(text)["format"] == keystore.EXPORT_FORMAT

    _new_computer(monkeypatch, tmp_path, keyring_works=keyring_works)
    assert cli.main(["verify", "--db", str(path)]) == 1
    assert "seals cannot be checked on this computer" in capsys.readouterr().out
    assert cli.main(["key", "import", str(exported)]) == 0
    assert held.key_id in capsys.readouterr().out
    moved = keystore.seal_key(create=False)
    assert moved is not None and moved.secret == held.secret
    assert moved.source == (keystore.KEYRING if keyring_works else keystore.KEY_FILE)
    code = cli.main(["verify", "--db", str(path)])
    assert code == 0, capsys.readouterr().out


def test_a_wrong_password_changes_nothing(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    exported = tmp_path / "seal-key.stpdesk-key"
    monkeypatch.setenv("STP_DESK_KEY_PASSWORD", PASSWORD)
    assert cli.main(["key", "export", str(exported)]) == 0
    _new_computer(monkeypatch, tmp_path)
    monkeypatch.setenv("STP_DESK_KEY_PASSWORD", "not the password")
    assert cli.main(["key", "import", str(exported)]) == 2
    err = capsys.readouterr().err
    assert "password is wrong" in err and "nothing was changed" in err
    assert keystore.seal_key(create=False) is None


def test_importing_over_a_key_keeps_the_one_before_for_its_seals(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "seal-key.stpdesk-key"
    monkeypatch.setenv("STP_DESK_KEY_PASSWORD", PASSWORD)
    assert cli.main(["key", "export", str(exported)]) == 0
    _new_computer(monkeypatch, tmp_path)
    other = tmp_path / "made-here.stpdesk"
    make_record(other)  # this laptop made a key of its own before the old one came
    assert cli.main(["key", "import", str(exported)]) == 0
    capsys.readouterr()
    for record in (path, other):
        assert cli.main(["verify", "--db", str(record)]) == 0, capsys.readouterr().out


@pytest.mark.parametrize(("content", "message"), [
    ("not json", "is not a seal key exported by stp-desk"),
    ('{"format": "something else"}', "is not a seal key exported by stp-desk"),
])
def test_a_file_that_is_not_an_exported_key_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str], content: str,
                                                        message: str) -> None:
    bad = tmp_path / "bad.stpdesk-key"
    bad.write_text(content)
    monkeypatch.setenv("STP_DESK_KEY_PASSWORD", PASSWORD)
    assert cli.main(["key", "import", str(bad)]) == 2
    assert message in capsys.readouterr().err


def test_the_password_is_asked_for_when_not_in_the_environment(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import getpass

    typed = iter([PASSWORD, PASSWORD, PASSWORD])
    monkeypatch.delenv("STP_DESK_KEY_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(typed))
    exported = tmp_path / "seal-key.stpdesk-key"
    assert cli.main(["key", "export", str(exported)]) == 0  # asked twice: the password and again to confirm
    _new_computer(monkeypatch, tmp_path)
    assert cli.main(["key", "import", str(exported)]) == 0
    assert keystore.seal_key(create=False) is not None


def test_no_password_and_no_terminal_is_refused_plainly(path: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("STP_DESK_KEY_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert cli.main(["key", "export", str(tmp_path / "k")]) == 2
    assert "STP_DESK_KEY_PASSWORD" in capsys.readouterr().err
    assert not (tmp_path / "k").exists()


def test_a_short_password_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STP_DESK_KEY_PASSWORD", "short")
    assert cli.main(["key", "export", str(tmp_path / "k")]) == 2
    assert "at least 8 characters" in capsys.readouterr().err
    assert not (tmp_path / "k").exists()
