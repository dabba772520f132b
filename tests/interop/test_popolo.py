"""Popolo export: valid against Popolo's published schemas, and public by construction."""

import json
from pathlib import Path

import pytest

from stp_desk.cli import main
from stp_desk.demo import make_demo
from stp_desk.domain.entities import AgendaItem, Meeting, Membership, Person
from stp_desk.domain.record import Record
from stp_desk.interop.moderngov import apply_moderngov_import, plan_moderngov_import
from stp_desk.interop.popolo import PopoloOptions, build_popolo, export_popolo, iso_instant
from tests.interop.conftest import popolo_validator

SCHEMAS = {"persons": "person", "organizations": "organization", "memberships": "membership", "events": "event"}


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("popolo-demo") / "demo.stpdesk"
    make_demo(path)
    return path


@pytest.fixture
def demo(demo_master: Path, tmp_path: Path, samples: Path) -> Record:
    """The demo record (exempt items, emails) with the ModernGov samples imported as well."""
    path = tmp_path / "demo.stpdesk"
    path.write_bytes(demo_master.read_bytes())
    record = Record.open(path)
    apply_moderngov_import(record, plan_moderngov_import(record, samples))
    yield record
    record.close()


def assert_valid(document: dict) -> None:
    assert set(document) == set(SCHEMAS)
    for key, schema in SCHEMAS.items():
        validator = popolo_validator(schema)
        assert document[key], key
        for entry in document[key]:
            errors = sorted(validator.iter_errors(entry), key=str)
            assert not errors, (key, entry.get("id"), [e.message for e in errors])


@pytest.mark.parametrize("public", [True, False])
def test_the_export_validates_against_the_popolo_schemas(demo: Record, public: bool) -> None:
    assert_valid(build_popolo(demo, PopoloOptions(public=public)))


def test_the_schemas_do_catch_a_bad_entry() -> None:
    assert list(popolo_validator("event").iter_errors({"start_date": "10/02/2026"}))
    assert list(popolo_validator("person").iter_errors({"contact_details": [{"type": 3}]}))


def test_memberships_name_the_partner_a_seat_belongs_to(demo: Record) -> None:
    document = build_popolo(demo)
    organizations = {o["id"]: o for o in document["organizations"]}
    people = {p["id"] for p in document["persons"]}
    assert len(document["memberships"]) == demo.store.count(Membership.TABLE)
    for m in document["memberships"]:
        assert organizations[m["on_behalf_of_id"]]["classification"] == "partner"
        assert organizations[m["organization_id"]]["id"].startswith("board/")
        assert m["person_id"] in people
    for o in organizations.values():
        assert o.get("parent_id") is None or o["parent_id"] in organizations


def test_events_carry_meetings_attendees_and_moderngov_ids(demo: Record) -> None:
    document = build_popolo(demo)
    assert len(document["events"]) == demo.store.count(Meeting.TABLE)
    (imported,) = [e for e in document["events"] if {"scheme": "moderngov", "identifier": "4967"}
                   in e.get("identifiers", [])]
    assert imported["start_date"] == "2026-02-10T10:00:00+00:00"
    assert imported["status"] == "held" and imported["name"] == "Audit Committee, 10 February 2026"
    assert [c["name"] for c in imported["children"]] == ["1. Minutes", "9. Work Programme"]
    early = [e["name"] for e in document["events"] if e["start_date"][8:10] < "10"]  # a day before the tenth
    assert early and not [name for name in early if ", 0" in name], early  # 3 March 2026, not 03 March 2026
    with_people = [e for e in document["events"] if e.get("attendees")]
    assert with_people and all(a["id"].startswith("person/") and a["name"] for e in with_people
                               for a in e["attendees"])
    curley = [p for p in document["persons"] if p["name"] == "Councillor Basil Curley"]
    assert curley[0]["identifiers"] == [{"scheme": "moderngov", "identifier": "192"}]


def test_public_export_leaks_no_exempt_item_and_no_contact_details(demo: Record, tmp_path: Path) -> None:
    exempt = [i for i in demo.find(AgendaItem) if i.exempt]
    emails = [p.email for p in demo.find(Person) if p.email]
    assert exempt and emails
    public = export_popolo(demo, tmp_path / "public.json", PopoloOptions(public=True)).read_text(encoding="utf-8")
    full = export_popolo(demo, tmp_path / "full.json", PopoloOptions(public=False)).read_text(encoding="utf-8")
    for item in exempt:
        assert item.id not in public and json.dumps(item.title)[1:-1] not in public
        assert item.id in full
        if item.minute_text:
            assert json.dumps(item.minute_text.split("\n")[0])[1:-1] not in public
    for email in emails:
        assert email not in public and email in full
    assert "@" not in public and '"contact_details"' not in public and '"email"' not in public


def test_summer_time_offsets() -> None:
    assert iso_instant("2026-02-10 10:00") == "2026-02-10T10:00:00+00:00"
    assert iso_instant("2026-07-01 18:30") == "2026-07-01T18:30:00+01:00"
    assert iso_instant("2026-03-29 00:30") == "2026-03-29T00:30:00+00:00"  # clocks go forward at 01:00
    assert iso_instant("2026-03-29 02:30") == "2026-03-29T02:30:00+01:00"
    assert iso_instant("2026-10-25 00:30") == "2026-10-25T00:30:00+01:00"
    assert iso_instant("2026-10-25 03:00") == "2026-10-25T03:00:00+00:00"


def test_command_line(demo: Record, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "open.json"
    assert main(["export", "popolo", "--db", str(demo.path), "--public", "-o", str(out)]) == 0
    assert "Wrote" in capsys.readouterr().out
    assert_valid(json.loads(out.read_text(encoding="utf-8")))
    assert not list(tmp_path.glob(".*.writing"))
    assert main(["export", "popolo", "--db", str(demo.path), "-o", str(tmp_path / "open.txt")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "must be a .json file" in err
    assert main(["export", "popolo", "--db", str(tmp_path / "none.stpdesk"), "-o", str(out)]) == 2
