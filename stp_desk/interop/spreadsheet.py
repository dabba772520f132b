"""Import people and board memberships from a spreadsheet (CSV or .xlsx) as councils export them.

Three steps, so that a window can show a preview before anything is written:

    sheet = read_sheet(path)                       # Sheet(headers, rows): every cell as cleaned text
    mapping = guess_mapping(sheet.headers)         # {field: column header}; FIELDS names the fields
    plan = plan_people_import(record, sheet, mapping, board_id=None)   # reads the record, writes nothing
    plan.errors                                    # [RowError(row, column, message)]: row numbers as in Excel
    plan.rows                                      # [PlannedRow]: what each good row creates or matches
    summary = apply_people_import(record, plan, skip_bad_rows=False)   # one transaction, one audit action

(`MembersImport` offers the same as the contract every importer keeps: `stp_desk.interop.base`.)

People already in the record are matched by name and organisation (ignoring case and spacing); seats by board,
title and partner; memberships by seat, person and start date, so importing the same sheet twice adds nothing.
A plan with errors is refused unless the caller asks to skip the bad rows. No Qt and no SQL here.
"""

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path

from stp_desk import limits
from stp_desk.domain import vocab
from stp_desk.domain.dates import parse_uk_date
from stp_desk.domain.entities import Board, Membership, Person, Seat
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError, ValidationError
from stp_desk.interop import base
from stp_desk.interop.base import Progress, step

# The fields a column can be mapped to, with the words a clerk reads for each.
FIELDS: dict[str, str] = {
    "name": "Name",
    "first_name": "First name",
    "last_name": "Last name",
    "organisation": "Organisation",
    "roles": "Role / title",
    "kind": "Type",
    "email": "Email",
    "board": "Board / committee",
    "seat": "Seat",
    "partner": "Partner",
    "position": "Position",
    "start": "From",
    "end": "To",
    "voting": "Voting",
}

# Header spellings seen in councils' committee-system exports, compared without case, spaces or punctuation.
_ALIASES: dict[str, list[str]] = {
    "name": ["name", "fullname", "membername", "personname", "councillor", "member", "person", "names"],
    "first_name": ["firstname", "forename", "forenames", "givenname", "first"],
    "last_name": ["lastname", "surname", "familyname", "last"],
    "organisation": ["organisation", "organization", "org", "employer", "body", "authority", "council",
                     "organisationname", "agency"],
    "roles": ["role", "roles", "roletitle", "roletitles", "title", "jobtitle", "portfolio", "designation",
              "roleposition"],
    "kind": ["type", "kind", "persontype", "membertype", "category", "sector", "membershiptype"],
    "email": ["email", "emailaddress", "mail", "workemail"],
    "board": ["board", "committee", "boardcommittee", "boardname", "committeename", "boardorcommittee", "forum",
              "meetingbody", "decisionmakingbody"],
    "seat": ["seat", "seattitle", "seatname", "place", "seatrole"],
    "partner": ["partner", "partnerorganisation", "representing", "nominatedby", "nominatingbody",
                "nominatingorganisation", "partnerbody"],
    "position": ["position", "office", "positiononboard", "chairvicechair", "chairorvicechair", "status"],
    "start": ["from", "start", "startdate", "fromdate", "appointed", "dateappointed", "appointeddate", "termstart",
              "since", "appointedfrom", "datefrom", "validfrom"],
    "end": ["to", "end", "enddate", "todate", "termend", "until", "ceased", "dateceased", "termends", "dateto",
            "validto", "appointedto"],
    "voting": ["voting", "vote", "votingmember", "votingrights", "hasvote", "votingnonvoting", "votes"],
}

