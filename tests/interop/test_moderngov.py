"""Import from ModernGov: the council's saved replies land where they belong, once, and broken ones change nothing."""

import json
from pathlib import Path

import docx
import pytest

from stp_desk.cli import main
from stp_desk.domain.entities import AgendaItem, Attendance, Board, Footprint, Meeting, Membership, Person, Seat
from stp_desk.domain.record import Record
from stp_desk.domain.references import DocumentReference
from stp_desk.exports import MinutesOptions, export_minutes
from stp_desk.interop.base import Cancelled as ImportCancelled
from stp_desk.interop.moderngov import (
    CONFLICT,
    CREATE,
    SKIP,
    UPDATE,
    ModernGovError,
    apply_moderngov_import,
    external_ids,
    html_paragraphs,
    plan_moderngov_import,
)
from stp_desk.store import Store
from tests.interop.conftest import edit

WITH_MINUTES = "meeting_with_minutes.xml"
MINUTES_1 = "To approve the minutes of the meeting held on 25 November 2025 as a correct record."
MINUTES_9 = ("The Committee considered a report of the Governance and Scrutiny Support Unit which set out its future "
             "Work Programme for the remainder of 2025/26 municipal year.")


def imported(record: Record, folder: Path, committee: str | None = None):
    plan = plan_moderngov_import(record, folder, committee)
    return plan, apply_moderngov_import(record, plan)


def by_external(record: Record, cls, external_id: str):
    link = record.store.rows("external_ids", entity=cls.TABLE, external_id=external_id)
    assert len(link) == 1, (cls, external_id)
    return record.get(cls, link[0]["entity_id"])


def counts(record: Record) -> dict[str, int]:
    tables = ["audit", "boards", "people", "meetings", "agenda_items", "attendance", "external_ids",
              "document_references", "footprints", "seats", "memberships"]
    return {t: record.store.count(t) for t in tables}


def test_every_field_of_the_samples_lands_where_it_belongs(record: Record, samples: Path) -> None:
    plan, summary = imported(record, samples)
    assert summary.created == 13 and summary.updated == 0 and not summary.conflicts

    (footprint,) = record.find(Footprint)
    assert footprint.name == "Imported from ModernGov"
    boards = {b.name: b for b in record.find(Board)}
    assert set(boards) == {"Appointment Sub Committee for Director of Adult Social Services",
                           "Art Galleries Committee", "Audit Committee"}
    audit = by_external(record, Board, "144")
    assert audit.name == "Audit Committee" and audit.footprint_id == footprint.id and audit.kind == "hwb"
    details = external_ids(record, by_external(record, Board, "312").id)[0]["details"]
    assert details == {"category": "Governance and Decision Making Committees", "expired": True}

    person = by_external(record, Person, "192")
    assert (person.name, person.kind, person.roles) == ("Councillor Basil Curley", "elected_member",
                                                        ["Chair of Health Scrutiny Committee"])
    details = external_ids(record, person.id)[0]["details"]
    assert details["politicalparty"] == "LAB" and details["ward"] == "Charlestown"
    assert details["url"] == "https://democracy.manchester.gov.uk/mgUserInfo.aspx?UID=192"
    assert details["photobigurl"].endswith("/Info00000192/bigpic.jpg")

    seat = by_external(record, Seat, "144/192")
    membership = by_external(record, Membership, "144/192")
    assert (seat.board_id, seat.title, seat.partner) == (audit.id, "Committee Member", "Council")
    assert (membership.person_id, membership.start_date, membership.position) == (person.id, "2026-01-13", "member")

    cancelled = by_external(record, Meeting, "4966")
    held = by_external(record, Meeting, "4967")
    venue = "Council Antechamber, Level 2, Town Hall Extension"
    assert (cancelled.board_id, cancelled.starts_at, cancelled.status, cancelled.venue) == (
        audit.id, "2026-01-13 10:00", "cancelled", venue)
    assert (held.starts_at, held.status, held.venue, held.session, held.minutes_status) == (
        "2026-02-10 10:00", "held", venue, "public", "draft")
    assert record.items(cancelled.id) == []

    first, ninth = record.items(held.id)
    assert (first.position, first.title, first.kind, first.presenter, first.exempt) == (
        1, "Minutes", "information", None, False)
    assert first.minute_text == MINUTES_1
    assert (ninth.position, ninth.title, ninth.minute_text) == (9, "Work Programme", MINUTES_9)
    assert external_ids(record, first.id)[0]["details"]["agenda_text"] == (
        "To approve as a correct record the minutes of the meeting held on 25 November 2025.")

    (paper,) = record.find(DocumentReference, item_id=first.id)
    assert (paper.title, paper.url, paper.restricted, paper.published_on) == (
        "6 - CHAIR APPROVED Minutes Audit Committee 25 Nov 2025",
        "https://democracy.manchester.gov.uk/mgConvert2PDF.aspx?ID=60860", False, "2026-02-02")
    assert record.find(DocumentReference, item_id=ninth.id)[0].title == "DRAFT WP FEBRUARY 2026"

    # ModernGov lists the councillor as "Expected": no attendance is invented, and the preview says why.
    assert record.find(Attendance) == []
    expected = [r for r in plan.rows if r.kind == "attendance"]
    assert [r.action for r in expected] == [SKIP, SKIP] and all("Expected" in r.description for r in expected)


