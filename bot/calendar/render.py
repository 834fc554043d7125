"""What people read about their calendars, pure: the message with each .ics file (times as Slack date tokens,
so each reader sees their own zone), the file's name, and the private feed link with its buttons."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from slack_sdk.models.blocks import (
    Block,
    DatePickerElement,
    InputBlock,
    PlainTextObject,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.calendar.domain import TITLES, Entry, Kind, Meeting
from bot.calendar.forms import MEETINGS
from bot.ids import VALUE, CalendarAction, CalendarBlock, CalendarView
from bot.slack.blocks import buttons, context, section
from bot.slack.text import local_datetime

_FILES = {
    Kind.INDIVIDUAL: "coaching-call",
    Kind.THREE_WAY: "three-way-call",
    Kind.FEEDBACK: "feedback-session",
    Kind.ALIGNMENT: "alignment-meeting",
    Kind.SESSION: "assessment-sessions",
}


def filename(entry: Entry, what: str) -> str:
    verb = what.partition(":")[0]
    tail = {"request": "", "update": "-update"}.get(verb, "-cancelled")
    return f"{_FILES[entry.kind]}{tail}.ics"


def title(entry: Entry, what: str) -> str:
    verb = what.partition(":")[0]
    word = {"request": "invite", "update": "update"}.get(verb, "cancellation")
    return f"{TITLES[entry.kind]}: calendar {word}"


def comment(entry: Entry, what: str) -> str:
    """The message the file comes with. Only what the invite itself says: a title and times."""
    verb, _, rest = what.partition(":")
    name = TITLES[entry.kind]
    if verb == "update":
        occ = entry.occurrence(rest)
        if occ is not None:
            return (
                f"*{name}* moved from {local_datetime(occ.original)} to {local_datetime(occ.starts_at)}. "
                "Open the file to update your calendar."
            )
    if verb == "cancel":
        occ = entry.occurrence(rest)
        if occ is not None:
            return f"*{name}* ({local_datetime(occ.starts_at)}) is cancelled. Open the file to remove it."
    if verb == "close":
        count = len([k for k in rest.split(",") if k])
        verb_agrees = "is" if count == 1 else "are"
        return (
            f"The engagement is closed: the *{name.lower()}* still ahead ({count}) {verb_agrees} cancelled. "
            "Open the file to remove it from your calendar."
        )
    return _invite(entry)


def _invite(entry: Entry) -> str:
    name, occs = TITLES[entry.kind], entry.occurrences
    if len(occs) == 1:
        return f"*{name}*: {local_datetime(occs[0].starts_at)}. Open the file to add it to your calendar."
    every = entry.interval_weeks
    rhythm = f"every {every} weeks" if every > 1 else "every week" if every else f"{len(occs)} times"
    return (
        f"*{name}*, {rhythm}: {len(occs)} from {local_datetime(occs[0].original)} "
        f"to {local_datetime(occs[-1].original)}. Open the file to add them to your calendar."
    )


# The feed link, shown to its owner only (an ephemeral answer or a modal), and never stored anywhere.
FEED_HELP = (
    "Subscribe to this address in your calendar app (Google Calendar: *Other calendars &gt; From URL*; "
    "Outlook: *Add calendar &gt; Subscribe from web*; "
    "Apple Calendar: *File &gt; New Calendar Subscription*). "
    "It shows your calls and sessions across programmes and follows every change. Keep it to yourself: "
    "anyone with it can read your calendar."
)
NO_PUBLIC_URL = (
    "Calendar subscriptions need coachbot's web address (COACHBOT_PUBLIC_URL): ask whoever runs coachbot."
)


def feed_blocks(*, url: str | None, since: datetime | None) -> Sequence[Block]:
    """A fresh link (`url`), or, for a live one that cannot be shown again (it is stored hashed), when it
    was made; always with the buttons to replace or revoke it."""
    if url is not None:
        head = [section(f"*Your private calendar feed*\n`{url}`"), context(FEED_HELP)]
    elif since is not None:
        head = [
            section(
                f"You have a private calendar feed since {local_datetime(since)}. coachbot keeps only a "
                "fingerprint of its address, so it cannot show it again: replace it to get a new one "
                "(the old one stops working)."
            )
        ]
    else:
        head = [
            section("You have no calendar feed. Make one to see your calls and sessions in your calendar.")
        ]
    row = [
        (CalendarAction.FEED_REPLACE, "New link" if url is None and since is None else "Replace link", "x")
    ]
    if url is not None or since is not None:
        row.append((CalendarAction.FEED_REVOKE, "Revoke link", "x"))
    return [*head, buttons(*row)]


def feed_text(*, url: str | None, since: datetime | None) -> str:
    if url is not None:
        return f"Your private calendar feed: {url}"
    if since is not None:
        return "You have a private calendar feed; replace it to get a new address."
    return "You have no calendar feed."


def feed_view(*, url: str | None, since: datetime | None) -> View:
    """The same, in a modal: what the App Home button opens (nothing about it is kept in a message)."""
    return View(
        type="modal",
        callback_id=CalendarView.FEED,
        title=PlainTextObject(text="Your calendar"),
        close=PlainTextObject(text="Close"),
        blocks=list(feed_blocks(url=url, since=since)),
    )


def meeting_view(engagement_id: int, meeting: Meeting, zone: str) -> View:
    """The small form that dates the feedback session or the alignment meeting, in the engagement's zone."""
    reference = f"{engagement_id}:{MEETINGS.index(meeting)}"
    return View(
        type="modal",
        callback_id=CalendarView.MEETING,
        title=PlainTextObject(text=_MEETING_TITLES[meeting]),
        submit=PlainTextObject(text="Send invites"),
        close=PlainTextObject(text="Cancel"),
        private_metadata=reference,
        blocks=[
            section(
                f"When is it, in the engagement's time zone ({zone})? The people in it get a calendar "
                "invite, and an update if you change it later."
            ),
            InputBlock(block_id=CalendarBlock.DAY, label="Day", element=DatePickerElement(action_id=VALUE)),
            InputBlock(block_id=CalendarBlock.TIME, label="Time", element=TimePickerElement(action_id=VALUE)),
        ],
    )


_MEETING_TITLES = {Meeting.FEEDBACK: "Feedback session", Meeting.ALIGNMENT: "Alignment meeting"}
