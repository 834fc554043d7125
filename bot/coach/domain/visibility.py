"""Who may see what in an engagement: the one table every renderer and service goes through."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Role(StrEnum):
    LEADER = "leader"
    COLLEAGUE = "colleague"
    COACH = "coach"
    SPONSOR = "sponsor"
    CREATOR = "creator"


class Record(StrEnum):
    INTAKE = "intake"
    FEEDBACK = "feedback"
    COMMITMENT = "commitment"
    CHECKIN = "checkin"


class Access(IntEnum):
    """Ordered: a person with several roles gets the most their roles allow."""

    NONE = 0
    SUMMARY = 1  # counts, status and scores, never the words
    TEXT = 2


def access(record: Record, roles: frozenset[Role], *, viewer_id: str, owner_id: str, shared: bool) -> Access:
    """What `viewer_id` may see of one record that belongs to (or is about) `owner_id`."""
    best = Access.NONE
    for role in roles:
        best = max(best, _by_role(record, role, own=viewer_id == owner_id, shared=shared))
    return best


def _by_role(record: Record, role: Role, *, own: bool, shared: bool) -> Access:
    if role is Role.COACH:
        return Access.TEXT
    if role is Role.SPONSOR:
        if record is Record.COMMITMENT:
            return Access.SUMMARY  # status only
        return Access.TEXT if shared else Access.SUMMARY
    if role is Role.LEADER:
        if record is Record.COMMITMENT:
            return Access.TEXT  # all commitments in the engagement
        return Access.TEXT if own else Access.NONE
    if role is Role.COLLEAGUE:
        return Access.TEXT if record is Record.INTAKE and own else Access.NONE
    return Access.NONE


def call_access(roles: frozenset[Role], *, viewer_id: str, leader_id: str | None) -> Access:
    """What `viewer_id` may see of one call (`leader_id` None: the three-way call, with both leaders). The
    coach takes part in every call; a leader only in their own and the three-way call; sponsors see counts."""
    best = Access.NONE
    for role in roles:
        if role is Role.COACH or (role is Role.LEADER and leader_id in (None, viewer_id)):
            best = Access.TEXT
        elif role is Role.SPONSOR:
            best = max(best, Access.SUMMARY)
    return best


# What each role may do: checked on every command, button and modal submission.
MAY = {
    "advance": {Role.COACH},
    "record_feedback": {Role.COACH},
    "record_commitment": {Role.COACH},
    "export": {Role.COACH},
    "erase": {Role.COACH},
    "move_call": {Role.COACH, Role.LEADER},
    "status": {Role.COACH, Role.SPONSOR, Role.LEADER, Role.COLLEAGUE, Role.CREATOR},
}


def may(action: str, roles: frozenset[Role]) -> bool:
    return bool(MAY[action] & roles)
