"""What a public document may show: the one filter every public export goes through.

An exempt (Part B) item is withheld: its report, minute text and resolution, the actions and sign-offs that came from
it and any amendment to it. Its title is withheld too unless the clerk chose to publish it (`publish_title`): councils
often publish the title of a Part B item and withhold only the report. In its place a public document says that the
public were excluded under paragraph N of Part 1 of Schedule 12A to the Local Government Act 1972, and the public
minutes carry the written summary of its proceedings that section 100C(2) requires "where, in consequence of the
exclusion of parts of the minutes which disclose exempt information, the document open to inspection ... does not
provide members of the public with a reasonably fair and coherent record". Who declared an interest in it, and
whether they withdrew, is kept (members declare at the start of the meeting, in public); the nature as recorded is
not, as it may describe the exempt business: the public minutes say it in general terms.
"""

from dataclasses import replace
from typing import TYPE_CHECKING

from stp_desk.domain import vocab
from stp_desk.domain.entities import AgendaItem

if TYPE_CHECKING:  # the business of a meeting loads with the documents that assemble it, not with the Overview
    from stp_desk.domain.business import Exclusion, MeetingBusiness


def disclosable(item: AgendaItem) -> bool:
    """The rule itself: an item may appear in a public document only if it is not exempt."""
    return not item.exempt


def public_title(item: AgendaItem) -> str | None:
    """The title a public document may show: an open item's, or an exempt item's the clerk chose to publish."""
    return item.title if disclosable(item) or item.publish_title else None


def public_items(items: list[AgendaItem]) -> list[AgendaItem]:
    return [i for i in items if disclosable(i)]


def public_business(business: "MeetingBusiness") -> "MeetingBusiness":
    """The meeting as the public may read it: exempt items and everything hanging from them left out."""
    from stp_desk.domain.business import Exclusion

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
        exclusions=[Exclusion(i.position, i.exempt_paragraph or 0, title=public_title(i),
                              summary=i.public_summary.strip(), decided=bool(i.resolution.strip()),
                              declarations=tuple((d.person_id, d.withdrew)
                                                 for d in business.interests.get(i.id or "", [])))
                    for i in withheld],
    )


def exclusion_text(paragraph: int) -> str:
    """The sentence a public document prints where an exempt item stood."""
    what = vocab.SCHEDULE_12A.get(paragraph, "exempt information")
    return (f"The public were excluded from the meeting for this item under paragraph {paragraph} of Part 1 of "
            f"Schedule 12A to the Local Government Act 1972 ({what[0].lower()}{what[1:]}).")


def exclusion_resolution(paragraphs: list[int]) -> str:
    """The resolution a meeting passes before exempt business (s.100A(4) LGA 1972: "a principal council may by
    resolution exclude the public from a meeting during an item of business whenever it is likely ... that if
    members of the public were present during that item there would be disclosure to them of exempt information").
    """
    many = len(paragraphs) > 1
    numbers = sorted(set(paragraphs))
    listed = ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}" if len(numbers) > 1 else str(numbers[0])
    return (f"That under section 100A(4) of the Local Government Act 1972 the public be excluded from the meeting "
            f"for the following {'items' if many else 'item'} of business on the grounds that "
            f"{'they involve' if many else 'it involves'} the likely disclosure of exempt information as defined in "
            f"{'paragraphs' if len(numbers) > 1 else 'paragraph'} {listed} of Part 1 of Schedule 12A to the Act.")


def summary_text(exclusion: "Exclusion") -> str:
    """The written summary of an exempt item's proceedings (s.100C(2)): the clerk's own, or a plain one."""
    if exclusion.summary:
        return exclusion.summary
    what = vocab.SCHEDULE_12A.get(exclusion.paragraph, "exempt information")
    about = (f"a report on {exclusion.title}" if exclusion.title
             else f"a report containing exempt information ({what[0].lower()}{what[1:]})")
    outcome = ("The board made a decision on the item; the decision is recorded in the exempt minutes."
               if exclusion.decided else "No decision was recorded.")
    return f"The board considered {about} in private. {outcome}"
