"""`coachbot demo coach`: a coaching engagement played against the local Slack in compressed time.

A fake clock jumps through three weeks so that nudges, a check-in and a sponsor summary appear in seconds.
Each DM is printed as its reader sees it, times in the reader's own zone."""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.ids import VALUE, CoachAction, CoachBlock, CoachView
from demos.stage import Stage
from localslack.render import render_blocks, render_text

CHANNEL = "C_OPS"
COACH, ANA, BEN, SAM, PIA = "U_FRAN", "U_ANA", "U_BEN", "U_SAM", "U_PIA"
PEOPLE = {
    COACH: ("fran", "Fran (coach)", "America/New_York"),
    ANA: ("ana", "Ana (leader)", "Europe/Lisbon"),
    BEN: ("ben", "Ben (leader)", "America/Los_Angeles"),
    SAM: ("sam", "Sam (sponsor)", "Europe/Berlin"),
    PIA: ("pia", "Pia (colleague)", "Australia/Sydney"),
}
ADMIN = "U_ADA"
START = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)


class Demo(Stage):
    def __init__(self, tmp: Path) -> None:
        super().__init__(tmp, start=START, people=PEOPLE, channel=(CHANNEL, "ops"))
        self.seen: dict[str, int] = {}

    def advance(self, seconds: float, step: float) -> None:
        self.tick(seconds, step=step)
        self.show()

    def show(self) -> None:
        for user_id, (name, _, tz) in PEOPLE.items():
            messages = self.ws.dm_with(user_id)
            for m in messages[self.seen.get(user_id, 0) :]:
                body = (
                    render_blocks(m.blocks, self.ws, user_id)
                    if m.blocks
                    else render_text(m.text or "", self.ws, user_id)
                )
                print(f"┌─ DM to @{name} ({tz}) " + "─" * max(0, 50 - len(name) - len(tz)))
                for line in str(body).splitlines():
                    print(f"│ {line}")
                for shared in m.files or []:
                    for line in self.attachment(shared):
                        print(f"│ {line}")
                print("└" + "─" * 60)
            self.seen[user_id] = len(messages)

    def attachment(self, shared: dict[str, Any]) -> list[str]:
        """A file as a reader sees it in Slack: its name; for a calendar file, what a calendar app reads."""
        lines = [f"📎 {shared['name']}"]
        stored = self.ws.files.get(str(shared["id"]))
        if stored is None or not str(shared["name"]).endswith(".ics"):
            return lines
        text = (stored.content or b"").decode().replace("\r\n ", "")  # unfold RFC 5545 lines
        keep = ("METHOD", "SUMMARY", "DTSTART", "RRULE", "RECURRENCE-ID", "SEQUENCE", "STATUS:CANCELLED")
        zone_rules = False  # the VTIMEZONE's own DTSTART lines are the zone's history, not the call's
        for line in text.splitlines():
            zone_rules = {"BEGIN:VTIMEZONE": True, "END:VTIMEZONE": False}.get(line, zone_rules)
            if line.startswith(keep) and not zone_rules:
                lines.append(f"    {line}")
        return lines

    def command(self, text: str) -> None:
        self.say(f"@fran types /coach {text}")
        self.ws.slash_command(COACH, CHANNEL, command="/coach", text=text)

    def submit(self, user: str, callback: CoachView, fields: dict[str, Any]) -> None:
        view = [v for v in self.ws.views(user) if v["callback_id"] == callback.value][-1]
        self.ws.submit_view(user, view["id"], values={str(k): {VALUE: v} for k, v in fields.items()})
        self.advance(5, step=1)

    def press(self, user: str, action: CoachAction, label: str, *, nth: int = -1) -> None:
        """`user` presses `label` on the `nth` of their DMs that carry the button (the latest by default)."""
        message = [m for m in self.ws.dm_with(user) if action.value in str(m.blocks)][nth]
        self.say(f"@{PEOPLE[user][0]} presses “{label}”")
        self.ws.click_button(user, message.channel, message.ts, action.value, value=_value(message, action))
        self.advance(2, step=1)


def _value(message: Any, action: CoachAction) -> str:
    for block in message.blocks:
        for element in block.get("elements", []):
            if element.get("action_id") == action.value:
                return str(element["value"])
    return ""


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": text}


def _select(value: str) -> dict[str, Any]:
    return {"type": "static_select", "selected_option": {"value": value}}


