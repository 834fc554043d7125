"""Score buttons carry an accessibility label a screen reader says instead of the bare number."""

from __future__ import annotations

import pytest

from bot.assess.domain.phases import SELF_PHASE
from bot.assess.render.scores import score_blocks
from bot.slack import fit


@pytest.mark.parametrize("scored", [False, True])
@pytest.mark.parametrize("phase", [SELF_PHASE, SELF_PHASE + 3])
def test_every_score_button_says_what_it_gives_within_75_characters(phase: int, scored: bool) -> None:
    blocks = [b.to_dict() for b in score_blocks(12, phase, "U0ANA", scored=scored)]
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert [b["text"]["text"] for b in buttons] == [str(n) for n in range(1, 11)]
    which = "self-score" if phase == SELF_PHASE else "re-score"
    for n, button in enumerate(buttons, start=1):
        label = button["accessibility_label"]
        assert label.startswith(f"Give {n} out of 10")
        assert label.endswith(f"as your {which}")
        assert 1 <= len(label) <= fit.ACCESSIBILITY_LABEL
