"""Slack's size limits in one place: text is escaped first, then cut or paged so that Slack accepts it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from slack_sdk.models.blocks import Block, ContextBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject

from bot.slack.text import escape

# Block Kit and Web API limits, in characters as slack_sdk counts them (Python code points).
SECTION_TEXT = 3000
CONTEXT_TEXT = 3000
SECTION_FIELD = 2000
HEADER = 150
BUTTON_TEXT = 75
OPTION_TEXT = 75
MODAL_TITLE = 24
FALLBACK_TEXT = 3900  # Slack truncates `text` past 40,000; notifications show far less, so stay under 4,000
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100  # a modal or the Home tab
VIEW_BYTES = 250_000  # a view's JSON ("view_too_large" past it): 100 full sections would be about 300 kB
CONTEXT_ELEMENTS = 10
ALT_TEXT = 1000  # an uploaded image's alt_txt ("alt_txt_too_large" past it)
ACCESSIBILITY_LABEL = 75  # a button's accessibility_label

ELLIPSIS = "…"

# What a cut must never split: an entity (`&amp;`) and anything in angle brackets that coachbot wrote
# itself (`<@U1>`, `<#C1>`, `<!subteam^S1>`, `<https://x|label>`, `<!date^…|…>`). Escaped typed text has
# no raw `<`, so every `<…>` in it is ours.
_ATOM = re.compile(r"&[A-Za-z0-9#]{1,10};|<[^<>]*>")
# Joiners and marks that belong to the character before them: a cut before one would change that character.
_JOINERS = {"\u200d", "\u200c", "\u20e3"}
ZWJ = "\u200d"  # joins emoji into one (a family): a cut just after it would leave half an emoji
# An `&` that Slack's encoding did not produce: a stray one is shown as itself.
_LOOSE_AMP = re.compile(r"&(?!(?:amp|lt|gt);)")


def more_text(count: int) -> str:
    return f"and {count} more"


def cut(text: str, limit: int) -> str:
    """`text` when it fits; otherwise its longest safe prefix and "…", at most `limit` characters in all."""
    if len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    return _prefix(text, limit - len(ELLIPSIS)) + ELLIPSIS


def _prefix(text: str, end: int) -> str:
    """text[:end] moved back so that it splits no escape, bot-made token, or character with its marks."""
    end = max(end, 0)
    for atom in _ATOM.finditer(text):
        if atom.start() >= end:
            break
        if atom.end() > end:
            end = atom.start()
            break
    while 0 < end < len(text) and (_clings(text[end]) or text[end - 1] == ZWJ):
        end -= 1
    return text[:end].rstrip()


def _clings(char: str) -> bool:
    if char in _JOINERS or unicodedata.combining(char):
        return True
    if unicodedata.category(char) in ("Mn", "Me", "Mc"):
        return True
    return "\ufe00" <= char <= "\ufe0f" or "\U0001f3fb" <= char <= "\U0001f3ff"  # variation, skin tone


def typed(text: str, limit: int = SECTION_TEXT) -> str:
    """Text a person typed, escaped so it cannot ping or link, then cut to `limit`."""
    return cut(escape(text), limit)


def inert(text: str, limit: int = SECTION_TEXT) -> str:
    """Text Slack delivered in a message event, re-posted: Slack already encoded `&`, `<` and `>` in it,
    but the mentions, broadcasts and links people put in are live tokens; show them as text instead."""
    text = _LOOSE_AMP.sub("&amp;", text)
    return cut(text.replace("<", "&lt;").replace(">", "&gt;"), limit)


def plain(text: str, limit: int) -> str:
    """Text for a plain_text object (header, button, option, modal title): Slack parses no markup there."""
    return cut(" ".join(text.split()), limit)


def fallback(text: str) -> str:
    """A message's `text` argument, what notifications show."""
    return cut(text, FALLBACK_TEXT)


def lines(
    items: Sequence[str],
    limit: int = SECTION_TEXT,
    *,
    head: str = "",
    more: Callable[[int], str] = more_text,
    sep: str = "\n",
) -> str:
    """`head` and as many items as fit in `limit`, then a line "and N more" for the rest."""
    return pack(items, limit, head=head, more=more, sep=sep)[0]


def pack(
    items: Sequence[str],
    limit: int = SECTION_TEXT,
    *,
    head: str = "",
    more: Callable[[int], str] = more_text,
    sep: str = "\n",
) -> tuple[str, int]:
    """Like `lines`, and how many items it holds. An item too long on its own is cut."""
    text, taken = head, 0
    for item in items:
        rest = len(items) - taken - 1
        tail = (sep + more(rest)) if rest else ""
        joined = f"{text}{sep}{item}" if text else item
        if len(joined) + len(tail) <= limit:
            text, taken = joined, taken + 1
            continue
        if not taken:
            # not even the first fits whole: show the start of it rather than nothing
            room = limit - len(text) - (len(sep) if text else 0) - len(tail)
            if room > 20:
                first = cut(item, room)
                text, taken = (f"{text}{sep}{first}" if text else first), 1
        break
    left = len(items) - taken
    if left:
        text = f"{text}{sep}{more(left)}" if text else more(left)
    return cut(text, limit), taken


def chunks(items: Sequence[str], limit: int = SECTION_TEXT, *, head: str = "", sep: str = "\n") -> list[str]:
    """Items joined into texts of at most `limit` characters each (pages); an over-long item is cut."""
    pages: list[str] = []
    current = head
    for raw in items:
        item = cut(raw, limit)
        if not current:
            current = item
        elif len(current) + len(sep) + len(item) <= limit:
            current = f"{current}{sep}{item}"
        else:
            pages.append(current)
            current = item
    if current:
        pages.append(cut(current, limit))
    return pages


def context(text: str) -> ContextBlock:
    """A context block of one mrkdwn element, cut to Slack's limit."""
    return ContextBlock(elements=[MarkdownTextObject(text=cut(text, CONTEXT_TEXT))])


def context_texts(texts: Sequence[str]) -> list[str]:
    """At most ten context elements: the rest are joined into the tenth."""
    fitted = [cut(t, CONTEXT_TEXT) for t in texts[:CONTEXT_ELEMENTS]]
    if len(texts) > CONTEXT_ELEMENTS:
        fitted[-1] = cut(" · ".join(texts[CONTEXT_ELEMENTS - 1 :]), CONTEXT_TEXT)
    return fitted


def cap_blocks(
    blocks: Sequence[Block],
    limit: int = MESSAGE_BLOCKS,
    *,
    more: Callable[[int], str] | None = None,
) -> list[Block]:
    """At most `limit` blocks; past it, the last one says how many were left out ("and N more")."""
    if len(blocks) <= limit:
        return list(blocks)
    kept = list(blocks[: limit - 1])
    left = len(blocks) - len(kept)
    return [*kept, context((more or more_text)(left))]


def page_blocks(blocks: Sequence[Block], limit: int = MESSAGE_BLOCKS) -> list[list[Block]]:
    """Blocks split into messages of at most `limit` blocks each."""
    return [list(blocks[i : i + limit]) for i in range(0, len(blocks), limit)] or [[]]
