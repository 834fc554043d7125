"""What each person sees of an engagement (`/coach status`, sponsor summaries), filtered by visibility:
`load_report` reads the rows once, then `report_text` is pure (as `load_card` and `round_card` in assess)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from bot.coach import store
from bot.coach.domain.engagement import CallStatus, Stage, commitment_state
from bot.coach.domain.visibility import Access, Record, Role, access, call_access
from bot.coach.render.messages import STAGE_NAMES
from bot.slack import fit
from bot.slack.text import local_datetime, mention
from storage.coach import (
    CoachCall,
    CoachCheckIn,
    CoachCommitment,
    CoachDisclosure,
    CoachEngagement,
    CoachFeedbackItem,
    CoachIntake,
    CoachSlot,
)
from storage.types import row_id

# One typed text in a status or summary line: the start of it; the whole is in the DM that carried it.
ITEM = 600


@dataclass(frozen=True)
class Report:
    """Everything of one engagement a status or summary may show; who sees what is decided on rendering."""

    name: str
    stage: Stage
    expected: Sequence[str]  # the leaders, then the colleagues: who answers the intake
    intakes: Sequence[CoachIntake]
    feedback: Sequence[CoachFeedbackItem]  # grouped by category
    commitments: Sequence[CoachCommitment]
    leaders: Sequence[str]
    disclosures: Sequence[CoachDisclosure]
    checkins: Sequence[CoachCheckIn]  # in the order they came
    calls: Sequence[tuple[CoachCall, CoachSlot]]


def load_report(s: Session, eng: CoachEngagement) -> Report:
    eid = row_id(eng)
    leaders = store.people(s, eid, Role.LEADER)
    return Report(
        name=eng.name,
        stage=Stage(eng.stage),
        expected=leaders + store.people(s, eid, Role.COLLEAGUE),
        intakes=s.exec(select(CoachIntake).where(CoachIntake.engagement_id == eid)).all(),
        feedback=s.exec(
            select(CoachFeedbackItem)
            .where(CoachFeedbackItem.engagement_id == eid)
            .order_by(col(CoachFeedbackItem.category), col(CoachFeedbackItem.id))
        ).all(),
        commitments=s.exec(select(CoachCommitment).where(CoachCommitment.engagement_id == eid)).all(),
        leaders=leaders,
        disclosures=s.exec(select(CoachDisclosure).where(CoachDisclosure.engagement_id == eid)).all(),
        checkins=s.exec(
            select(CoachCheckIn)
            .where(CoachCheckIn.engagement_id == eid)
            .order_by(col(CoachCheckIn.submitted_at))
        ).all(),
        calls=[
            (c, slot)
            for c, slot in s.exec(
                select(CoachCall, CoachSlot).join(CoachSlot).where(CoachCall.engagement_id == eid)
            ).all()
        ],
    )


def overview(s: Session, eng: CoachEngagement, viewer_id: str, roles: frozenset[Role], now: datetime) -> str:
    return report_text(load_report(s, eng), viewer_id, roles, now)


def report_text(report: Report, viewer_id: str, roles: frozenset[Role], now: datetime) -> str:
    parts = [f"*{fit.typed(report.name, 150)}*: stage *{STAGE_NAMES[report.stage]}*."]
    parts += _intake(report, viewer_id, roles)
    parts += _feedback(report, viewer_id, roles)
    parts += _commitments(report, viewer_id, roles, now)
    parts += _disclosures(report, viewer_id, roles)
    parts += _checkins(report, viewer_id, roles)
    parts += _calls(report, viewer_id, roles, now)
    return "\n".join(p for p in parts if p)


def engagement_list(s: Session, team_id: str, user_id: str) -> str:
    """`/coach list`: each engagement the person takes part in, with their role and its stage."""
    mine = [
        (eng, store.roles_of(s, row_id(eng), user_id)) for eng in store.engagements_for(s, team_id, user_id)
    ]
    return engagement_lines(mine)


def engagement_lines(mine: Sequence[tuple[CoachEngagement, frozenset[Role]]]) -> str:
    lines = []
    for eng, their_roles in mine:
        roles = " and ".join(sorted(r.value for r in their_roles))
        lines.append(f"• *{fit.typed(eng.name, 150)}*: {STAGE_NAMES[Stage(eng.stage)]} · you are its {roles}")
    if not lines:
        return ""
    return "Your coaching engagements, newest first:\n" + "\n".join(lines)


def _see(record: Record, roles: frozenset[Role], viewer: str, owner: str, shared: bool) -> Access:
    return access(record, roles, viewer_id=viewer, owner_id=owner, shared=shared)


def _intake(report: Report, viewer: str, roles: frozenset[Role]) -> list[str]:
    expected = report.expected
    rows = {r.user_id: r for r in report.intakes}
    out = [f"Intake: {len(rows)} of {len(expected)} answered."]
    if Role.COACH in roles:
        waiting = [mention(u) for u in expected if u not in rows]
        out.append("Still to answer: " + (fit.lines(waiting, 2000, sep=", ") if waiting else "nobody"))
    elif viewer in expected:
        out.append("You have answered." if viewer in rows else "You have not answered yet.")
    for row in rows.values():
        if _see(Record.INTAKE, roles, viewer, row.user_id, row.shared) is not Access.TEXT:
            continue
        if Role.COACH in roles and row.user_id != viewer:
            continue  # the coach got every answer by DM; status stays short
        answers = "; ".join(fit.typed(a, ITEM) for a in json.loads(row.answers).values() if a)
        whose = "Your answers" if row.user_id == viewer else f"Shared by {mention(row.user_id)}"
        out.append(f"{whose}: {answers}")
    return out


def _feedback(report: Report, viewer: str, roles: frozenset[Role]) -> list[str]:
    items = report.feedback
    if not items:
        return []
    out: list[str] = []
    counts: Counter[str] = Counter()
    for item in items:
        seen = _see(Record.FEEDBACK, roles, viewer, item.leader_id, item.shared)
        if seen is Access.TEXT:
            review = item.review or "not reviewed"
            about = f"• [{item.category}] about {mention(item.leader_id)}"
            out.append(f"{about}: {fit.typed(item.text, ITEM)} ({review})")
        elif seen is Access.SUMMARY:
            counts[item.category] += 1
    if counts:
        out.insert(0, "Feedback items: " + ", ".join(f"{c} {n}" for c, n in sorted(counts.items())))
    elif out:
        out.insert(0, "Feedback items:")
    return out


def _commitments(report: Report, viewer: str, roles: frozenset[Role], now: datetime) -> list[str]:
    rows, leaders = report.commitments, report.leaders
    out: list[str] = []
    states: Counter[str] = Counter()
    for c in rows:
        seen = _see(Record.COMMITMENT, roles, viewer, c.owner_id, False)
        where = commitment_state(done_at=c.done_at, due_date=c.due_date, today=now.date())
        if seen is Access.TEXT:
            confirmed = len([u for u in c.confirmed_by.split(",") if u])
            state = f"{where}, confirmed by {confirmed} of {len(leaders)}"
            out.append(f"• {mention(c.owner_id)}: {fit.typed(c.text, ITEM)} ({state})")
        elif seen is Access.SUMMARY:
            states[where] += 1
    if states:
        out.insert(0, "Commitments: " + ", ".join(f"{n} {k}" for k, n in sorted(states.items())))
    elif out:
        out.insert(0, "Commitments:")
    return out


def _disclosures(report: Report, viewer: str, roles: frozenset[Role]) -> list[str]:
    """Leaders see their own list; the coach sees everyone's."""
    rows = report.disclosures
    leaders = sorted({r.leader_id for r in rows if Role.COACH in roles or r.leader_id == viewer})
    out = []
    for leader in leaders:
        mine = [r for r in rows if r.leader_id == leader]
        told = sum(1 for r in mine if r.told_at is not None)
        out.append(f"{mention(leader)} has told {told} of {len(mine)} affected colleagues.")
    return out


