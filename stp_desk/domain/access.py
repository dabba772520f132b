"""Access to information for one meeting, as the record shows it: when its agenda had to be out and was, the items
added after it, and how long its papers are kept (LGA 1972 Part VA; the rules themselves are in `deadlines`)."""

from dataclasses import dataclass
from datetime import date

from stp_desk.domain import deadlines
from stp_desk.domain.entities import AgendaItem, Meeting


def day_text(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def urgency_minute(item: AgendaItem) -> str:
    """What the minutes say of an item taken as a matter of urgency: the special circumstances, which s.100B(4)(b)
    LGA 1972 requires to be "specified in the minutes"."""
    return ("The chair agreed that this item be considered as a matter of urgency, although it was not on the agenda "
            f"published five clear days before the meeting, by reason of these special circumstances: "
            f"{(item.urgency_reasons or '').strip()}")


@dataclass(frozen=True)
class MeetingAccess:
    """What Part VA asks of one meeting, worked out from its date and its agenda's publication date."""

    meeting_day: date
    publish_by: date  # the last day that leaves five clear days (s.100B(3))
    published_on: date | None
    late_items: list[AgendaItem]  # added after the agenda went out (s.100B(4)(b))
    minutes_kept_until: date  # s.100C(1)
    background_papers_kept_until: date  # s.100D(2)

    @property
    def late(self) -> bool:
        """The agenda went out after the last day that meets five clear days."""
        return self.published_on is not None and self.published_on > self.publish_by

    def overdue(self, today: date) -> bool:
        """Not yet published, and the last day to publish has gone by."""
        return self.published_on is None and today > self.publish_by and today <= self.meeting_day

    @property
    def items_lacking_reasons(self) -> list[AgendaItem]:
        return [i for i in self.late_items if not (i.urgency_reasons or "").strip()]

    def warnings(self, today: date) -> list[str]:
        """Plain sentences for the clerk; empty when all is in order."""
        found = []
        if self.late and self.published_on is not None:
            found.append(
                f"The agenda was published on {day_text(self.published_on)}, after {day_text(self.publish_by)}, the "
                "last day that leaves five clear days (Local Government Act 1972, s.100B(3)). Each item needs the "
                "chair's reasons for urgency, recorded in the minutes (s.100B(4)(b)).")
        elif self.published_on is None and self.meeting_day >= today:
            found.append(f"Publish the agenda by {day_text(self.publish_by)} to leave five clear days before the "
                         "meeting (Local Government Act 1972, s.100B(3)).")
        for item in self.items_lacking_reasons:
            found.append(f"Item {item.position}, “{item.title}”, was added after the agenda was published: record "
                         "the chair's reasons for urgency (s.100B(4)(b)).")
        return found


def agenda_note(starts_at: str, published_on: str | None, status: str, today: date) -> str:
    """What the meetings list says of a meeting's agenda: s.100B(3) wants it open to inspection "at least five clear
    days before the meeting".

    Published: the day, marked late when after the last day that leaves five clear days (each item then stands on
    the chair's urgency, s.100B(4)(b)). Not published and the meeting still to come (or today): the last day, marked
    overdue once it has passed. Not published and the meeting past: not recorded. A cancelled meeting's agenda is
    owed to no one, so it says nothing of one not published."""
    meeting_day = date.fromisoformat(starts_at[:10])
    publish_by = deadlines.last_publication_date(meeting_day)
    if published_on:
        published = date.fromisoformat(published_on)
        return f"{day_text(published)} (late)" if deadlines.agenda_late(published, meeting_day) else day_text(published)
    if status == "cancelled":
        return ""
    if meeting_day < today:
        return "Not recorded"
    return f"Overdue: due by {day_text(publish_by)}" if today > publish_by else f"Due by {day_text(publish_by)}"


def meeting_access(meeting: Meeting, items: list[AgendaItem]) -> MeetingAccess:
    """The access-to-information position of a meeting with these agenda items.

    Every item of an agenda published late stands on the chair's urgency (s.100B(4)), so each counts as late;
    otherwise only those the clerk marked as added after publication."""
    day = meeting.day
    published = date.fromisoformat(meeting.agenda_published_on) if meeting.agenda_published_on else None
    late = published is not None and deadlines.agenda_late(published, day)
    return MeetingAccess(
        meeting_day=day,
        publish_by=deadlines.last_publication_date(day),
        published_on=published,
        late_items=[i for i in items if i.added_late or late],
        minutes_kept_until=deadlines.minutes_kept_until(day),
        background_papers_kept_until=deadlines.background_papers_kept_until(day),
    )
