"""Typed input checked before use: ASCII whole numbers, real calendar days and clock times, text that fits."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.inputs import (
    LONG_ANSWER,
    NAME,
    QUOTED_ANSWER,
    calendar_day,
    clock_time,
    decimal,
    shown_length,
    too_far,
    whole_number,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("4", 4), ("04", 4), ("50", 50), ("51", None), ("2", None), ("²", None), ("٤", None), ("\uff14", None),
     ("-4", None), ("+4", None), (" 4", None), ("4.0", None), ("1_0", None), ("", None), ("9" * 5000, None)],
)  # fmt: skip
def test_whole_numbers_are_ascii_digits_in_range(raw: str, expected: int | None) -> None:
    assert whole_number(raw, low=3, high=50) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("24", 24.0), ("0.5", 0.5), ("1e2", None), ("nan", None), ("inf", None), ("1_0", None), ("٣", None),
     ("-1", None), (".5", None)],
)  # fmt: skip
def test_decimals_are_ascii(raw: str, expected: float | None) -> None:
    assert decimal(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2026-12-21", date(2026, 12, 21)), ("2028-02-29", date(2028, 2, 29)), ("2027-02-29", None),
     ("2026-02-30", None), ("0000-01-01", None), ("9999-12-31", date(9999, 12, 31)), ("2026-13-01", None),
     ("21/12/2026", None), ("\uff12\uff10\uff12\uff16-12-21", None), ("2026-12-21T00:00", None), ("", None)],
)  # fmt: skip
def test_calendar_days_exist(raw: str, expected: date | None) -> None:
    assert calendar_day(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("15:00", time(15)), ("9:05", time(9, 5)), ("23:59:59", time(23, 59, 59)), ("24:00", None),
     ("25:00", None), ("12:60", None), ("\u0661\u0662:\u0660\u0660", None), ("noon", None), ("", None)],
)  # fmt: skip
def test_clock_times_exist(raw: str, expected: time | None) -> None:
    assert clock_time(raw) == expected


def test_dates_more_than_five_years_ahead_are_too_far() -> None:
    today = date(2026, 11, 23)
    assert too_far(date(2031, 11, 21), today) is None
    assert "within the next 5 years" in (too_far(date(2031, 11, 23), today) or "")


def test_text_limits_count_what_the_message_shows() -> None:
    assert LONG_ANSWER.problem("x" * 2000) is None
    assert LONG_ANSWER.problem("x" * 2001) == "At most 2,000 characters, please: this has 2,001."
    assert LONG_ANSWER.problem("&" * 500) is None  # 2,500 once escaped: still fits
    assert "spells out each &" in (LONG_ANSWER.problem("&" * 501) or "")
    assert QUOTED_ANSWER.problem("\n".join(["ok"] * 41)) == "At most 40 lines, please: this has 41."
    assert NAME.problem("Ops\nSales") == "One line, please."
    assert shown_length("a\nb", quoted=True) == 3 + 4


@given(st.text())
def test_parsers_never_raise(raw: str) -> None:
    whole_number(raw, low=0, high=10)
    decimal(raw)
    calendar_day(raw)
    clock_time(raw)
    for limit in (LONG_ANSWER, QUOTED_ANSWER, NAME):
        problem = limit.problem(raw)
        fits = len(raw) <= limit.chars and raw.count("\n") < limit.lines
        assert problem is None or not fits or shown_length(raw, quoted=limit.quoted) > limit.shown
