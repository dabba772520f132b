"""The board's forward plan: business planned for future meetings, offered to a meeting's agenda, and what is not
yet placed. Each operation is one change, audited and undoable."""

from dataclasses import replace
from datetime import date

from stp_desk.domain.entities import AgendaItem, Entity, ForwardPlanItem, Meeting
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError
from stp_desk.store.ids import new_id


def planned_for(record: Record, meeting_id: str) -> list[ForwardPlanItem]:
    """Items planned for this meeting and not yet on its agenda: what its agenda is offered."""
    return [p for p in record.find(ForwardPlanItem, meeting_id=meeting_id) if not p.item_id]


def unplaced(record: Record, board_id: str, today: date | None = None) -> list[ForwardPlanItem]:
    """Items of the board's forward plan that no coming meeting is to take, in the order they were planned: no
    meeting chosen yet, or one that was cancelled, or one that has passed without taking the item (it never went
    on that agenda, or went on an agenda never held). Still to be considered, they stay on the published plan,
    which tells the public what the board is still to consider; an item a held meeting took is done."""
    day = (today or date.today()).isoformat()
    meetings = {m.id: m for m in record.find(Meeting, board_id=board_id)}

    def still_to_come(plan: ForwardPlanItem) -> bool:
        meeting = meetings.get(plan.meeting_id) if plan.meeting_id else None
        if meeting is None:
            return True
        if meeting.status == "cancelled":
            return True
        if meeting.starts_at[:10] >= day:
            return False  # listed under its meeting
        return not (plan.item_id and meeting.status == "held")

    return [p for p in record.find(ForwardPlanItem, board_id=board_id) if still_to_come(p)]


def place_on_agenda(record: Record, meeting_id: str, plan_ids: list[str]) -> list[str]:
    """Add planned items to the end of a meeting's agenda, each remembering the item it became; one change."""
    meeting = record.get(Meeting, meeting_id)
    plans = [record.get(ForwardPlanItem, i) for i in plan_ids]
    for plan in plans:
        if plan.board_id != meeting.board_id:
            raise KnownError(f"“{plan.title}” is on another board's forward plan.")
        if plan.item_id:
            raise KnownError(f"“{plan.title}” is already on an agenda.")
    position = max((i.position for i in record.items(meeting_id)), default=0)
    changes: list[Entity] = []
    for number, plan in enumerate(plans, start=position + 1):
        item = AgendaItem(id=new_id(), meeting_id=meeting_id, position=number, title=plan.title,
                          presenter=plan.lead_officer, kind="information")
        changes += [item, replace(plan, meeting_id=meeting_id, item_id=item.id)]
    record.save_all(changes, "add planned items to the agenda")
    return [c.id or "" for c in changes if isinstance(c, AgendaItem)]
