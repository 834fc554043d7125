"""A digest's share button, the page a sponsor receives, and the DM once shared."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block, ConfirmObject

from bot.ids import AssessBlock, AssessExtra
from bot.slack.blocks import actions, button, context
from bot.slack.effects import Rendered

LABEL = "Share my digest with the sponsor(s)"


def with_share_button(page: Rendered, round_id: int) -> Rendered:
    share = button(
        AssessExtra.SHARE_DIGEST,
        LABEL,
        str(round_id),
        confirm=ConfirmObject(
            title="Share your digest?",
            text="Your sponsors will see this whole digest, with your peers' names and words.",
            confirm="Share",
            deny="Keep it private",
        ),
    )
    return Rendered(text=page.text, blocks=[*page.blocks, actions(share, block_id=AssessBlock.SHARE)])


def shared_page(page: Rendered, intro: str | None) -> Rendered:
    # "You" in the digest means the leader; for the sponsor the intro says whose digest it is, in place
    # of the leader's "only you can see this" line.
    audience = AssessBlock.DIGEST_AUDIENCE
    blocks = [
        context(intro, block_id=audience) if intro and b.block_id == audience else b for b in page.blocks
    ]
    return Rendered(text=f"Shared digest: {page.text}", blocks=blocks)


def replace_button(blocks: Sequence[Block], line: str) -> list[Block]:
    """The digest DM as it was, with the share button replaced by who it was shared with and when."""
    kept = [b for b in blocks if b.block_id != AssessBlock.SHARE]
    return [*kept, context(line)]
