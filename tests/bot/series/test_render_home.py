"""The Home tab rendered from a view, without a database or Slack."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.ids import SeriesAction
from bot.series.domain import SessionStatus
from bot.series.render.home import HomeView, Readiness, ToPrepare, Upcoming, home_view
from bot.slack import fit

AT = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def _texts(view: dict[str, Any]) -> str:
    return str(view["blocks"])


def test_nothing_planned_says_how_to_plan() -> None:
    view = home_view(HomeView([], [], [])).to_dict()
    assert view["type"] == "home"
    assert "Nothing planned for you yet" in _texts(view)


def test_a_leader_sees_the_session_and_the_button_for_their_preparation() -> None:
    view = home_view(
        HomeView(
            [Upcoming(2, AT, SessionStatus.MOVED, "C1")],
            [ToPrepare(7, "C1", prepared=True, due=AT)],
            [],
        )
    ).to_dict()
    shown = _texts(view)
    assert "Session 2:" in shown
    assert "(moved) in <#C1>" in shown
    assert "Edit preparation" in shown
    assert "Nothing planned" not in shown
    blocks: list[dict[str, Any]] = view["blocks"]
    buttons = [e for b in blocks if b.get("type") == "actions" for e in b["elements"]]
    assert [(b["action_id"], b["value"]) for b in buttons] == [(SeriesAction.OPEN_PREP.value, "7")]


def test_whole_groups_fit_the_tab_then_a_count_of_the_rest() -> None:
    groups = [Readiness(f"C{i}", ["U1"], ["U2"]) for i in range(60)]
    view = home_view(HomeView([], [], groups)).to_dict()
    blocks: list[dict[str, Any]] = view["blocks"]
    assert len(blocks) <= fit.VIEW_BLOCKS
    assert "more series: `/assess plans`" in str(blocks[-1])
    shown = sum(1 for b in blocks if b.get("type") == "divider")
    assert f"and {60 - shown} more series" in str(blocks[-1])
