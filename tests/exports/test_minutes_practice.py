"""Minutes as a democratic services officer publishes them, read back through LibreOffice -> PDF -> pdftotext.

Quorum per item (where it fails or is regained); the resolution excluding the public minuted, and a summary of the
exempt business in the public minutes (s.100C(2) LGA 1972); declarations on Part B items published; no live action
statuses; apologies and declarations once; minute numbers through the board's year; who was in the Chair.
"""

import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import docx
import pytest

from stp_desk.domain.business import load_business
from stp_desk.domain.entities import Action, AgendaItem, Attendance, Interest, Meeting, Person
from stp_desk.domain.record import Record
from stp_desk.exports import AgendaOptions, MinutesOptions, export_agenda, export_minutes
from stp_desk.exports.accessibility import check_document
from stp_desk.exports.agenda import ContactOfficer, question_deadline
from stp_desk.exports.minutes import clock
from tests.exports.conftest import to_pdf

pytestmark = pytest.mark.slow
PART_B = "Procurement of the community equipment service"


@dataclass
class Minutes:
    record: Record
    meeting: Meeting
    text: dict[str, str]
    files: dict[str, Path]


def _draft_meeting(record: Record) -> Meeting:
    for m in reversed(record.find(Meeting, order_by="starts_at", status="held")):
        business = load_business(record, m.id or "")
        if m.minutes_status == "draft" and business.board.quorum_count and business.actions:
            return m
    raise AssertionError("the demo has no draft meeting with actions and a quorum rule")


