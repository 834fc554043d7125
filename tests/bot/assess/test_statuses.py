"""The StrEnums are the strings the tables already hold: no migration, and stored rows compare equal."""

from __future__ import annotations

from bot.assess.domain import round_clock
from bot.assess.domain.statuses import ACTIVE, FINISHED, RoundStatus, SittingStatus, UploadStatus
from storage.assess import AssessRound, AssessSession, AssessUpload


def test_new_rows_start_in_the_first_state() -> None:
    assert AssessSession.model_fields["status"].default == SittingStatus.LIVE
    assert AssessRound.model_fields["status"].default == RoundStatus.WAITING
    assert AssessUpload.model_fields["status"].default == UploadStatus.PENDING


def test_a_stored_string_is_its_member() -> None:
    assert RoundStatus("paused") is RoundStatus.PAUSED
    assert {"running", "paused"} == ACTIVE
    assert {"done", "stopped"} == FINISHED
    assert not ACTIVE & FINISHED


def test_the_timer_states_are_round_states() -> None:
    assert {str(s) for s in round_clock.Status} <= {str(s) for s in RoundStatus}
