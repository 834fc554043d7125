"""The progress chart: planned with a sponsor summary once there are enough scores, uploaded once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.clock import FakeClock
from bot.coach import chart, setup
from bot.coach.due import send_due_coaching
from bot.runtime import make_client
from storage.coach_models import CoachCheckIn, CoachDue
from storage.db import Database
from tests.coach.helpers import ANA, BEN, COACH, create
from tests.coach.stub_slack import StubSlack


@pytest.fixture
def stub() -> Iterator[StubSlack]:
    slack = StubSlack()
    yield slack
    slack.stop()


def test_png_is_rendered_without_a_display(clock: FakeClock) -> None:
    now = clock.now()
    png = chart.progress_png([(now, ANA, 2), (now + timedelta(days=14), ANA, 4)], {ANA: "leader 1"})
    assert png.startswith(b"\x89PNG")


def test_a_chart_follows_the_summary_once_there_are_enough_scores(
    database: Database, clock: FakeClock, stub: StubSlack
) -> None:
    now = clock.now()
    eid = create(database, now)
    for _ in range(3):
        setup.advance(database, engagement_id=eid, user_id=COACH, now=now)
    client = make_client("xoxb-stub", stub.url)
    assert chart.upload_due_charts(database, client, now) == 0  # no scores yet: no chart
    with database.session() as s:
        for i, (who, score) in enumerate(((ANA, 2), (BEN, 3), (ANA, 4))):
            s.add(
                CoachCheckIn(
                    engagement_id=eid,
                    call_id=1,
                    user_id=who,
                    score=score,
                    went_well="secret",
                    got_in_way="",
                    issues="",
                    submitted_at=now + timedelta(days=i),
                )
            )
        first_cycle = s.exec(select(CoachDue).where(CoachDue.kind == "cycle_summary")).first()
    assert first_cycle is not None
    send_due_coaching(database, first_cycle.due_at)
    assert chart.upload_due_charts(database, client, first_cycle.due_at) == 1
    assert chart.upload_due_charts(database, client, first_cycle.due_at) == 0  # never twice
    (complete,) = stub.called("files.completeUploadExternal")
    assert complete["channel_id"] == "D_U_SPONSOR"
    (upload,) = stub.called("upload")
    assert "secret" not in upload["content"]
