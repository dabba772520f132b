"""A board's standard items: each new meeting starts with them; boards made before them gain the usual three."""

import json
from pathlib import Path

import pytest

from stp_desk.domain import vocab
from stp_desk.domain.entities import Board, Footprint, Meeting
from stp_desk.domain.record import ChangeSet, Record
from stp_desk.interop import dump
from stp_desk.store import Store, migrations
from tests.schema import number_of, schema_at

USUAL = ["Welcome and apologies for absence", "Declarations of interest", "Minutes of the previous meeting"]


def test_a_new_meeting_starts_with_its_boards_items_in_one_change(record: Record) -> None:
    footprint = record.save(Footprint(name="Somerset"))
    usual = record.save(Board(footprint_id=footprint, name="Somerset HWB"))
    own = record.save(Board(footprint_id=footprint, name="Somerset HOSC", kind="hosc",
                            standard_items=["Apologies and substitutions", "Declarations of interest",
                                            "Minutes", "Chair's announcements"]))
    changes: list[ChangeSet] = []
    record.on_change = changes.append
    first = record.schedule_meeting(Meeting(board_id=usual, starts_at="2026-11-12T14:00"))
    assert [(i.position, i.title) for i in record.items(first)] == list(enumerate(USUAL, start=1))
    assert [c.action for c in changes] == ["schedule meeting"] and len(changes[0].rows) == 4
    second = record.schedule_meeting(Meeting(board_id=own, starts_at="2026-11-19T10:00"))
    assert [i.title for i in record.items(second)][-1] == "Chair's announcements"
    record.revert(changes[0])  # one undo takes the meeting and its items away together
    assert record.find(Meeting, board_id=usual) == [] and record.items(first) == []


def test_a_board_may_have_no_standard_items(record: Record) -> None:
    board = record.save(Board(footprint_id=record.save(Footprint(name="Somerset")), name="Somerset HWB",
                              standard_items=[]))
    assert record.items(record.schedule_meeting(Meeting(board_id=board, starts_at="2026-11-12T14:00"))) == []
    assert Board().standard_items == vocab.STANDARD_ITEMS == USUAL


def test_a_version_4_record_gives_its_boards_the_usual_items(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.stpdesk"
    number = number_of(migrations._board_standard_items_7)
    schema_at(monkeypatch, number - 1)
    with Store.open(path, create=True) as store:
        with store.transaction("Clerk", "add") as w:
            footprint = w.insert("footprints", {"name": "Somerset"})
            w.insert("boards", {"footprint_id": footprint, "name": "Somerset HWB", "kind": "hwb"})
        before = store.rows("boards")[0]
    monkeypatch.undo()
    record = Record.open(path)
    try:
        assert record.store.schema_version == migrations.LATEST_VERSION >= number
        [board] = record.find(Board)
        assert board.standard_items == USUAL and board.name == before["name"]
        assert record.store.integrity_problems() == []
    finally:
        record.close()


def test_a_dump_written_before_standard_items_still_imports(record: Record, tmp_path: Path) -> None:
    record.save(Board(footprint_id=record.save(Footprint(name="Somerset")), name="Somerset HWB"))
    dump.dump(record.store, tmp_path / "new.json")
    data = json.loads((tmp_path / "new.json").read_text(encoding="utf-8"))
    data["format_version"] = 1  # as written before this field (and the scrutiny tables) came
    data["records"] = {k: v for k, v in data["records"].items() if k in dump.TABLES_IN_1}
    for board in data["records"]["boards"]:
        del board["standard_items"]
    (tmp_path / "old.json").write_text(json.dumps(data), encoding="utf-8")
    dump.import_dump(tmp_path / "old.json", tmp_path / "copy.stpdesk")
    copy = Record.open(tmp_path / "copy.stpdesk")
    try:
        assert [b.standard_items for b in copy.find(Board)] == [USUAL]
    finally:
        copy.close()