def test_the_plan_writes_nothing_and_says_what_it_would_do(record: Record, samples: Path) -> None:
    before = counts(record)
    plan = plan_moderngov_import(record, samples)
    assert counts(record) == before
    assert plan.counts == {CREATE: 13, UPDATE: 0, SKIP: 2, CONFLICT: 0}
    descriptions = [r.description for r in plan.rows if r.action == CREATE]
    assert any("Audit Committee" in d and "committee 144" in d for d in descriptions)
    assert any("Item 9 “Work Programme”" in d and "minutes of 1 paragraph" in d for d in descriptions)


def test_reimporting_the_same_files_changes_nothing(record: Record, samples: Path) -> None:
    imported(record, samples)
    before = counts(record)
    plan, summary = imported(record, samples)
    assert {r.action for r in plan.rows} == {SKIP} and not plan.changes_anything
    assert (summary.created, summary.updated, summary.conflicts) == (0, 0, [])
    assert counts(record) == before


def test_newer_files_update_what_changed(record: Record, samples: Path) -> None:
    imported(record, samples)
    page = samples / WITH_MINUTES
    edit(page, "<agendaitemtitle>Work Programme</agendaitemtitle>",
         "<agendaitemtitle>Work Programme 2026</agendaitemtitle>")
    edit(page, "remainder of 2025/26 municipal year.&lt;/p&gt;",
         "remainder of 2025/26 municipal year.&lt;/p&gt;\n&lt;p&gt;Decision: to note the report.&lt;/p&gt;")
    edit(page, 'attendance="Expected"', 'attendance="Apologies"')
    edit(page, "<commenttext1>\n      </commenttext1>", "<commenttext1>Head of Audit</commenttext1>")
    plan, summary = imported(record, samples)
    assert summary.updated == 2 and summary.created == 1 and not summary.conflicts
    held = by_external(record, Meeting, "4967")
    first, ninth = record.items(held.id)
    assert ninth.title == "Work Programme 2026"
    assert ninth.minute_text == MINUTES_9 + "\nDecision: to note the report."
    assert first.presenter == "Head of Audit"
    (apologies,) = record.find(Attendance, meeting_id=held.id)
    assert apologies.status == "apologies"
    updated = [r.description for r in plan.rows if r.action == UPDATE]
    assert any("title 'Work Programme' → 'Work Programme 2026'" in d for d in updated)
    # and once more: nothing left to do
    assert imported(record, samples)[1].updated == 0


