"""Text files written for the clerk replace what was there only once whole."""

from pathlib import Path

import pytest

from stp_desk.errors import KnownError
from stp_desk.files import written_beside


def test_a_failure_while_writing_leaves_the_old_file_and_no_scrap(tmp_path: Path) -> None:
    target = tmp_path / "record.json"
    target.write_text("the old dump\n", encoding="utf-8")
    with pytest.raises(RuntimeError), written_beside(target, "The dump") as f:
        f.write("half of a new")
        raise RuntimeError("stopped half way")
    assert target.read_text(encoding="utf-8") == "the old dump\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.json"]


def test_the_new_text_takes_the_place_once_written(tmp_path: Path) -> None:
    target = tmp_path / "record.json"
    target.write_text("the old dump\n", encoding="utf-8")
    with written_beside(target, "The dump") as f:
        f.write("the new dump\n")
    assert target.read_text(encoding="utf-8") == "the new dump\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.json"]


def test_a_folder_that_cannot_be_written_is_said_plainly(tmp_path: Path) -> None:
    target = tmp_path / "missing folder" / "record.json"
    with pytest.raises(KnownError, match=r"^The dump could not be written to .*record\.json"), \
            written_beside(target, "The dump") as f:
        f.write("text")


def test_temporary_names_are_recognisable_and_fit_a_long_target(tmp_path: Path) -> None:
    from stp_desk import files

    target = tmp_path / ("é" * 120 + ".docx")  # 245 bytes in UTF-8
    name = files.partial_name(target).name
    assert len(name.encode("utf-8")) + len("-journal") <= 255
    assert name.startswith(".é") and name.endswith(files.PARTIAL) and f"-{__import__('os').getpid()}-" in name
    assert files.partial_name(target) != files.partial_name(target)  # a new one each time


def test_leftovers_of_unknown_processes_and_other_machines(tmp_path: Path) -> None:
    from stp_desk import files

    here, dead = files.host_tag(), 2**31 + 5
    mine = tmp_path / f".a.json.{here}-{dead}-00ff{files.PARTIAL}"
    log = tmp_path / f".r.stpdesk.{here}-{dead}-00ff{files.PARTIAL}-journal"
    elsewhere = tmp_path / f".a.json.00000000-{dead}-00ff{files.PARTIAL}"
    somebody = tmp_path / ".a.json.tmp"
    for p in (mine, log, elsewhere, somebody):
        p.write_bytes(b"x")
    assert sorted(p.name for p in files.sweep(tmp_path)) == sorted([mine.name, log.name])
    assert elsewhere.exists() and somebody.exists()  # another computer's, and not stp-desk's
