"""The calendar through the local Slack and real HTTP: `/coach calendar` shows a private feed link once, the
feed answers with ETag and Last-Modified and 304s, replace and revoke make old links 404 with an empty body,
App Home's button opens the link in a modal, and a coach dates a meeting."""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement
from sqlmodel import col, select

from bot.calendar.service import coach as calendar
from bot.coach.service import setup
from bot.ids import COMMAND_COACH, CalendarAction
from storage.calendar import CalendarFeedToken, CalendarInvite
from tests.bot.calendar.helpers import calls_of
from tests.bot.calendar.reading import starts
from tests.harness import ANA, BEN, CHANNEL, FAC, TEAM, BotUnderTest, action_ids, block_text

URL_START = "/calendar/"


def _say(bot: BotUnderTest, text: str, user: str = FAC, command: str = COMMAND_COACH) -> str:
    delivery = bot.ws.slash_command(user, CHANNEL, command=command, text=text)
    assert delivery.status == 200
    answer = delivery.json or {}
    return block_text(answer.get("blocks")) or str(answer.get("text"))


def _link(text: str) -> str:
    start = text.index("http://")
    return text[start : text.index(".ics", start) + 4]


def _get(url: str, **headers: str) -> tuple[int, Any, bytes]:
    """Status, headers (case-insensitive, as HTTP's) and body."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def _engagement(bot: BotUnderTest) -> int:
    """Fran coaches Ana and Ben in New York time; at support each gets their calls."""
    from datetime import date, time

    from bot.coach.forms import NewEngagement, SlotInput
    from bot.coach.service import coaches

    now = bot.clock.now()
    coaches.add(
        bot.db, team_id=TEAM, by="U0ADMIN", user_id=FAC, lookup=lambda _w: {"is_admin": True}, now=now
    )
    form = NewEngagement(
        name="Ops & <Sales>", leaders=(ANA, BEN), sponsors=(), coach=FAC, colleagues=(), summary_channel=None,
        start=date(2026, 11, 30), cadence_weeks=2, length_months=3,
        slots=(SlotInput(0, time(9, 0)), SlotInput(1, time(10, 0)), SlotInput(3, time(15, 0))),
    )  # fmt: skip
    eid = setup.create_engagement(
        bot.db, team_id=TEAM, creator_id=FAC, zone="America/New_York", form=form, now=now
    )
    for _ in range(3):
        setup.advance(bot.db, engagement_id=eid, user_id=FAC, now=now)
    return eid


def test_the_feed_link_is_shown_once_and_answers_with_304s(bot: BotUnderTest) -> None:
    bot.services.public_url = bot.server.url
    _engagement(bot)
    first = _say(bot, "calendar", user=ANA)
    url = _link(first)
    assert url.startswith(f"{bot.server.url}{URL_START}")
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 43
    with bot.db.read() as s:
        stored = s.exec(select(CalendarFeedToken.token_hash)).all()
    assert token not in "".join(stored)  # only its hash is kept
    assert "http://" not in _say(bot, "calendar", user=ANA)  # it cannot be shown again
    status, headers, body = _get(url)
    assert status == 200
    assert headers["Content-Type"].startswith("text/calendar")
    assert len(starts(body)) == 14  # her call and the three-way call, every 2 weeks for 3 months
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert _get(url, **{"If-None-Match": etag})[:1] == (304,)
    assert _get(url, **{"If-None-Match": etag})[2] == b""
    assert _get(url, **{"If-Modified-Since": modified})[0] == 304
    earlier = format_datetime(datetime(2020, 1, 1, tzinfo=UTC), usegmt=True)
    assert _get(url, **{"If-Modified-Since": earlier})[0] == 200
    assert _get(url, **{"If-None-Match": '"other"', "If-Modified-Since": modified})[0] == 200


def test_replaced_revoked_and_unknown_links_are_404_with_nothing(bot: BotUnderTest) -> None:
    bot.services.public_url = bot.server.url
    old = _link(_say(bot, "calendar", user=BEN))
    assert _get(old)[0] == 200  # an empty calendar is still a calendar
    new = _link(_say(bot, "calendar new", user=BEN))
    assert new != old
    assert _get(old)[:3:2] == (404, b"")
    assert _get(new)[0] == 200
    assert "no calendar feed" in _say(bot, "calendar revoke", user=BEN, command="/assess")
    assert _get(new)[:3:2] == (404, b"")
    for path in ("/calendar/nope.ics", "/calendar/", "/calendar/x", "/calendar/" + "a" * 500 + ".ics"):
        assert _get(bot.server.url + path)[:3:2] == (404, b"")


def test_each_feed_holds_its_owners_calls_only(bot: BotUnderTest) -> None:
    bot.services.public_url = bot.server.url
    eid = _engagement(bot)
    for person in (ANA, BEN, FAC):
        body = _get(_link(_say(bot, "calendar", user=person)))[2]
        assert starts(body) == calls_of(bot.db, eid, person, everyone=person == FAC)
    assert calls_of(bot.db, eid, ANA) != calls_of(bot.db, eid, BEN)


def test_the_feed_follows_a_moved_call(bot: BotUnderTest) -> None:
    bot.services.public_url = bot.server.url
    eid = _engagement(bot)
    url = _link(_say(bot, "calendar", user=ANA))
    _, headers, before = _get(url)
    bot.clock.advance(60)
    from bot.coach.service import calls
    from storage.coach import CoachCall

    with bot.db.read() as s:
        call = s.exec(
            select(CoachCall).where(CoachCall.engagement_id == eid).order_by(col(CoachCall.starts_at))
        ).first()
    assert call is not None
    calls.move_call(
        bot.db, engagement_id=eid, call_id=call.id or 0, user_id=FAC,
        day=call.starts_at.date() + timedelta(days=2), at=call.starts_at.time(), now=bot.clock.now(),
    )  # fmt: skip
    status, after_headers, after = _get(url, **{"If-None-Match": headers["ETag"]})
    assert status == 200
    assert after_headers["ETag"] != headers["ETag"]
    assert starts(after) == calls_of(bot.db, eid, ANA)
    assert starts(after) != starts(before)
    assert _get(url, **{"If-None-Match": after_headers["ETag"]})[0] == 304
    calls.skip_call(bot.db, engagement_id=eid, call_id=call.id or 0, user_id=ANA, now=bot.clock.now())
    status, _, skipped = _get(url, **{"If-None-Match": after_headers["ETag"]})
    assert status == 200
    assert starts(skipped) == calls_of(bot.db, eid, ANA)
    assert len(starts(skipped)) == len(starts(after)) - 1


def test_app_home_button_opens_the_link_in_a_modal_and_it_can_be_replaced(bot: BotUnderTest) -> None:
    bot.services.public_url = bot.server.url
    # The Home tab's button (its renderer belongs to App Home), published as it would be.
    button = ActionsBlock(
        elements=[ButtonElement(text="Calendar", action_id=CalendarAction.FEED_SHOW, value="x")]
    )
    bot.services.client.views_publish(user_id=ANA, view={"type": "home", "blocks": [button.to_dict()]})
    assert bot.ws.click_home_button(ANA, CalendarAction.FEED_SHOW).status == 200
    (view,) = bot.ws.views(ANA)
    shown = _link(block_text(view["blocks"]))
    assert _get(shown)[0] == 200
    assert action_ids(view["blocks"]) == [CalendarAction.FEED_REPLACE, CalendarAction.FEED_REVOKE]
    assert bot.ws.click_view_button(ANA, view["id"], CalendarAction.FEED_REPLACE).status == 200
    replaced = _link(block_text(bot.ws.views(ANA)[-1]["blocks"]))
    assert replaced != shown
    assert _get(shown)[0] == 404
    assert bot.ws.click_view_button(ANA, view["id"], CalendarAction.FEED_REVOKE).status == 200
    assert _get(replaced)[0] == 404


def test_an_ephemeral_answers_buttons_replace_it(bot: BotUnderTest) -> None:
    bot.services.public_url = bot.server.url
    first = _link(_say(bot, "calendar", user=ANA))
    (ephemeral,) = bot.ws.ephemerals(ANA)
    assert bot.ws.click_ephemeral_button(ANA, ephemeral, CalendarAction.FEED_REVOKE).status == 200
    assert _get(first)[0] == 404


def test_without_a_public_address_no_link_is_made(bot: BotUnderTest) -> None:
    assert "COACHBOT_PUBLIC_URL" in _say(bot, "calendar", user=ANA)
    with bot.db.read() as s:
        assert s.exec(select(CalendarFeedToken)).all() == []


def test_a_coach_dates_the_feedback_session_and_the_invites_reach_the_dms(bot: BotUnderTest) -> None:
    from datetime import date, time

    from bot.coach.forms import NewEngagement, SlotInput
    from bot.coach.service import coaches

    now = bot.clock.now()
    coaches.add(
        bot.db, team_id=TEAM, by="U0ADMIN", user_id=FAC, lookup=lambda _w: {"is_admin": True}, now=now
    )
    form = NewEngagement(
        name="Ops", leaders=(ANA, BEN), sponsors=(), coach=FAC, colleagues=(), summary_channel=None,
        start=date(2026, 11, 30), cadence_weeks=2, length_months=3,
        slots=(SlotInput(0, time(9, 0)), SlotInput(1, time(10, 0)), SlotInput(3, time(15, 0))),
    )  # fmt: skip
    setup.create_engagement(bot.db, team_id=TEAM, creator_id=FAC, zone="America/New_York", form=form, now=now)
    assert "is not a day" in _say(bot, "calendar feedback 2026-02-30 09:00")
    assert "not a time of day" in _say(bot, "calendar feedback 2026-12-02 25:00")
    assert "Only the engagement's coach" in _say(bot, "calendar feedback 2026-12-02 09:00", user=ANA)
    answer = _say(bot, "calendar feedback 2026-12-02 09:00")
    assert "feedback session is set" in answer
    bot.advance(8, step=1)
    for person in (ANA, BEN, FAC):
        shared = [m for m in bot.ws.dm_with(person) if m.files]
        assert [f["name"] for m in shared for f in m.files or []] == ["feedback-session.ics"]
        assert "Feedback session" in (shared[0].text or "")
    with bot.db.read() as s:
        assert {r.status for r in s.exec(select(CalendarInvite)).all()} == {"sent"}
    assert calendar  # the use case the command called


def test_the_small_form_dates_a_meeting_with_errors_on_its_fields(bot: BotUnderTest) -> None:
    from datetime import date, time

    from bot.coach.forms import NewEngagement, SlotInput
    from bot.coach.service import coaches
    from bot.ids import VALUE, CalendarBlock, CalendarView

    now = bot.clock.now()
    coaches.add(
        bot.db, team_id=TEAM, by="U0ADMIN", user_id=FAC, lookup=lambda _w: {"is_admin": True}, now=now
    )
    form = NewEngagement(
        name="Ops", leaders=(ANA, BEN), sponsors=(), coach=FAC, colleagues=(), summary_channel=None,
        start=date(2026, 11, 30), cadence_weeks=2, length_months=3,
        slots=(SlotInput(0, time(9, 0)), SlotInput(1, time(10, 0)), SlotInput(3, time(15, 0))),
    )  # fmt: skip
    setup.create_engagement(bot.db, team_id=TEAM, creator_id=FAC, zone="America/New_York", form=form, now=now)
    assert "Only the engagement's coach" in _say(bot, "calendar alignment", user=ANA)
    assert bot.ws.views(ANA) == []
    _say(bot, "calendar alignment")
    (view,) = bot.ws.views(FAC)
    assert view["callback_id"] == CalendarView.MEETING
    assert "America/New_York" in block_text(view["blocks"])

    def submit(day: str | None, at: str | None) -> dict[str, Any]:
        values: dict[str, dict[str, Any]] = {}
        if day:
            values[CalendarBlock.DAY] = {VALUE: {"type": "datepicker", "selected_date": day}}
        if at:
            values[CalendarBlock.TIME] = {VALUE: {"type": "timepicker", "selected_time": at}}
        return bot.ws.submit_view(FAC, view["id"], values=values).json or {}

    assert submit("2020-01-01", None)["errors"] == {
        CalendarBlock.DAY: "Choose a day in the future.",
        CalendarBlock.TIME: "Choose the time.",
    }
    assert "past" in submit(now.date().isoformat(), "00:00")["errors"][CalendarBlock.DAY]  # said on the day
    assert submit("2026-12-02", "14:00") == {}
    bot.advance(8, step=1)
    for person in (ANA, BEN, FAC):
        names = [f["name"] for m in bot.ws.dm_with(person) for f in m.files or []]
        assert names == ["alignment-meeting.ics"]