_KINDS: dict[str, str] = {
    "councillor": "elected_member", "cllr": "elected_member", "elected member": "elected_member",
    "elected": "elected_member", "member of the council": "elected_member", "politician": "elected_member",
    "officer": "council_officer", "council officer": "council_officer", "local authority officer": "council_officer",
    "nhs": "nhs", "ccg": "nhs", "icb": "nhs", "trust": "nhs", "nhs/ccg": "nhs", "nhs / ccg": "nhs",
    "health": "nhs", "clinical commissioning group": "nhs", "nhs trust": "nhs",
    "healthwatch": "healthwatch",
    "voluntary": "voluntary", "vcs": "voluntary", "vcse": "voluntary", "voluntary sector": "voluntary",
    "third sector": "voluntary", "charity": "voluntary", "community": "voluntary",
    "public": "public", "member of the public": "public", "resident": "public", "lay member": "public",
    "other": "other", "co-opted": "other", "coopted": "other", "independent": "other",
}
_ROLES: dict[str, str] = {
    "council leader": vocab.COUNCIL_LEADER, "leader of the council": vocab.COUNCIL_LEADER,
    "leader": vocab.COUNCIL_LEADER,
    "cabinet lead for health and social care": vocab.CABINET_LEAD,
    "cabinet member for health and social care": vocab.CABINET_LEAD,
    "portfolio holder for health and social care": vocab.CABINET_LEAD,
    "cabinet member for adult social care and health": vocab.CABINET_LEAD,
    "cabinet member for health and adult social care": vocab.CABINET_LEAD,
    "hwb chair": vocab.HWB_CHAIR, "chair of the health and wellbeing board": vocab.HWB_CHAIR,
    "health and wellbeing board chair": vocab.HWB_CHAIR,
    "director of public health": vocab.DPH, "dph": vocab.DPH,
    "director of adult social services": vocab.DASS, "director of adult social care": vocab.DASS,
    "dass": vocab.DASS,
    "chief executive": vocab.CHIEF_EXECUTIVE, "ceo": vocab.CHIEF_EXECUTIVE,
    "chief executive officer": vocab.CHIEF_EXECUTIVE,
    "healthwatch representative": "Healthwatch representative",
}
_POSITIONS: dict[str, str] = {
    "": "member", "member": "member", "board member": "member", "committee member": "member",
    "chair": "chair", "chairman": "chair", "chairwoman": "chair", "chairperson": "chair", "chair of the board": "chair",
    "vice-chair": "vice_chair", "vice chair": "vice_chair", "vicechair": "vice_chair", "deputy chair": "vice_chair",
    "vice-chairman": "vice_chair", "vice chairman": "vice_chair", "vice-chairperson": "vice_chair",
    "vice_chair": "vice_chair", "vice-chairwoman": "vice_chair",
}
_YES = {"yes", "y", "true", "1", "voting", "x", "✓", "✔"}
_NO = {"no", "n", "false", "0", "non-voting", "nonvoting", "non voting", "not voting", "none"}

# Characters that are never part of a name: C0/C1 controls, lone surrogates, non-characters, the byte-order mark.
_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\ufeff]")
_SPLIT_ROLES = re.compile(r"[;|\n]+")

MAX_ROWS = limits.MAX_ROWS
# Blank rows are skipped, but only so many lines are read in all.
MAX_LINES = 5 * MAX_ROWS
# -- reading ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """A spreadsheet's header row and data rows, every cell as cleaned text (blank rows left out).

    `row_numbers[i]` is the number of `rows[i]` as the clerk sees it in Excel (the header is usually row 1).
    """

    headers: list[str]
    rows: list[list[str]]
    row_numbers: list[int] = field(default_factory=list)
    source: str = ""

    def __post_init__(self) -> None:
        if not self.row_numbers:
            object.__setattr__(self, "row_numbers", list(range(2, len(self.rows) + 2)))


def clean_cell(value: object) -> str:
    """A cell as text: controls and stray marks removed, whitespace collapsed, composed (NFC)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _JUNK.sub(" ", str(value))
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _clean_multiline(value: object) -> str:
    """Like clean_cell, but keeps line breaks (several roles in one cell)."""
    if isinstance(value, str) and "\n" in value.replace("\r", "\n"):
        return "\n".join(clean_cell(line) for line in value.replace("\r", "\n").split("\n") if clean_cell(line))
    return clean_cell(value)