@pytest.fixture(scope="module")
def minutes(demo_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Minutes:
    folder = tmp_path_factory.mktemp("minutes-practice")
    path = Path(shutil.copy(demo_master, folder / "demo.stpdesk"))
    record = Record.open(path, clerk="Test Clerk")
    meeting = _draft_meeting(record)
    meeting.ended_at = "16:45"
    record.save(meeting)
    items = record.items(meeting.id or "")
    last = max(i.position for i in items)
    # an exempt item at the end, on which a member who sent apologies declares an interest
    exempt_id = record.save(AgendaItem(meeting_id=meeting.id or "", position=last + 1, title=PART_B,
                                       kind="decision", exempt=True, exempt_paragraph=3,
                                       minute_text="Tenders were evaluated in private.",
                                       resolution="That the contract be awarded to the preferred bidder."))
    apologies = [a for a in record.find(Attendance, meeting_id=meeting.id) if a.status == "apologies"]
    present = [a for a in record.find(Attendance, meeting_id=meeting.id) if a.status == "present"]
    assert apologies and len(present) >= 3
    record.save(Interest(item_id=exempt_id, person_id=apologies[0].person_id, withdrew=True,
                         nature="A close relative works for one of the bidders."))
    files = {name: folder / f"{name}.docx" for name in ("public", "full", "public-again", "agenda-public",
                                                         "agenda-titled", "minutes-titled", "inquorate")}
    export_minutes(record, meeting.id or "", files["public"], MinutesOptions(public=True))
    export_minutes(record, meeting.id or "", files["full"], MinutesOptions(public=False))
    export_agenda(record, meeting.id or "", files["agenda-public"], AgendaOptions(
        public=True, published=date(2025, 12, 1), contact=ContactOfficer("Gemma Tattersall", "01253 477123",
                                                                          "gemma.tattersall@example.gov.uk")))
    # an action's progress changes: the minutes must not
    action = next(a for item in items for a in record.find(Action, item_id=item.id))
    action.status = "done" if action.status != "done" else "open"
    record.save(action)
    export_minutes(record, meeting.id or "", files["public-again"], MinutesOptions(public=True))
    # the clerk chooses to publish the Part B item's title
    item = record.get(AgendaItem, exempt_id)
    item.publish_title = True
    record.save(item)
    export_agenda(record, meeting.id or "", files["agenda-titled"], AgendaOptions(public=True))
    export_minutes(record, meeting.id or "", files["minutes-titled"], MinutesOptions(public=True))
    # everyone present but two leaves before item 3: the meeting is not quorate from then on
    for a in present[2:]:
        a.left_after_item = 2
        record.save(a)
    export_minutes(record, meeting.id or "", files["inquorate"], MinutesOptions(public=False))
    pages = to_pdf(list(files.values()), tmp_path_factory.mktemp("lo-profile"))
    yield Minutes(record, meeting, {n: " ".join(pages[p]) for n, p in files.items()}, files)
    record.close()


def test_quorum_shown_where_it_fails(minutes: Minutes) -> None:
    quorate = minutes.text["full"]
    assert "Quorum: " in quorate and "The meeting was quorate." in quorate
    inquorate = minutes.text["inquorate"]
    assert "The meeting was not quorate for this item (2 of the" in inquorate
    # a decision after the quorum failed does not read as a valid one
    business = load_business(minutes.record, minutes.meeting.id or "")
    late = [i for i in business.items if i.position > 2 and i.resolution.strip() and not i.exempt]
    assert late
    for item in late:
        resolution = " ".join(item.resolution.split())
        assert f"RESOLVED: {resolution} (Not quorate: see above.)" in inquorate
    assert inquorate.count("No valid decision could be made") == len(late) + 1  # and the Part B item
    assert "(Not quorate" not in minutes.text["public"]


def test_exclusion_minuted_and_exempt_business_summarised(minutes: Minutes) -> None:
    for name in ("public", "full"):
        text = minutes.text[name]
        assert "Exclusion of the public RESOLVED: That under section 100A(4) of the Local Government Act 1972" in text
        assert "paragraph 3 of Part 1 of Schedule 12A to the Act" in text
    public = minutes.text["public"]
    assert "Summary of the exempt business (section 100C(2) of the Local Government Act 1972)" in public
    assert "The board made a decision on the item" in public
    assert PART_B not in public and "preferred bidder" not in public and "Tenders were evaluated" not in public
    assert PART_B in minutes.text["full"] and "preferred bidder" in minutes.text["full"]


def test_declarations_on_part_b_items_published(minutes: Minutes) -> None:
    record = minutes.record
    public = minutes.text["public"]
    declared = next(a for a in record.find(Attendance, meeting_id=minutes.meeting.id) if a.status == "apologies")
    name = record.get(Person, declared.person_id).name
    assert f"{name} declared an interest in" in public
    assert ("(exempt business): an interest in a matter of exempt business, declared before the public were "
            "excluded. They withdrew from the meeting for that item.") in public
    assert "A close relative" not in public and "A close relative works for one of the bidders" in minutes.text["full"]
    assert "No interests were declared" not in public and "None." not in public
    # a member listed under apologies who declares: flagged while the minutes are a draft
    assert "Check: they are recorded as having sent apologies for this meeting." in public


def test_action_statuses_are_not_printed(minutes: Minutes) -> None:
    assert minutes.text["public"] == minutes.text["public-again"]
    assert "Actions agreed Minute Action Owner Due" in minutes.text["public"]


def test_apologies_and_declarations_once_numbers_chair_and_times(minutes: Minutes) -> None:
    text = minutes.text["public"]
    business = load_business(minutes.record, minutes.meeting.id or "")
    for a in business.attendance:
        if a.status == "apologies":
            assert text.count(business.name(a.person_id)) >= 1
            assert text.count(f"Apologies: {business.name(a.person_id)}") == 1
    assert text.count("declared an interest in") == sum(len(v) for v in business.interests.values())
    numbers = re.findall(r"HWB (\d+)/(\d\d) ", text)
    assert len({n for n, _y in numbers}) >= len(business.items)
    runs = sorted({int(n) for n, _y in numbers})
    assert runs == list(range(runs[0], runs[0] + len(runs))) and runs[0] > 1  # earlier meetings' minutes count
    assert "(in the Chair)" in text
    assert f"Started: {clock(minutes.meeting.starts_at)}; ended: 4.45 pm" in text


def test_a_part_b_title_is_published_only_when_chosen(minutes: Minutes) -> None:
    assert PART_B not in minutes.text["agenda-public"]
    assert PART_B in minutes.text["agenda-titled"]
    assert PART_B in minutes.text["minutes-titled"]
    assert "preferred bidder" not in minutes.text["minutes-titled"]


def test_the_agenda_carries_what_the_public_need(minutes: Minutes) -> None:
    text = minutes.text["agenda-public"]
    assert "Date of publication: 1 December 2025" in text
    assert "Contact officer: Gemma Tattersall, telephone 01253 477123, email gemma.tattersall@example.gov.uk" in text
    assert "substitutes" in text and "Declarations of interest" in text
    assert "Urgent business" in text and "section 100B(4)(b) of the Local Government Act 1972" in text
    deadline = question_deadline(minutes.meeting.starts_at)
    assert deadline.weekday() < 5 and deadline < minutes.meeting.day
    assert f"by 12 noon on {deadline:%A} {deadline.day} {deadline:%B %Y}" in text
    assert "filmed, recorded or reported on" in text and "Openness of Local Government Bodies Regulations 2014" in text
    assert "The board is asked to" in text and "note apologies for absence" in text
    assert "Date of the next meeting" in text
    business = load_business(minutes.record, minutes.meeting.id or "")
    assert business.next_meeting is not None
    assert f"{business.next_meeting.day.day} {business.next_meeting.day:%B %Y}" in text.split("Date of the next")[1]
    links = docx.Document(str(minutes.files["agenda-public"])).part.rels.values()
    targets = {r.target_ref for r in links if r.reltype.endswith("/hyperlink")}
    assert "mailto:gemma.tattersall@example.gov.uk" in targets
    assert any("legislation.gov.uk" in t for t in targets)


def test_every_document_passes_the_check(minutes: Minutes) -> None:
    for name, path in minutes.files.items():
        assert check_document(path) == [], name
