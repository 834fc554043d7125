"""Generated input of the kinds people type: markup, mentions, links, emoji, marks, right-to-left text, digits
of other scripts, and lengths up to and past each field's limit."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from tests.harness import ANA, BEN, CHO, FAC, PETE, PIA

PIECES = (
    "&", "<", ">", "*", "_", "~", "`", "```", "&amp;", "&lt;", "<!channel>", "<!here>", "<!everyone>",
    f"<@{ANA}>", f"<@{ANA}|ana>", "<@U0NOBODY>", "<#C0TEAM>", "<#C0TEAM|team>", "<!subteam^S0LEADS|@leads>",
    "<https://example.com|click here>", "https://example.com/?a=1&b=<2>", "<mailto:x@example.com|mail>",
    "<!date^1700000000^{date}|then>", ":tada:", "\U0001f600", "\U0001f469\u200d\U0001f469\u200d\U0001f467",
    "\U0001f1f5\U0001f1f9", "e\u0301", "a\u0308\u0301\u0323", "Z\u0351\u0352\u0353\u0354",
    "\u0645\u0631\u062d\u0628\u0627",
    "\u05e9\u05dc\u05d5\u05dd", "\u202e", "\u200f", "\u00b2", "\u0663", "\u07c3", "\u09e9", "\uff11\uff12",
    "\u00a0", "\t", "\n", "\n\n", " ", "\r\n", "\u2028", "\x00", "> quoted", "- item", "1. item",
)  # fmt: skip
USERS = (ANA, BEN, CHO, PIA, PETE, FAC, "U0NOBODY", "U0OTHERBOT", "U0GONE", "W0ELSEWHERE")

piece = st.one_of(st.sampled_from(PIECES), st.text(max_size=6))


def _stretch(pieces: list[str], length: int) -> str:
    joined = "".join(pieces) or "x"
    return (joined * (length // len(joined) + 1))[:length]


def hostile_text(limit: int) -> st.SearchStrategy[str]:
    """Text built from awkward pieces, repeated to a length up to, around and past `limit`."""
    lengths = st.one_of(
        st.integers(0, limit),
        st.integers(max(limit - 30, 0), limit + 30),
        st.integers(limit, 3 * limit + 10),
    )
    return st.builds(_stretch, st.lists(piece, min_size=1, max_size=10), lengths)


def long_text(limit: int) -> st.SearchStrategy[str]:
    """Long answers that a form takes: most of `limit`, with few characters that escaping lengthens."""
    calm = st.sampled_from(["word ", "\u00e9", "\U0001f600", f"<@{ANA}>", "\n", "\u05e9\u05dc\u05d5\u05dd "])
    return st.builds(_stretch, st.lists(calm, min_size=1, max_size=5), st.integers(limit * 3 // 5, limit))


def short_text() -> st.SearchStrategy[str]:
    return st.builds(_stretch, st.lists(piece, min_size=1, max_size=4), st.integers(0, 40))


NUMBERS = (
    "", "0", "1", "2", "3", "4", "12", "50", "51", "-1", "+3", "3.5", "1e2", "nan", "inf", "1_0", "\u00b2",
    "\u0663", "\u07c3", "\u09e9", "\uff11\uff12", "9" * 5000, " 4", "0x10", "\u216b", "24, 1", "24,1,0.5,168",
    "0.001", "169", "1,2,3,4,5",
)  # fmt: skip
DAYS = (
    "2026-11-30", "2026-11-23", "2025-01-01", "9999-12-31", "0001-01-01", "0000-01-01", "2027-02-30",
    "2026-13-01", "", "tomorrow", "\uff12\uff10\uff12\uff16-11-30", "2031-11-21", "2031-11-24", "30/11/2026",
)  # fmt: skip
TIMES = ("09:00", "00:00", "23:59", "24:00", "25:00", "12:60", "", "9", "\u0661\u0660:\u0660\u0660")

numbers = st.one_of(
    st.sampled_from(NUMBERS),
    st.integers(-5, 200).map(str),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), max_size=6),
)
days = st.one_of(
    st.sampled_from(DAYS),
    st.dates().map(lambda d: d.isoformat()),
    st.dates(date(2026, 11, 24), date(2027, 12, 31)).map(
        lambda d: d.isoformat()
    ),  # ahead of the test's clock
)
times = st.one_of(st.sampled_from(TIMES), st.times().map(lambda t: t.strftime("%H:%M")))
users = st.sampled_from(USERS)


def user_lists(most: int) -> st.SearchStrategy[list[str]]:
    """Some of the workspace's people (and a few it does not have), sometimes more than a form allows."""
    many = st.integers(0, most + 5).map(lambda n: [f"U0X{i:03d}" for i in range(n)])
    return st.one_of(st.lists(users, max_size=6, unique=True), many)


@st.composite
def mostly(draw: st.DrawFn, valid: dict[str, Any], wild: dict[str, st.SearchStrategy[Any]]) -> dict[str, Any]:
    """A form's values: all wild, or valid but for up to two wild fields (so that some are accepted)."""
    names = sorted(wild)
    chosen = set(names) if draw(st.booleans()) else draw(st.sets(st.sampled_from(names), max_size=2))
    return {name: draw(wild[name]) if name in chosen else valid[name] for name in names}