def read_sheet(path: Path | str) -> Sheet:
    """Read a .csv or .xlsx file; the first non-blank row is taken as the headers. Raises KnownError plainly.

    The limits of stp_desk/limits.py hold: the file's size, an .xlsx file's unpacked size, the rows read (reading
    stops at the limit) and the length of each cell.
    """
    path = Path(path)
    if not path.exists():
        raise KnownError(f"There is no file {path}.")
    if path.is_dir():
        raise KnownError(f"{path} is a folder; choose a .csv or .xlsx file.")
    suffix = path.suffix.lower()
    headers: list[str] = []
    rows: list[list[str]] = []
    numbers: list[int] = []
    try:
        limits.check_file_size(path, "the spreadsheet")
        raw: Iterator[tuple[int, list[object]]] | Iterator[tuple[int, list[str]]]
        if suffix in (".xlsx", ".xlsm"):
            raw = _xlsx_rows(path)
        elif suffix in (".csv", ".txt", ".tsv"):
            raw = _csv_rows(path)
        elif suffix == ".xls":
            raise KnownError(f"{path.name} is in the old Excel 97 format: save it as .xlsx or CSV and import that.")
        else:
            raise KnownError(f"{path.name} is not a spreadsheet stp-desk reads: choose a .csv or .xlsx file.")
        for number, cells in raw:
            for cell in cells:
                problem = isinstance(cell, str) and limits.text_problem("a cell", cell)
                if problem:
                    raise KnownError(f"{path.name}, row {number}: {problem}")
            texts = [_clean_multiline(c) for c in cells]
            if not any(texts):
                if number > MAX_LINES:
                    raise KnownError(f"{path.name} has more than {MAX_LINES:,} rows, most of them blank; save only "
                                     "the rows of people and import that.")
                continue
            if not headers:
                headers = [clean_cell(c) for c in texts]
                while headers and not headers[-1]:
                    headers.pop()
                headers = [h or f"Column {i}" for i, h in enumerate(headers, start=1)]
                continue
            if len(rows) >= MAX_ROWS:
                raise KnownError(f"{path.name} has more than {MAX_ROWS:,} rows; split it into smaller files.")
            rows.append(texts + [""] * (len(headers) - len(texts)))
            numbers.append(number)
    except OSError as e:
        raise KnownError(f"{path.name} cannot be read ({e.strerror or e}).") from e
    if not headers:
        raise KnownError(f"{path.name} is empty: it needs a row of column headings and a row per person.")
    return Sheet(headers, rows, numbers, path.name)


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The records of a CSV file with the line each starts on. The csv module is held to the letter (`strict`): a
    quoted cell never closed, or text after a closing quote, is refused with its line rather than guessed at."""
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        raise KnownError(f"{path.name} is an Excel workbook, not CSV: rename it to .xlsx or save it as CSV.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")  # Excel on Windows saves "CSV" in the ANSI code page
    if "\x00" in text[:1000]:
        raise KnownError(f"{path.name} does not look like a CSV file.")
    # the header row decides the separator: a comma, or the semicolon of European Excel, or a tab
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first.count)
    if csv.field_size_limit() <= limits.MAX_TEXT:
        csv.field_size_limit(limits.MAX_TEXT + 1)  # longer cells are refused by the limit of one field, below
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter if first.count(delimiter) else ",",
                        strict=True)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise KnownError(f"{path.name} is not a well-formed CSV file (line {start}: {_csv_problem(str(e))}).") \
                from e
        # line_num: the line a record ends on (the row number when no cell has line breaks)
        yield reader.line_num, cells
        start = reader.line_num + 1


def _csv_problem(reason: str) -> str:
    if "unexpected end of data" in reason:
        return "a quoted cell is never closed; a double quote inside a cell must be written twice"
    if "expected after" in reason:
        return "text follows a closing quote; a double quote inside a cell must be written twice"
    if "field limit" in reason:
        return f"a cell is too long (stp-desk keeps at most {limits.MAX_TEXT:,} characters in one field)"
    return reason


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[object]]]:
    """The rows of the first sheet, read as they come (never the whole sheet at once), once the workbook's unpacked
    size is known to be within the limits."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(path) as archive:
            limits.check_unpacked(archive, path.name)
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise KnownError(f"{path.name} is not a readable Excel workbook (.xlsx).") from e
    try:
        sheet = book.worksheets[0]
        # The size a sheet declares may be wrong (some programs write none, or the largest there is): read the rows
        # as they are, so none is lost and no row is padded to thousands of empty cells.
        sheet.reset_dimensions()
        for n, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield n, list(cells)
    finally:
        book.close()


