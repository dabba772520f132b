"""Stateful fuzzing: random sequences of clerk operations against `Record`, checked after every step against a simple
in-memory model of what the record should hold, with the sealed audit chain verifying throughout."""

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from stp_desk.domain.entities import AgendaItem, Board, Engagement, Footprint, Meeting, Person
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError, ValidationError

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda s: s.strip() != "")
DAYS = st.dates().map(lambda d: d.isoformat())


class RecordMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="stp-stateful-"))
        self.rec = Record.open(self.folder / "r.stpdesk", create=True, clerk="Fuzzer")
        self.footprint = self.rec.save(Footprint(name="F"))
        board = self.rec.save(Board(footprint_id=self.footprint, name="B"))
        self.meeting = self.rec.save(Meeting(board_id=board, starts_at="2025-01-01 10:00"))
        self.board = board
        # the model: what the record should hold
        self.people: dict[str, tuple[str, str | None]] = {}
        self.agenda: list[tuple[str, str]] = []  # (id, title) in agenda order
        self.engagements: dict[str, tuple[str, frozenset[str]]] = {}

    def teardown(self) -> None:
        self.rec.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _pick(self, keys: list[str], i: int) -> str:
        return sorted(keys)[i % len(keys)]

    # -- people ----------------------------------------------------------------------------------------------------

    @rule(name=TEXT, organisation=st.none() | TEXT)
    def add_person(self, name: str, organisation: str | None) -> None:
        pid = self.rec.save(Person(name=name, organisation=organisation))
        self.people[pid] = (name, organisation)

    @precondition(lambda self: self.people)
    @rule(i=st.integers(0, 99), name=TEXT)
    def rename_person(self, i: int, name: str) -> None:
        pid = self._pick(list(self.people), i)
        self.rec.save(replace(self.rec.get(Person, pid), name=name))
        self.people[pid] = (name, self.people[pid][1])

    @precondition(lambda self: self.people)
    @rule(i=st.integers(0, 99))
    def delete_person(self, i: int) -> None:
        pid = self._pick(list(self.people), i)
        if any(pid in linked for _, linked in self.engagements.values()):
            try:
                self.rec.delete(Person, pid)
            except KnownError as e:
                assert "refer" in str(e)
            else:
                raise AssertionError("a person taking part in an engagement was deleted")
            return
        self.rec.delete(Person, pid)
        del self.people[pid]

    # -- the agenda ------------------------------------------------------------------------------------------------

    @rule(title=TEXT, minute=st.text(max_size=200))
    def add_item(self, title: str, minute: str) -> None:
        iid = self.rec.add_item(AgendaItem(meeting_id=self.meeting, title=title, minute_text=minute))
        self.agenda.append((iid, title))

    @precondition(lambda self: self.agenda)
    @rule(i=st.integers(0, 99), position=st.integers(-3, 30))
    def move_item(self, i: int, position: int) -> None:
        entry = self.agenda[i % len(self.agenda)]
        self.rec.move_item(entry[0], position)
        rest = [e for e in self.agenda if e != entry]
        rest.insert(max(1, min(position, len(rest) + 1)) - 1, entry)
        self.agenda = rest

    @precondition(lambda self: self.agenda)
    @rule(i=st.integers(0, 99))
    def delete_item(self, i: int) -> None:
        entry = self.agenda[i % len(self.agenda)]
        self.rec.delete(AgendaItem, entry[0])
        self.agenda.remove(entry)

    # -- engagements -----------------------------------------------------------------------------------------------

    @precondition(lambda self: self.people)
    @rule(picks=st.lists(st.integers(0, 99), max_size=4), day=DAYS, topics=TEXT)
    def record_engagement(self, picks: list[int], day: str, topics: str) -> None:
        who = {self._pick(list(self.people), i) for i in picks}
        try:
            eid = self.rec.save_engagement(Engagement(footprint_id=self.footprint, forum="Cabinet", held_on=day,
                                                      topics=topics), sorted(who))
        except ValidationError as e:  # a date outside what ISO writes as YYYY-MM-DD, say
            assert e.field == "held_on", e
            return
        self.engagements[eid] = (topics, frozenset(who))

    # -- refusals change nothing -----------------------------------------------------------------------------------

    @rule(starts_at=st.sampled_from(["2025-02-30 10:00", "", "tomorrow", "2025-01-01 24:00", "01/02/2025 10:00"]))
    def refused_meeting(self, starts_at: str) -> None:
        try:
            self.rec.save(Meeting(board_id=self.board, starts_at=starts_at))
        except ValidationError:
            return
        raise AssertionError(f"a meeting starting {starts_at!r} was accepted")

    # -- after every step --------------------------------------------------------------------------------------------

    @invariant()
    def record_equals_model(self) -> None:
        people = {p.id: (p.name, p.organisation) for p in self.rec.find(Person)}
        assert people == self.people
        items = self.rec.items(self.meeting)
        assert [(i.id, i.title) for i in items] == self.agenda
        assert [i.position for i in items] == list(range(1, len(items) + 1))  # deleting and moving renumber
        engagements = {e.id: (e.topics, frozenset(self.rec.engagement_people(e.id or "")))
                       for e in self.rec.find(Engagement)}
        assert engagements == self.engagements
        assert self.rec.store.count("meetings") == 1

    @invariant()
    def audit_chain_verifies(self) -> None:
        result = self.rec.store.verify()
        assert result.ok, result.problems
        assert result.chain.unsealed == 0


def test_random_clerk_operations_keep_the_record_equal_to_its_model() -> None:
    run_state_machine_as_test(RecordMachine, settings=settings(
        max_examples=20, stateful_step_count=15, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
