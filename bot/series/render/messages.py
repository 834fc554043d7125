"""What the series says in channels and DMs, as pure functions: the plan post, preparation DMs, reminders,
notices."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from slack_sdk.models.blocks import ActionsBlock, Block

from bot.ids import SeriesAction
from bot.series.domain import SessionStatus
from bot.slack import fit
from bot.slack.blocks import actions, button, context, section
from bot.slack.effects import Rendered
from bot.slack.text import local_datetime, mention

PEOPLE_SHOWN = 1500
PREPARE = (
    "*What each leader prepares*\n"
    "• *An example* from your own coaching where you felt uncertain, got no result, or sensed "
    "something was missing.\n"
    "• *A summary statement* with context and examples that tells peers what feedback you are "
    "looking for. It is shown on your round card when your turn comes."
)


def _rendered(text: str, blocks: Sequence[Block]) -> Rendered:
    return Rendered(text=fit.fallback(text), blocks=fit.cap_blocks(blocks))


def people(user_ids: Sequence[str]) -> str:
    """Mentions, as many as a line of a section holds, then "and N more"."""
    return fit.lines([mention(u) for u in user_ids], PEOPLE_SHOWN, sep=", ")


_NOTES: dict[str, str] = {
    SessionStatus.MOVED: " (moved)",
    SessionStatus.STARTED: " (started)",
    SessionStatus.DONE: " (done)",
}


def session_line(number: int, at: datetime, status: str) -> str:
    if status == SessionStatus.CANCELLED:
        return f"~Session {number}: {local_datetime(at)}~ (cancelled)"
    note = _NOTES.get(status, "")
    return f"Session {number}: {local_datetime(at)}{note}"


def _ground_rules(sponsors: Sequence[str], anonymous: bool) -> str:
    feedback = (
        "*Feedback is anonymous*: peers give it through a form and the bot posts it without a name."
        if anonymous
        else "*Feedback is named*: peers reply in each round card's thread."
    )
    if not sponsors:
        return feedback
    return (
        f"{feedback}\n*Sponsors* ({people(sponsors)}) get a short summary after each session: who took "
        "part and how it went in numbers, never anything anyone wrote."
    )


def plan_post(
    *,
    facilitator: str,
    leaders: Sequence[str],
    sessions: Sequence[datetime],
    prep_due: datetime,
    sponsors: Sequence[str] = (),
    anonymous: bool = False,
) -> Rendered:
    dates = "\n".join(f"• {session_line(i + 1, at, SessionStatus.PLANNED)}" for i, at in enumerate(sessions))
    blocks: list[Block] = [
        section(
            f":calendar: *A series of {len(sessions)} peer-assessment sessions* planned by "
            f"{mention(facilitator)}",
            fitted=True,
        ),
        section(f"*Leaders*, each takes one turn per session: {people(leaders)}", fitted=True),
        section(f"*Dates* (shown in your own time zone)\n{dates}", fitted=True),
        section(_ground_rules(sponsors, anonymous), fitted=True),
        section(PREPARE, fitted=True),
        context(
            f"Preparation is due {local_datetime(prep_due)}. Each leader has a DM with a "
            "button to prepare; the Home tab of coachbot shows it too."
        ),
    ]
    return _rendered(f"A series of {len(sessions)} sessions is planned for {people(leaders)}.", blocks)


def _prep_button(series_id: int, label: str) -> ActionsBlock:
    return actions(button(SeriesAction.OPEN_PREP, label, str(series_id), style="primary"))


def prep_dm(*, series_id: int, channel_id: str, first_at: datetime, prep_due: datetime) -> Rendered:
    text = (
        f":memo: You are a leader in a peer-assessment series in <#{channel_id}>. "
        f"The first session is {local_datetime(first_at)}.\n\n{PREPARE}\n\n"
        f"Please prepare by {local_datetime(prep_due)}. Only you can edit it, until your round starts."
    )
    return _rendered(
        "Please prepare for your peer-assessment series.",
        [section(text, fitted=True), _prep_button(series_id, "Prepare")],
    )


def prep_reminder(*, series_id: int, first_at: datetime) -> Rendered:
    text = (
        ":hourglass: A reminder: your preparation for the peer-assessment series is not in yet. "
        f"The first session is {local_datetime(first_at)}; peers will read your statement on your round card."
    )
    return _rendered(
        "Your preparation is not in yet.",
        [section(text, fitted=True), _prep_button(series_id, "Prepare now")],
    )


def session_reminder(
    *,
    session_id: int,
    number: int,
    total: int,
    at: datetime,
    leaders: Sequence[str],
    facilitator: str,
    soon: bool,
) -> Rendered:
    when = "in 15 minutes" if soon else "tomorrow"
    text = (
        f":bell: *Session {number} of {total}* starts {when} ({local_datetime(at)}).\n"
        f"Leaders, in this order: {people(leaders)}"
    )
    start = button(SeriesAction.START_SESSION, "Start session", str(session_id), style="primary")
    blocks: list[Block] = [
        section(text, fitted=True),
        actions(start),
        context(f"Only {mention(facilitator)} or a listed facilitator can start it."),
    ]
    return _rendered(f"Session {number} starts {when}.", blocks)


def moved_notice(*, number: int, old: datetime, new: datetime, by: str) -> Rendered:
    text = (
        f":arrow_right: *Session {number}* has moved from {local_datetime(old)} "
        f"to {local_datetime(new)} (by {mention(by)})."
    )
    return _rendered(f"Session {number} has moved.", [section(text, fitted=True)])


def cancelled_notice(*, number: int, at: datetime, by: str) -> Rendered:
    text = f":x: *Session {number}* ({local_datetime(at)}) is cancelled by {mention(by)}."
    return _rendered(f"Session {number} is cancelled.", [section(text, fitted=True)])