# A cell beginning with one of these is run as a formula by Excel, LibreOffice and Google Sheets (OWASP's "CSV
# injection": =HYPERLINK(...) sends the reader elsewhere, =cmd|... ran programs in older Excel).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def safe_cell(text: str) -> str:
    """A cell as any spreadsheet stp-desk writes must hold it: formula-like text behind a leading ' (shown as typed,
    never run). stp-desk writes no spreadsheet yet; any CSV or .xlsx output it gains puts its cells through this."""
    return "'" + text if looks_like_formula(text) else text


# -- mapping ----------------------------------------------------------------------------------------


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", unicodedata.normalize("NFKD", text).casefold())


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Which column holds each field, guessed from the headings; each column is used at most once."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    keys = {h: _key(h) for h in headers}
    for fld, aliases in _ALIASES.items():
        for alias in aliases:
            column = next((h for h in headers if keys[h] == alias and h not in used), None)
            if column:
                mapping[fld] = column
                used.add(column)
                break
    if "name" in mapping and ("first_name" in mapping or "last_name" in mapping) and _key(mapping["name"]) in (
            "member", "person", "councillor"):
        used.discard(mapping.pop("name"))
    return mapping


# -- planning ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One fault in one row: `row` as numbered in the spreadsheet, `column` the heading (or the field's label)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.column}: {self.message}" if self.column else f"Row {self.row}: {self.message}"


PersonKey = tuple[str, str]
SeatKey = tuple[str, str, str]


@dataclass
class PlannedRow:
    """What one good row will do. `person.id` / `seat.id` are set when they are already in the record."""

    row: int
    person_key: PersonKey
    person: Person
    person_new: bool
    seat_key: SeatKey | None = None
    seat: Seat | None = None
    seat_new: bool = False
    board_name: str = ""
    membership: Membership | None = None
    membership_action: str | None = None  # "new", "existing" (already there) or "update" (end date changes)
    warnings: list[str] = field(default_factory=list)  # cells to check (a formula, say), as "column: message"

    def describe(self) -> str:
        """One line for a preview: what happens to this row."""
        parts = [f"{'new person' if self.person_new else 'matches a person already in the record'}"]
        if self.membership is not None and self.seat is not None:
            position = vocab.POSITIONS[self.membership.position].lower()
            what = {"new": "adds", "existing": "already has", "update": "changes the end date of"}[
                self.membership_action or "new"]
            span = f"from {_uk(self.membership.start_date)}"
            if self.membership.end_date:
                span += f" to {_uk(self.membership.end_date)}"
            seat = f"{'new ' if self.seat_new else ''}seat “{self.seat.title}” ({self.seat.partner})"
            parts.append(f"{what} {position} of {self.board_name}, {seat}, {span}")
        parts.extend(f"check {warning}" for warning in self.warnings)
        return "; ".join(parts)


@dataclass
class Plan(base.Plan):
    """What an import will do, found without writing anything: per-row errors and the good rows."""

    sheet: Sheet
    mapping: dict[str, str]
    board_id: str | None
    rows: list[PlannedRow]
    errors: list[RowError]
    warnings: list[RowError] = field(default_factory=list)  # good rows with a cell to check (a formula, say)
    who: dict[int, str] = field(default_factory=dict)  # the name each row gives, by row number ("" for none)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    def errors_by_row(self) -> dict[int, list[RowError]]:
        result: dict[int, list[RowError]] = {}
        for e in self.errors:
            result.setdefault(e.row, []).append(e)
        return result

    @property
    def changes(self) -> list[base.Change]:
        """A line per row of the sheet, in its order: its errors, or what it does."""
        errors, planned = self.errors_by_row(), {r.row: r for r in self.rows}
        lines = []
        for number in self.sheet.row_numbers:
            if number in errors:
                text = " ".join(e.message if not e.column else f"{e.column}: {e.message}" for e in errors[number])
                lines.append(base.Change(base.ERROR, "row", text, str(number), self.who.get(number) or "(no name)"))
            elif number in planned:
                row = planned[number]
                writes = row.person_new or row.seat_new or row.membership_action in ("new", "update")
                lines.append(base.Change(base.CREATE if writes else base.SKIP, "member", row.describe(),
                                         str(number), row.person.name))
        return lines

    def counts(self) -> dict[str, int]:
        new_people = {r.person_key for r in self.rows if r.person_new}
        matched = {r.person_key for r in self.rows if not r.person_new}
        return {
            "rows": len(self.sheet.rows),
            "good_rows": len(self.rows),
            "bad_rows": len(self.bad_rows),
            "people_new": len(new_people),
            "people_matched": len(matched),
            "seats_new": len({r.seat_key for r in self.rows if r.seat_new}),
            "memberships_new": sum(r.membership_action == "new" for r in self.rows),
            "memberships_updated": sum(r.membership_action == "update" for r in self.rows),
            "memberships_existing": sum(r.membership_action == "existing" for r in self.rows),
        }

    def summary(self) -> str:
        c = self.counts()
        text = (f"{c['good_rows']} of {_n(c['rows'], 'row')} ready: {_n(c['people_new'], 'new person', 'new people')}"
                f", {c['people_matched']} already in the record; {_n(c['memberships_new'], 'new membership')}, "
                f"{c['memberships_updated']} changed, {c['memberships_existing']} already recorded")
        if c["bad_rows"]:
            text += f"; {_n(c['bad_rows'], 'row')} with errors"
        if self.warnings:
            text += f"; {_n(len(self.warnings), 'cell')} that a spreadsheet would run as a formula, to check"
        return text + "."


