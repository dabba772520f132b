"""Migration 13 (the lists say which record keeps each row) brings a version 12 record forward, its lists as they
were with the keeper added."""

from pathlib import Path

import pytest

from stp_desk.store import Store, migrations
from stp_desk.store import db as db_module


def test_a_version_12_record_lists_its_meetings_and_boards_with_their_keeper(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.stpdesk"
    number = migrations.MIGRATIONS.index(migrations._shared_lists_13) + 1
    assert number == 13, "the shared lists migration must follow on from migration 12"
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[: number - 1])
    monkeypatch.setattr(db_module, "LATEST_VERSION", number - 1)
    with Store.open(path, create=True) as store:
        assert store.schema_version == 12
        with store.transaction("Clerk", "add") as w:
            w.insert("footprints", {"id": "f", "name": "Lancashire and South Cumbria", "code": "QE1"})
            w.insert("boards", {"id": "b", "footprint_id": "f", "name": "Blackpool HWB", "kind": "hwb",
                                "lead_council": "Blackpool Council"})
            w.insert("meetings", {"id": "m", "board_id": "b", "starts_at": "2026-05-01T14:00", "status": "held",
                                  "session": "public"})
        meetings, boards = store.rows("meeting_list"), store.rows("board_list")
        assert "owner" not in meetings[0] and "owner" not in boards[0]
    monkeypatch.undo()
    with Store.open(path) as store:
        assert store.schema_version == migrations.LATEST_VERSION >= number
        assert store.rows("meeting_list") == [{**meetings[0], "owner": None}]
        assert store.rows("board_list") == [{**boards[0], "owner": None}]
        assert store.integrity_problems() == []
