"""Importing people and memberships from real CSV and .xlsx files: preview, per-row errors, one transaction."""

import csv
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from stp_desk.cli import main
from stp_desk.domain import vocab
from stp_desk.domain.entities import Board, Footprint, Membership, Person, Seat
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError
from stp_desk.interop.spreadsheet import (
    Sheet,
    apply_people_import,
    guess_mapping,
    parse_uk_date,
    plan_people_import,
    read_sheet,
)
from stp_desk.store import bulk

HEADERS = ["Name", "Organisation", "Role/Title", "Type", "Email", "Board/Committee", "Seat", "Partner", "Position",
           "From", "To", "Voting"]
GOOD = [
    ["Cllr Siân Llewelyn", "Ceredigion Council", "Leader of the Council", "Councillor", "sian@example.gov.uk",
     "Test HWB", "Council leader", "Ceredigion Council", "Chair", "12/03/2016", "", "Yes"],
    ["Zofia Wójcik-Łęcka", "Hywel Dda NHS Trust", "Chief executive", "NHS", "", "Test HWB", "Trust seat", "NHS",
     "Vice-chair", "2016-03-12", "31/03/2018", "Y"],
    ["فاطمة الزهراء", "Healthwatch Ceredigion", "", "", "", "Test HWB", "Healthwatch seat", "Healthwatch", "Member",
     "1 April 2016", "", "No"],
    ["Dr Ada 👩‍⚕️ Jones\x07", "Ceredigion Council", "DPH; DASS", "Officer", "", "", "", "", "", "", "", ""],
]


@pytest.fixture
def board(record: Record) -> str:
    footprint = record.save(Footprint(name="West Wales"))
    record.save(Board(footprint_id=footprint, name="Other Board"))
    return record.save(Board(footprint_id=footprint, name="Test HWB"))


def write_csv(path: Path, rows: list[list[str]], headers: list[str] = HEADERS, encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]], headers: list[str] = HEADERS) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def counts(record: Record) -> dict[str, int]:
    return {t: record.store.count(t) for t in ("people", "seats", "memberships")} | {
        "audit": bulk.audit_entries_written(record.store)}


def plan_file(record: Record, path: Path, board_id: str | None = None):  # type: ignore[no-untyped-def]
    sheet = read_sheet(path)
    return plan_people_import(record, sheet, guess_mapping(sheet.headers), board_id)


def test_guess_mapping_reads_council_headings() -> None:
    assert guess_mapping(HEADERS) == {
        "name": "Name", "organisation": "Organisation", "roles": "Role/Title", "kind": "Type", "email": "Email",
        "board": "Board/Committee", "seat": "Seat", "partner": "Partner", "position": "Position", "start": "From",
        "end": "To", "voting": "Voting"}
    other = guess_mapping(["Forename", "Surname", "Committee Name", "Date Appointed", "Term End", "E-mail Address",
                           "Representing", "Voting Member", "Unrelated"])
    assert other == {"first_name": "Forename", "last_name": "Surname", "board": "Committee Name",
                     "start": "Date Appointed", "end": "Term End", "email": "E-mail Address",
                     "partner": "Representing", "voting": "Voting Member"}


@pytest.mark.parametrize(("text", "expected"), [
    ("12/03/2016", date(2016, 3, 12)), ("2/3/2016", date(2016, 3, 2)), ("12.03.16", date(2016, 3, 12)),
    ("2016-03-12", date(2016, 3, 12)), ("12 March 2016", date(2016, 3, 12)), ("1st Sept 2016", date(2016, 9, 1)),
    ("2016-03-12 00:00:00", date(2016, 3, 12)), ("", None),
])
def test_uk_dates(text: str, expected: date | None) -> None:
    assert parse_uk_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2016", "03/13/2016", "next Tuesday", "2016-13-01", "12 Smarch 2016"])
def test_not_dates(text: str) -> None:
    with pytest.raises(ValueError):
        parse_uk_date(text)


