"""The list pages of the window: which view, which columns, which fields, and how each entry is saved."""

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from stp_desk.domain import vocab
from stp_desk.domain.dates import long_date, long_datetime
from stp_desk.domain.entities import (
    Action,
    Board,
    Engagement,
    Entity,
    FinancialGap,
    Footprint,
    Meeting,
    Membership,
    Person,
    Publication,
    Referral,
    ScrutinyConsultation,
    ScrutinyMatter,
    Seat,
    SharingRecord,
    SignOff,
)
from stp_desk.domain.record import Record, with_basis
from stp_desk.errors import ValidationError
from stp_desk.ui.forms import Field, showing_copy
from stp_desk.ui.pages import Column, PageSpec


def label(choices: dict[str, str]) -> Any:
    return lambda value, row: choices.get(value, value or "")


def choice_column(key: str, header: str, choices: dict[str, str]) -> Column:
    """A column of a value chosen from `choices`, shown by its words ("Council officer", kept as council_officer),
    and found by them in the list's filter."""
    return Column(key, header, label(choices), words=tuple((shown, key, kept) for kept, shown in choices.items()))


def uk_date(value: Any, row: dict[str, Any]) -> str:
    return long_date(value) if value else ""


def uk_datetime(value: Any, row: dict[str, Any]) -> str:
    return long_datetime(value) if value else ""


def _meeting_name(board: str, starts_at: str) -> str:
    return f"{board}, {uk_datetime(starts_at, {})}"


def yes_no(value: Any, row: dict[str, Any]) -> str:
    return "Yes" if value else "No"


def yes_no_column(key: str, header: str) -> Column:
    """A column of a yes-or-no value, shown as Yes or No and found by those words in the list's filter, not by the
    1 or 0 the record keeps."""
    return Column(key, header, yes_no, searchable=False, words=(("Yes", key, 1), ("No", key, 0), ("No", key, None)))


def pounds(value: Any, row: dict[str, Any]) -> str:
    return f"£{value:,}" if value is not None else ""


def fingerprint(value: Any, row: dict[str, Any]) -> str:
    """The first characters of a SHA-256: enough to tell documents apart at a glance."""
    return (value or "")[:12]


def with_document(write: Callable[[Any, Path | None], str]) -> Callable[[Entity, dict[str, Any]], str]:
    """A save for forms with a 'document' file field, whose SHA-256 the record keeps."""
    return lambda entity, extras: write(entity, Path(extras["document"]) if extras.get("document") else None)


def roles(value: Any, row: dict[str, Any]) -> str:
    return ", ".join(json.loads(value)) if value else ""


