"""The lock on approved minutes: nothing that changes what they say is accepted except a recorded amendment, and
minutes are approved only at a later, held meeting of the same board, which the approval names."""

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from stp_desk.domain import vocab
from stp_desk.domain.business import load_business
from stp_desk.domain.entities import AgendaItem, Attendance, Board, Footprint, Interest, Meeting, Person
from stp_desk.domain.record import ChangeSet, Record
from stp_desk.errors import KnownError, ValidationError
from stp_desk.exports.minutes import build_minutes

LOCKED = "approved and locked; record an amendment with its reason instead"


def minutes_text(record: Record, meeting_id: str) -> str:
    """Everything the full minutes say: every paragraph and table cell of the real Word document."""
    document = build_minutes(load_business(record, meeting_id))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def board(record: Record) -> dict[str, str]:
    ids = {"footprint": record.save(Footprint(name="Somerset"))}
    ids["board"] = record.save(Board(footprint_id=ids["footprint"], name="Somerset HWB"))
    ids["other_board"] = record.save(Board(footprint_id=ids["footprint"], name="Somerset HOSC", kind="hosc"))
    for key, when, status in [("first", "2016-03-12T14:00", "held"), ("second", "2016-04-12T14:00", "held"),
                              ("next", "2016-05-12T14:00", "scheduled")]:
        ids[key] = record.save(Meeting(board_id=ids["board"], starts_at=when, status=status))
    ids["person"] = record.save(Person(name="Cllr Ann Lee", kind="elected_member", roles=[vocab.HWB_CHAIR]))
    ids["item"] = record.add_item(AgendaItem(meeting_id=ids["first"], title="STP", minute_text="Noted."))
    ids["other_item"] = record.add_item(AgendaItem(meeting_id=ids["second"], title="BCF"))
    ids["declaration"] = record.save(Interest(item_id=ids["item"], person_id=ids["person"], nature="Employed"))
    ids["attendance"] = record.save(Attendance(meeting_id=ids["first"], person_id=ids["person"],
                                               status="in_attendance"))
    record.approve_minutes(ids["first"], ids["second"])
    return ids


def test_moving_an_item_out_of_approved_minutes_is_refused(record: Record, board: dict[str, str]) -> None:
    before = minutes_text(record, board["first"])
    with pytest.raises(ValidationError, match=LOCKED):
        record.save(replace(record.get(AgendaItem, board["item"]), meeting_id=board["second"]))
    assert record.get(AgendaItem, board["item"]).meeting_id == board["first"]
    assert minutes_text(record, board["first"]) == before


def test_moving_an_item_or_declaration_into_approved_minutes_is_refused(record: Record, board: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match=LOCKED):
        record.save(replace(record.get(AgendaItem, board["other_item"]), meeting_id=board["first"]))
    with pytest.raises(ValidationError, match=LOCKED):
        record.save(replace(record.get(Interest, board["declaration"]), item_id=board["other_item"]))
    with pytest.raises(ValidationError, match=LOCKED):
        record.save(replace(record.get(Attendance, board["attendance"]), meeting_id=board["second"]))


def test_the_meeting_that_approved_minutes_keeps_its_date_board_and_status(record: Record,
                                                                           board: dict[str, str]) -> None:
    second = record.get(Meeting, board["second"])
    with pytest.raises(ValidationError, match="give its date"):
        record.save(replace(second, starts_at="2016-04-13T14:00"))
    with pytest.raises(ValidationError, match="later meeting of the same board that has been held"):
        record.save(replace(second, board_id=board["other_board"]))
    with pytest.raises(ValidationError, match="has been held"):
        record.save(replace(second, status="cancelled"))
    assert record.get(Meeting, board["second"]) == second


def test_minutes_are_approved_only_at_a_held_later_meeting_which_the_approval_names(record: Record,
                                                                                   board: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match="that has been held"):
        record.approve_minutes(board["second"], board["next"])  # a meeting not yet held
    with pytest.raises(ValidationError, match="already approved"):
        record.approve_minutes(board["first"], board["second"])
    record.save(replace(record.get(Meeting, board["next"]), status="held"))
    record.approve_minutes(board["second"], board["next"])
    assert record.get(Meeting, board["second"]).minutes_approved_at == board["next"]
    assert "Approved at the meeting held on 12 May 2016." in minutes_text(record, board["second"])