def play(demo: Demo) -> None:
    # Only the workspace's coaches may create an engagement: an admin puts Fran on the list first.
    demo.ws.add_user(ADMIN, "ada", real_name="Ada (workspace admin)", is_admin=True)
    demo.say("@ada, a workspace admin, types /coach coaches add @fran")
    demo.ws.slash_command(ADMIN, CHANNEL, command="/coach", text=f"coaches add <@{COACH}>")
    demo.command("new")
    slots: dict[Any, Any] = {}
    for i, (day, at) in enumerate((("1", "09:00"), ("2", "12:00"), ("3", "10:00")), start=1):
        slots[f"coach_slot{i}_day"] = _select(day)
        slots[f"coach_slot{i}_time"] = {"type": "timepicker", "selected_time": at}
    demo.submit(
        COACH,
        CoachView.NEW,
        {
            CoachBlock.NAME: _plain("Ops and Sales"),
            CoachBlock.LEADERS: {"type": "multi_users_select", "selected_users": [ANA, BEN]},
            CoachBlock.SPONSORS: {"type": "multi_users_select", "selected_users": [SAM]},
            CoachBlock.COACH: {"type": "users_select", "selected_user": COACH},
            CoachBlock.COLLEAGUES: {"type": "multi_users_select", "selected_users": [PIA]},
            CoachBlock.START: {"type": "datepicker", "selected_date": "2026-11-23"},
            **slots,
        },
    )
    demo.press(ANA, CoachAction.OPEN_INTAKE, "Answer the intake")
    demo.submit(
        ANA, CoachView.INTAKE, {CoachBlock.Q3: _plain("Decisions stall for weeks between our teams.")}
    )
    demo.command("next")
    demo.advance(10, step=1)
    demo.say("Fran dates the one-day feedback session (her time zone); the leaders and she get an invite.")
    demo.command("calendar feedback 2026-11-25 09:00")
    demo.advance(5, step=1)
    _feedback_session(demo)
    demo.command("next")
    demo.advance(10, step=1)
    _alignment(demo)
    demo.command("next")
    demo.say(
        "Coaching support begins: each leader and the coach get a calendar invite of the calls they are in."
    )
    demo.advance(10, step=1)
    demo.say("Time runs on: the bot sends nudges before each call and check-ins after.")
    demo.advance(26 * 3600, step=1800)
    demo.press(ANA, CoachAction.OPEN_CHECKIN, "Check in")
    demo.submit(
        ANA,
        CoachView.CHECKIN,
        {
            CoachBlock.SCORE: _select("4"),
            CoachBlock.WENT_WELL: _plain("A calm 1:1"),
            CoachBlock.GOT_IN_WAY: _plain("Quarter-end pressure"),
        },
    )
    demo.say("A day later the three-way call is 24 hours away; Ana moves it to Friday from the nudge.")
    demo.advance(24 * 3600, step=1800)
    demo.press(ANA, CoachAction.MOVE_CALL, "Move")
    demo.submit(
        ANA,
        CoachView.MOVE,
        {
            CoachBlock.DAY: {"type": "datepicker", "selected_date": "2026-11-27"},
            CoachBlock.TIME: {"type": "timepicker", "selected_time": "10:00"},
        },
    )
    demo.say("Two weeks pass: the cycle ends and the sponsor gets a summary (counts and scores only).")
    demo.advance(13 * 86400, step=6 * 3600)


# The heart of the intervention: what the coach heard in the intake, fed back as items the leaders review.
FEEDBACK = (
    (ANA, "operational", "Handovers between Ops and Sales happen in chat, so orders get lost."),
    (ANA, "personal", "You decide alone when the teams disagree; people wait for you instead of each other."),
    (BEN, "process", "Forecast changes reach Ops a week late: there is no agreed cut-off."),
)
# What Ana and Ben agree in the alignment meeting, each with an owner and a date.
COMMITMENTS = (
    (ANA, "Hold a 15-minute Ops and Sales handover every Monday.", "2026-12-21"),
    (BEN, "Agree a Thursday cut-off for forecast changes with Ops.", "2026-12-11"),
)


def _feedback_session(demo: Demo) -> None:
    for leader, category, text in FEEDBACK:
        demo.command("feedback")
        demo.submit(
            COACH,
            CoachView.FEEDBACK,
            {
                CoachBlock.TEXT: _plain(text),
                CoachBlock.LEADER: _select(leader),
                CoachBlock.CATEGORY: _select(category),
            },
        )
    demo.press(ANA, CoachAction.REVIEW_AGREE, "Agree", nth=0)
    demo.press(ANA, CoachAction.REVIEW_DISCUSS, "Discuss", nth=1)
    demo.press(BEN, CoachAction.REVIEW_AGREE, "Agree")


def _alignment(demo: Demo) -> None:
    for owner, text, due in COMMITMENTS:
        demo.command("commit")
        demo.submit(
            COACH,
            CoachView.COMMITMENT,
            {
                CoachBlock.TEXT: _plain(text),
                CoachBlock.OWNER: _select(owner),
                CoachBlock.DUE: {"type": "datepicker", "selected_date": due},
            },
        )
    for leader in (ANA, BEN):
        for nth in range(len(COMMITMENTS)):
            demo.press(leader, CoachAction.CONFIRM_COMMITMENT, "Confirm", nth=nth)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="coachbot-coach-demo-") as tmp:
        demo = Demo(Path(tmp))
        try:
            print("coachbot /coach demo: a local Slack, a fake clock, three weeks in a few seconds.")
            play(demo)
        finally:
            demo.stop()
    print("\nDemo finished.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