def test_csv_import_creates_people_seats_and_memberships_in_one_transaction(
        record: Record, board: str, tmp_path: Path) -> None:
    plan = plan_file(record, write_csv(tmp_path / "members.csv", GOOD))
    assert plan.errors == []
    assert [r.row for r in plan.rows] == [2, 3, 4, 5]
    assert plan.counts()["people_new"] == 4 and plan.counts()["memberships_new"] == 3
    assert "new seat “Trust seat”" in plan.rows[1].describe()
    before = counts(record)
    summary = apply_people_import(record, plan)
    assert (summary.people_added, summary.seats_added, summary.memberships_added) == (4, 3, 3)
    after = counts(record)
    assert after["people"] - before["people"] == 4 and after["memberships"] - before["memberships"] == 3
    actions = {e["action"] for e in bulk.audit_entries(record.store)} - {"add footprint", "add board"}
    assert actions == {"import members from members.csv"}  # one transaction, one audit action

    people = {p.name: p for p in record.find(Person)}
    assert set(people) == {"Cllr Siân Llewelyn", "Zofia Wójcik-Łęcka", "فاطمة الزهراء", "Dr Ada 👩‍⚕️ Jones"}
    assert people["Cllr Siân Llewelyn"].kind == "elected_member"
    assert people["Cllr Siân Llewelyn"].roles == [vocab.COUNCIL_LEADER]
    assert people["فاطمة الزهراء"].kind == "healthwatch"  # inferred from the organisation
    assert people["Dr Ada 👩‍⚕️ Jones"].roles == [vocab.DPH, vocab.DASS]
    assert people["Dr Ada 👩‍⚕️ Jones"].kind == "council_officer"
    members = {p.name: (m, s) for m, s, p in record.members_on(board, date(2017, 1, 1))}
    assert set(members) == {"Cllr Siân Llewelyn", "Zofia Wójcik-Łęcka", "فاطمة الزهراء"}
    membership, _seat = members["Zofia Wójcik-Łęcka"]
    assert (membership.position, membership.start_date, membership.end_date) == ("vice_chair", "2016-03-12",
                                                                                 "2018-03-31")
    assert members["فاطمة الزهراء"][1].voting is False
    assert members["Cllr Siân Llewelyn"][0].position == "chair"


def test_xlsx_with_real_date_cells(record: Record, board: str, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Rhodri Ap Iorwerth", "Powys Council", "Cabinet member for health and social care", "Elected member", None,
         "Test HWB", "Cabinet seat", "Powys Council", "Member", datetime(2016, 3, 12), None, True],
        ["Marta Nowak", "Healthwatch Powys", None, "Healthwatch", None, "test hwb", "Healthwatch", "Healthwatch",
         None, "01/05/2017", datetime(2019, 4, 30), 0],
    ]
    path = write_xlsx(tmp_path / "members.xlsx", rows)
    sheet = read_sheet(path)
    assert sheet.rows[0][9] == "2016-03-12" and sheet.rows[1][11] == "0"
    plan = plan_people_import(record, sheet, guess_mapping(sheet.headers))
    assert plan.errors == []
    apply_people_import(record, plan)
    members = {p.name: (m, s) for m, s, p in record.members_on(board, date(2018, 1, 1))}
    assert members["Rhodri Ap Iorwerth"][0].start_date == "2016-03-12"
    assert record.find(Person, name="Rhodri Ap Iorwerth")[0].roles == [vocab.CABINET_LEAD]
    assert members["Marta Nowak"][0].end_date == "2019-04-30"
    assert members["Marta Nowak"][1].voting is False


def test_a_bad_row_is_refused_plainly_and_nothing_is_written(record: Record, board: str, tmp_path: Path) -> None:
    bad = [
        *GOOD[:2],
        ["", "Somewhere", "", "", "", "Test HWB", "Seat", "P", "", "12/03/2016", "", ""],
        ["Ann Bad", "Council", "", "Alien", "not-an-email", "Test HWB", "Seat", "P", "Boss", "31/02/2016",
         "", "Maybe"],
        ["Bob Early", "Council", "", "", "", "Nowhere Board", "Seat", "P", "", "12/03/2016", "", ""],
        ["Cy Backwards", "Council", "", "", "", "Test HWB", "Seat", "P", "", "12/03/2016", "01/01/2016", ""],
    ]
    path = write_csv(tmp_path / "bad.csv", bad)
    plan = plan_file(record, path)
    assert plan.bad_rows == [4, 5, 6, 7]
    by_row = plan.errors_by_row()
    assert [e.column for e in by_row[4]] == ["Name"]
    assert {e.column for e in by_row[5]} >= {"Type", "Position", "From", "Voting"}
    assert "Nowhere Board" in by_row[6][0].message and by_row[6][0].column == "Board/Committee"
    assert by_row[7][0].column == "To" and "cannot end before it starts" in by_row[7][0].message
    assert str(by_row[5][0]).startswith("Row 5, ")
    before = counts(record)
    with pytest.raises(KnownError, match=r"4 rows of bad\.csv have errors, so nothing was imported"):
        apply_people_import(record, plan)
    assert counts(record) == before

    summary = apply_people_import(record, plan, skip_bad_rows=True)
    assert summary.rows_skipped == 4 and summary.people_added == 2
    assert counts(record)["people"] == before["people"] + 2


