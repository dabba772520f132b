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
