"""Migration 4 (external ids and linked documents) brings a version 3 record forward, its rows untouched."""

from pathlib import Path

import pytest

from stp_desk.domain.record import Record
from stp_desk.interop.moderngov import apply_moderngov_import, plan_moderngov_import
from stp_desk.store import Store, migrations
from tests.schema import number_of, schema_at


def test_a_version_3_record_gains_external_ids_and_then_imports(tmp_path: Path, samples: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.stpdesk"
    number = number_of(migrations._external_ids_4)
    assert number == 4, "the external-ids migration must follow on from migration 3"
    schema_at(monkeypatch, number - 1)
    with Store.open(path, create=True) as store:
        assert store.schema_version == 3
        assert "external_ids" not in store.db.table_names()
        with store.transaction("Clerk", "add") as w:
            w.insert("footprints", {"name": "Greater Manchester"})
        before = store.rows("footprints")
    monkeypatch.undo()
    with Store.open(path) as store:
        assert store.schema_version == migrations.LATEST_VERSION >= number
        assert {"external_ids", "document_references"} <= set(store.db.table_names())
        assert [{k: v for k, v in r.items() if k != "owner"} for r in store.rows("footprints")] == before
        assert store.integrity_problems() == []
    record = Record.open(path)
    try:
        summary = apply_moderngov_import(record, plan_moderngov_import(record, samples))
        assert summary.created == 12  # no new footprint: the record's one is used
        assert record.store.integrity_problems() == []
    finally:
        record.close()
