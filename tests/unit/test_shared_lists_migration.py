"""Migration 13 (the lists say which record keeps each row) brings a version 12 record forward, its lists as they
were with the keeper added."""

from pathlib import Path

import pytest

from stp_desk.store import Store, migrations
from tests.schema import number_of, schema_at

LISTS = ["meeting_list", "board_list", "person_list", "signoff_list", "referral_list", "action_list",
         "engagement_list", "publication_list", "financial_gap_list", "scrutiny_matter_list",
         "scrutiny_consultation_list"]


def test_a_version_12_record_lists_its_rows_with_their_keeper(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.stpdesk"
    number = number_of(migrations._shared_lists_13)
    assert number == 13, "the shared lists migration must follow on from migration 12"
    schema_at(monkeypatch, number - 1)
    with Store.open(path, create=True) as store:
        assert store.schema_version == 12
        with store.transaction("Clerk", "add") as w:
            w.insert("footprints", {"id": "f", "name": "Lancashire and South Cumbria", "code": "QE1"})
            w.insert("boards", {"id": "b", "footprint_id": "f", "name": "Blackpool HWB", "kind": "hwb",
                                "lead_council": "Blackpool Council"})
            w.insert("meetings", {"id": "m", "board_id": "b", "starts_at": "2026-05-01T14:00", "status": "held",
                                  "session": "public"})
            w.insert("people", {"id": "p", "name": "Cllr Margaret Holt", "kind": "elected_member"})
            w.insert("signoffs", {"id": "s", "meeting_id": "m", "document_title": "Joint Forward Plan",
                                  "version": "1.2", "decision": "approved"})
            w.insert("actions", {"id": "a", "description": "Report back", "owner_id": "p", "status": "open"})
            w.insert("engagements", {"id": "e", "footprint_id": "f", "forum": "Cabinet", "held_on": "2026-04-01",
                                     "topics": "The plan"})
            w.insert("publications", {"id": "u", "footprint_id": "f", "title": "Summary", "published_on": "2026-04-02"})
            w.insert("financial_gaps", {"id": "g", "footprint_id": "f", "period": "2026/27", "component": "nhs",
                                        "amount": 10, "source": "The plan"})
        before = {view: store.rows(view) for view in LISTS}
        assert all("kept_by" not in row for rows in before.values() for row in rows)
    schema_at(monkeypatch, number)  # this step alone: later ones add columns of their own (the meetings' agendas)
    with Store.open(path) as store:
        assert store.schema_version == number
        for view in LISTS:  # every column as it was, in the same order, then the keeper
            assert [list(row) for row in store.rows(view)] == [[*row, "kept_by"] for row in before[view]], view
            assert store.rows(view) == [{**row, "kept_by": None} for row in before[view]], view
        assert store.integrity_problems() == []
