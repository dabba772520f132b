"""Migration 5 (what the judgements read, and health scrutiny as SI 2013/218 Part 4 has it) brings a version 4
record forward without loss; a version-1 JSON dump, made before it, still imports."""

import json
from pathlib import Path

import pytest

from stp_desk.domain.entities import Engagement, Publication, Referral, ScrutinyConsultation, ScrutinyMatter
from stp_desk.domain.record import Record
from stp_desk.errors import BadImport
from stp_desk.interop.dump import FORMAT_VERSION, TABLES_IN_1, dump, import_dump
from stp_desk.store import Store, migrations
from tests.schema import number_of, schema_at

REFERRAL = {"committee_id": "H", "subject": "Closure of the Clitheroe ward",
            "statutory_basis": "Regulation 23(9), Local Authority (Public Health, Health and Wellbeing Boards and "
                               "Health Scrutiny) Regulations 2013",
            "referred_on": "2024-01-26", "response_due": "2024-04-25", "response_received": None, "outcome": None,
            "status": "open"}


def test_a_version_4_record_keeps_every_row_and_gains_the_scrutiny_tables(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.stpdesk"
    number = number_of(migrations._judgements_and_scrutiny_5)
    schema_at(monkeypatch, number - 1)
    with Store.open(path, create=True) as store:
        assert store.schema_version == number - 1
        with store.transaction("Clerk", "add") as w:
            w.insert("footprints", {"id": "F", "name": "Lancashire and South Cumbria"})
            w.insert("boards", {"id": "H", "footprint_id": "F", "name": "Scrutiny", "kind": "hosc",
                                "quorum_roles": "[]"})
            w.insert("referrals", {"id": "R", **REFERRAL})
            w.insert("engagements", {"id": "E", "footprint_id": "F", "forum": "Cabinet", "held_on": "2024-03-14",
                                     "topics": "Joint Forward Plan", "minuted": 1})
            w.insert("publications", {"id": "P", "footprint_id": "F", "title": "Summary",
                                      "url": "https://example.gov.uk", "published_on": "2024-04-30"})
        before = {t: store.rows(t) for t in ("referrals", "engagements", "publications")}
    monkeypatch.undo()
    with Store.open(path) as store:
        assert store.schema_version == migrations.LATEST_VERSION >= number
        for table, rows in before.items():
            after = store.rows(table)
            assert [{k: r[k] for k in old} for r, old in zip(after, rows, strict=True)] == rows, table
        assert store.integrity_problems() == []
    record = Record.open(path)
    try:
        assert record.get(Referral, "R").consultation_id is None
        assert record.get(Engagement, "E").on_plan is False
        assert record.get(Publication, "P").contents == []
        consultation = record.save(ScrutinyConsultation(committee_id="H", responsible_person="ICB",
                                                        proposal="Stroke services", consulted_on="2023-11-01"))
        record.raise_referral(Referral(id="R", **{**REFERRAL, "consultation_id": consultation}))
        record.save(ScrutinyMatter(committee_id="H", subject="Dentistry", reviewed_on="2024-02-01"))
        assert record.get(Referral, "R").consultation_id == consultation
    finally:
        record.close()


def test_a_version_1_dump_still_imports_and_dumps_again_at_the_new_version(tmp_path: Path, record: Record) -> None:
    record.close()
    current = tmp_path / "current.json"
    with Store.open(record.path) as store:
        dump(store, current)
    data = json.loads(current.read_text())
    data["format_version"] = 1
    data["records"] = {k: v for k, v in data["records"].items() if k in TABLES_IN_1}  # as version 1 had them
    stamps = {"created_at": "2024-01-01T09:00:00", "updated_at": "2024-01-01T09:00:00"}
    data["records"]["footprints"] = [{"id": "F", "name": "Lancashire", "code": None, **stamps}]
    data["records"]["boards"] = [{"id": "H", "footprint_id": "F", "name": "Scrutiny", "kind": "hosc",
                                  "lead_council": None, "quorum_count": 0, "quorum_roles": [], **stamps}]
    data["records"]["referrals"] = [{"id": "R", **REFERRAL, **stamps}]  # no consultation_id: version 1
    data["records"]["engagements"] = [{"id": "E", "footprint_id": "F", "forum": "Cabinet", "held_on": "2024-03-14",
                                       "topics": "Plan", "minuted": True, **stamps}]
    data["records"]["publications"] = [{"id": "P", "footprint_id": "F", "title": "Summary", "url": None,
                                        "published_on": "2024-04-30", "document_name": None, "sha256": None,
                                        **stamps}]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data))
    counts = import_dump(old, tmp_path / "imported.stpdesk")
    assert counts["referrals"] == 1 and counts["scrutiny_matters"] == 0
    imported = Record.open(tmp_path / "imported.stpdesk")
    try:
        assert imported.get(Referral, "R").subject == REFERRAL["subject"]
        assert imported.get(Engagement, "E").on_plan is False
        again = tmp_path / "again.json"
        dump(imported.store, again)
    finally:
        imported.close()
    assert json.loads(again.read_text())["format_version"] == FORMAT_VERSION == 3


def test_a_version_1_dump_cannot_hold_the_new_tables(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "stp-desk record", "format_version": 1,
                               "records": {"scrutiny_matters": []}}))
    with pytest.raises(BadImport, match="does not know this field"):
        import_dump(bad, tmp_path / "x.stpdesk")
