"""The issue's visibility table, row by row, as the pure rules see it."""

from __future__ import annotations

import pytest

from bot.coach.domain.visibility import Access, Record, Role, access, call_access, may

T, S, N = Access.TEXT, Access.SUMMARY, Access.NONE

# (record, viewer role, is it the viewer's own / about them, shared by its leader, expected)
TABLE = [
    # intake answers: leaders their own, colleagues their own, coach all, sponsor counts only
    (Record.INTAKE, Role.LEADER, True, False, T),
    (Record.INTAKE, Role.LEADER, False, False, N),
    (Record.INTAKE, Role.COLLEAGUE, True, False, T),
    (Record.INTAKE, Role.COLLEAGUE, False, False, N),
    (Record.INTAKE, Role.COACH, False, False, T),
    (Record.INTAKE, Role.SPONSOR, False, False, S),
    (Record.INTAKE, Role.SPONSOR, False, True, T),
    # feedback items: leaders those about them, colleagues nothing, coach all, sponsor counts by category
    (Record.FEEDBACK, Role.LEADER, True, False, T),
    (Record.FEEDBACK, Role.LEADER, False, False, N),
    (Record.FEEDBACK, Role.COLLEAGUE, False, False, N),
    (Record.FEEDBACK, Role.COACH, False, False, T),
    (Record.FEEDBACK, Role.SPONSOR, False, False, S),
    # commitments: all leaders see all, colleagues nothing, coach all, sponsor status only (even if shared)
    (Record.COMMITMENT, Role.LEADER, True, False, T),
    (Record.COMMITMENT, Role.LEADER, False, False, T),
    (Record.COMMITMENT, Role.COLLEAGUE, False, False, N),
    (Record.COMMITMENT, Role.COACH, False, False, T),
    (Record.COMMITMENT, Role.SPONSOR, False, True, S),
    # check-ins: leaders their own, colleagues nothing, coach all, sponsor counts and scores, text if shared
    (Record.CHECKIN, Role.LEADER, True, False, T),
    (Record.CHECKIN, Role.LEADER, False, True, N),
    (Record.CHECKIN, Role.COLLEAGUE, False, True, N),
    (Record.CHECKIN, Role.COACH, False, False, T),
    (Record.CHECKIN, Role.SPONSOR, False, False, S),
    (Record.CHECKIN, Role.SPONSOR, False, True, T),
]


@pytest.mark.parametrize(("record", "role", "own", "shared", "expected"), TABLE)
def test_visibility_table(record: Record, role: Role, own: bool, shared: bool, expected: Access) -> None:
    owner = "U_ME" if own else "U_OTHER"
    assert access(record, frozenset({role}), viewer_id="U_ME", owner_id=owner, shared=shared) is expected


def test_several_roles_get_the_most_any_allows() -> None:
    roles = frozenset({Role.SPONSOR, Role.CREATOR})
    assert access(Record.INTAKE, roles, viewer_id="U_S", owner_id="U_A", shared=False) is S
    roles = frozenset({Role.SPONSOR, Role.COACH})
    assert access(Record.INTAKE, roles, viewer_id="U_S", owner_id="U_A", shared=False) is T


def test_the_creator_role_alone_sees_nothing() -> None:
    for record in Record:
        assert access(record, frozenset({Role.CREATOR}), viewer_id="U", owner_id="U2", shared=True) is N


@pytest.mark.parametrize("action", ["advance", "record_feedback", "record_commitment", "export", "erase"])
def test_only_the_coach_runs_the_engagement(action: str) -> None:
    assert may(action, frozenset({Role.COACH}))
    for role in (Role.LEADER, Role.COLLEAGUE, Role.SPONSOR, Role.CREATOR):
        assert not may(action, frozenset({role}))


def test_calls_only_to_those_who_take_part() -> None:
    def seen(role: Role, leader: str | None) -> Access:
        return call_access(frozenset({role}), viewer_id="U_ME", leader_id=leader)

    assert seen(Role.LEADER, "U_ME") is T
    assert seen(Role.LEADER, None) is T  # the three-way call
    assert seen(Role.LEADER, "U_OTHER") is N
    assert seen(Role.COLLEAGUE, None) is N
    assert seen(Role.COACH, "U_OTHER") is T
    assert seen(Role.SPONSOR, "U_OTHER") is S
