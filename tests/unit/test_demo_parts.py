"""One council's part of the demo footprint: its boards and all that hangs from them, as that council's clerk would
keep them, so two clerks' records of one footprint can be shown side by side."""

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from stp_desk.cli import main
from stp_desk.demo import _BOARDS, _TOPICS, make_demo
from stp_desk.demo_sizes import COUNCILS
from stp_desk.errors import KnownError
from stp_desk.store import Store, keystore
from tests.conftest import SESSION_KEY, MemoryKeyring
from tests.unit.conftest import DEMO_TODAY

BLACKPOOL, LANCASHIRE = "Blackpool Council", "Lancashire County Council"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The whole demo and both councils' parts; the Lancashire part with a seed of its own, as a second clerk's."""
    keyring.set_keyring(MemoryKeyring({(keystore.SERVICE, keystore.USERNAME): SESSION_KEY}))
    folder = tmp_path_factory.mktemp("parts")
    paths = {name: folder / f"{name}.stpdesk" for name in ("whole", BLACKPOOL, LANCASHIRE)}
    make_demo(paths["whole"], seed=1, today=DEMO_TODAY)
    make_demo(paths[BLACKPOOL], seed=1, today=DEMO_TODAY, council="blackpool")
    make_demo(paths[LANCASHIRE], seed=2, today=DEMO_TODAY, council="LANCASHIRE County Council")
    return paths


@pytest.fixture(scope="module")
def rows(made: dict[str, Path]) -> Iterator[dict[str, dict[str, list[dict[str, object]]]]]:
    """Every row of every table, per record."""
    found = {}
    for name, path in made.items():
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            db.row_factory = sqlite3.Row
            found[name] = {table: [dict(r) for r in db.execute(f"SELECT * FROM [{table}]")] for table in _tables(db)}
        db.close()
    yield found


def _tables(db: sqlite3.Connection) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                     "AND name != 'audit' AND sql LIKE '%created_at%'")]


def _references(path: Path) -> list[tuple[str, str, str]]:
    """(table, column, table referred to) for every reference between rows."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        found = [(table, r[3], r[2]) for table in _tables(db)
                 for r in db.execute(f"PRAGMA foreign_key_list([{table}])")]
    db.close()
    return found


def _people(tables: dict[str, list[dict[str, object]]]) -> dict[str, dict[str, object]]:
    return {str(p["name"]): p for p in tables["people"]}


def test_the_councils_offered_are_the_boards_lead_councils() -> None:
    assert list(COUNCILS) == list(dict.fromkeys(plan.board.lead_council for plan in _BOARDS))


@pytest.mark.parametrize("council", [BLACKPOOL, LANCASHIRE])
def test_a_part_holds_the_footprint_and_exactly_the_boards_its_council_leads(rows: dict, council: str) -> None:
    whole, part = rows["whole"], rows[council]
    assert [(f["name"], f["code"]) for f in part["footprints"]] == [("Lancashire and South Cumbria", "QE1")]
    assert sorted(b["name"] for b in part["boards"]) == sorted(
        b["name"] for b in whole["boards"] if b["lead_council"] == council)


@pytest.mark.parametrize("council", [BLACKPOOL, LANCASHIRE])
def test_a_part_passes_the_records_own_checks_and_its_audit_chain_verifies(made: dict[str, Path],
                                                                         council: str) -> None:
    with Store.open(made[council]) as store:
        verification = store.verify()
    assert verification.ok, verification.problems


@pytest.mark.parametrize("council", [BLACKPOOL, LANCASHIRE])
def test_every_row_of_a_part_refers_only_to_rows_in_it_and_everyone_in_it_is_named(
        made: dict[str, Path], rows: dict, council: str) -> None:
    part = rows[council]
    ids = {table: {r["id"] for r in table_rows} for table, table_rows in part.items()}
    named: set[object] = set()
    references = _references(made[council])
    assert ("attendance", "substitute_for_id", "people") in references
    for table, column, target in references:
        values = {r[column] for r in part[table]} - {None}
        assert values <= ids[target], (table, column)
        if target == "people":
            named |= values
    assert named == ids["people"]  # no one the part does not use


def test_scrutiny_goes_with_the_hosc_and_the_footprints_own_rows_with_its_lead_council(rows: dict) -> None:
    blackpool, lancashire, whole = rows[BLACKPOOL], rows[LANCASHIRE], rows["whole"]
    for table in ("referrals", "scrutiny_consultations", "scrutiny_matters", "financial_gaps"):
        assert not blackpool[table]
        assert len(lancashire[table]) == len(whole[table]) > 0, table
    footprint_wide = {p["title"] for p in whole["publications"] if "healthierlsc" in str(p["url"])}
    assert footprint_wide and footprint_wide <= {p["title"] for p in lancashire["publications"]}
    assert not footprint_wide & {p["title"] for p in blackpool["publications"]}
    assert all("blackpool.gov.uk" in str(p["url"]) for p in blackpool["publications"])