def test_undo_cannot_move_an_item_back_into_minutes_approved_since(record: Record, board: dict[str, str]) -> None:
    changes: list[ChangeSet] = []
    record.on_change = changes.append
    record.save(replace(record.get(AgendaItem, board["other_item"]), meeting_id=board["next"]))
    record.save(replace(record.get(Meeting, board["next"]), status="held"))
    record.approve_minutes(board["second"], board["next"])
    with pytest.raises(ValidationError, match=LOCKED):
        record.revert(changes[0])  # the move out of the meeting whose minutes are now approved
    assert record.get(Meeting, board["second"]).minutes_status == "approved"
    record.revert(changes[-1])  # the approval itself may be undone: the Edit menu says it returns them to draft
    assert record.get(Meeting, board["second"]).minutes_status == "draft"
    assert record.get(Meeting, board["second"]).minutes_approved_at is None


# -- the property: random sequences of a clerk's operations never change approved minutes except by amendment ----

FIELDS = ("title", "minute_text", "resolution")
WORDS = st.text("abcdefgh ", min_size=1, max_size=12).filter(lambda s: s.strip() != "")


class LockMachine(RuleBasedStateMachine):
    """Two boards' meetings, items, declarations and attendance, driven by random operations; after every step the
    text of each approved set of minutes is what it was when approved, changed only by the amendments recorded."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="stp-lock-"))
        self.rec = Record.open(self.folder / "r.stpdesk", create=True, clerk="Fuzzer")
        footprint = self.rec.save(Footprint(name="F"))
        self.boards = [self.rec.save(Board(footprint_id=footprint, name=n)) for n in ("HWB", "Joint")]
        self.meetings = [self.rec.save(Meeting(board_id=self.boards[n % 2], starts_at=f"2016-0{n + 1}-10T14:00",
                                               status="held" if n < 4 else "scheduled")) for n in range(6)]
        self.people = [self.rec.save(Person(name=f"Member {n}", kind="elected_member")) for n in range(3)]
        self.items: list[str] = []
        self.approved: dict[str, str] = {}  # meeting id -> the minutes' text when approved or last amended
        self.changes: list[ChangeSet] = []  # what the clerk did, for undo (the setting up is not among it)
        self.rec.on_change = self.changes.append

    def teardown(self) -> None:
        self.rec.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _try(self, operation) -> bool:  # type: ignore[no-untyped-def]
        try:
            operation()
        except KnownError:
            return False
        return True

    def _item(self, i: int) -> AgendaItem | None:
        ids = [row["id"] for row in self.rec.store.rows(AgendaItem.TABLE)]
        return self.rec.get(AgendaItem, ids[i % len(ids)]) if ids else None

    @initialize(titles=st.lists(WORDS, min_size=1, max_size=3), declared=st.booleans())
    def approve_the_first_minutes(self, titles: list[str], declared: bool) -> None:
        """Every run starts with one set of approved minutes (items, perhaps a declaration, attendance)."""
        for title in titles:
            item = self.rec.add_item(AgendaItem(meeting_id=self.meetings[0], title=title, minute_text=title))
        if declared:
            self.rec.save(Interest(item_id=item, person_id=self.people[0], nature="Employer"))
        self.rec.save(Attendance(meeting_id=self.meetings[0], person_id=self.people[1], status="in_attendance"))
        self.approve(0, 2)
        assert self.meetings[0] in self.approved

    @rule(m=st.integers(0, 5), title=WORDS)
    def add_item(self, m: int, title: str) -> None:
        self._try(lambda: self.rec.add_item(AgendaItem(meeting_id=self.meetings[m], title=title, minute_text=title)))

    @rule(i=st.integers(0, 50), field=st.sampled_from(FIELDS), text=WORDS)
    def edit_item(self, i: int, field: str, text: str) -> None:
        item = self._item(i)
        if item:
            self._try(lambda: self.rec.save(replace(item, **{field: text})))

    @rule(i=st.integers(0, 50), m=st.integers(0, 5))
    def move_item_to_meeting(self, i: int, m: int) -> None:
        item = self._item(i)
        if item:
            self._try(lambda: self.rec.save(replace(item, meeting_id=self.meetings[m])))

    @rule(i=st.integers(0, 50), position=st.integers(1, 4))
    def reorder(self, i: int, position: int) -> None:
        item = self._item(i)
        if item:
            self._try(lambda: self.rec.move_item(item.id or "", position))

    @rule(i=st.integers(0, 50))
    def delete_item(self, i: int) -> None:
        item = self._item(i)
        if item:
            self._try(lambda: self.rec.delete(AgendaItem, item.id or ""))

    @rule(i=st.integers(0, 50), p=st.integers(0, 2))
    def declare(self, i: int, p: int) -> None:
        item = self._item(i)
        if item:
            self._try(lambda: self.rec.save(Interest(item_id=item.id or "", person_id=self.people[p],
                                                     nature="Employer")))

    @rule(d=st.integers(0, 50), i=st.integers(0, 50))
    def move_declaration(self, d: int, i: int) -> None:
        declarations = self.rec.find(Interest)
        item = self._item(i)
        if declarations and item:
            moved = replace(declarations[d % len(declarations)], item_id=item.id or "")
            self._try(lambda: self.rec.save(moved))

    @rule(m=st.integers(0, 5), p=st.integers(0, 2), status=st.sampled_from(["in_attendance", "apologies", "absent"]))
    def attend(self, m: int, p: int, status: str) -> None:
        existing = self.rec.find(Attendance, meeting_id=self.meetings[m], person_id=self.people[p])
        entry = replace(existing[0], status=status) if existing else Attendance(
            meeting_id=self.meetings[m], person_id=self.people[p], status=status)
        self._try(lambda: self.rec.save(entry))

    @rule(a=st.integers(0, 50), m=st.integers(0, 5))
    def move_attendance(self, a: int, m: int) -> None:
        entries = self.rec.find(Attendance)
        if entries:
            self._try(lambda: self.rec.save(replace(entries[a % len(entries)], meeting_id=self.meetings[m])))

    @rule(m=st.integers(0, 5), day=st.integers(1, 28), board=st.integers(0, 1),
          status=st.sampled_from(list(vocab.MEETING_STATUSES)))
    def change_meeting(self, m: int, day: int, board: int, status: str) -> None:
        meeting = self.rec.get(Meeting, self.meetings[m])
        changed = replace(meeting, starts_at=f"{meeting.starts_at[:8]}{day:02d}T14:00", board_id=self.boards[board],
                          status=status)
        self._try(lambda: self.rec.save(changed))

    @rule(m=st.integers(0, 5), at=st.integers(0, 5))
    def approve(self, m: int, at: int) -> None:
        if self._try(lambda: self.rec.approve_minutes(self.meetings[m], self.meetings[at])):
            approved, at_meeting = self.rec.get(Meeting, self.meetings[m]), self.rec.get(Meeting, self.meetings[at])
            assert approved.minutes_approved_at == at_meeting.id
            assert at_meeting.status == "held" and at_meeting.board_id == approved.board_id
            assert at_meeting.starts_at > approved.starts_at
            self.approved[self.meetings[m]] = minutes_text(self.rec, self.meetings[m])

    @rule(i=st.integers(0, 50), field=st.sampled_from(FIELDS), text=WORDS)
    def amend(self, i: int, field: str, text: str) -> None:
        item = self._item(i)
        if item and item.meeting_id in self.approved and self._try(
                lambda: self.rec.amend_minutes(item.id or "", field, text, "Corrected at the next meeting")):
            self.approved[item.meeting_id] = minutes_text(self.rec, item.meeting_id)

    @precondition(lambda self: self.changes)
    @rule(back=st.integers(0, 10))
    def undo(self, back: int) -> None:
        change = self.changes[-1 - back % len(self.changes)]
        if self._try(lambda: self.rec.revert(change)):
            for meeting_id in list(self.approved):
                if self.rec.get(Meeting, meeting_id).minutes_status != "approved":
                    # only the undo of the approval itself returns minutes to draft (the Edit menu says so)
                    assert change.action == "approve minutes", change.action
                    del self.approved[meeting_id]

    @invariant()
    def approved_minutes_say_what_they_said(self) -> None:
        for meeting_id, text in self.approved.items():
            assert self.rec.get(Meeting, meeting_id).minutes_status == "approved"
            assert minutes_text(self.rec, meeting_id) == text


def test_approved_minutes_change_only_by_amendment() -> None:
    run_state_machine_as_test(LockMachine, settings=settings(
        max_examples=30, stateful_step_count=25, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))
