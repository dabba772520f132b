"""Migration `_item_disclosure_9`: a record made before it gains, per agenda item, a Part B title withheld by default
and an empty public summary, and each meeting an end time not recorded; nothing else changes and the audit chain
still verifies."""

from pathlib import Path

import pytest

from stp_desk.domain.entities import AgendaItem, Meeting
from stp_desk.domain.record import Record
from stp_desk.store import Store, migrations
from tests.schema import number_of, schema_at


def test_a_record_from_before_keeps_its_items_with_titles_withheld(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "board.stpdesk"
    step = number_of(migrations._item_disclosure_9) - 1
    schema_at(monkeypatch, step)
    with Store.open(path, create=True) as store:
        assert store.schema_version == step
        assert "publish_title" not in store.columns("agenda_items")
        with store.transaction("Clerk", "add") as w:
            footprint = w.insert("footprints", {"name": "Footprint"})
            board = w.insert("boards", {"footprint_id": footprint, "name": "Board", "kind": "hwb"})
            meeting = w.insert("meetings", {"board_id": board, "starts_at": "2024-03-13T15:00", "status": "held",
                                            "session": "public"})
            item = w.insert("agenda_items", {"meeting_id": meeting, "position": 1, "title": "Contract award",
                                             "kind": "decision", "exempt": 1, "exempt_paragraph": 3})
    monkeypatch.undo()
    with Store.open(path) as store:
        assert store.schema_version == migrations.LATEST_VERSION
        assert store.integrity_problems() == []
        assert store.verify().ok
    record = Record.open(path)
    try:
        upgraded = record.get(AgendaItem, item)
        assert upgraded.title == "Contract award" and upgraded.exempt
        assert upgraded.publish_title is False and upgraded.public_summary == ""
        assert record.get(Meeting, meeting).ended_at is None
    finally:
        record.close()