@pytest.mark.parametrize("council", [BLACKPOOL, LANCASHIRE])
def test_a_part_holds_the_engagements_its_councils_people_were_first_named_in(rows: dict, council: str) -> None:
    def forums(tables: dict) -> set[object]:
        """Engagements whose first named participant is of the council: one record keeps each engagement."""
        organisation = {p["id"]: p["organisation"] for p in tables["people"]}
        first = {}
        for ep in tables["engagement_people"]:
            first.setdefault(ep["engagement_id"], organisation[ep["person_id"]])
        return {e["forum"] for e in tables["engagements"] if first.get(e["id"]) == council}

    assert forums(rows[council]) == {e["forum"] for e in rows[council]["engagements"]}
    assert forums(rows[council]) == forums(rows["whole"])
    other = LANCASHIRE if council == BLACKPOOL else BLACKPOOL
    assert not forums(rows[council]) & forums(rows[other])
    leader = next(p for p in rows["whole"]["people"] if p["organisation"] == council
                  and "Council leader" in str(p["roles"]))
    assert leader["name"] in _people(rows[council])


def _meetings(tables: dict) -> set[tuple[object, ...]]:
    """Each meeting by board and start, with its status and the titles of its items (a topic's title drawn at random
    stands as "topic": the parts draw their topics apart from the whole)."""
    board = {b["id"]: b["name"] for b in tables["boards"]}
    topics = {t[1] for t in _TOPICS.values()}
    titles: dict[object, list[str]] = {}
    for item in tables["agenda_items"]:
        title = str(item["title"])
        titles.setdefault(item["meeting_id"], []).append("topic" if title in topics else title)
    return {(board[m["board_id"]], m["starts_at"], m["status"], tuple(sorted(titles.get(m["id"], []))))
            for m in tables["meetings"]}


def test_the_two_parts_together_hold_every_meeting_and_item_of_the_whole(rows: dict) -> None:
    blackpool, lancashire = _meetings(rows[BLACKPOOL]), _meetings(rows[LANCASHIRE])
    assert len(blackpool) > 10 and len(lancashire) > 30
    assert not blackpool & lancashire
    assert blackpool | lancashire == _meetings(rows["whole"])


def test_parts_made_with_other_seeds_share_no_id_and_keep_each_persons_details(rows: dict) -> None:
    blackpool, lancashire = rows[BLACKPOOL], rows[LANCASHIRE]
    ids = [{r["id"] for table_rows in part.values() for r in table_rows} for part in (blackpool, lancashire)]
    assert not ids[0] & ids[1]
    in_both = _people(blackpool).keys() & _people(lancashire).keys()
    assert {"Cllr Daniel Ashworth", "Dr Helen Marsh", "Jean Openshaw"} <= in_both
    for name in in_both:
        one, other = _people(blackpool)[name], _people(lancashire)[name]
        assert one["id"] != other["id"]
        assert {k: one[k] for k in ("organisation", "email", "kind", "roles")} == {
            k: other[k] for k in ("organisation", "email", "kind", "roles")}


def test_the_same_seed_gives_different_councils_different_ids(tmp_path: Path) -> None:
    make_demo(tmp_path / "b.stpdesk", seed=3, today=DEMO_TODAY, council=BLACKPOOL)
    make_demo(tmp_path / "l.stpdesk", seed=3, today=DEMO_TODAY, council=LANCASHIRE)
    with Store.open(tmp_path / "b.stpdesk") as one, Store.open(tmp_path / "l.stpdesk") as other:
        assert one.rows("footprints")[0]["id"] != other.rows("footprints")[0]["id"]
        assert not {b["id"] for b in one.rows("boards")} & {b["id"] for b in other.rows("boards")}


def test_an_unknown_council_or_a_bigger_size_is_refused_and_nothing_made(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="Blackpool Council, Lancashire County Council"):
        make_demo(tmp_path / "x.stpdesk", council="Wigan Council")
    with pytest.raises(KnownError, match="small"):
        make_demo(tmp_path / "x.stpdesk", size="large", council=BLACKPOOL)
    assert list(tmp_path.iterdir()) == []


def test_the_demo_command_makes_a_part_and_refuses_an_unknown_council(capsys: pytest.CaptureFixture[str],
                                                                    tmp_path: Path) -> None:
    assert main(["demo", str(tmp_path / "wigan.stpdesk"), "--council", "Wigan"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and "Blackpool Council" in err
    assert main(["demo", str(tmp_path / "big.stpdesk"), "--council", "blackpool", "--size", "huge"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
    assert main(["demo", str(tmp_path / "blackpool.stpdesk"), "--council", "Blackpool"]) == 0
    assert "Blackpool Council's part" in capsys.readouterr().out
    with Store.open(tmp_path / "blackpool.stpdesk") as store:
        assert [b["name"] for b in store.rows("boards")] == ["Blackpool Health and Wellbeing Board"]
