"""bot/slack/fit.py: any text, escaped and fitted, is within Slack's limits, cut safely, and cannot ping."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import SectionBlock

from bot.slack import fit
from bot.slack.text import escape, local_time, mention

# How many examples comes from the Hypothesis profile (100 by default; CI may load a larger one).
PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

LIVE_TOKENS = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U0123ABC>",
    "<#C0123ABC>",
    "<!subteam^S0123ABC>",
    "<https://evil.example/login|Open the HR portal>",
    "<!date^1795424400^{time}|09:00 UTC>",
]
PIECES = st.sampled_from(
    [
        *LIVE_TOKENS,
        "&",
        "<",
        ">",
        "&amp;",
        "&lt;",
        "*",
        "_",
        "~",
        "`",
        "\n",
        " ",
        "👍🏽",
        "👨\u200d👩\u200d👧",
        "e\u0301",
        "\u05e9\u05dc\u05d5\u05dd",  # Hebrew, right to left
        "\u0627\u0644\u0633\u0644\u0627\u0645",  # Arabic
        "\u202e",
        "١٢٣",
        "²",
    ]
)
TYPED = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(PIECES, st.text(max_size=30)), max_size=400).map("".join),
    st.tuples(st.sampled_from("a&<é👍"), st.integers(0, 50_000)).map(lambda t: t[0] * t[1]),
)
LIMITS = st.sampled_from(
    [fit.SECTION_TEXT, fit.SECTION_FIELD, fit.HEADER, fit.BUTTON_TEXT, fit.MODAL_TITLE, 10, 2, 1]
)
ENTITY = re.compile(r"&(amp|lt|gt);")


def _safe_prefix(prefix: str, whole: str) -> bool:
    """prefix starts `whole` and ends at a boundary: no entity or `<…>` token is split."""
    if not whole.startswith(prefix.rstrip()):
        return False
    rest = ENTITY.sub("", prefix)
    if "&" in rest and "&" not in ENTITY.sub("", whole):
        return False  # a torn entity such as `&am`
    return prefix.count("<") == prefix.count(">")


@PROPERTY
@given(text=TYPED, limit=LIMITS)
def test_typed_text_fits_is_a_safe_prefix_and_cannot_ping(text: str, limit: int) -> None:
    fitted = fit.typed(text, limit)
    assert len(fitted) <= limit
    assert "<" not in fitted  # no live token of any kind
    assert ">" not in fitted
    kept = fitted.removesuffix(fit.ELLIPSIS) if fitted != escape(text) else fitted
    assert _safe_prefix(kept, escape(text))
    if len(escape(text)) <= limit:
        assert fitted == escape(text)


@PROPERTY
@given(
    parts=st.lists(
        st.one_of(
            TYPED.map(lambda t: ("typed", t)),
            st.sampled_from(LIVE_TOKENS).map(lambda t: ("ours", t)),
        ),
        max_size=60,
    ),
    limit=LIMITS,
)
def test_bot_tokens_mixed_with_typed_text_are_never_split(parts: list[tuple[str, str]], limit: int) -> None:
    whole = "".join(escape(t) if kind == "typed" else t for kind, t in parts)
    fitted = fit.cut(whole, limit)
    assert len(fitted) <= limit
    kept = fitted.removesuffix(fit.ELLIPSIS) if fitted != whole else fitted
    assert _safe_prefix(kept, whole)
    live = re.findall(r"<[^<>]*>", fitted)
    assert all(token in LIVE_TOKENS for token in live)


@PROPERTY
@given(items=st.lists(TYPED, max_size=300), limit=st.sampled_from([fit.SECTION_TEXT, fit.CONTEXT_TEXT, 200]))
def test_growing_lists_fit_and_say_how_many_were_left_out(items: list[str], limit: int) -> None:
    shown = [fit.typed(i, 500) for i in items]
    text, taken = fit.pack(shown, limit, head="*Writers*")
    assert len(text) <= limit
    assert "<" not in text
    if taken < len(items):
        assert text.endswith(f"and {len(items) - taken} more")
    for page in fit.chunks(shown, limit):
        assert len(page) <= limit
        SectionBlock(text=page).to_dict()  # slack_sdk validates the limit too


def test_cut_keeps_text_that_fits_and_marks_a_cut() -> None:
    assert fit.cut("hello", 5) == "hello"
    assert fit.cut("hello world", 8) == "hello w…"
    assert fit.cut("", 3) == ""


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("a &amp; b", 5, "a…"),  # not `a &a…`
        (f"Ask {mention('U0123')} now", 8, "Ask…"),
        (f"at {local_time(datetime(2026, 1, 1, tzinfo=UTC))}!", 10, "at…"),
        ("cafe\u0301 ok", 5, "caf…"),  # the accent stays with its letter
        ("ok 👍🏽 fine", 5, "ok…"),  # the skin tone stays with its hand
        ("a 👨\u200d👩\u200d👧 b", 5, "a…"),  # a family emoji is not cut after a joiner
        ("<https://x.example|a long label> tail", 20, "…"),
    ],
)
def test_a_cut_never_splits_an_entity_a_token_or_a_character(text: str, limit: int, expected: str) -> None:
    assert fit.cut(text, limit) == expected


def test_typed_pings_and_links_are_shown_not_live() -> None:
    raw = "HR review <!here> <https://evil.example/login|Open the HR portal> <@U1> <!subteam^S1>"
    shown = fit.typed(raw)
    assert shown == (
        "HR review &lt;!here&gt; &lt;https://evil.example/login|Open the HR portal&gt; "
        "&lt;@U1&gt; &lt;!subteam^S1&gt;"
    )


def test_lines_say_and_n_more() -> None:
    names = [f"<@U{n:04d}>" for n in range(400)]
    text = fit.lines(names, 200, sep=", ")
    assert len(text) <= 200
    assert re.search(r"and \d+ more$", text)
    assert fit.lines(["a", "b"], 200) == "a\nb"


def test_blocks_are_capped_with_a_closing_line() -> None:
    blocks = [SectionBlock(text=str(n)) for n in range(120)]
    capped = fit.cap_blocks(blocks, fit.VIEW_BLOCKS, more=lambda n: f"and {n} more: /assess plans")
    assert len(capped) == fit.VIEW_BLOCKS
    assert capped[-1].to_dict()["elements"][0]["text"] == "and 21 more: /assess plans"
    assert fit.cap_blocks(blocks[:3]) == blocks[:3]
    assert [len(p) for p in fit.page_blocks(blocks)] == [50, 50, 20]


def test_context_elements_are_at_most_ten() -> None:
    texts = fit.context_texts([f"item {n}" for n in range(14)])
    assert len(texts) == fit.CONTEXT_ELEMENTS
    assert texts[-1] == "item 9 · item 10 · item 11 · item 12 · item 13"


def test_plain_text_is_one_line_and_short() -> None:
    assert (
        fit.plain("Weekly\n  check-in with the leadership group", fit.MODAL_TITLE)
        == "Weekly check-in with th…"
    )