@dataclass(frozen=True)
class ImportSummary(base.Summary):
    people_added: int
    people_matched: int
    seats_added: int
    memberships_added: int
    memberships_updated: int
    memberships_unchanged: int
    rows_skipped: int

    def __str__(self) -> str:
        text = (f"Added {_n(self.people_added, 'person', 'people')} ({self.people_matched} already in the record), "
                f"{_n(self.seats_added, 'seat')} and {_n(self.memberships_added, 'membership')}; "
                f"changed {_n(self.memberships_updated, 'membership')}")
        if self.rows_skipped:
            text += f"; skipped {_n(self.rows_skipped, 'row')} with errors"
        return text + "."


def _n(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


def _uk(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


def plan_people_import(record: Record, sheet: Sheet, mapping: dict[str, str], board_id: str | None = None) -> Plan:
    """Check every row against the record's rules and work out what would be created or matched; write nothing.

    `mapping` is {field: column heading} (see FIELDS). With `board_id`, every membership goes to that board (a
    Board column, if any, must agree); without it the Board column names the board of each row.
    Raises KnownError for a problem with the whole sheet (no Name column, an unknown board or column).
    """
    for fld, column in mapping.items():
        if fld not in FIELDS:
            raise KnownError(f"There is no field called {fld!r} to import into.")
        if column not in sheet.headers:
            raise KnownError(f"The sheet has no column headed {column!r}.")
    if "name" not in mapping and not ({"first_name", "last_name"} & set(mapping)):
        raise KnownError("Choose the column that holds each person's name.")
    fixed_board = record.get(Board, board_id) if board_id else None
    return _Planner(record, sheet, mapping, fixed_board).plan()


class _Planner:
    def __init__(self, record: Record, sheet: Sheet, mapping: dict[str, str], board: Board | None) -> None:
        self.record, self.sheet, self.mapping, self.board = record, sheet, mapping, board
        self.columns = {fld: sheet.headers.index(col) for fld, col in mapping.items()}
        self.boards = record.find(Board)
        self.people: dict[PersonKey, Person] = {}
        for p in record.find(Person):
            self.people.setdefault((_norm(p.name), _norm(p.organisation)), p)
        self.seats: dict[SeatKey, Seat] = {}
        for s in record.find(Seat):
            self.seats.setdefault((s.board_id, _norm(s.title), _norm(s.partner)), s)
        self.memberships: dict[tuple[str, str], list[Membership]] = {}
        for m in record.find(Membership):
            self.memberships.setdefault((m.seat_id, m.person_id), []).append(m)
        self.planned_people: dict[PersonKey, Person] = {}
        self.planned_seats: dict[SeatKey, Seat] = {}
        self.planned_spans: dict[tuple[SeatKey, PersonKey], list[tuple[int, Membership]]] = {}
        self.who: dict[int, str] = {}

    def column(self, fld: str) -> str:
        return self.mapping.get(fld, FIELDS[fld])

    def plan(self) -> Plan:
        rows, errors, warnings = [], [], []
        for number, cells in zip(self.sheet.row_numbers, self.sheet.rows, strict=True):
            row_errors: list[RowError] = []
            planned = self.row(number, cells, row_errors)
            flagged = self.formulas(number, cells)
            warnings.extend(flagged)
            if row_errors:
                errors.extend(row_errors)
            elif planned is not None:
                planned.warnings = [f"{w.column}: {w.message}" for w in flagged]
                rows.append(planned)
        return Plan(self.sheet, dict(self.mapping), self.board.id if self.board else None, rows, errors, warnings,
                    self.who)

    def formulas(self, number: int, cells: list[str]) -> list[RowError]:
        """The imported cells a spreadsheet would run as a formula, each as a warning for the preview."""
        found = []
        for fld, i in self.columns.items():
            if i < len(cells) and looks_like_formula(cells[i]):
                found.append(RowError(number, self.column(fld), f"begins with “{cells[i][0]}”, so a spreadsheet "
                                      "would run it as a formula; check it (stp-desk writes it with a leading ' "
                                      "in any spreadsheet it makes)."))
        return found

    def row(self, number: int, cells: list[str], errors: list[RowError]) -> PlannedRow | None:
        def get(fld: str) -> str:
            i = self.columns.get(fld)
            return cells[i] if i is not None and i < len(cells) else ""

        def fault(fld: str, message: str) -> None:
            errors.append(RowError(number, self.column(fld), message))

        name = " ".join(get("name").split()) or " ".join(f"{get('first_name')} {get('last_name')}".split())
        self.who[number] = name
        organisation = get("organisation") or None
        roles = [_ROLES.get(_norm(r), r.strip()) for r in _SPLIT_ROLES.split(get("roles")) if r.strip()]
        if not name:
            fault("name" if "name" in self.mapping else "last_name", "Each row needs the person's name.")
        kind = self.kind(get("kind"), name, organisation, roles)
        if kind is None:
            fault("kind", f"“{get('kind')}” is not a type of person stp-desk knows; use one of: "
                          f"{', '.join(vocab.PERSON_KINDS.values())}.")
        person = Person(name=name, organisation=organisation, kind=kind or "other", roles=roles,
                        email=get("email") or None)
        # checked whatever the name and type got wrong (each said above), standing in for them
        self.validate(replace(person, name=name or "(no name)"), errors, number,
                      {"name": "name", "email": "email", "kind": "kind"})
        person_key = (_norm(name), _norm(organisation))

        # the membership, when the row says anything about one
        # a row with no board, seat, position or dates is a person only, even when importing into a board
        wants_membership = any(get(f) for f in ("board", "seat", "position", "start", "end"))
        before_board = len(errors)
        board = self.row_board(get("board"), fault) if wants_membership else None
        if wants_membership and board is None and len(errors) == before_board:  # not already said what is wrong
            if "board" in self.mapping:
                fault("board", "Say which board this membership is on.")
            else:
                errors.append(RowError(number, "", "The row has a seat or dates but no board: choose a board to "
                                                   "import into, or add a Board column."))
        start = self.date(get("start"), "start", fault)
        end = self.date(get("end"), "end", fault)
        position = _POSITIONS.get(_norm(get("position")).replace("–", "-"))
        if position is None:
            fault("position", f"“{get('position')}” is not a position on a board; use Chair, Vice-chair or Member.")
        voting = self.voting(get("voting"), fault)
        seat = membership = None
        seat_key: SeatKey | None = None
        if wants_membership:  # checked whatever else the row got wrong, its board included: every fault at once
            title = get("seat") or (roles[0] if roles else "")
            partner = get("partner") or organisation or ""
            if not title:
                fault("seat", "A membership needs a seat: give a Seat (or a Role to name it after).")
            if not partner:
                fault("partner", "A membership needs the partner holding the seat: give a Partner or Organisation.")
            if not get("start"):  # one that is there but cannot be read has been said already
                fault("start", "A membership needs the date it starts (From).")
            if start:  # its own rules (an end before its start), the seat it is on standing in until known
                membership = Membership(seat_id="(new seat)", person_id="(person)", start_date=start.isoformat(),
                                        end_date=end.isoformat() if end else None, position=position or "member")
                self.validate(membership, errors, number, {"start_date": "start", "end_date": "end",
                                                           "position": "position"})
            if board is not None and title and partner and membership is not None and not errors:
                seat_key = (board.id or "", _norm(title), _norm(partner))
                seat = self.seats.get(seat_key) or self.planned_seats.get(seat_key) or Seat(
                    board_id=board.id or "", title=title, partner=partner, voting=voting)
                membership = replace(membership, seat_id=seat.id or "(new seat)")
                self.validate(seat, errors, number, {"title": "seat", "partner": "partner"})
        if errors:
            return None

        existing_person = self.people.get(person_key)
        if existing_person is None:
            existing_person = self.planned_people.get(person_key)
            person_new = True
        else:
            person_new = False
        person = existing_person or person
        planned = PlannedRow(number, person_key, person, person_new)
        if seat is not None and membership is not None and seat_key is not None and board is not None:
            action = "new"
            if seat.id and person.id:
                for m in self.memberships.get((seat.id, person.id), []):
                    if m.start_date == membership.start_date:
                        if (m.end_date or None) == membership.end_date or not membership.end_date:
                            action, membership = "existing", m
                        else:
                            action, membership = "update", replace(m, end_date=membership.end_date)
                        break
                    if _overlaps(m, membership):
                        errors.append(RowError(number, self.column("start"), (
                            f"{person.name} already holds this seat from {_uk(m.start_date)}"
                            f"{' to ' + _uk(m.end_date) if m.end_date else ''}; the dates overlap.")))
                        return None
            for other_row, other in self.planned_spans.get((seat_key, person_key), []):
                if other.start_date == membership.start_date or _overlaps(other, membership):
                    errors.append(RowError(number, self.column("start"),
                                           f"Row {other_row} already gives {person.name} this seat for these dates."))
                    return None
            self.planned_spans.setdefault((seat_key, person_key), []).append((number, membership))
            planned.seat_key, planned.seat, planned.seat_new = seat_key, seat, seat.id is None
            planned.board_name, planned.membership, planned.membership_action = board.name, membership, action
            if seat.id is None:
                self.planned_seats[seat_key] = seat
        if person_new:
            self.planned_people[person_key] = person
        return planned

    def validate(self, entity: Person | Seat | Membership, errors: list[RowError], number: int,
                 fields: dict[str, str]) -> None:
        try:
            entity.validate()
        except ValidationError as e:
            fld = fields.get(e.field)
            errors.append(RowError(number, self.column(fld) if fld else "", e.message))

    def kind(self, text: str, name: str, organisation: str | None, roles: list[str]) -> str | None:
        value = _norm(text)
        if value:
            for code, label in vocab.PERSON_KINDS.items():
                if value in (code, _norm(label)):
                    return code
            return _KINDS.get(value)
        # blank: infer what a clerk would
        org = _norm(organisation)
        if _norm(name).startswith(("cllr", "councillor")):
            return "elected_member"
        if "healthwatch" in org:
            return "healthwatch"
        if re.search(r"\b(nhs|ccg|icb|trust|clinical commissioning)\b", org):
            return "nhs"
        if any(r in (vocab.DPH, vocab.DASS, vocab.CHIEF_EXECUTIVE) for r in roles):
            return "council_officer"
        if any(r in (vocab.COUNCIL_LEADER, vocab.CABINET_LEAD) for r in roles):
            return "elected_member"
        return "other"

    def row_board(self, text: str, fault: Callable[[str, str], None]) -> Board | None:
        if not text:
            return self.board
        wanted = _norm(text)
        found = next((b for b in self.boards if b.id == text or _norm(b.name) == wanted), None)
        if found is None:
            fault("board", f"There is no board called “{text}” in the record.")
            return None
        if self.board is not None and found.id != self.board.id:
            fault("board", f"This row is for “{found.name}”, but the import is into “{self.board.name}”.")
            return None
        return found

    def date(self, text: str, fld: str, fault: Callable[[str, str], None]) -> date | None:
        try:
            return parse_uk_date(text)
        except ValueError:
            fault(fld, f"“{text}” is not a real date; write it as 12/03/2016 or 2016-03-12.")
            return None

    def voting(self, text: str, fault: Callable[[str, str], None]) -> bool:
        value = _norm(text)
        if not value or value in _YES:
            return True
        if value in _NO:
            return False
        fault("voting", f"“{text}” is not Yes or No.")
        return True


def _overlaps(a: Membership, b: Membership) -> bool:
    a_end, b_end = a.end_date or "9999-12-31", b.end_date or "9999-12-31"
    return a.start_date <= b_end and b.start_date <= a_end


# -- applying ---------------------------------------------------------------------------------------


def apply_people_import(record: Record, plan: Plan, *, skip_bad_rows: bool = False,
                        progress: Progress | None = None) -> ImportSummary:
    """Write every good row of the plan in one transaction (one audit action) and say what was done.

    The plan is checked again against the record as it is now; if the record changed so that rows now fail
    differently, nothing is written. A plan with errors is refused unless `skip_bad_rows`. `progress(done, total)`
    returning False cancels: the transaction is rolled back and `ImportCancelled` raised.
    """
    fresh = plan_people_import(record, plan.sheet, plan.mapping, plan.board_id)
    if fresh.bad_rows != plan.bad_rows:
        raise KnownError("The record has changed since this import was checked; check it again before importing.")
    if fresh.errors and not skip_bad_rows:
        n = len(fresh.bad_rows)
        raise KnownError(f"{n} row{'s' if n != 1 else ''} of {plan.sheet.source or 'the sheet'} "
                         f"{'have' if n != 1 else 'has'} errors, so nothing was imported. Correct "
                         f"{'them' if n != 1 else 'it'} or choose to skip the rows with errors.")
    people_ids: dict[PersonKey, str] = {}
    seat_ids: dict[SeatKey, str] = {}
    counts = dict.fromkeys(("people", "matched", "seats", "new", "update", "existing"), 0)
    matched: set[PersonKey] = set()
    total = len(fresh.rows)
    with record.batch(f"import members from {plan.sheet.source or 'a spreadsheet'}") as batch:
        for done, row in enumerate(fresh.rows):
            step(progress, done, total)
            if row.person_key not in people_ids:
                if row.person.id:
                    people_ids[row.person_key] = row.person.id
                    matched.add(row.person_key)
                else:
                    people_ids[row.person_key] = batch.save(replace(row.person, id=None))
                    counts["people"] += 1
            if row.membership is None or row.seat is None or row.seat_key is None:
                continue
            if row.seat_key not in seat_ids:
                if row.seat.id:
                    seat_ids[row.seat_key] = row.seat.id
                else:
                    seat_ids[row.seat_key] = batch.save(replace(row.seat, id=None))
                    counts["seats"] += 1
            action = row.membership_action or "new"
            if action == "new":
                batch.save(replace(row.membership, id=None, seat_id=seat_ids[row.seat_key],
                                   person_id=people_ids[row.person_key]))
            elif action == "update":
                batch.save(row.membership)
            counts[action] += 1
        step(progress, total, total)
    return ImportSummary(people_added=counts["people"], people_matched=len(matched), seats_added=counts["seats"],
                         memberships_added=counts["new"], memberships_updated=counts["update"],
                         memberships_unchanged=counts["existing"], rows_skipped=len(fresh.bad_rows))


class MembersImport(base.Importer[Record, Plan, ImportSummary]):
    """The import of members from a sheet, with the columns mapped to fields (`guess_mapping` guesses them) and,
    optionally, the board every row is for; `skip_bad_rows` writes the good rows of a plan that has errors."""

    def __init__(self, sheet: Sheet, mapping: dict[str, str], board_id: str | None = None, *,
                 skip_bad_rows: bool = False) -> None:
        self.sheet, self.mapping, self.board_id, self.skip_bad_rows = sheet, mapping, board_id, skip_bad_rows

    def plan(self, target: Record) -> Plan:
        return plan_people_import(target, self.sheet, self.mapping, self.board_id)

    def apply(self, target: Record, plan: Plan, progress: Progress | None = None) -> ImportSummary:
        return apply_people_import(target, plan, skip_bad_rows=self.skip_bad_rows, progress=progress)


def import_people(record: Record, path: Path | str, board_id: str | None = None, *,
                  skip_bad_rows: bool = False) -> tuple[Plan, ImportSummary | None]:
    """Read, guess the columns, plan and (when the plan allows) apply: what the command line does."""
    sheet = read_sheet(path)
    plan = plan_people_import(record, sheet, guess_mapping(sheet.headers), board_id)
    if plan.errors and not skip_bad_rows:
        return plan, None
    return plan, apply_people_import(record, plan, skip_bad_rows=skip_bad_rows)
