"""Set-ups the input tests share: an engagement in coaching support, a planned series, an anonymous round in
peer feedback, and opening each modal through the real app."""

from __future__ import annotations

from datetime import time
from typing import Any

from slack_sdk import WebClient
from sqlmodel import col, select

from bot.coach.domain.visibility import Role
from bot.coach.forms import NewEngagement, SlotInput
from bot.coach.render import messages as render
from bot.coach.service import setup
from bot.ids import VALUE, AssessExtra, AssessView, CoachAction, CoachView, SeriesAction, SeriesView
from bot.slack.effects import Rendered
from storage.coach import CoachCall, CoachSlot
from tests.bot.coach.helpers import enlist
from tests.bot.series.helpers import submit_plan
from tests.harness import ANA, BEN, CHANNEL, CHO, FAC, PETE, PIA, TEAM, TOKEN, BotUnderTest, action_ids

COACH, SPONSOR = FAC, CHO
Values = dict[str, dict[str, dict[str, Any]]]


def plain(value: str) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def select_(value: str) -> dict[str, Any]:
    return {"type": "static_select", "selected_option": {"value": value}}


def field(block: str, element: dict[str, Any]) -> Values:
    return {block: {VALUE: element}}


def engagement(bot: BotUnderTest, stage: str = "support", *, name: str = "Ops and Sales") -> int:
    """Ana and Ben's engagement with Fran as coach, moved on to `stage` by the coach (the services)."""
    now = bot.clock.now()
    form = NewEngagement(
        name=name,
        leaders=(ANA, BEN),
        sponsors=(SPONSOR,),
        coach=COACH,
        colleagues=(PIA, PETE),
        summary_channel=None,
        start=now.date(),
        cadence_weeks=2,
        length_months=3,
        slots=(SlotInput(0, time(9, 0)), SlotInput(1, time(10, 0)), SlotInput(3, time(15, 0))),
    )
    enlist(bot.db, COACH, now, team_id=TEAM)
    eid = setup.create_engagement(
        bot.db, team_id=TEAM, creator_id=COACH, zone="Europe/Lisbon", form=form, now=now
    )
    for _ in range(("intake", "feedback", "alignment", "support").index(stage)):
        setup.advance(bot.db, engagement_id=eid, user_id=COACH, now=now)
    return eid


def call_of(bot: BotUnderTest, eid: int, leader: str) -> int:
    with bot.db.session() as s:
        found = s.exec(
            select(CoachCall.id)
            .join(CoachSlot)
            .where(CoachCall.engagement_id == eid, CoachSlot.leader_id == leader)
            .order_by(col(CoachCall.starts_at))
        ).first()
    assert found is not None, "the engagement has no call for this leader"
    return found


def post_to(bot: BotUnderTest, user: str, message: Rendered) -> Any:
    """A DM as the bot sends it (the renderer's own blocks), for a button that scheduled work would bring."""
    client = WebClient(token=TOKEN, base_url=bot.slack.api_url)
    ts = client.chat_postMessage(channel=user, text=message.text, blocks=message.blocks)["ts"]
    found = bot.ws.message(bot.ws.dm_channel_id(user), str(ts))
    assert found is not None
    return found


def press(bot: BotUnderTest, user: str, message: Any, action_id: str) -> Any:
    for block in message.blocks or []:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return bot.ws.click_button(user, message.channel, message.ts, action_id, element.get("value"))
    raise AssertionError(f"no {action_id} in the message")


def open_modal(bot: BotUnderTest, user: str, callback: str) -> dict[str, Any]:
    stack = [v for v in bot.ws.modal_stack(user) if v["callback_id"] == callback]
    assert stack, f"no {callback} modal open for {user}"
    return stack[-1]


def with_button(messages: list[Any], action_id: str) -> Any:
    found = [m for m in messages if action_id in action_ids(m.blocks)]
    assert found, f"no message with {action_id}"
    return found[-1]


class Openers:
    """Opens each modal as a person would: a command or a button, answered by the real app."""

    def __init__(self, bot: BotUnderTest) -> None:
        self.bot = bot
        self.eid = 0
        self.name = "Ops and Sales"
        self.card_ts = ""
        self.series_prepared = False
        self.posted: dict[str, Any] = {}  # a button is pressed again for each example, not posted again

    def _once(self, kind: str, message: Rendered) -> Any:
        if kind not in self.posted:
            self.posted[kind] = post_to(self.bot, ANA, message)
        return self.posted[kind]

    def coach_new(self) -> dict[str, Any]:
        enlist(self.bot.db, COACH, self.bot.clock.now(), team_id=TEAM)
        self.bot.ws.slash_command(COACH, CHANNEL, command="/coach", text="new")
        return open_modal(self.bot, COACH, CoachView.NEW)

    def coach_text(self, verb: str) -> dict[str, Any]:
        """`/coach feedback` or `/coach commit` in the engagement (it is named: there may be others)."""
        self.bot.ws.slash_command(COACH, CHANNEL, command="/coach", text=f"{verb} {self.name}")
        return open_modal(self.bot, COACH, CoachView.FEEDBACK if verb == "feedback" else CoachView.COMMITMENT)

    def intake(self) -> dict[str, Any]:
        message = self._once("intake", render.welcome("Ops and Sales", Role.LEADER, COACH, self.eid))
        press(self.bot, ANA, message, CoachAction.OPEN_INTAKE)
        return open_modal(self.bot, ANA, CoachView.INTAKE)

    def checkin(self) -> dict[str, Any]:
        call = call_of(self.bot, self.eid, ANA)
        message = self._once(
            "checkin", render.checkin_prompt(self.eid, call, "coaching call", reminder=False)
        )
        press(self.bot, ANA, message, CoachAction.OPEN_CHECKIN)
        return open_modal(self.bot, ANA, CoachView.CHECKIN)

    def move(self) -> dict[str, Any]:
        call = call_of(self.bot, self.eid, ANA)
        nudge = render.nudge(
            engagement_id=self.eid,
            call_id=call,
            title="Coaching call",
            starts_at=self.bot.clock.now(),
            commitments=[],
            last_checkin=None,
        )
        press(self.bot, ANA, self._once("move", nudge), CoachAction.MOVE_CALL)
        return open_modal(self.bot, ANA, CoachView.MOVE)

    def plan(self) -> dict[str, Any]:
        self.bot.command("plan")
        return open_modal(self.bot, FAC, SeriesView.PLAN)

    def prep(self) -> dict[str, Any]:
        if not self.series_prepared:
            assert submit_plan(self.bot).status == 200
            self.bot.advance(6)
            self.series_prepared = True
        press(
            self.bot,
            ANA,
            with_button(self.bot.ws.dm_with(ANA), SeriesAction.OPEN_PREP),
            SeriesAction.OPEN_PREP,
        )
        return open_modal(self.bot, ANA, SeriesView.PREP)

    def anonymous(self) -> dict[str, Any]:
        """Pia's feedback form in Ana's round: its peer feedback lasts an hour, longer than any test."""
        if not self.card_ts:
            self.bot.command(f"<@{ANA}> <@{BEN}> anonymous timing=5s,5s,60,5s,5s")
            self.bot.advance(11)
            self.card_ts = str(self.bot.card().ts)
        thread = self.bot.ws.thread(CHANNEL, self.card_ts)
        press(self.bot, PIA, with_button(thread, AssessExtra.GIVE_FEEDBACK), AssessExtra.GIVE_FEEDBACK)
        return open_modal(self.bot, PIA, AssessView.FEEDBACK)