def test_an_item_edited_by_the_clerk_is_kept_and_reported(record: Record, samples: Path) -> None:
    imported(record, samples)
    held = by_external(record, Meeting, "4967")
    ninth = record.items(held.id)[1]
    ninth.minute_text = "The clerk's own wording."
    record.save(ninth)

    # ModernGov unchanged: the clerk's edit simply stays.
    plan, summary = imported(record, samples)
    assert summary.updated == 0 and not summary.conflicts
    assert any("your changes in stp-desk are kept" in r.description for r in plan.rows)

    # ModernGov changed too: a conflict, and still the clerk's version.
    edit(samples / WITH_MINUTES, "municipal year.&lt;/p&gt;", "municipal year, as amended.&lt;/p&gt;")
    plan, summary = imported(record, samples)
    (conflict,) = summary.conflicts
    assert "Work Programme" in conflict and "your version is kept" in conflict
    assert record.get(AgendaItem, ninth.id).minute_text == "The clerk's own wording."


def test_an_item_deleted_by_the_clerk_is_not_brought_back(record: Record, samples: Path) -> None:
    imported(record, samples)
    held = by_external(record, Meeting, "4967")
    ninth = record.items(held.id)[1]
    record.delete(AgendaItem, ninth.id)
    plan, summary = imported(record, samples)
    assert summary.created == 0
    assert [i.title for i in record.items(held.id)] == ["Minutes"]
    assert any("deleted in stp-desk" in r.description for r in plan.rows)


def test_a_restricted_item_is_exempt_with_its_paragraph(record: Record, samples: Path) -> None:
    page = samples / WITH_MINUTES
    edit(page, "<agendaitemid>18833</agendaitemid>", "<agendaitemid>18899</agendaitemid>")  # a second, new item
    text = page.read_text(encoding="utf-8")
    start, end = text.index("<agendaitem>"), text.index("</agendaitem>") + len("</agendaitem>")
    exempt = (text[start:end].replace("18831", "18840").replace("<agendaitemtitle>Minutes", "<agendaitemtitle>Contract")
              .replace("<fulldisplaynumberformat>1.", "<fulldisplaynumberformat>10.")
              .replace("<isrestricted>False</isrestricted>\n      <isdisplayallowed>",
                       "<isrestricted>True</isrestricted>\n      <isdisplayallowed>")
              .replace("<restrictionsRef>\n          </restrictionsRef>",
                       "<restrictionsRef>Paragraph 3</restrictionsRef>"))
    page.write_text(text[:end] + exempt + text[end:], encoding="utf-8")
    imported(record, samples)
    held = by_external(record, Meeting, "4967")
    contract = by_external(record, AgendaItem, "18840")
    assert (contract.title, contract.position, contract.exempt, contract.exempt_paragraph) == (
        "Contract", 10, True, 3)
    assert [i.position for i in record.items(held.id)] == [1, 9, 10]


def _truncated(folder: Path) -> None:
    page = folder / WITH_MINUTES
    text = page.read_text(encoding="utf-8")
    page.write_text(text[: text.index("<linkeddocuments>") + 40], encoding="utf-8")


