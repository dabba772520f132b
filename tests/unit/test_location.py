"""A record lives on this computer's own disk: a network path or a synced folder is refused plainly, and nothing is
written there; the data folder can be chosen on the command line or by IT in an .ini beside the program."""

from pathlib import Path

import pytest

from stp_desk import paths
from stp_desk.cli import main
from stp_desk.errors import KnownError
from stp_desk.store import Store
from stp_desk.store.location import NotLocal, check_local, network_reason, sync_reason, temporary_reason

MOUNTS = """\
sysfs /sys sysfs rw,nosuid 0 0
/dev/sda1 / ext4 rw,relatime 0 0
//fileserver/democracy /mnt/democracy cifs rw,vers=3.0 0 0
/dev/sdb1 /mnt/democracy/local ext4 rw 0 0
nas:/export/hwb /srv/hwb\\040papers nfs4 rw 0 0
"""


@pytest.mark.parametrize(("path", "found"), [
    ("/mnt/democracy/HWB/record.stpdesk", "cifs at /mnt/democracy"),
    ("/srv/hwb papers/record.stpdesk", "nfs4 at /srv/hwb papers"),
    ("/mnt/democracy/local/record.stpdesk", None),  # the longest mount point decides
    ("/home/clerk/record.stpdesk", None),
])
def test_network_file_systems_are_named(path: str, found: str | None) -> None:
    reason = network_reason(Path(path), platform="linux", mounts=MOUNTS)
    assert (reason is None) if found is None else (found in (reason or ""))


def test_a_unc_path_is_a_network_share() -> None:
    reason = network_reason(Path(r"\\kcc-fs01\Democracy\HWB\record.stpdesk"), platform="win32")
    assert reason and "network share" in reason and "kcc-fs01" in reason


@pytest.mark.parametrize("path", [
    r"C:\Users\ann\OneDrive - Kent County Council\HWB\record.stpdesk",
    "/home/clerk/Dropbox/HWB/record.stpdesk",
    "/home/clerk/Google Drive/record.stpdesk",
])
def test_sync_folders_are_named(path: str) -> None:
    assert sync_reason(Path(path), env={}) is not None


def test_the_onedrive_variable_names_a_folder_of_any_name(tmp_path: Path) -> None:
    synced = tmp_path / "Kent County Council files"
    assert sync_reason(synced / "record.stpdesk", env={"OneDriveCommercial": str(synced)}) is not None
    assert sync_reason(tmp_path / "elsewhere" / "record.stpdesk", env={"OneDriveCommercial": str(synced)}) is None


def test_a_record_in_a_synced_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "Dropbox" / "HWB"
    folder.mkdir(parents=True)
    record = folder / "record.stpdesk"
    with Store.open(tmp_path / "made.stpdesk", create=True):
        pass
    (tmp_path / "made.stpdesk").rename(record)
    before = record.read_bytes()
    with pytest.raises(NotLocal, match="sync client") as caught:
        Store.open(record)
    assert "\n" not in str(caught.value) and "copy it to a local folder" in str(caught.value)
    assert record.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["record.stpdesk"]  # no lock, no -wal, no -shm
    with pytest.raises(NotLocal):
        Store.open(folder / "new.stpdesk", create=True)
    assert not (folder / "new.stpdesk").exists()


def test_the_command_line_refuses_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "OneDrive"
    folder.mkdir()
    assert main(["demo", str(folder / "demo.stpdesk")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot be opened where it is" in err
    assert list(folder.iterdir()) == []


def test_check_local_passes_an_ordinary_folder(tmp_path: Path) -> None:
    check_local(tmp_path / "record.stpdesk")


def test_data_dir_on_the_command_line_decides_where_records_live(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STP_DESK_DATA_DIR", str(tmp_path / "before"))  # restored after the test
    chosen = tmp_path / "council records"
    assert main(["--data-dir", str(chosen), "--version"]) == 0
    assert paths.data_dir() == chosen and chosen.is_dir()
    assert main(["--data-dir=" + str(tmp_path / "other"), "--version"]) == 0
    assert paths.data_dir() == tmp_path / "other"
    assert main(["--data-dir"]) == 2


def test_an_ini_beside_the_program_sets_the_machine_wide_folders(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    ini = tmp_path / "stp-desk.ini"
    ini.write_text("[folders]\ndata = %(home)s/records\nbackups = %(home)s/backed-up\n".replace(
        "%(home)s", str(tmp_path)), encoding="utf-8")
    monkeypatch.delenv("STP_DESK_DATA_DIR", raising=False)
    monkeypatch.setattr(paths, "machine_settings_file", lambda: ini)
    assert paths.data_dir() == tmp_path / "records"
    assert paths.backups_dir() == tmp_path / "backed-up"
    monkeypatch.setenv("STP_DESK_DATA_DIR", str(tmp_path / "mine"))  # the clerk's own choice wins
    assert paths.data_dir() == tmp_path / "mine"


def test_a_bad_ini_is_named_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ini = tmp_path / "stp-desk.ini"
    ini.write_text("this is not an ini file\n", encoding="utf-8")
    monkeypatch.delenv("STP_DESK_DATA_DIR", raising=False)
    monkeypatch.setattr(paths, "machine_settings_file", lambda: ini)
    with pytest.raises(KnownError, match=r"stp-desk\.ini") as caught:
        paths.data_dir()
    assert "Traceback" not in str(caught.value)


def test_the_copy_offered_is_a_whole_record(tmp_path: Path) -> None:
    from stp_desk.store.backup import copy_to

    source = tmp_path / "Dropbox" / "record.stpdesk"
    source.parent.mkdir()
    with Store.open(tmp_path / "made.stpdesk", create=True):
        pass
    (tmp_path / "made.stpdesk").rename(source)
    copy = copy_to(source, tmp_path / "local" / "record.stpdesk")
    with Store.open(copy) as store:
        assert store.verify().ok


@pytest.mark.parametrize(("path", "env", "found"), [
    (r"C:\Users\TEMP\AppData\Local\stp-desk\r.stpdesk", {"USERPROFILE": r"C:\Users\TEMP"}, "temporary profile"),
    (r"C:\Users\TEMP.KCC.001\AppData\Local\stp-desk\r.stpdesk", {"USERPROFILE": r"C:\Users\TEMP.KCC.001"},
     "temporary profile"),
    (r"C:\Users\ann\AppData\Local\Temp\r.stpdesk",
     {"USERPROFILE": r"C:\Users\ann", "TEMP": r"C:\Users\ann\AppData\Local\Temp"}, "temporary folder"),
    (r"C:\Users\ann\AppData\Local\stp-desk\r.stpdesk",
     {"USERPROFILE": r"C:\Users\ann", "TEMP": r"C:\Users\ann\AppData\Local\Temp"}, None),
])
def test_a_windows_folder_that_will_not_outlive_the_session_is_named(path: str, env: dict[str, str],
                                                                       found: str | None) -> None:
    reason = temporary_reason(Path(path), platform="win32", env=env)
    assert (reason is None) if found is None else (found in (reason or ""))


def test_a_file_system_kept_in_memory_is_named() -> None:
    mounts = "tmpfs /run/user/1000 tmpfs rw 0 0\n/dev/sda1 / ext4 rw 0 0\n"
    assert "tmpfs" in (temporary_reason(Path("/run/user/1000/r.stpdesk"), platform="linux", mounts=mounts) or "")
    assert temporary_reason(Path("/home/clerk/r.stpdesk"), platform="linux", mounts=mounts) is None
