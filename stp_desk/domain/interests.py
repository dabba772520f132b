"""Members' registered interests and dispensations, and what of them the public may read.

The regime is the Localism Act 2011 as councils apply it: the monitoring officer keeps a register of members'
interests and publishes it (s.29); disclosable pecuniary interests are those the Relevant Authorities (Disclosable
Pecuniary Interests) Regulations 2012 (SI 2012/1464) define, and a council's code of conduct adds "other
registrable" and "non-registrable" interests. Where disclosure of an interest's details could lead to the member or
a person connected with them being subject to violence or intimidation, and the monitoring officer agrees, the
published register says only that the member has an interest whose details are withheld (s.32(2)). A dispensation
(s.33) lets a member take part despite an interest, for a period it names of at most four years.

Home addresses are never recorded (a description with a postcode is refused), so no output can carry one.
"""

import re
from dataclasses import dataclass
from datetime import date

from stp_desk.domain.entities import Dispensation, Interest, Person, RegisteredInterest
from stp_desk.errors import ValidationError

WITHHELD = ("The member has an interest whose details are withheld under section 32(2) of the Localism Act 2011 "
            "(a sensitive interest).")
# A UK postcode (outward and inward code): a description holding one is, or is close to, an address.
_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b", re.IGNORECASE)


def check_description(description: str) -> None:
    """Refuse an address: a register is published, and a home address is not for publishing."""
    if _POSTCODE.search(description or ""):
        raise ValidationError("description", "Describe the interest without an address or postcode (for land, "
                                             "say where in general terms, such as “a house in Taunton”).")


def check_declaration(declaration: Interest, registered: RegisteredInterest | None) -> None:
    """A declaration at a meeting may point to the member's registered interest; a sensitive one is declared, as
    in the register, without its details, so the minutes never carry them."""
    if registered is None:
        return
    if registered.person_id != declaration.person_id:
        raise ValidationError("registered_interest_id", "The registered interest must be the declaring member's.")
    if registered.sensitive and declaration.nature.strip() != WITHHELD:
        raise ValidationError("nature", f"This is a sensitive interest: declare it as “{WITHHELD}”")


def current(interest: RegisteredInterest, on: date) -> bool:
    return interest.registered_on <= on.isoformat() and (not interest.ended_on or interest.ended_on >= on.isoformat())


@dataclass(frozen=True)
class PublicEntry:
    """One line of the published register: a category and what the public may read of the interest."""

    category: str
    text: str
    registered_on: str


def public_entry(interest: RegisteredInterest) -> PublicEntry:
    """The one rule for publishing an interest: a sensitive one shows only that it exists."""
    return PublicEntry(interest.category, WITHHELD if interest.sensitive else interest.description,
                       interest.registered_on)


@dataclass(frozen=True)
class PublicMember:
    name: str
    organisation: str | None
    entries: list[PublicEntry]
    dispensations: list[Dispensation]


def public_register(people: list[Person], interests: list[RegisteredInterest], dispensations: list[Dispensation],
                    on: date) -> list[PublicMember]:
    """Each member with their interests current on the day, published as the Act allows, and dispensations in
    force; no contact details (a person's email stays in the record)."""
    result = []
    for person in people:
        mine = sorted((i for i in interests if i.person_id == person.id and current(i, on)),
                      key=lambda i: (i.category, i.registered_on))
        granted = [d for d in dispensations if d.person_id == person.id and d.granted_on <= on.isoformat() <= d.until]
        result.append(PublicMember(person.name, person.organisation, [public_entry(i) for i in mine], granted))
    return result
