"""One footprint, several clerks: each shares its part as a signed file, each merges the other's.

Two demo records of the Lancashire and South Cumbria footprint made from different seeds, one per council, stand for
the two clerks' laptops. Every refusal is tried through the command line as a clerk meets it: one plain line, exit
2, and the record unchanged.
"""

import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from nacl.signing import SigningKey

from stp_desk.cli import main
from stp_desk.demo import make_demo
from stp_desk.domain.entities import AgendaItem, Board, Footprint, Meeting, Person, PersonLink, SharingRecord
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError, ValidationError
from stp_desk.interop import dump
from stp_desk.interop.share import SHARED, ShareImport, own_rows, share

BLACKPOOL, LANCASHIRE = "Blackpool Council", "Lancashire County Council"
TODAY = __import__("datetime").date(2026, 6, 1)


@pytest.fixture(scope="module")
def masters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("parts")
    made = {}
    for name, council, seed in (("a", BLACKPOOL, 11), ("b", LANCASHIRE, 12)):
        made[name] = folder / f"{name}.stpdesk"
        make_demo(made[name], seed=seed, today=TODAY, council=council)
    return made


@pytest.fixture
def parts(masters: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    """Fresh copies of the two clerks' records for one test."""
    return {name: Path(shutil.copy(path, tmp_path / path.name)) for name, path in masters.items()}


@pytest.fixture
def opened(parts: dict[str, Path]) -> Iterator[dict[str, Record]]:
    records = {name: Record.open(path, clerk=f"Clerk {name}") for name, path in parts.items()}
    yield records
    for r in records.values():
        r.close()


def _share(record: Record, out: Path, footprint: str = "QE1") -> Path:
    share(record, record.footprint(footprint), out)
    return out


def _merge(record: Record, file: Path, *, link: bool = True) -> str:
    importer = ShareImport(file)
    plan = importer.plan(record)
    if link:
        plan.links = list(plan.matches)
    return str(importer.apply(record, plan))


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _footprint_rows(record: Record) -> set[tuple[str, str]]:
    """Every row of the footprint in a record, whoever owns it, with its owner named by record identity and the
    footprint by its code: what two records that exchanged files must hold alike."""
    me = record.store.identity()
    footprint = record.footprint("QE1")
    out = set()
    for table in SHARED:
        for row in record.store.rows(table):
            if table == "people" and row["id"] not in _named_people(record):
                continue
            values = {**row, "owner": row["owner"] or me}
            if "footprint_id" in values:
                if values["footprint_id"] != footprint.id:
                    continue
                values["footprint_id"] = "QE1"
            out.add((table, json.dumps(values, sort_keys=True)))
    return out


def _named_people(record: Record) -> set[str]:
    return {r["id"] for r in record.store.query("SELECT person_id AS id FROM attendance UNION SELECT person_id FROM "
                                                "memberships UNION SELECT person_id FROM engagement_people")}


def _fingerprint(path: Path) -> str:
    """The record's contents as its own dump reads them, so "unchanged" means unchanged in every row and entry."""
    out = path.with_suffix(".check.json")
    with Record.open(path, lock=False) as record:
        dump.dump(record.store, out)
    try:
        return hashlib.sha256(out.read_bytes()).hexdigest()
    finally:
        out.unlink()


# -- the exchange -----------------------------------------------------------------------------------------------


def test_two_clerks_exchange_and_hold_the_same_footprint(opened: dict[str, Record], tmp_path: Path) -> None:
    a, b = opened["a"], opened["b"]
    a_file, b_file = _share(a, tmp_path / "a.json"), _share(b, tmp_path / "b.json")
    assert a_file.read_text(encoding="utf-8").splitlines()[0].startswith('{"notice": "CONFIDENTIAL')
    assert "Merged Lancashire County Council's record: " in _merge(a, b_file)
    assert "Merged Blackpool Council's record: " in _merge(b, a_file)
    assert _footprint_rows(a) == _footprint_rows(b)
    assert {x.name for x in a.find(Board)} == {x.name for x in b.find(Board)} and len(a.find(Board)) == 4
    # Both verify: every copied row came in through an audited change.
    assert a.store.verify().problems == [] and b.store.verify().problems == []
    # The people each clerk made for the same human are linked, on both sides alike.
    links_a = {tuple(sorted((a.get(Person, x.person_id).email or "", a.get(Person, x.same_as_id).email or "")))
               for x in a.find(PersonLink)}
    links_b = {tuple(sorted((b.get(Person, x.person_id).email or "", b.get(Person, x.same_as_id).email or "")))
               for x in b.find(PersonLink)}
    assert links_a == links_b and ("daniel.ashworth@example.gov.uk",) * 2 in links_a


def test_a_merge_is_undone_and_redone_whole(opened: dict[str, Record], tmp_path: Path) -> None:
    """One Ctrl+Z takes the whole merge away: copies name one another in any order (a meeting whose minutes a later
    one approved) and a copy's approved minutes are locked by its own clerk, not here."""
    a, b = opened["a"], opened["b"]
    b_file = _share(b, tmp_path / "b.json")
    before = _footprint_rows(a)
    changes: list[Any] = []
    a.on_change = changes.append
    _merge(a, b_file)
    (merge,) = changes
    after = _footprint_rows(a)
    assert any(m.minutes_status == "approved" for m in a.find(Meeting) if m.owner is not None)
    a.revert(merge)
    assert _footprint_rows(a) == before and a.find(SharingRecord) == [] and a.find(PersonLink) == []
    a.reapply(merge)
    assert _footprint_rows(a) == after
    assert a.store.verify().problems == []


def test_the_same_file_twice_changes_nothing(opened: dict[str, Record], tmp_path: Path) -> None:
    a, b = opened["a"], opened["b"]
    b_file = _share(b, tmp_path / "b.json")
    _merge(a, b_file)
    entries = a.store.count("audit")
    plan = ShareImport(b_file).plan(a)
    assert not plan.changes_anything and plan.matches == []
    assert _merge(a, b_file) == "Nothing new from Lancashire County Council's record."
    assert a.store.count("audit") == entries


def test_what_the_owner_changes_and_removes_follows_at_the_next_merge(opened: dict[str, Record],
                                                                       tmp_path: Path) -> None:
    a, b = opened["a"], opened["b"]
    _merge(a, _share(b, tmp_path / "b1.json"))
    drafts = [m for m in b.find(Meeting, order_by="starts_at") if m.minutes_status == "draft"]
    changed, removed = drafts[0], drafts[-1]
    b.save(replace(changed, venue="County Hall, Preston, Committee Room B"))
    b.delete(Meeting, removed.id or "")
    summary = _merge(a, _share(b, tmp_path / "b2.json"))
    removed_rows = 1 + b.store.count("agenda_items", meeting_id=removed.id)  # its items went with it, in B too
    assert f"0 entries added, 1 changed, {removed_rows} removed" in summary
    assert a.get(Meeting, changed.id or "").venue == "County Hall, Preston, Committee Room B"
    assert a.lookup(Meeting, removed.id or "") is None
    assert not a.find(AgendaItem, meeting_id=removed.id)
    assert a.store.verify().problems == []
    known = a.get(SharingRecord, b.store.identity() or "")
    assert known.head_seq == b.store.head().seq  # type: ignore[union-attr]


# -- copies are read-only ---------------------------------------------------------------------------------------


def test_a_copy_is_refused_in_the_domain_naming_its_owner(opened: dict[str, Record], tmp_path: Path) -> None:
    a, b = opened["a"], opened["b"]
    _merge(a, _share(b, tmp_path / "b.json"))
    copy = next(m for m in a.find(Meeting) if m.owner is not None and m.minutes_status == "draft")
    before = a.store.count("audit")
    for attempt in (lambda: a.save(replace(copy, venue="Somewhere else")),
                    lambda: a.delete(Meeting, copy.id or ""),
                    lambda: a.add_item(AgendaItem(meeting_id=copy.id or "", title="Any other business")),
                    lambda: a.save(Meeting(board_id=copy.board_id, starts_at="2026-09-09T10:00", status="scheduled",
                                           session="public"))):
        with pytest.raises(ValidationError, match="Lancashire County Council's record") as refused:
            attempt()
        assert "copy" in refused.value.message
    item = next(i for i in a.find(AgendaItem) if i.owner is not None)
    with pytest.raises(ValidationError, match="only that record's clerk can change it"):
        a.amend_minutes(item.id or "", "title", "New title", "A typing error")
    with pytest.raises(ValidationError, match="Only a merge"):
        a.save(Board(footprint_id=a.footprint("QE1").id or "", name="X", kind="hwb", owner=copy.owner))
    assert a.store.count("audit") == before


# -- refusals ---------------------------------------------------------------------------------------------------


def _resigned(data: dict[str, Any], key: SigningKey | None = None) -> dict[str, Any]:
    from stp_desk.interop.share import _canonical

    key = key or SigningKey.generate()
    data["record"]["verify_key"] = key.verify_key.encode().hex()
    data["signature"] = key.sign(_canonical(data)).signature.hex()
    return data


def _tampered(kind: str, good: Path, folder: Path, older: Path, other: Path) -> Path:
    data = json.loads(good.read_text(encoding="utf-8"))
    out = folder / f"{kind}.json"
    if kind == "row edited":
        data["rows"]["meetings"][0]["venue"] = "The Pub"
    elif kind == "row removed":
        del data["rows"]["agenda_items"][3]
    elif kind == "row added":
        data["rows"]["people"].append({**data["rows"]["people"][0], "id": "01JZZZZZZZZZZZZZZZZZZZZZZZ"})
    elif kind == "signature wrong":
        data["signature"] = ("00" if not data["signature"].startswith("00") else "11") + data["signature"][2:]
    elif kind == "signed with another key":
        data = _resigned(data)
    elif kind == "newer format":
        data["format_version"] = 2
    elif kind == "older file":
        return older
    elif kind == "another footprint":
        return other
    elif kind == "own file":
        return folder / "a.json"
    elif kind == "not a share file":
        out.write_text('{"format": "stp-desk record", "format_version": 3}', encoding="utf-8")
        return out
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


REFUSALS = {
    "row edited": "signature does not check",
    "row removed": "signature does not check",
    "row added": "signature does not check",
    "signature wrong": "signature does not check",
    "signed with another key": "signed with another key",
    "newer format": "newer version of stp-desk",
    "older file": "refused as a rollback",
    "another footprint": "holds no footprint Kent and Medway",
    "own file": "this record's own share file",
    "not a share file": "not an stp-desk share file",
}


@pytest.fixture
def exchange(opened: dict[str, Record], tmp_path: Path) -> dict[str, Path]:
    """B's older and newer files, the newer merged into A; A's own file; a file of another footprint."""
    a, b = opened["a"], opened["b"]
    older = _share(b, tmp_path / "b-older.json")
    meeting = next(m for m in b.find(Meeting) if m.minutes_status == "draft")
    b.save(replace(meeting, venue="Preston, County Hall"))
    newer = _share(b, tmp_path / "b.json")
    _merge(a, newer)
    _share(a, tmp_path / "a.json")
    with Record.open(tmp_path / "kent.stpdesk", create=True) as kent:
        footprint = kent.save(Footprint(name="Kent and Medway", code="QKS"))
        kent.save(Board(footprint_id=footprint, name="Kent Health and Wellbeing Board", kind="hwb",
                        lead_council="Kent County Council"))
        other = _share(kent, tmp_path / "kent.json", "QKS")
    for r in opened.values():
        r.close()
    return {"older": older, "newer": newer, "other": other, "a": a.path}


@pytest.mark.parametrize("kind", REFUSALS)
def test_a_bad_share_file_is_refused_with_one_line_and_the_record_unchanged(
        kind: str, exchange: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The newer file, signed with B's key, is the base of every tampering below it.
    bad = _tampered(kind, exchange["newer"], tmp_path, exchange["older"], exchange["other"])
    before = _fingerprint(exchange["a"])
    code, out, err = run(capsys, "merge", bad, "--db", exchange["a"])
    assert code == 2, (out, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and REFUSALS[kind] in lines[0], err
    assert _fingerprint(exchange["a"]) == before


def test_a_file_from_a_new_computer_of_the_same_clerk_is_accepted_when_asked(
        exchange: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _tampered("signed with another key", exchange["newer"], tmp_path, exchange["older"], exchange["other"])
    assert run(capsys, "merge", bad, "--db", exchange["a"])[0] == 2
    code, out, _err = run(capsys, "merge", bad, "--db", exchange["a"], "--new-key")
    assert code == 0 and "Merged Lancashire County Council's record" in out
    with Record.open(exchange["a"]) as a:
        (known,) = a.find(SharingRecord)
        assert known.verify_key == json.loads(bad.read_text())["record"]["verify_key"]


def test_the_command_line_exchange(parts: dict[str, Path], tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    a_file, b_file = tmp_path / "a.json", tmp_path / "b.json"
    code, out, _ = run(capsys, "share", "--db", parts["a"], "--footprint", "QE1", "-o", a_file)
    assert code == 0 and "send it to the footprint's clerks only" in out
    assert run(capsys, "share", "--db", parts["b"], "--footprint", "qe1", "-o", b_file)[0] == 0
    before = _fingerprint(parts["a"])
    code, out, _ = run(capsys, "merge", b_file, "--db", parts["a"], "--dry-run")
    assert code == 0 and "Nothing written (dry run)" in out and "same person? Cllr Daniel Ashworth" in out
    assert _fingerprint(parts["a"]) == before
    code, out, _ = run(capsys, "merge", b_file, "--db", parts["a"], "--link-people")
    assert code == 0 and "people linked" in out
    code, out, err = run(capsys, "share", "--db", parts["a"], "--footprint", "Nowhere", "-o", tmp_path / "x.json")
    assert code == 2 and "holds no footprint 'Nowhere'" in err


# -- the record keeps it all ------------------------------------------------------------------------------------


def test_the_dump_keeps_identity_ownership_and_links(opened: dict[str, Record], tmp_path: Path) -> None:
    a, b = opened["a"], opened["b"]
    _merge(a, _share(b, tmp_path / "b.json"))
    out = tmp_path / "a-dump.json"
    dump.dump(a.store, out)
    again = tmp_path / "again.stpdesk"
    dump.import_dump(out, again)
    with Record.open(again) as restored:
        assert restored.store.identity() == a.store.identity()
        assert restored.find(SharingRecord) == a.find(SharingRecord)
        assert restored.find(PersonLink) == a.find(PersonLink)
        assert {m.id: m.owner for m in restored.find(Meeting)} == {m.id: m.owner for m in a.find(Meeting)}
        # A restored record goes on merging: the same file again changes nothing there either.
        assert not ShareImport(tmp_path / "b.json").plan(restored).changes_anything


def test_a_record_shares_only_its_own_rows(opened: dict[str, Record], tmp_path: Path) -> None:
    a, b = opened["a"], opened["b"]
    _merge(a, _share(b, tmp_path / "b.json"))
    rows = own_rows(a, a.footprint("QE1"))
    assert all(row["owner"] is None for found in rows.values() for row in found)
    assert {x["name"] for x in rows["boards"]} == {"Blackpool Health and Wellbeing Board"}
    with Record.open(tmp_path / "empty.stpdesk", create=True) as empty:
        empty.save(Footprint(name="Lancashire and South Cumbria", code="QE1"))
        with pytest.raises(KnownError, match="owns nothing of the footprint"):
            share(empty, empty.footprint("QE1"), tmp_path / "empty.json")


# -- merging converges ------------------------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_EDITS = st.lists(st.tuples(st.sampled_from(["a", "b"]), st.sampled_from(["venue", "add item", "delete", "exchange"]),
                            st.integers(0, 40), st.text("abcdefgh ", min_size=1, max_size=12)), max_size=12)


def _edit(record: Record, what: str, n: int, text: str) -> None:
    drafts = [m for m in record.find(Meeting, order_by=("starts_at", "id"))
              if m.owner is None and m.minutes_status == "draft"]
    if not drafts:
        return
    meeting = drafts[n % len(drafts)]
    try:
        if what == "venue":
            record.save(replace(meeting, venue=f"Room {text.strip() or 'A'}"))
        elif what == "add item":
            record.add_item(AgendaItem(meeting_id=meeting.id or "", title=f"Item {text.strip() or 'x'}"))
        else:
            record.delete(Meeting, meeting.id or "")
    except KnownError:
        pass  # a rule refused it (approved minutes name the meeting, say): a clerk would see why, and go on


def _exchange(records: dict[str, Record], folder: Path, round_: int) -> None:
    files = {name: _share(r, folder / f"{name}-{round_}.json") for name, r in records.items()}
    _merge(records["a"], files["b"])
    _merge(records["b"], files["a"])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=_EDITS)
def test_exchanging_after_any_edits_on_both_sides_leaves_both_with_the_same_footprint(
        masters: dict[str, Path], tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[str, str, int, str]]
) -> None:
    folder = tmp_path_factory.mktemp("converge")
    records = {name: Record.open(Path(shutil.copy(path, folder / path.name))) for name, path in masters.items()}
    try:
        for round_, (side, what, n, text) in enumerate(edits):
            if what == "exchange":
                _exchange(records, folder, round_)
            else:
                _edit(records[side], what, n, text)
        _exchange(records, folder, len(edits))
        assert _footprint_rows(records["a"]) == _footprint_rows(records["b"])
        for name, other in (("a", "b"), ("b", "a")):  # and the newest file again changes nothing
            assert not ShareImport(folder / f"{other}-{len(edits)}.json").plan(records[name]).changes_anything
    finally:
        for r in records.values():
            r.close()


@pytest.mark.parametrize(("damage", "message"), [
    (lambda d, own: d["rows"]["meetings"][0].update(starts_at="next Tuesday"), "rows.meetings.0.starts_at"),
    (lambda d, own: d["rows"]["meetings"][0].update(board_id="01JNOSUCHBOARD0000000000000"),
     "names a board (01JNOSUCHBOARD0000000000000) the file does not hold"),
    (lambda d, own: d["rows"]["people"].append({**d["rows"]["people"][0], "id": own}),
     "is already in this record as this record's own"),
    (lambda d, own: d["rows"]["meetings"][0].update(venue="x" * 10_000_001), "rows.meetings.0.venue"),
    (lambda d, own: d["rows"].update(audit=[]), "its rows must be an object of"),
    (lambda d, own: d.update(rows={}), "holds nothing of the footprint"),
])
def test_a_file_signed_by_its_maker_is_still_checked_row_by_row(
        opened: dict[str, Record], tmp_path: Path, damage: Any, message: str) -> None:
    """A first file from an unknown record is signed by whoever made it, so its rows are checked as an import's."""
    a, b = opened["a"], opened["b"]
    data = json.loads(_share(b, tmp_path / "b.json").read_text(encoding="utf-8"))
    damage(data, a.find(Person)[0].id)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_resigned(data)), encoding="utf-8")
    entries = a.store.count("audit")
    with pytest.raises(KnownError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ShareImport(bad).plan(a)
    assert a.store.count("audit") == entries


def test_what_falls_due_is_this_clerks_own(opened: dict[str, Record], tmp_path: Path) -> None:
    from stp_desk.domain.statutory import duty_statuses, falling_due

    a, b = opened["a"], opened["b"]
    theirs = {d.title for d in falling_due(b, TODAY, 365)}
    mine = falling_due(a, TODAY, 365)
    chase = (a.overdue_actions(TODAY), a.overdue_action_count(TODAY), a.overdue_referrals(TODAY))
    assert b.overdue_action_count(TODAY) and b.overdue_referrals(TODAY)  # the colleague has their own to chase
    _merge(a, _share(b, tmp_path / "b.json"))
    assert theirs and falling_due(a, TODAY, 365) == mine
    assert (a.overdue_actions(TODAY), a.overdue_action_count(TODAY), a.overdue_referrals(TODAY)) == chase
    # The register of the footprint's duties (the evidence pack's) still holds every board's.
    assert len(duty_statuses(a, TODAY)) == len(duty_statuses(a, TODAY, own=True)) + len(duty_statuses(b, TODAY))


@pytest.mark.parametrize(("text", "message"), [
    ("", "not valid JSON"),
    ("[" * 100_000, "nests too deeply"),
    ('{"format": "stp-desk share", "format_version": ' + "9" * 5000 + "}", "a number in it has 5,000 digits"),
    ('{"format": "stp-desk share", "format_version": 1}', "not a whole share file (missing: notice"),
])
def test_a_damaged_file_is_refused_plainly(opened: dict[str, Record], tmp_path: Path, text: str,
                                           message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(KnownError, match=message.replace("(", r"\(")):
        ShareImport(bad).plan(opened["a"])


def test_a_colleagues_copies_are_found_through_an_index(opened: dict[str, Record]) -> None:
    """A merge replaces a colleague's copies and the Overview counts them: by owner, through an index of the copies
    alone, never a scan of a table that grows with the record."""
    conn = opened["a"].store.conn
    for table in SHARED:
        plan = " ".join(str(r[-1]) for r in conn.execute(
            f"EXPLAIN QUERY PLAN SELECT count(*) FROM [{table}] WHERE owner = ?", ["x"]))
        assert f"INDEX idx_{table}_owner" in plan, (table, plan)
