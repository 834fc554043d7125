"""`/assess` scheduled work, registered with the platform: rounds that reach a deadline, charts to upload,
and the live round card's renderers."""

from __future__ import annotations

import bot.assess.chart  # noqa: F401  (its chart uploads register with the gateway: bot/slack/uploads.py)
from bot.assess.render import render_plain_round_card, render_round_card
from bot.assess.store import CARD_KIND
from bot.assess.ticking import advance_due_rounds, next_due
from bot.platform import due as registry

registry.due_work(advance_due_rounds)
registry.deadline(next_due)
registry.renderer(CARD_KIND, render_round_card, fallback=render_plain_round_card)
