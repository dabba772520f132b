"""No exempt text reaches a public document: a property over random records (checked in the .docx XML)."""

import io
import tempfile
import zipfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stp_desk.domain.business import load_business
from stp_desk.domain.disclosure import public_business
from stp_desk.domain.entities import (
    Action,
    AgendaItem,
    Attendance,
    Board,
    Footprint,
    Interest,
    Meeting,
    Membership,
    Person,
    Seat,
    SignOff,
)
from stp_desk.domain.record import Record
from stp_desk.exports import (
    AgendaOptions,
    EvidencePackOptions,
    MinutesOptions,
    build_agenda,
    build_evidence_pack,
    build_minutes,
)

SECRET = "ZQSECRET"
# Text around the markers: anything a clerk might paste, control characters included.
noise = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12).filter(lambda t: "ZQ" not in t.upper())
items = st.lists(st.tuples(st.booleans(), st.sampled_from([1, 2, 3, 4, 5, 6, 7]), noise, st.booleans()),
                 min_size=1, max_size=6)


def _xml(document) -> str:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(items=items, present=st.lists(st.booleans(), min_size=3, max_size=3), approve=st.booleans())
def test_no_exempt_text_in_any_public_document(items, present, approve) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as folder:
        record = Record.open(Path(folder) / "r.stpdesk", create=True, clerk="Property")
        try:
            _check(record, items, present, approve)
        finally:
            record.close()


def _check(record: Record, items, present, approve) -> None:  # type: ignore[no-untyped-def]
    footprint = record.save(Footprint(name="Footprint"))
    board = record.save(Board(footprint_id=footprint, name="Board", kind="hwb"))
    people = []
    for n, kind in enumerate(["elected_member", "nhs", "healthwatch"]):
        person = record.save(Person(name=f"Member {n}", kind=kind))
        record.add_member(Seat(board_id=board, title=f"Seat {n}", partner=f"Partner {n}"),
                          Membership(person_id=person, start_date="2016-01-01"))
        people.append(person)
    meeting = record.save(Meeting(board_id=board, starts_at="2016-03-12T14:00", status="held", venue="Hall"))
    later = record.save(Meeting(board_id=board, starts_at="2016-05-12T14:00", status="held", venue="Hall"))
    for person, here in zip(people, present, strict=True):
        record.save(Attendance(meeting_id=meeting, person_id=person, status="present" if here else "apologies"))
    public_markers, exempt_ids = [], []
    for n, (exempt, paragraph, text, signed) in enumerate(items):
        marker = f"{SECRET}{n}X" if exempt else f"ZQPUBLIC{n}X"
        item = record.add_item(AgendaItem(
            meeting_id=meeting, title=f"{marker} title {text}", kind="decision", presenter=f"{marker} presenter",
            exempt=exempt, exempt_paragraph=paragraph if exempt else None,
            minute_text=f"{marker} minute {text}", resolution=f"{marker} resolved {text}"))
        record.save(Interest(item_id=item, person_id=people[0], nature=f"{marker} interest", withdrew=True))
        record.save(Action(item_id=item, description=f"{marker} action", owner_id=people[1], due="2016-04-01"))
        if signed:
            record.record_signoff(SignOff(meeting_id=meeting, item_id=item, document_title=f"{marker} plan",
                                          version="1", decision="approved_with_conditions",
                                          conditions=f"{marker} conditions"))
        (exempt_ids if exempt else public_markers).append(item if exempt else marker)
    if approve:
        record.approve_minutes(meeting, later)
        for item_id in exempt_ids:
            record.amend_minutes(item_id, "minute_text", f"{SECRET} amended", f"{SECRET} reason")

    business = load_business(record, meeting)
    documents = {
        "public minutes": build_minutes(business, MinutesOptions(public=True)),
        "public agenda": build_agenda(business, AgendaOptions(public=True)),
        "evidence pack (footprint)": build_evidence_pack(record, start=date(2016, 1, 1), end=date(2016, 12, 31),
                                                         footprint_id=footprint,
                                                         options=EvidencePackOptions(today=date(2017, 1, 1))),
        "evidence pack (board)": build_evidence_pack(record, start=date(2016, 3, 1), end=date(2016, 3, 31),
                                                     board_id=board),
    }
    for name, document in documents.items():
        xml = _xml(document)
        assert SECRET not in xml, name
        for marker in public_markers:
            assert marker in xml, (name, marker)
    assert len(public_business(business).exclusions) == len(exempt_ids)
    if exempt_ids:  # the full minutes do carry the exempt items: the property is not vacuous
        assert SECRET in _xml(build_minutes(business, MinutesOptions(public=False)))
