"""The demo record's statutory year: one late agenda, one overdue duty, one dispensation, and the rest in order."""



from stp_desk.domain.access import meeting_access
from stp_desk.domain.entities import Board, Dispensation, ForwardPlanItem, Meeting, RegisteredInterest
from stp_desk.domain.record import Record
from stp_desk.domain.statutory import duty_statuses, falling_due
from tests.unit.conftest import DEMO_TODAY

TODAY = DEMO_TODAY




def test_each_hwb_has_its_duties_and_exactly_one_is_overdue(demo: Record) -> None:
    statuses = duty_statuses(demo, TODAY)
    boards = {b.id: b.name for b in demo.find(Board)}
    assert {boards[s.duty.board_id] for s in statuses} == {"Blackpool Health and Wellbeing Board",
                                                          "Lancashire Health and Wellbeing Board"}
    assert all(s.last is not None for s in statuses)
    overdue = [(boards[s.duty.board_id], s.duty.title) for s in statuses if s.overdue]
    assert overdue == [("Blackpool Health and Wellbeing Board", "Pharmaceutical needs assessment")]
    assert falling_due(demo, TODAY)[0].title == "Pharmaceutical needs assessment"


def test_one_late_agenda_whose_items_carry_the_chairs_reasons(demo: Record) -> None:
    held = [m for m in demo.find(Meeting) if m.status == "held"]
    assert all(m.agenda_published_on for m in held)
    late = [m for m in held if meeting_access(m, demo.items(m.id or "")).late]
    assert [m.starts_at for m in late] == ["2025-03-12T15:00"]
    access = meeting_access(late[0], demo.items(late[0].id or ""))
    assert access.late_items and access.items_lacking_reasons == []


def test_one_dispensation_interests_with_one_sensitive_and_a_forward_plan(demo: Record) -> None:
    (dispensation,) = demo.find(Dispensation)
    assert dispensation.granted_on <= TODAY.isoformat() <= dispensation.until
    assert sum(i.sensitive for i in demo.find(RegisteredInterest)) == 1
    plan = demo.find(ForwardPlanItem)
    assert any(p.meeting_id for p in plan) and any(not p.meeting_id for p in plan)
    assert demo.store.integrity_problems() == []
