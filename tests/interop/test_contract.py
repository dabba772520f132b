"""Every importer keeps one contract (stp_desk.interop.base): a plan that writes nothing, an apply that writes one
audited transaction, progress told and cancel heard the same way (the progress callback answering False)."""

import csv
from pathlib import Path
from typing import Any

import pytest

from stp_desk.domain.entities import Board, ExternalId, Footprint, Meeting, Person
from stp_desk.domain.record import ChangeSet, Record
from stp_desk.errors import KnownError
from stp_desk.interop import base
from stp_desk.interop.dump import DumpImport, dump
from stp_desk.interop.moderngov import SYSTEM, ModernGovImport
from stp_desk.interop.moderngov_fetch import FetchCancelled
from stp_desk.interop.spreadsheet import MembersImport, guess_mapping, read_sheet

PACKAGE = Path(__file__).resolve().parents[2] / "stp_desk"
KINDS = ["dump", "members", "moderngov"]


def _importer(kind: str, record: Record, samples: Path, tmp_path: Path) -> tuple[base.Importer[Any, Any, Any], Any]:
    if kind == "moderngov":
        return ModernGovImport(samples), record
    if kind == "members":
        footprint = record.save(Footprint(name="West Wales"))
        record.save(Board(footprint_id=footprint, name="Test HWB"))
        path = tmp_path / "members.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["Name", "Organisation", "Board/Committee", "Seat", "Partner", "Position", "From"])
            writer.writerow(["Cllr Siân Llewelyn", "Ceredigion Council", "Test HWB", "Council leader", "Council",
                             "Chair", "12/03/2016"])
            writer.writerow(["Zofia Wójcik", "Hywel Dda NHS Trust", "Test HWB", "Trust seat", "NHS", "Member",
                             "2016-03-12"])
        sheet = read_sheet(path)
        return MembersImport(sheet, guess_mapping(sheet.headers)), record
    record.save(Footprint(name="West Wales"))
    source = tmp_path / "record.json"
    dump(record.store, source)
    return DumpImport(source), tmp_path / "loaded.db"


def _state(target: Any) -> object:
    if isinstance(target, Record):
        return {t: target.store.count(t) for t in ("audit", "people", "boards", "meetings", "memberships",
                                                   "external_ids", "footprints")}
    return target.exists()


@pytest.mark.parametrize("kind", KINDS)
def test_a_plan_is_a_preview_that_writes_nothing(kind: str, record: Record, samples: Path, tmp_path: Path) -> None:
    importer, target = _importer(kind, record, samples, tmp_path)
    before = _state(target)
    plan = importer.plan(target)
    assert _state(target) == before
    assert isinstance(plan, base.Plan) and plan.changes_anything
    assert plan.changes and all(isinstance(c, base.Change) for c in plan.changes)
    assert {c.action for c in plan.changes} <= {base.CREATE, base.UPDATE, base.SKIP, base.CONFLICT, base.ERROR}
    assert plan.summary().endswith(".")


@pytest.mark.parametrize("kind", KINDS)
def test_progress_answering_false_cancels_and_nothing_is_written(kind: str, record: Record, samples: Path,
                                                                 tmp_path: Path) -> None:
    importer, target = _importer(kind, record, samples, tmp_path)
    plan = importer.plan(target)
    before = _state(target)
    told: list[tuple[int, int]] = []
    with pytest.raises(base.Cancelled, match="cancelled; nothing was written"):
        importer.apply(target, plan, lambda done, total: told.append((done, total)) or len(told) < 2)
    assert len(told) == 2
    assert _state(target) == before


@pytest.mark.parametrize("kind", KINDS)
def test_apply_writes_the_plan_in_one_audited_action(kind: str, record: Record, samples: Path,
                                                     tmp_path: Path) -> None:
    importer, target = _importer(kind, record, samples, tmp_path)
    plan = importer.plan(target)
    told: list[tuple[int, int]] = []
    first = record.store.count("audit")
    summary = importer.apply(target, plan, lambda done, total: told.append((done, total)))
    assert isinstance(summary, base.Summary) and str(summary).endswith(".")
    assert told and told[-1][0] == told[-1][1]  # the last step is the whole
    if isinstance(target, Record):
        actions = {e["action"] for e in record.store.rows("audit", "seq")[first:]}
        assert len(actions) == 1
    else:
        assert target.exists()
        with pytest.raises(KnownError, match="already holds entries"):
            importer.plan(target)  # a dump goes only into a new or empty record


def test_one_cancellation_type_for_every_way_in() -> None:
    assert issubclass(FetchCancelled, base.Cancelled)
    defined = [p.name for p in PACKAGE.rglob("*.py")
               if "class ImportCancelled" in p.read_text(encoding="utf-8")]
    assert defined == []


def test_a_batch_is_one_change_and_all_or_nothing(record: Record) -> None:
    changes: list[ChangeSet] = []
    record.on_change = changes.append
    with record.batch("add two people") as batch:
        batch.save(Person(name="Ann Able", kind="other"))
        batch.save(Person(name="Ben Baker", kind="other"))
    assert [c.action for c in changes] == ["add two people"] and len(changes[0].rows) == 2
    with pytest.raises(RuntimeError), record.batch("add a third") as batch:
        batch.save(Person(name="Cat Cole", kind="other"))
        raise RuntimeError("stop")
    assert sorted(p.name for p in record.find(Person)) == ["Ann Able", "Ben Baker"]
    assert len(changes) == 1


def test_external_id_links_are_read_through_the_record(record: Record, samples: Path) -> None:
    importer = ModernGovImport(samples)
    importer.apply(record, importer.plan(record))
    link = record.external_id(SYSTEM, Meeting, "4966")
    assert isinstance(link, ExternalId) and link.entity == "meetings"
    meeting = record.get(Meeting, link.entity_id)
    assert record.is_linked(SYSTEM, meeting)
    assert [x.external_id for x in record.external_ids(meeting.id)] == ["4966"]
    every = record.external_ids()
    assert [(x.system, x.external_id) for x in every] == sorted((x.system, x.external_id) for x in every)
    assert not record.is_linked(SYSTEM, Person(id="not-imported", name="X"))


def test_an_order_is_of_fields_not_sql(record: Record) -> None:
    record.save(Person(name="Bea", kind="other"))
    record.save(Person(name="Al", kind="other"))
    assert [p.name for p in record.find(Person, order_by=("name", "id"))] == ["Al", "Bea"]
    assert [p.name for p in record.find(Person, order_by="name DESC")] == ["Bea", "Al"]
    with pytest.raises(ValueError, match="people"):
        record.find(Person, order_by="name; DROP TABLE people")
