"""The Home tab rendered from a view, without a database or Slack: its buttons, its empty form, and that it
stays within what Slack takes (100 blocks, 250 kB, each block's limits) however much a person has."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bot.home.render import home_view
from bot.home.view import (
    EngagementState,
    Event,
    GroupReadiness,
    HomeView,
    Place,
    Task,
    ToDo,
    Upcoming,
    urgency,
)
from bot.ids import CalendarAction, CoachAction, SeriesAction
from localslack.api_views import MAX_VIEW_BYTES
from localslack.blocks import MAX_VIEW_BLOCKS, check_blocks
from tests.property.strategies import USERS, hostile_text

AT = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
OPS = Place(engagement="Ops & <Sales>")
TEAM = Place(channel_id="C0TEAM")


def _blocks(view: HomeView) -> list[dict[str, Any]]:
    rendered = home_view(view).to_dict()
    assert rendered["type"] == "home"
    blocks: list[dict[str, Any]] = rendered["blocks"]
    return blocks


def _buttons(blocks: list[dict[str, Any]]) -> list[tuple[str, str]]:
    found = [b.get("accessory", e) for b in blocks for e in b.get("elements", [b])]
    found = [e for e in found if e.get("type") == "button"]
    return [(e["action_id"], e.get("value", "")) for e in found]


def test_nothing_at_all_says_how_to_start_under_the_calendar_button() -> None:
    blocks = _blocks(HomeView())
    assert blocks[1]["elements"][0]["action_id"] == CalendarAction.FEED_SHOW.value
    said = str(blocks)
    assert "Nothing here for you yet" in said
    assert "`/assess plan`" in said
    assert "`/coach new`" in said


def test_each_thing_owed_carries_the_button_its_dm_carries() -> None:
    todo = [
        ToDo(Task.INTAKE, OPS, AT, "7"),
        ToDo(Task.CHECKIN, OPS, AT, "7:31", at=AT - timedelta(hours=1)),
        ToDo(Task.CONFIRM, OPS, AT, "7:4", with_id="U0ANA"),
        ToDo(Task.TELL, OPS, None, "7:9", with_id="U0PIA"),
        ToDo(Task.PREPARE, TEAM, AT, "3"),
        ToDo(Task.PREPARED, TEAM, AT, "5"),
    ]
    blocks = _blocks(HomeView(todo=todo))
    assert _buttons(blocks) == [
        (CalendarAction.FEED_SHOW.value, "show"),
        (CoachAction.OPEN_INTAKE.value, "7"),
        (CoachAction.OPEN_CHECKIN.value, "7:31"),
        (CoachAction.CONFIRM_COMMITMENT.value, "7:4"),
        (CoachAction.TOLD_COLLEAGUE.value, "7:9"),
        (SeriesAction.OPEN_PREP.value, "3"),
        (SeriesAction.OPEN_PREP.value, "5"),
    ]
    said = str(blocks)
    assert "*Ops &amp; &lt;Sales&gt;*" in said  # the name its coach typed, escaped
    assert "<@U0PIA>" in said
    assert "Edit preparation" in said


def test_the_most_urgent_comes_first_and_what_is_done_last() -> None:
    later, sooner = ToDo(Task.CONFIRM, OPS, AT, "7:1"), ToDo(Task.INTAKE, OPS, AT - timedelta(days=1), "7")
    undated, done = ToDo(Task.TELL, OPS, None, "7:2"), ToDo(Task.PREPARED, TEAM, AT - timedelta(days=9), "5")
    assert sorted([done, undated, later, sooner], key=urgency) == [sooner, later, undated, done]


def test_a_coach_sees_counts_a_leader_only_the_stage() -> None:
    coach = EngagementState("Ops", "support", ("coach", "creator"), AT, (3, 4), 1, (1, 2), 5, (6, 1))
    leader = EngagementState("Ops", "support", ("leader",), AT)
    blocks = _blocks(HomeView(engagements=[coach, leader]))
    said = [str(b) for b in blocks if "*Ops*" in str(b)]
    assert "intake 3 of 4 in" in said[0]
    assert "calls held 6, skipped 1" in said[0]
    assert "you: coach" in said[0]
    assert "creator" not in said[0]
    assert "Coaching support · you: leader" in said[1]
    assert "intake" not in said[1]


places = st.one_of(
    st.builds(Place, engagement=hostile_text(80)),
    st.builds(Place, channel_id=st.sampled_from(["C0TEAM", "C0QUIET"])),
)
instants = st.integers(0, 400 * 86400).map(lambda s: AT + timedelta(seconds=s))
users = st.sampled_from(USERS)
upcoming = st.builds(
    Upcoming, instants, st.sampled_from(list(Event)), places, st.none() | users, st.integers(1, 12)
)
todos = st.builds(
    ToDo,
    st.sampled_from(list(Task)),
    places,
    st.none() | instants,
    st.text(alphabet="0123456789:", min_size=1, max_size=12),
    st.none() | users,
    st.none() | instants,
)
counts = st.tuples(st.integers(0, 10**6), st.integers(0, 10**6))
engagements = st.builds(
    EngagementState,
    hostile_text(80),
    st.sampled_from(["intake", "feedback", "alignment", "support"]),
    st.lists(st.sampled_from(["leader", "coach", "sponsor", "colleague", "creator"]), max_size=3).map(tuple),
    st.none() | instants,
    st.none() | counts,
    st.none() | st.integers(0, 10**6),
    st.none() | counts,
    st.none() | st.integers(0, 10**6),
    st.none() | counts,
)
groups = st.builds(
    GroupReadiness,
    st.sampled_from(["C0TEAM", "C0QUIET"]),
    st.none() | instants,
    st.lists(users, max_size=10).map(lambda xs: tuple(xs * 30)),
    st.lists(users, max_size=10).map(lambda xs: tuple(xs * 30)),
)


def _many(items: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    """A few generated items repeated up to 80 times: hundreds of entries, cheap to generate."""
    return st.builds(lambda few, times: few * times, st.lists(items, max_size=5), st.integers(1, 80))


@given(ahead=_many(upcoming), todo=_many(todos), states=_many(engagements), ready=_many(groups))
def test_however_much_a_person_has_the_tab_is_one_slack_takes(
    ahead: list[Upcoming], todo: list[ToDo], states: list[EngagementState], ready: list[GroupReadiness]
) -> None:
    ahead, todo = sorted(ahead, key=lambda x: x.at), sorted(todo, key=urgency)
    view = HomeView(ahead, todo, states, ready)
    blocks = _blocks(view)
    assert len(blocks) <= MAX_VIEW_BLOCKS
    check_blocks(blocks, MAX_VIEW_BLOCKS)  # the local Slack's own checks: text, buttons, block counts
    assert len(json.dumps({"type": "home", "blocks": blocks})) <= MAX_VIEW_BYTES
    said = json.dumps(blocks)
    assert "<!channel>" not in said
    assert "<!here>" not in said
    shown = sum(1 for b in blocks if "accessory" in b)
    items = len(todo) + len(states) + len(ready)
    sections = [b for b in blocks if b["type"] == "section" and "accessory" not in b]
    listed = shown + len(sections) - (1 if ahead else 0)
    if listed < items:  # the rest is counted, with the commands that list it
        assert "more" in str(blocks[-2])
        assert "`/coach status` and `/assess plans`" in str(blocks[-2])
    if todo:  # the most urgent is shown first
        first = next(b for b in blocks if "accessory" in b)
        assert first["accessory"]["value"] == todo[0].value


def test_a_tab_of_full_sections_stops_short_of_250_kb_and_counts_the_rest() -> None:
    # 95 groups of 300 leaders each: within 100 blocks, but their JSON alone would be some 290 kB.
    full = GroupReadiness("C0TEAM", AT, (), tuple(f"U0{n:07d}" for n in range(300)))
    blocks = _blocks(HomeView(groups=[full] * 95))
    assert len(json.dumps({"type": "home", "blocks": blocks})) <= MAX_VIEW_BYTES
    shown = sum(1 for b in blocks if "who is ready" in str(b))
    assert 60 < shown < 95
    assert f"and {95 - shown} more engagements and groups" in str(blocks[-2])
