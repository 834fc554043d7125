"""What a live card says at `now`: its renderer's message, serialized here so that a block over Slack's
limits is found before the send; its plain form when that cannot be built or Slack refuses the content;
a last line when not even that can be built."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from bot.failures import error_kind
from bot.slack.delivery import Renderer
from bot.slack.effects import Rendered
from bot.slack.errors import Failure
from storage.db import Database
from storage.platform import MessageAnchor

log = logging.getLogger(__name__)

# Slack's answers that mean "not this content": the card's plain form is tried at once.
REFUSED_CONTENT = frozenset(
    {"invalid_blocks", "invalid_blocks_format", "msg_too_long", "msg_blocks_too_long", "invalid_arguments"}
)
# The last resort when not even a card's plain form can be built.
UNSHOWABLE = "This card could not be shown. `/assess status` says where the round is."


@dataclass(frozen=True)
class CardRenderer:
    db: Database
    renderers: Mapping[str, Renderer]
    fallbacks: Mapping[str, Renderer] = field(default_factory=dict)

    def render(self, anchor: MessageAnchor, now: datetime, *, plain: bool = False) -> tuple[Rendered, bool]:
        """The card as it is at `now`, and whether that is its plain form: used when asked for, or when
        the full card cannot be built (typed text beyond Slack's limits, a bug), so the round goes on."""
        if not plain:
            try:
                with self.db.read() as s:
                    message = self.renderers[anchor.render_kind](s, anchor.render_ref, now)
                message.wire  # noqa: B018 -- serialized here, so a block over Slack's limits is caught here
                return message, False
            except SQLAlchemyError:
                raise  # the database's trouble, not the card's
            except Exception as exc:
                log.warning(
                    "card %s could not be rendered (%s): sending it plain", anchor.key, error_kind(exc)
                )
        fallback = self.fallbacks.get(anchor.render_kind)
        if fallback is not None:
            try:
                with self.db.read() as s:
                    message = fallback(s, anchor.render_ref, now)
                message.wire  # noqa: B018
                return message, True
            except SQLAlchemyError:
                raise
            except Exception as exc:
                log.warning("card %s could not be rendered plain either (%s)", anchor.key, error_kind(exc))
        return Rendered(text=UNSHOWABLE), True


def plain_may_help(failure: Failure) -> bool:
    """Slack refused the card's content (or it could not be built): its plain form may well go through."""
    return failure.reason in REFUSED_CONTENT or not failure.reason.islower()
