"""A footprint's evidence pack from two clerks' records that exchanged their parts: the same pack on both laptops.

The LGA judges engagement per footprint (E1 asks for every council's leader), so the pack is only whole once each
board's record is in it. Two demo records of one footprint made from different seeds, one per council, each share,
each merge the other's file; both packs are then read back as a reader reads them (LibreOffice to PDF to text).
"""

import shutil
from datetime import date
from pathlib import Path

import pytest

from stp_desk.demo import make_demo
from stp_desk.domain.expectations import MET, evaluate, governance_checks
from stp_desk.domain.record import Record
from stp_desk.exports import EvidencePackOptions, export_evidence_pack
from stp_desk.interop.share import ShareImport, share
from tests.exports.conftest import to_pdf

TODAY = date(2026, 6, 1)
START, END = date(2024, 4, 1), date(2025, 3, 31)


def _judged(record: Record) -> list[tuple[str, str, str, list[tuple[str, str, str]]]]:
    footprint = record.footprint("QE1")
    return [(r.code, r.status, r.reason, [(e.reference, e.detail, e.on) for e in r.evidence])
            for r in evaluate(record, footprint.id or "", START, END, today=TODAY)]


@pytest.fixture(scope="module")
def exchanged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("footprint")
    paths = {"a": folder / "blackpool.stpdesk", "b": folder / "lancashire.stpdesk"}
    make_demo(paths["a"], seed=3, today=TODAY, council="Blackpool Council")
    make_demo(paths["b"], seed=4, today=TODAY, council="Lancashire County Council")
    alone = {name: Path(shutil.copy(path, folder / f"alone-{path.name}")) for name, path in paths.items()}
    files = {}
    for name, path in paths.items():
        with Record.open(path) as record:
            files[name] = share(record, record.footprint("QE1"), folder / f"{name}.json").path
    for name, other in (("a", "b"), ("b", "a")):
        with Record.open(paths[name]) as record:
            importer = ShareImport(files[other])
            plan = importer.plan(record)
            plan.links = list(plan.matches)
            importer.apply(record, plan)
    return {**paths, **{f"alone-{k}": v for k, v in alone.items()}}


def test_each_part_alone_falls_short_and_the_merged_records_judge_alike(exchanged: dict[str, Path]) -> None:
    with Record.open(exchanged["alone-a"], lock=False) as alone:
        e1_alone = _judged(alone)[0]
    with Record.open(exchanged["a"], lock=False) as a, Record.open(exchanged["b"], lock=False) as b:
        judged_a, judged_b = _judged(a), _judged(b)
    assert judged_a == judged_b
    assert [judged[0] for judged in judged_a] == ["E1", "E2", "E3", "E4"]
    # Blackpool's record alone judges E1 on its own council; the merged footprint on both councils' leaders.
    assert "Lancashire County Council" not in e1_alone[2]
    assert "Blackpool Council: leader and portfolio holder reached" in judged_a[0][2]
    assert "Lancashire County Council: leader and portfolio holder reached" in judged_a[0][2]
    assert judged_a[0][1] == MET


def _pack(record_path: Path, out: Path) -> None:
    with Record.open(record_path, lock=False) as record:
        export_evidence_pack(record, out, start=START, end=END, footprint_id=record.footprint("QE1").id,
                             options=EvidencePackOptions(today=TODAY))


def test_both_clerks_print_the_same_pack_and_it_names_the_records_drawn_on(
        exchanged: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("packs")
    packs = [folder / "blackpool-pack.docx", folder / "lancashire-pack.docx"]
    _pack(exchanged["a"], packs[0])
    _pack(exchanged["b"], packs[1])
    pages = to_pdf(packs, tmp_path_factory.mktemp("lo-profile"))
    texts = {}
    for pack in packs:
        whole = " ".join(pages[pack])
        assert "Records drawn on: this record; " in whole
        start = whole.index("Records drawn on: ")
        texts[pack] = whole[:start] + whole[whole.index("Prepared: ", start):]
    assert "Lancashire County Council's record (shared" in " ".join(pages[packs[0]])
    assert "Blackpool Council's record (shared" in " ".join(pages[packs[1]])
    assert texts[packs[0]] == texts[packs[1]]
    whole = texts[packs[0]]
    for board in ("Blackpool Health and Wellbeing Board", "Lancashire Health and Wellbeing Board",
                  "Lancashire Health Scrutiny Committee"):
        assert board in whole
    # One human whose two rows the clerks linked is one line of the scorecard.
    begins = whole.index("Engagement scorecard Each politician")
    scorecard = whole[begins:whole.index("Sign-off register", begins)]
    assert scorecard.count("Cllr Daniel Ashworth") == 1, scorecard


def test_the_pack_reads_the_links_between_peoples_rows_a_few_times_not_once_a_person(
        exchanged: dict[str, Path], tmp_path: Path) -> None:
    """The scorecard counts a human whose rows two records linked as one row: it read the links once for each
    attendance, engagement and membership of the period (some 600 statements on this pair of demo records); now a
    few reads for all of them, as E1–E4 read theirs."""
    with Record.open(exchanged["a"], lock=False) as record:
        seen: list[str] = []
        record.store.conn.set_trace_callback(seen.append)
        export_evidence_pack(record, tmp_path / "pack.docx", start=START, end=END,
                             footprint_id=record.footprint("QE1").id, options=EvidencePackOptions(today=TODAY))
        record.store.conn.set_trace_callback(None)
    links = [s for s in seen if "person_links" in s]
    assert 1 <= len(links) <= 12, len(links)


def test_the_governance_checks_read_each_boards_members_together(exchanged: dict[str, Path]) -> None:
    """G1–G4 looked at each seat's memberships, a statement a seat, and at each member, a statement a person (and
    one more for their links); each board's memberships are now read in one statement and their people together."""
    with Record.open(exchanged["a"], lock=False) as record:
        footprint = record.footprint("QE1").id or ""
        boards = record.store.count("boards", footprint_id=footprint)
        seen: list[str] = []
        record.store.conn.set_trace_callback(seen.append)
        results = governance_checks(record, footprint, START, END, today=TODAY)
        record.store.conn.set_trace_callback(None)
    assert [r.code for r in results] == ["G1", "G2", "G3", "G4"]
    memberships = [s for s in seen if "FROM [memberships]" in s]
    assert 1 <= len(memberships) <= 2 * boards, len(memberships)
    assert [s for s in seen if "FROM [people] WHERE id =" in s] == []