def _checkins(report: Report, viewer: str, roles: frozenset[Role]) -> list[str]:
    rows = report.checkins
    out: list[str] = []
    scores: list[int] = []
    for c in rows:
        seen = _see(Record.CHECKIN, roles, viewer, c.user_id, c.shared)
        if seen is Access.NONE:
            continue
        scores.append(c.score)
        if seen is Access.TEXT and Role.SPONSOR in roles and Role.COACH not in roles:
            out.append(f"• shared by {mention(c.user_id)}: {fit.typed(c.went_well, ITEM)}")
        elif seen is Access.TEXT:
            out.append(
                f"• {mention(c.user_id)} ({c.score}/5): {fit.typed(c.went_well, ITEM)}"
                f" / {fit.typed(c.got_in_way, ITEM)}"
            )
    if scores:
        out.insert(0, f"Check-ins: {len(scores)} answered, progress scores {' → '.join(map(str, scores))}")
    return out


def _calls(report: Report, viewer: str, roles: frozenset[Role], now: datetime) -> list[str]:
    """Only the calls this person takes part in (sponsors: counts of all), per the visibility rules."""
    seen = [(c, slot) for c, slot in report.calls if _call_access(slot, viewer, roles) is not Access.NONE]
    past = [c for c, _ in seen if c.starts_at <= now]
    held = sum(1 for c in past if c.status == CallStatus.SCHEDULED)
    out = [f"Calls: {held} held, {len(past) - held} skipped."] if past else []
    upcoming = [
        (c.starts_at, slot)
        for c, slot in seen
        if c.starts_at > now
        and c.status == CallStatus.SCHEDULED
        and _call_access(slot, viewer, roles) is Access.TEXT
    ]
    upcoming.sort(key=lambda pair: pair[0])
    out += [f"Next: {call_title(slot)} · {local_datetime(at)}" for at, slot in upcoming[:3]]
    return out


def _call_access(slot: CoachSlot, viewer: str, roles: frozenset[Role]) -> Access:
    return call_access(roles, viewer_id=viewer, leader_id=slot.leader_id)


def call_title(slot: CoachSlot) -> str:
    if slot.leader_id is None:
        return "three-way call"
    return f"coaching call with {mention(slot.leader_id)}"