def test_reimport_matches_existing_people_and_adds_nothing(record: Record, board: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "members.csv", GOOD)
    apply_people_import(record, plan_file(record, path))
    before = counts(record)
    again = plan_file(record, path)
    assert again.errors == [] and all(not r.person_new for r in again.rows)
    assert {r.membership_action for r in again.rows if r.membership} == {"existing"}
    summary = apply_people_import(record, again)
    assert (summary.people_added, summary.people_matched, summary.memberships_added) == (0, 4, 0)
    assert counts(record) == before  # nothing written, not even an audit entry

    # matching ignores case and spacing; a leaver's end date arrives in a later export
    later = [list(GOOD[0]), list(GOOD[2])]
    later[0][0], later[0][1], later[0][10] = "cllr  SIÂN llewelyn", "ceredigion council", "05/05/2021"
    plan = plan_file(record, write_csv(tmp_path / "later.csv", later))
    assert [r.membership_action for r in plan.rows] == ["update", "existing"]
    apply_people_import(record, plan)
    assert counts(record)["people"] == before["people"]
    leader = record.find(Person, name="Cllr Siân Llewelyn")[0]
    assert [m.end_date for m in record.find(Membership, person_id=leader.id)] == ["2021-05-05"]


def test_overlapping_terms_on_one_seat_are_errors(record: Record, board: str, tmp_path: Path) -> None:
    row = ["Eve Twice", "Council", "", "", "", "Test HWB", "Seat", "Council", "", "01/01/2016", "", ""]
    overlapping = [*row[:9], "01/06/2016", "", ""]
    plan = plan_file(record, write_csv(tmp_path / "twice.csv", [row, overlapping]))
    assert plan.bad_rows == [3] and "Row 2 already gives Eve Twice this seat" in plan.errors[0].message


def test_import_into_one_board(record: Record, board: str, tmp_path: Path) -> None:
    other = record.find(Board, name="Other Board")[0].id
    rows = [["Gwen Jones", "Council", "", "", "", "", "Seat A", "Council", "", "01/01/2017", "", ""],
            ["Huw Evans", "Council", "", "", "", "Test HWB", "Seat B", "Council", "", "01/01/2017", "", ""],
            ["Ifan Only", "Council", "", "", "", "", "", "", "", "", "", ""]]
    plan = plan_file(record, write_csv(tmp_path / "one.csv", rows), board_id=other)
    assert plan.bad_rows == [3] and "Other Board" in plan.errors[0].message
    assert plan.rows[0].seat is not None and plan.rows[0].seat.board_id == other
    assert plan.rows[1].membership is None  # a person only
    with pytest.raises(KnownError, match="board is not in the record"):
        plan_people_import(record, read_sheet(tmp_path / "one.csv"), guess_mapping(HEADERS), "no-such-board")


def test_a_changed_record_is_checked_again(record: Record, board: str, tmp_path: Path) -> None:
    plan = plan_file(record, write_csv(tmp_path / "m.csv", GOOD[:1]))
    seat = record.save(Seat(board_id=board, title="Council leader", partner="Ceredigion Council"))
    person = record.save(Person(name="Cllr Siân Llewelyn", organisation="Ceredigion Council", kind="elected_member"))
    record.save(Membership(seat_id=seat, person_id=person, start_date="2015-01-01"))
    with pytest.raises(KnownError, match="changed since"):
        apply_people_import(record, plan)