BROKEN = {
    "truncated": (_truncated, [WITH_MINUTES, "line", "inside <linkeddoc>", "cut short"]),
    "wrong root": (lambda f: edit(f / "meetings.xml", "<getmeetings>", "<getmeeting>") or
                   edit(f / "meetings.xml", "</getmeetings>", "</getmeeting>"),
                   ["meetings.xml", "<getmeeting>", "not a ModernGov"]),
    "unknown attendance": (lambda f: edit(f / WITH_MINUTES, 'attendance="Expected"', 'attendance="Maybe"'),
                           [WITH_MINUTES, "<attendee> Councillor Basil Curley", "'Maybe'", "does not know"]),
    "item without id": (lambda f: edit(f / WITH_MINUTES, "<agendaitemid>18833</agendaitemid>", "<agendaitemid/>"),
                        [WITH_MINUTES, "<agendaitem> number 2 ('Work Programme')", "<agendaitemid>"]),
    "attendee without id": (lambda f: edit(f / "meeting_no_minutes.xml", 'memberid="192"', 'memberid=""'),
                            ["meeting_no_minutes.xml", "<attendee> Councillor Basil Curley", "memberid"]),
    "committee without id": (lambda f: edit(f / "committees.xml", "<committeeid>163</committeeid>", ""),
                             ["committees.xml", "<committee>", "<committeeid>"]),
    "paper without id": (lambda f: edit(f / WITH_MINUTES, "<attachmentid>60909</attachmentid>", ""),
                         [WITH_MINUTES, "<linkeddoc> 'DRAFT WP FEBRUARY 2026'", "<attachmentid>"]),
    "double-encoded minutes": (lambda f: edit(f / WITH_MINUTES, "&lt;p class=\"MsoNormal\"&gt;The Committee",
                                              "&amp;lt;p&amp;gt;The Committee"),
                               [WITH_MINUTES, "<agendaitem> 18833", "<minutesnonemptyhtmlbody>", "encoded twice"]),
    "double-encoded title": (lambda f: edit(f / "committees.xml", "Art Galleries Committee",
                                            "Art Galleries &amp;amp; Museums Committee"),
                             ["committees.xml", "<committee> 163", "<committeetitle>", "encoded twice"]),
    "mojibake": (lambda f: edit(f / WITH_MINUTES, "Work Programme</agendaitemtitle>",
                                "Work Programme â€“ 2026</agendaitemtitle>"),
                 [WITH_MINUTES, "<agendaitemtitle>", "encoded twice"]),
    "restricted without paragraph": (lambda f: edit(f / WITH_MINUTES, "<isrestricted>False</isrestricted>\n"
                                                    "      <isdisplayallowed>", "<isrestricted>True</isrestricted>\n"
                                                    "      <isdisplayallowed>"),
                                     [WITH_MINUTES, "<agendaitem> 18831", "<isrestricted>", "Schedule 12A"]),
    "bad date": (lambda f: edit(f / "meetings.xml", "13/01/2026", "31/02/2026"),
                 ["meetings.xml", "<meeting> 4966 <meetingdate>", "dd/mm/yyyy"]),
}


@pytest.mark.parametrize("variant", list(BROKEN))
def test_broken_replies_are_refused_plainly_and_nothing_is_written(record: Record, samples: Path,
                                                                  variant: str) -> None:
    breaks, words = BROKEN[variant]
    breaks(samples)
    before = counts(record)
    with pytest.raises(ModernGovError) as refused:
        plan_moderngov_import(record, samples)
    message = str(refused.value)
    assert message.startswith("Cannot import from ModernGov: ")
    for word in words:
        assert word in message, (word, message)
    assert "\n" not in message
    assert counts(record) == before


def test_broken_reply_leaves_an_earlier_import_alone(record: Record, samples: Path) -> None:
    imported(record, samples)
    before = counts(record)
    edit(samples / WITH_MINUTES, 'attendance="Expected"', 'attendance="Maybe"')
    with pytest.raises(ModernGovError):
        imported(record, samples)
    assert counts(record) == before


def test_one_committee_only(record: Record, samples: Path) -> None:
    imported(record, samples, committee="144")
    assert [b.name for b in record.find(Board)] == ["Audit Committee"]
    assert record.store.count("meetings") == 2
    with pytest.raises(Exception, match="committee 999 is not in the files"):
        plan_moderngov_import(record, samples, committee="999")


def test_a_record_with_one_footprint_keeps_its_boards_there(record: Record, samples: Path) -> None:
    footprint_id = record.save(Footprint(name="Lancashire and South Cumbria"))
    imported(record, samples)
    assert {b.footprint_id for b in record.find(Board)} == {footprint_id}
    assert record.store.count("footprints") == 1


