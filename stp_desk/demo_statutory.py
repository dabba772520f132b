"""The demo record's statutory year, made through the clerk's operations: each Health and Wellbeing Board's
duties and their discharges, agenda publication dates (one late agenda, its items taken as urgent), the forward
plan, registered interests and one dispensation. Exactly one duty is overdue: Blackpool's pharmaceutical needs
assessment. Dates follow the demo's `today`, so the record looks the same whenever it is made. A council's part of
the demo holds its own boards' year, and the interests of the people who sit on them."""

import hashlib
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from stp_desk.domain.deadlines import last_publication_date
from stp_desk.domain.duties import standard_duties
from stp_desk.domain.entities import (
    Dispensation,
    Duty,
    DutyDischarge,
    ForwardPlanItem,
    Meeting,
    Publication,
    RegisteredInterest,
)

_LATE_MEETING = ("blackpool", 2025, 3)  # its agenda went out late: the joint forward plan papers came late
_URGENCY = ("The board's opinion on the ICB's draft joint forward plan was due by 31 March, and the ICB's draft "
            "reached the council only after the agenda's last day of publication.")


def _last_before(today: date, month: int, day: int = 15) -> date:
    """The most recent `day` of `month` before today."""
    this_year = date(today.year, month, day)
    return this_year if this_year < today else date(today.year - 1, month, day)


def _last_quarter_day(today: date, month: int) -> date:
    months = [(month - 1 + 3 * k) % 12 + 1 for k in range(4)]
    return max(_last_before(today, m) for m in months)


def add_statutory_year(demo: Any) -> None:
    """`demo` is the demo builder (`stp_desk.demo._Small`), after its meetings and before minutes are approved."""
    _agendas(demo)
    for key in ("blackpool", "lancashire"):
        if key in demo.boards:
            _duties(demo, key)
    _interests(demo)


def _duties(demo: Any, key: str) -> None:
    record, today = demo.record, demo.today
    board_id = demo.boards[key]
    duties = {}
    for duty in standard_duties(board_id, today):
        duties[duty.title] = demo.save(duty, date(2024, 1, 8))
    place = "Blackpool" if key == "blackpool" else "Lancashire"
    site = "https://www.blackpool.gov.uk" if key == "blackpool" else "https://www.lancashire.gov.uk"

    def publish(title: str, day: date, path: str) -> str:
        name = f"{title}.pdf".replace(" ", "-").replace(":", "").replace(",", "")
        return demo.save(Publication(footprint_id=demo.footprint, title=title, url=f"{site}/{path}",  # type: ignore[no-any-return]
                                     published_on=day.isoformat(), document_name=name,
                                     sha256=hashlib.sha256(name.encode()).hexdigest()), day)

    def discharged(title: str, day: date, **evidence: str) -> None:
        demo.save(DutyDischarge(duty_id=duties[title], discharged_on=day.isoformat(), **evidence), day)

    jsna = today - timedelta(days=100)
    discharged("Joint Strategic Needs Assessment (JSNA)", jsna,
               publication_id=publish(f"{place} JSNA {jsna.year} refresh", jsna, "jsna"))
    first = record.get(Meeting, demo.held[key][0])
    discharged("Joint local health and wellbeing strategy", first.day, item_id=record.items(first.id or "")[0].id)
    # Blackpool's assessment is overdue: published three years and six weeks ago.
    pna = today - timedelta(days=3 * 365 + 45) if key == "blackpool" else today - timedelta(days=400)
    discharged("Pharmaceutical needs assessment", pna,
               publication_id=publish(f"{place} Pharmaceutical Needs Assessment {pna.year}", pna, "pna"))
    for duty in record.find(Duty, board_id=board_id):
        if duty.cycle == "years":
            continue
        day = (_last_before(today, duty.month or 3) if duty.cycle == "yearly"
               else _last_quarter_day(today, duty.month or 7))
        discharged(duty.title, day, publication_id=publish(f"{place}: {duty.title}, {day:%B %Y}", day,
                                                           "health-and-wellbeing-board"))
    _forward_plan(demo, key, duties)


def _agendas(demo: Any) -> None:
    """Each held meeting's agenda published in time, a day before its last day, save one that went out late."""
    record = demo.record
    for key, meeting_ids in demo.held.items():
        for meeting_id in meeting_ids:
            meeting = record.get(Meeting, meeting_id)
            last = last_publication_date(meeting.day)
            late = (key, meeting.day.year, meeting.day.month) == _LATE_MEETING
            published = last + timedelta(days=2) if late else last - timedelta(days=1)
            record.save(replace(meeting, agenda_published_on=published.isoformat()), "change meeting")
            if late:
                for item in record.items(meeting_id):
                    record.save(replace(item, urgency_reasons=_URGENCY), "write minutes")


def _forward_plan(demo: Any, key: str, duties: dict[str, str]) -> None:
    record = demo.record
    board_id = demo.boards[key]
    coming = [m for m in record.find(Meeting, order_by="starts_at", board_id=board_id) if m.status == "scheduled"]
    officer = "Director of Public Health"
    plans = [
        ("Joint Strategic Needs Assessment: annual refresh", officer, "Joint Strategic Needs Assessment (JSNA)", 0),
        ("Better Care Fund: quarterly return", "Director of Adult Social Services",
         "Better Care Fund quarterly returns", 0),
        ("Pharmaceutical needs assessment: draft for consultation", officer, "Pharmaceutical needs assessment", 1),
        ("Healthwatch annual report", "Healthwatch chief officer", None, None),
    ]
    for title, lead, duty, at in plans:
        meeting = coming[at].id if at is not None and at < len(coming) else None
        demo.save(ForwardPlanItem(board_id=board_id, title=title, lead_officer=lead,
                                  duty_id=duties.get(duty) if duty else None, meeting_id=meeting), demo.today)


def _interests(demo: Any) -> None:
    boards = demo.boards
    entries = [
        ("ashworth", "disclosable_pecuniary", "Employment: lecturer, Blackpool and The Fylde College", False),
        ("ashworth", "other_registrable", "Trustee, Blackpool Carers Centre", False),
        ("holt", "disclosable_pecuniary", "Land: a house in Blackpool (her home)", True),
        ("qureshi", "other_registrable", "Partner in a GP practice in Blackpool", False),
        ("dowling", "disclosable_pecuniary", "Securities: shares in a care home company operating in Lancashire",
         False),
    ]
    interest_ids = {}
    for key, category, description, sensitive in entries:
        if not demo.seated(key):
            continue
        interest_ids[key, category] = demo.save(
            RegisteredInterest(person_id=demo.person(key), category=category, description=description,
                               registered_on="2023-06-12", sensitive=sensitive), date(2023, 12, 1))
    if "blackpool" not in boards:
        return
    demo.save(Dispensation(person_id=demo.person("qureshi"), board_id=boards["blackpool"],
                           interest_id=interest_ids["qureshi", "other_registrable"],
                           subject="Items on primary care commissioning and the GP access plan",
                           granted_by="Blackpool Council Standards Committee", granted_on="2024-01-10",
                           until="2027-01-09"), date(2024, 1, 10))


__all__ = ["add_statutory_year"]
