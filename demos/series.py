"""`coachbot demo series`: a facilitator plans a series against the local Slack, a leader prepares, the
channel is reminded and session 1 starts. A fake clock jumps a week in seconds; each message is printed as
its reader sees it, times in the reader's own zone."""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.ids import VALUE, SeriesAction, SeriesBlock, SeriesView
from demos.stage import Stage
from localslack.render import render_blocks, render_text

CHANNEL = "C_LEADERS"
FAC, ANA, BEN, CHO, SAM = "U_FRAN", "U_ANA", "U_BEN", "U_CHO", "U_SAM"
PEOPLE = {
    FAC: ("fran", "Fran (facilitator)", "America/New_York"),
    ANA: ("ana", "Ana (leader)", "Europe/Lisbon"),
    BEN: ("ben", "Ben (leader)", "America/Los_Angeles"),
    CHO: ("cho", "Cho (leader)", "Asia/Seoul"),
    SAM: ("sam", "Sam (sponsor)", "Europe/Berlin"),
}
START = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)
FIRST = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # 10:00 in New York, as Fran picks it


class Demo(Stage):
    def __init__(self, tmp: Path) -> None:
        super().__init__(tmp, start=START, people=PEOPLE, channel=(CHANNEL, "leaders"))
        self.seen: dict[str, int] = {}

    def run_until(self, when: datetime, note: str = "", ticks: int = 6) -> None:
        self.clock.advance((when - self.clock.now()).total_seconds())
        if note:
            self.say(note)
        for _ in range(ticks):  # a few ticks: messages to one conversation leave about one a second
            self.services.run_due(self.clock.now())
            self.clock.advance(1)
        self.show()

    def show(self) -> None:
        conversations = [("#leaders", CHANNEL, FAC)] + [
            (f"DM to @{name}", self.ws.dm_channel_id(user), user) for user, (name, _, _) in PEOPLE.items()
        ]
        for title, channel, viewer in conversations:
            messages = self.ws.messages(channel)
            for m in messages[self.seen.get(channel, 0) :]:
                self.box(
                    f"{title} (as @{PEOPLE[viewer][0]} sees it)",
                    render_blocks(m.blocks, self.ws, viewer)
                    if m.blocks
                    else render_text(m.text, self.ws, viewer),
                )
            self.seen[channel] = len(messages)

    def press(self, user: str, action: SeriesAction, channel: str) -> None:
        message = [m for m in self.ws.messages(channel) if action.value in str(m.blocks)][-1]
        button = next(
            e for b in message.blocks or [] for e in b.get("elements", []) if e.get("action_id") == action
        )
        value = str(button["value"])
        self.say(f"@{PEOPLE[user][0]} presses “{button['text']['text']}”")
        self.ws.click_button(user, channel, message.ts, action.value, value=value)

    def submit(self, user: str, callback: SeriesView, fields: dict[SeriesBlock, Any]) -> None:
        view = [v for v in self.ws.views(user) if v["callback_id"] == callback.value][-1]
        labels = [b["label"]["text"] for b in view["blocks"] if b.get("type") == "input"]
        self.box(
            f"modal “{view['title']['text']}” for @{PEOPLE[user][0]}", "\n".join(f"[ {x} ]" for x in labels)
        )
        self.ws.submit_view(user, view["id"], values={str(k): {VALUE: v} for k, v in fields.items()})


def _text(value: str) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def play(demo: Demo) -> None:
    demo.say("@fran types /assess plan in #leaders and fills in the form")
    demo.ws.slash_command(FAC, CHANNEL, command="/assess", text="plan")
    demo.submit(
        FAC,
        SeriesView.PLAN,
        {
            SeriesBlock.LEADERS: {"type": "multi_users_select", "selected_users": [ANA, BEN, CHO]},
            SeriesBlock.CHANNEL: {"type": "conversations_select", "selected_conversation": CHANNEL},
            SeriesBlock.DATE: {"type": "datepicker", "selected_date": "2026-11-30"},
            SeriesBlock.TIME: {"type": "timepicker", "selected_time": "10:00"},
            SeriesBlock.TIMING: _text("5s,5s,5s,5s,5s"),
            SeriesBlock.SPONSORS: {"type": "multi_users_select", "selected_users": [SAM]},
        },
    )
    demo.run_until(demo.clock.now())
    demo.press(ANA, SeriesAction.OPEN_PREP, demo.ws.dm_channel_id(ANA))
    demo.submit(
        ANA,
        SeriesView.PREP,
        {
            SeriesBlock.EXAMPLE: _text("A rep kept missing forecasts and I ended up doing the deals myself."),
            SeriesBlock.STATEMENT: _text(
                "I rescue too fast. Tell me where I could have asked instead of acted."
            ),
        },
    )
    demo.run_until(demo.clock.now())
    due = "Preparation is due: Ben and Cho have not prepared, so each gets one reminder"
    demo.run_until(FIRST - timedelta(days=2), due)
    demo.run_until(FIRST - timedelta(days=1), "The day before the session the channel is reminded")
    demo.run_until(FIRST - timedelta(minutes=15), "And again 15 minutes before")
    demo.press(FAC, SeriesAction.START_SESSION, CHANNEL)
    demo.run_until(demo.clock.now(), ticks=1)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="coachbot-series-demo-") as tmp:
        demo = Demo(Path(tmp))
        try:
            print("coachbot series demo: a local Slack, a fake clock, a week in a few seconds.")
            play(demo)
        finally:
            demo.stop()
    print("\nDemo finished.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