def test_imported_meetings_appear_in_minutes_exports(record: Record, samples: Path, tmp_path: Path) -> None:
    imported(record, samples)
    held = by_external(record, Meeting, "4967")
    path = export_minutes(record, held.id, tmp_path / "minutes.docx", MinutesOptions(public=True))
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Audit Committee" in text
    assert "1. Minutes" in text and "9. Work Programme" in text
    assert MINUTES_1 in text and MINUTES_9 in text


def test_word_html_becomes_plain_paragraphs() -> None:
    html = ('<div class="WordSection1"><p class="MsoNormal"><span style="">One&nbsp;line\nwrapped</span></p>'
            '<p><o:p>&nbsp;</o:p></p><ul><li>First &amp; foremost</li><li>Second</li></ul>'
            '<p>Before<br>after</p><style>p {color: red}</style><table><tr><td>a</td><td>b</td></tr></table></div>')
    assert html_paragraphs(html) == ["One line wrapped", "First & foremost", "Second", "Before", "after", "a b"]


def test_command_line_import_and_refusal(tmp_path: Path, samples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cli.stpdesk"
    Store.open(db, create=True).close()
    assert main(["import-moderngov", str(samples), "--db", str(db), "--dry-run"]) == 0
    assert "Nothing written (dry run)" in capsys.readouterr().out
    assert main(["import-moderngov", str(samples), "--db", str(db), "--committee", "144"]) == 0
    out = capsys.readouterr().out
    assert "create: Board “Audit Committee”" in out and "created 11" in out
    with Store.open(db, lock=False) as store:
        audit_entries = store.count("audit")

    edit(samples / "meetings.xml", "<getmeetings>", "<other>")
    assert main(["import-moderngov", str(samples), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "meetings.xml" in err
    assert main(["import-moderngov", str(tmp_path / "missing"), "--db", str(db)]) == 2
    assert "There is no folder" in capsys.readouterr().err
    with Store.open(db, lock=False) as store:
        assert store.count("audit") == audit_entries


def test_audit_trail_records_the_import(record: Record, samples: Path) -> None:
    imported(record, samples)
    actions = {row["action"] for row in record.store.rows("audit")}
    assert "import from ModernGov" in actions
    entities = {row["entity"] for row in record.store.rows("audit", action="import from ModernGov")}
    assert {"boards", "people", "meetings", "agenda_items", "external_ids", "document_references"} <= entities
    assert json.loads(record.store.rows("external_ids", entity="meetings", external_id="4967")[0]["details"]) == {
        "status": "Confirmed"}


def test_a_cancelled_import_writes_nothing(record: Record, samples: Path) -> None:
    plan = plan_moderngov_import(record, samples)
    before = counts(record)
    seen: list[tuple[int, int]] = []
    with pytest.raises(ImportCancelled, match="nothing was written"):
        apply_moderngov_import(record, plan, progress=lambda done, total: seen.append((done, total)) or len(seen) < 5)
    assert counts(record) == before
    assert seen[-1] == (5, len(plan.rows))
    summary = apply_moderngov_import(record, plan, progress=lambda done, total: None)  # the same plan, still good
    assert summary.created == 13


def test_a_board_and_person_already_typed_in_are_linked_not_doubled(record: Record, samples: Path) -> None:
    footprint_id = record.save(Footprint(name="Greater Manchester"))
    board_id = record.save(Board(footprint_id=footprint_id, name="Audit  committee", kind="hosc"))
    person_id = record.save(Person(name="Councillor Basil Curley", kind="elected_member",
                                   email="b.curley@example.gov.uk"))
    plan, _summary = imported(record, samples)
    assert record.store.count("boards") == 3 and record.store.count("people") == 1
    assert by_external(record, Board, "144").id == board_id and record.get(Board, board_id).kind == "hosc"
    assert by_external(record, Person, "192").id == person_id
    assert any("already in stp-desk under that name" in r.description for r in plan.rows)
    assert by_external(record, Meeting, "4967").board_id == board_id
    assert {r.action for r in plan_moderngov_import(record, samples).rows} == {SKIP}


def test_a_json_dump_carries_the_links_so_a_moved_record_reimports_cleanly(record: Record, samples: Path,
                                                                         tmp_path: Path) -> None:
    from stp_desk.interop import dump

    imported(record, samples)
    dump.dump(record.store, tmp_path / "record.json")
    data = json.loads((tmp_path / "record.json").read_text(encoding="utf-8"))
    assert len(data["records"]["external_ids"]) == record.store.count("external_ids") == 12
    assert len(data["records"]["document_references"]) == 2
    dump.import_dump(tmp_path / "record.json", tmp_path / "moved.stpdesk")
    moved = Record.open(tmp_path / "moved.stpdesk")
    try:
        assert {r.action for r in plan_moderngov_import(moved, samples).rows} == {SKIP}
    finally:
        moved.close()


def test_deleting_an_item_takes_its_papers_with_it_in_the_audit_trail(record: Record, samples: Path) -> None:
    imported(record, samples)
    first = record.items(by_external(record, Meeting, "4967").id)[0]
    record.delete(AgendaItem, first.id)
    assert record.find(DocumentReference, item_id=first.id) == []
    deleted = record.store.rows("audit", entity="document_references", action="delete agenda item")
    assert len(deleted) == 1


# -- "in attendance" is for people without a seat ---------------------------------------------------------------


def test_a_member_modern_gov_lists_in_attendance_is_recorded_present(record: Record, samples: Path) -> None:
    """The seat comes from the same import (a committee member from this meeting on): present, and the preview says
    why it differs from ModernGov's word."""
    edit(samples / WITH_MINUTES, 'attendance="Expected"', 'attendance="In attendance"')
    plan, summary = imported(record, samples)
    assert not summary.conflicts
    held = by_external(record, Meeting, "4967")
    person = by_external(record, Person, "192")
    (attendance,) = record.find(Attendance, meeting_id=held.id)
    assert (attendance.person_id, attendance.status) == (person.id, "present")
    (row,) = [r for r in plan.rows if r.kind == "attendance" and r.action == CREATE]
    assert "“In attendance” as “Committee Member”" in row.description
    assert "hold a seat on this board that day" in row.description
    assert not imported(record, samples)[0].changes_anything  # and a re-import leaves it be


def test_a_member_already_seated_in_stp_desk_is_recorded_present(record: Record, samples: Path) -> None:
    """The seat is in the record from an earlier import; this time ModernGov has the councillor "Also present"."""
    imported(record, samples)
    edit(samples / WITH_MINUTES, 'attendance="Expected"', 'attendance="Also present"')
    edit(samples / WITH_MINUTES, 'roledescription="Committee Member"', 'roledescription="Guest"')
    summary = imported(record, samples)[1]
    assert summary.created == 1 and not summary.conflicts
    (attendance,) = record.find(Attendance, meeting_id=by_external(record, Meeting, "4967").id)
    assert attendance.status == "present"


def test_someone_without_a_seat_stays_in_attendance(record: Record, samples: Path) -> None:
    edit(samples / WITH_MINUTES, 'attendance="Expected"', 'attendance="Present"')
    for name in (WITH_MINUTES, "meeting_no_minutes.xml"):  # listed as an officer at both meetings: never a member
        edit(samples / name, 'roledescription="Committee Member"', 'roledescription="Officer"')
    plan, summary = imported(record, samples)
    assert record.find(Seat) == [] and not summary.conflicts
    (attendance,) = record.find(Attendance, meeting_id=by_external(record, Meeting, "4967").id)
    assert attendance.status == "in_attendance"
    assert not any("hold a seat" in r.description for r in plan.rows)