def test_sheets_from_windows_excel_and_other_shapes(tmp_path: Path) -> None:
    path = tmp_path / "ansi.csv"
    path.write_bytes("Name;Organisation\r\nSiân Jones;Cyngor Sir Gâr\r\n\r\n;\r\nBob\x0bSmith;\r\n".encode("cp1252"))
    sheet = read_sheet(path)
    assert sheet.headers == ["Name", "Organisation"]
    assert sheet.rows == [["Siân Jones", "Cyngor Sir Gâr"], ["Bob Smith", ""]]
    assert sheet.row_numbers == [2, 5]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("missing.csv", None, "There is no file"),
    ("old.xls", b"\xd0\xcf\x11\xe0", "old Excel 97 format"),
    ("broken.xlsx", b"not a zip", "not a readable Excel workbook"),
    ("empty.csv", b"", "is empty"),
    ("notes.pdf", b"%PDF", "choose a .csv or .xlsx"),
])
def test_unreadable_files_are_refused_plainly(tmp_path: Path, name: str, content: bytes | None,
                                              message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(KnownError, match=message):
        read_sheet(path)


def test_whole_sheet_problems(record: Record, board: str) -> None:
    sheet = Sheet(["Organisation"], [["Council"]])
    with pytest.raises(KnownError, match="name"):
        plan_people_import(record, sheet, {"organisation": "Organisation"})
    with pytest.raises(KnownError, match="no column headed"):
        plan_people_import(record, sheet, {"name": "Name"})


def test_command_line_refuses_a_bad_csv_and_writes_nothing(record: Record, board: str, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    db = record.path
    record.close()
    bad = [GOOD[0], ["Ann Bad", "Council", "", "", "", "Test HWB", "Seat", "P", "", "31/02/2016", "", ""]]
    path = write_csv(tmp_path / "bad.csv", bad)
    assert main(["import-people", str(path), "--db", str(db)]) == 2
    out, err = capsys.readouterr()
    assert "Row 3, From: “31/02/2016” is not a real date" in err
    assert err.strip().splitlines()[-1].startswith("Nothing was imported: 1 row of bad.csv has errors")
    reopened = Record.open(db)
    try:
        assert reopened.find(Person) == []
    finally:
        reopened.close()

    assert main(["import-people", str(path), "--db", str(db), "--skip-bad-rows"]) == 0
    out, err = capsys.readouterr()
    assert "Added 1 person" in out and "Row 3" in err
    assert main(["import-people", str(tmp_path / "nope.csv"), "--db", str(db)]) == 2
    assert "There is no file" in capsys.readouterr().err


def test_a_row_with_several_faults_shows_them_all_and_whom_it_is_about(record: Record, board: str,
                                                                        tmp_path: Path) -> None:
    """A clerk fixing a sheet sees every fault of a row at once, not one an import: a row without a name still has
    its membership checked (no seat, an end before its start); and the preview's Who column names the person the
    row is about, or says the name is missing, rather than "row"."""
    rows = [
        ["", "Somewhere", "", "", "", "Test HWB", "", "P", "", "12/03/2016", "01/01/2016", ""],
        ["Cy Backwards", "Council", "", "Alien", "", "Test HWB", "Seat", "P", "", "12/03/2016", "01/01/2016", ""],
        ["Jo Broken", "Council", "", "", "", "Test HWB", "Seat", "P", "", "31/02/2025", "", ""],
        ["Cllr No Seat", "Council", "", "", "", "Test HWB", "", "P", "", "01/04/2025", "31/03/2025", ""],
        ["Jo Unknown", "Council", "", "Wizard", "not-an-email", "", "", "", "", "", "", ""],
        ["", "", "", "", "bad", "", "", "", "", "", "", ""],
        ["Cllr Bad Board", "Council", "", "", "", "Nowhere Board", "", "", "", "", "31/03/2025", ""],
    ]
    plan = plan_file(record, write_csv(tmp_path / "faults.csv", rows))
    by_row = plan.errors_by_row()
    assert [e.column for e in by_row[2]] == ["Name", "Seat", "To"], by_row[2]
    assert [e.column for e in by_row[3]] == ["Type", "To"], by_row[3]
    assert "cannot end before it starts" in by_row[3][1].message
    assert [e.column for e in by_row[4]] == ["From"] and "not a real date" in by_row[4][0].message  # said once
    assert [e.column for e in by_row[5]] == ["Seat", "To"], by_row[5]  # the seat missing, and the dates still read
    assert [e.column for e in by_row[6]] == ["Type", "Email"], by_row[6]
    assert [e.column for e in by_row[7]] == ["Name", "Email"], by_row[7]
    assert [e.column for e in by_row[8]] == ["Board/Committee", "Seat", "From"], by_row[8]
    lines = {c.source: c for c in plan.changes}
    assert lines["2"].subject == "(no name)" and lines["3"].subject == "Cy Backwards"
