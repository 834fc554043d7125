from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.slack.budget import CARD_UPDATES, PRESS_RESERVE, URGENT_RESERVE, Budget, Rate

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_no_sixty_second_window_exceeds_the_rate_plus_burst() -> None:
    budget = Budget()
    granted = [
        T0 + timedelta(seconds=t / 10)
        for t in range(0, 6000)
        if budget.try_take("update:T1", CARD_UPDATES, T0 + timedelta(seconds=t / 10))
    ]
    worst = max(sum(1 for g in granted if s <= g < s + timedelta(seconds=60)) for s in granted)
    assert worst <= 50
    assert len(granted) >= 45 * 9  # and it does not starve either


def test_block_honours_retry_after() -> None:
    budget = Budget()
    rate = Rate(per_minute=60, burst=3)
    budget.block("post:C1", T0 + timedelta(seconds=5))
    assert not budget.try_take("post:C1", rate, T0 + timedelta(seconds=4))
    assert budget.try_take("post:C1", rate, T0 + timedelta(seconds=6))
    assert budget.try_take("post:C2", rate, T0)  # other keys are not affected


def test_countdown_edits_leave_a_reserve_for_urgent_ones() -> None:
    budget = Budget()
    taken = 0
    while budget.try_take("update:T1", CARD_UPDATES, T0, keep=URGENT_RESERVE):
        taken += 1
    assert taken == CARD_UPDATES.burst - URGENT_RESERVE
    # A facilitator's press right after: its edit still has a token, and so does the next one.
    assert budget.try_take("update:T1", CARD_UPDATES, T0)
    assert budget.try_take("update:T1", CARD_UPDATES, T0)
    assert not budget.try_take("update:T1", CARD_UPDATES, T0)
    # The reserve does not slow countdowns down over a minute: the refill goes to them once it is back.
    later = T0 + timedelta(seconds=60)
    assert budget.try_take("update:T1", CARD_UPDATES, later, keep=URGENT_RESERVE)


def test_card_edits_leave_tokens_to_the_ranks_above_them() -> None:
    """Countdowns leave tokens to phase changes and presses; phase changes leave one to a press."""
    budget = Budget()
    countdowns = 0
    while budget.try_take("update:T1", CARD_UPDATES, T0, keep=PRESS_RESERVE + URGENT_RESERVE):
        countdowns += 1
    changes = 0
    while budget.try_take("update:T1", CARD_UPDATES, T0, keep=PRESS_RESERVE):
        changes += 1
    assert (countdowns, changes) == (CARD_UPDATES.burst - 3, 2)
    assert budget.try_take("update:T1", CARD_UPDATES, T0)  # a press still has its token
    assert not budget.try_take("update:T1", CARD_UPDATES, T0)