class Catalogue:
    """Page specs bound to one open record (choices are read from it when a form opens)."""

    def __init__(self, record: Record) -> None:
        self.record = record
        self._keepers: dict[str, str] = {}  # a colleague's record by its id, as the Kept by column names it

    # -- choices ---------------------------------------------------------------------------------

    def footprints(self) -> list[tuple[Any, str]]:
        return self.record.names(Footprint)

    def boards(self, kind: str | None = None) -> list[tuple[Any, str]]:
        return self.record.names(Board, **({"kind": kind} if kind else {}))

    def people(self) -> list[tuple[Any, str]]:
        """This record's own people: a new row may not name a copy from a colleague's record (it may change or go
        at the next merge; a copy and an own row of one human are linked instead). A copied row's read-only form
        is offered copies too, to name the people it names."""
        mine = {} if showing_copy() else {"owner": None}
        return [(p.id, f"{p.name} — {p.organisation}" if p.organisation else p.name)
                for p in self.record.find(Person, order_by="name", **mine)]

    def kept_by(self) -> Column:
        """The column every list ends with: which record keeps the row (a colleague's copies are read-only)."""
        return Column("kept_by", "Kept by", self.keeper, searchable=False)

    def keeper(self, value: Any, row: dict[str, Any]) -> str:
        """The "Kept by" column: this record, or the colleague's record a row was copied from (read once, not for
        each row each time the list is drawn, until `forget_keepers`)."""
        if value is None:
            return "this record"
        if value not in self._keepers:
            found = self.record.lookup(SharingRecord, value)
            self._keepers[value] = f"{found.name}'s record" if found is not None else "another clerk's record"
        return self._keepers[value]

    def forget_keepers(self) -> None:
        """The colleagues' records as they now are, after a merge or an undo (one may be named anew, or gone)."""
        self._keepers.clear()

    def meetings(self, since: str | None = None) -> list[tuple[Any, str]]:
        """The meetings (those starting on or after the ISO day `since`, if given), newest first, named as a clerk
        names them: the newest 2,000."""
        rows = self.record.page("meeting_list", order_by="starts_at", descending=True, limit=2000,
                                ranges={"starts_at": (since, None)} if since else None)
        return [(r["id"], _meeting_name(r["board"], r["starts_at"])) for r in rows]

    def meeting_name(self, meeting_id: Any) -> str:
        """A meeting as `meetings` names it, for one a choice no longer offers (an item's meeting, now past)."""
        meeting = self.record.lookup(Meeting, str(meeting_id))
        board = self.record.lookup(Board, meeting.board_id) if meeting else None
        return _meeting_name(board.name if board else "", meeting.starts_at) if meeting else str(meeting_id)

    def _committee(self) -> Field:
        """The health scrutiny committee a referral, review or consultation belongs to."""
        return Field("committee_id", "Committee", "choice", lambda: self.boards("hosc"),
                     options={"name": self.board_name})

    def board_name(self, board_id: Any) -> str:
        """A board by its name, for one a choice no longer offers (a committee no longer of the kind offered)."""
        board = self.record.lookup(Board, str(board_id))
        return board.name if board else str(board_id)

    def first_footprint(self) -> str:
        found = self.footprints()
        return found[0][0] if found else ""

    # -- pages -----------------------------------------------------------------------------------

    def footprint_page(self) -> PageSpec:
        return PageSpec(
            "Footprints", "footprint_list", [Column("name", "Footprint", wide=True), Column("code", "Code")], Footprint,
            lambda: [Field("name", "Name"), Field("code", "Code", optional=True, hint="e.g. QYG")], "name",
        )

    def board_page(self) -> PageSpec:
        return PageSpec(
            "Boards", "board_list",
            [Column("name", "Board", wide=True), choice_column("kind", "Kind", vocab.BOARD_KINDS),
             Column("footprint", "Footprint"), Column("lead_council", "Lead council"),
             Column("quorum_count", "Quorum", searchable=False, figures=True),
             Column("seats", "Seats", searchable=False, figures=True),
             self.kept_by()],
            Board,
            lambda: [
                Field("name", "Name"),
                Field("kind", "Kind", "choice", vocab.BOARD_KINDS),
                Field("footprint_id", "Footprint", "choice", self.footprints),
                Field("lead_council", "Lead council", optional=True),
                Field("quorum_count", "Quorum (members)", "int"),
                Field("quorum_roles", "Quorum must include", "checklist",
                      {**{k: v for k, v in vocab.PERSON_KINDS.items() if k in ("elected_member", "nhs")},
                       **{r: r for r in (vocab.DPH, vocab.DASS, vocab.HWB_CHAIR)}}),
                Field("standard_items", "Standard items", "lines",
                      hint="One item a line: each new meeting of the board starts with these", options={"lines": 4}),
            ],
            "name", new=lambda: Board(footprint_id=self.first_footprint()),
        )

    def person_page(self) -> PageSpec:
        return PageSpec(
            "People", "person_list",
            [Column("name", "Name"), Column("organisation", "Organisation", wide=True),
             choice_column("kind", "Kind", vocab.PERSON_KINDS), Column("roles", "Roles", roles),
             Column("email", "Email"), self.kept_by()],
            Person,
            lambda: [
                Field("name", "Name"),
                Field("organisation", "Organisation", optional=True),
                Field("kind", "Kind", "choice", vocab.PERSON_KINDS),
                Field("roles", "Roles", "checklist", {r: r for r in vocab.ROLE_TITLES}),
                Field("email", "Email", optional=True),
            ],
            "name",
        )

    def member_page(self, board_id: str) -> PageSpec:
        def save(entity: Entity, extras: dict[str, Any]) -> str:
            assert isinstance(entity, Membership)
            if not entity.person_id:  # asked first: the seat's own fields come after the person in the form
                raise ValidationError("person_id", "Choose the member, or add someone new with New….")
            seat = Seat(board_id=board_id, title=extras["seat_title"] or "", partner=extras["partner"] or "",
                        voting=bool(extras["voting"]), id=entity.seat_id or None)
            substitutes = [p for p in extras.get("substitutes") or [] if p != entity.person_id]
            try:
                if entity.id:
                    return self.record.change_member(seat, entity, substitutes)
                return self.record.add_member(seat, entity, substitutes)
            except ValidationError as e:  # the seat's fields are named for the seat in this form
                if e.field == "title":
                    raise ValidationError("seat_title", "Seat is required: say which seat the member holds.") from e
                raise

        def fields() -> list[Field]:
            seat = [Field("seat_title", "Seat", extra=True, hint="e.g. Cabinet member for adult social care"),
                    Field("partner", "Partner", extra=True, hint="The organisation the seat belongs to"),
                    Field("voting", "Voting member", "bool", extra=True)]
            return [Field("person_id", "Person", "choice", self.people, options={"create": self.new_person}), *seat,
                    Field("position", "Position", "choice", vocab.POSITIONS),
                    Field("start_date", "From", "date"), Field("end_date", "Until", "date", optional=True),
                    Field("substitutes", "Named substitutes", "checklist", self.people, extra=True,
                          hint="Only these may stand in for the seat; none named means anyone may",
                          options={"not": "person_id"})]

        return PageSpec(
            "Members", "membership_list",
            [Column("person", "Member"), Column("seat", "Seat", wide=True), Column("partner", "Partner"),
             choice_column("position", "Position", vocab.POSITIONS), Column("start_date", "From", uk_date),
             Column("end_date", "Until", uk_date), yes_no_column("voting", "Voting")],
            Membership, fields, "start_date", save=save,
            new=lambda: Membership(start_date=date.today().isoformat()), load_extras=self._seat_extras,
            filters={"board_id": board_id},
        )

    def new_person(self, parent: Any) -> str | None:
        """Add someone not yet in the record from another form (a new member, say); their id, or None."""
        from stp_desk.ui.forms import EntityDialog
        from stp_desk.ui.modal import run_modal

        spec = self.person_page()
        dialog = EntityDialog(parent.tr("Add a person"), spec.fields(), Person(),
                              lambda e, x: self.record.save(e, "add person"), parent=parent)
        return dialog.saved_id if run_modal(dialog) else None

    def _seat_extras(self, membership: Entity) -> dict[str, Any]:
        assert isinstance(membership, Membership)
        if not membership.seat_id:
            return {"voting": True}
        seat = self.record.get(Seat, membership.seat_id)
        return {"seat_title": seat.title, "partner": seat.partner, "voting": seat.voting,
                "substitutes": self.record.named_substitutes(membership.seat_id)}

    def signoff_page(self) -> PageSpec:
        return PageSpec(
            "Sign-offs", "signoff_list",
            [Column("document_title", "Plan or document", wide=True), Column("version", "Version"),
             choice_column("decision", "Decision", vocab.DECISIONS), Column("board", "Board"),
             Column("meeting", "Meeting", uk_date), Column("signatory", "Signatory"),
             Column("sha256", "SHA-256", fingerprint), self.kept_by()],
            SignOff,
            lambda: [
                Field("meeting_id", "Meeting", "choice", self.meetings),
                Field("document_title", "Plan or document"),
                Field("version", "Version"),
                Field("decision", "Decision", "choice", vocab.DECISIONS),
                Field("conditions", "Conditions", "multiline", optional=True),
                Field("signatory", "Signed by", optional=True),
                Field("document", "Signed file", "file", optional=True, extra=True,
                      hint="Its SHA-256 is kept, so the signed version can be proven later"),
            ],
            "meeting", descending=True, save=with_document(self.record.record_signoff),
        )

    def referral_page(self) -> PageSpec:
        today = date.today()

        def overdue(value: Any, row: dict[str, Any]) -> str:
            return "Overdue" if Referral.from_row(row).overdue(today) else ""

        return PageSpec(
            "Scrutiny referrals", "referral_list",
            [Column("subject", "Subject", wide=True), Column("committee", "Committee"),
             Column("referred_on", "Referred", uk_date), Column("response_due", "Response due", uk_date),
             Column("response_received", "Response received", uk_date),
             Column("id", "Overdue", overdue, searchable=False),
             choice_column("status", "Status", vocab.REFERRAL_STATUSES), self.kept_by()],
            Referral,
            lambda: [
                self._committee(),
                Field("subject", "Subject"),
                Field("referred_on", "Referred on", "date"),
                Field("response_due", "Response due", "date", optional=True),
                Field("response_received", "Response received", "date", optional=True),
                Field("outcome", "Outcome", "multiline", optional=True),
                Field("status", "Status", "choice", vocab.REFERRAL_STATUSES),
                Field("statutory_basis", "Statutory basis", "readonly",
                      hint="Follows from the date: regulation 23(9) before 31 January 2024, Schedule 10A after"),
            ],
            "referred_on", descending=True, prepare=lambda e: with_basis(e),  # type: ignore[arg-type]
            save=lambda entity, extras: self.record.raise_referral(entity),  # type: ignore[arg-type]
        )

    def scrutiny_matter_page(self) -> PageSpec:
        """A committee's reviews (SI 2013/218 regulation 21) and its reports and recommendations to an NHS body, with
        the response asked for (regulation 22)."""
        today = date.today()

        def overdue(value: Any, row: dict[str, Any]) -> str:
            owed = ScrutinyMatter(response_due=row["response_due"], response_received=row["response_received"])
            return "Overdue" if owed.overdue(today) else ""

        return PageSpec(
            "Scrutiny reviews", "scrutiny_matter_list",
            [Column("subject", "Matter", wide=True), Column("committee", "Committee"),
             Column("reviewed_on", "Reviewed", uk_date), Column("responsible_person", "Report to"),
             Column("response_due", "Response due", uk_date), Column("id", "Overdue", overdue, searchable=False),
             self.kept_by()],
            ScrutinyMatter,
            lambda: [
                self._committee(),
                Field("subject", "Matter reviewed"),
                Field("reviewed_on", "Reviewed on", "date"),
                Field("on_plan", "About the plan", "bool", hint="The committee was briefed on or reviewed the "
                      "footprint's plan (counts for E3)"),
                Field("report_made_on", "Report or recommendations made", "date", optional=True),
                Field("responsible_person", "Made to (NHS body)", optional=True),
                Field("recommendations", "Recommendations", "multiline", optional=True),
                Field("response_due", "Response due", "date", optional=True),
                Field("response_received", "Response received", "date", optional=True),
                Field("response", "Response", "multiline", optional=True),
            ],
            "reviewed_on", descending=True,
        )

    def scrutiny_consultation_page(self) -> PageSpec:
        """Consultations of a committee by an NHS body on a proposal for a substantial development or variation of
        the health service (SI 2013/218 regulation 23): the committee's comments and the response owed to them."""
        today = date.today()

        def overdue(value: Any, row: dict[str, Any]) -> str:
            owed = ScrutinyConsultation(response_due=row["response_due"], response_received=row["response_received"])
            return "Overdue" if owed.overdue(today) else ""

        return PageSpec(
            "Consultations", "scrutiny_consultation_list",
            [Column("proposal", "Proposal", wide=True), Column("committee", "Committee"),
             Column("responsible_person", "Consulted by"), Column("consulted_on", "Consulted", uk_date),
             Column("response_due", "Response due", uk_date), Column("id", "Overdue", overdue, searchable=False),
             self.kept_by()],
            ScrutinyConsultation,
            lambda: [
                self._committee(),
                Field("responsible_person", "Consulted by (NHS body)"),
                Field("proposal", "Proposal", "multiline"),
                Field("consulted_on", "Consulted on", "date"),
                Field("on_plan", "About the plan", "bool", hint="The proposal is part of the footprint's plan"),
                Field("comments_by", "Comments asked by", "date", optional=True),
                Field("comments_made_on", "Committee's comments made", "date", optional=True),
                Field("comments", "The committee's comments", "multiline", optional=True),
                Field("response_due", "Response due", "date", optional=True),
                Field("response_received", "Response received", "date", optional=True),
                Field("response", "Response", "multiline", optional=True),
            ],
            "consulted_on", descending=True,
        )

    def action_page(self) -> PageSpec:
        today = date.today()

        def due(value: Any, row: dict[str, Any]) -> str:
            late = row["status"] == "open" and value and date.fromisoformat(value) < today
            return uk_date(value, row) + (" (overdue)" if late else "")

        return PageSpec(
            "Actions", "action_list",
            [Column("description", "Action", wide=True), Column("owner", "Owner"), Column("due", "Due", due),
             choice_column("status", "Status", vocab.ACTION_STATUSES), Column("item", "From item"),
             Column("meeting", "Meeting", uk_date), self.kept_by()],
            Action,
            lambda: [Field("description", "Action", "multiline"),
                     Field("owner_id", "Owner", "choice", self.people, optional=True),
                     Field("due", "Due", "date", optional=True),
                     Field("status", "Status", "choice", vocab.ACTION_STATUSES)],
            "due", descending=True,
        )

    def engagement_page(self) -> PageSpec:
        def taking_part() -> list[tuple[Any, str]]:
            """Politicians and council officers (E1 counts the politicians), and Healthwatch's people: E3 counts
            Healthwatch "at a meeting, or in an engagement" (`domain.expectations._e3`)."""
            return [(p.id, p.name) for p in self.record.find(Person, order_by="name")
                    if p.kind in ("elected_member", "council_officer", "healthwatch")]

        def save(entity: Entity, extras: dict[str, Any]) -> str:
            assert isinstance(entity, Engagement)
            return self.record.save_engagement(entity, extras.get("people") or [])

        return PageSpec(
            "Engagements", "engagement_list",
            [Column("held_on", "Date", uk_date), Column("forum", "Forum"), Column("topics", "Topics", wide=True),
             Column("people", "With"), yes_no_column("minuted", "Minuted"), self.kept_by()],
            Engagement,
            lambda: [Field("footprint_id", "Footprint", "choice", self.footprints),
                     Field("forum", "Forum", hint="e.g. Cabinet briefing, informal session with the leader"),
                     Field("held_on", "Date", "date"), Field("topics", "Topics", "multiline"),
                     Field("minuted", "Minuted", "bool"),
                     Field("on_plan", "About the plan", "bool", hint="Its subject was the plan's strategic headlines "
                           "(counts for E1)"),
                     Field("people", "Who took part", "checklist", taking_part, extra=True)],
            "held_on", descending=True, save=save,
            new=lambda: Engagement(footprint_id=self.first_footprint()),
            load_extras=lambda e: {"people": self.record.engagement_people(e.id)} if e.id else {},
        )

    def publication_page(self) -> PageSpec:
        return PageSpec(
            "Publications", "publication_list",
            [Column("published_on", "Published", uk_date), Column("title", "Title", wide=True),
             Column("url", "Address"), Column("document_name", "Document"), Column("sha256", "SHA-256", fingerprint),
             self.kept_by()],
            Publication,
            lambda: [Field("footprint_id", "Footprint", "choice", self.footprints), Field("title", "Title"),
                     Field("url", "Address (URL)", optional=True), Field("published_on", "Published on", "date"),
                     Field("document_name", "Document name", optional=True),
                     Field("contents", "Sets out", "checklist", vocab.PUBLICATION_CONTENTS),
                     Field("document", "Published file", "file", optional=True, extra=True,
                           hint="Its SHA-256 is kept as proof of what went online")],
            "published_on", descending=True, save=with_document(self.record.record_publication),
            new=lambda: Publication(footprint_id=self.first_footprint()),
        )

    def financial_gap_page(self) -> PageSpec:
        return PageSpec(
            "Financial gap", "financial_gap_list",
            [Column("period", "Period"), choice_column("component", "Component", vocab.GAP_COMPONENTS),
             Column("amount", "Amount", pounds, searchable=False, figures=True), Column("source", "Source", wide=True),
             self.kept_by()],
            FinancialGap,
            lambda: [Field("footprint_id", "Footprint", "choice", self.footprints),
                     Field("period", "Period", hint="A financial year such as 2024/25"),
                     Field("component", "Component", "choice", vocab.GAP_COMPONENTS),
                     Field("amount", "Amount", "number"), Field("source", "Source")],
            "period", descending=True, new=lambda: FinancialGap(footprint_id=self.first_footprint()),
        )
