"""What a public document may show: the one filter every public export goes through.

An exempt (Part B) item is withheld whole: its title, minute text and resolution, the interests declared on it, the
actions and sign-offs that came from it and any amendment to it. In its place a public document says only that the
public were excluded under paragraph N of Part 1 of Schedule 12A to the Local Government Act 1972.
"""

from dataclasses import replace

from stp_desk.domain import vocab
from stp_desk.domain.business import Exclusion, MeetingBusiness
from stp_desk.domain.entities import AgendaItem


def disclosable(item: AgendaItem) -> bool:
    """The rule itself: an item may appear in a public document only if it is not exempt."""
    return not item.exempt


def public_items(items: list[AgendaItem]) -> list[AgendaItem]:
    return [i for i in items if disclosable(i)]


def public_business(business: MeetingBusiness) -> MeetingBusiness:
    """The meeting as the public may read it: exempt items and everything hanging from them left out."""
    shown = public_items(business.items)
    shown_ids = {i.id for i in shown}
    withheld = [i for i in business.items if i.id not in shown_ids]
    return replace(
        business,
        items=shown,
        interests={k: v for k, v in business.interests.items() if k in shown_ids},
        actions={k: v for k, v in business.actions.items() if k in shown_ids},
        amendments={k: v for k, v in business.amendments.items() if k in shown_ids},
        signoffs=[s for s in business.signoffs if s.item_id is None or s.item_id in shown_ids],
        public=True,
        exclusions=[Exclusion(i.position, i.exempt_paragraph or 0) for i in withheld],
    )


def exclusion_text(paragraph: int) -> str:
    """The sentence a public document prints where an exempt item stood."""
    what = vocab.SCHEDULE_12A.get(paragraph, "exempt information")
    return (f"The public were excluded from the meeting for this item under paragraph {paragraph} of Part 1 of "
            f"Schedule 12A to the Local Government Act 1972 ({what[0].lower()}{what[1:]}).")
