"""The `/coach` listeners through the real Bolt app with signed requests: acks, modals, field errors, and
refusals of buttons pressed by the wrong person."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import App, BoltResponse
from sqlmodel import select

from bot.app import build_app
from bot.clock import FakeClock
from bot.coach import records, setup
from bot.coach.forms import FeedbackInput
from bot.ids import VALUE, CoachAction, CoachBlock, CoachView
from bot.runtime import build_services, make_client
from storage.coach_models import CoachEngagement
from storage.db import Database
from tests.coach.helpers import ANA, BEN, COACH, COL1, SPONSOR, TEAM, create, received
from tests.coach.stub_slack import SECRET, StubSlack, payload, send


@pytest.fixture
def stub() -> Iterator[StubSlack]:
    slack = StubSlack()
    yield slack
    slack.stop()


@pytest.fixture
def app(stub: StubSlack, database: Database, clock: FakeClock) -> App:
    services = build_services(db=database, clock=clock, client=make_client("xoxb-stub", stub.url))
    return build_app(services, signing_secret=SECRET, process_before_response=True)


def _command(app: App, stub: StubSlack, text: str, user: str = COACH) -> BoltResponse:
    return send(
        app,
        {
            "command": "/coach",
            "text": text,
            "user_id": user,
            "team_id": TEAM,
            "channel_id": "C_TEAM",
            "trigger_id": "trig-1",
            "response_url": stub.url + "respond",
        },
    )


def _body(response: BoltResponse) -> dict[str, Any]:
    """Bolt answers an ack with only text as plain text, anything richer as JSON."""
    if not response.body:
        return {}
    try:
        return dict(json.loads(response.body))
    except json.JSONDecodeError:
        return {"text": response.body}


def _users(*ids: str) -> dict[str, Any]:
    return {"type": "multi_users_select", "selected_users": list(ids)}


def _values(leaders: tuple[str, ...]) -> dict[str, Any]:
    fields: dict[str, dict[str, Any]] = {
        CoachBlock.NAME: {"type": "plain_text_input", "value": "Ops and Sales"},
        CoachBlock.LEADERS: _users(*leaders),
        CoachBlock.SPONSORS: _users(SPONSOR),
        CoachBlock.COACH: {"type": "users_select", "selected_user": COACH},
        CoachBlock.COLLEAGUES: _users(COL1),
        CoachBlock.START: {"type": "datepicker", "selected_date": "2026-11-23"},
    }
    for i, (day, at) in enumerate((("0", "09:00"), ("1", "10:00"), ("3", "15:00")), start=1):
        fields[f"coach_slot{i}_day"] = {"type": "static_select", "selected_option": {"value": day}}
        fields[f"coach_slot{i}_time"] = {"type": "timepicker", "selected_time": at}
    return {block: {VALUE: field} for block, field in fields.items()}


def _submit(app: App, user: str, callback: CoachView, values: dict[str, Any], meta: str) -> BoltResponse:
    view = {
        "id": "V1",
        "type": "modal",
        "callback_id": callback.value,
        "private_metadata": meta,
        "state": {"values": values},
        "blocks": [{"type": "input", "block_id": b} for b in values],
        "team_id": TEAM,
    }
    return send(
        app,
        payload(
            {
                "type": "view_submission",
                "user": {"id": user},
                "team": {"id": TEAM},
                "view": view,
                "api_app_id": "A1",
                "token": "t",
            }
        ),
    )


def _press(app: App, stub: StubSlack, user: str, action: CoachAction, value: str) -> BoltResponse:
    return send(
        app,
        payload(
            {
                "type": "block_actions",
                "user": {"id": user},
                "team": {"id": TEAM},
                "trigger_id": "trig-2",
                "response_url": stub.url + "respond",
                "channel": {"id": "D_X"},
                "container": {"type": "message"},
                "actions": [{"action_id": action.value, "value": value, "type": "button", "block_id": "b"}],
                "api_app_id": "A1",
                "token": "t",
            }
        ),
    )


def test_help_and_no_engagement(app: App, stub: StubSlack) -> None:
    assert "/coach new" in _body(_command(app, stub, "help"))["text"]
    assert "not part of a coaching engagement" in _body(_command(app, stub, "status", user=ANA))["text"]


def test_new_opens_the_modal_and_field_errors_come_back_on_the_field(
    app: App, stub: StubSlack, database: Database
) -> None:
    assert _command(app, stub, "new").status == 200
    (opened,) = stub.called("views.open")
    view = json.loads(opened["view"]) if isinstance(opened["view"], str) else opened["view"]
    assert (opened["trigger_id"], view["callback_id"], view["private_metadata"]) == (
        "trig-1",
        "coach_new",
        TEAM,
    )
    bad = _body(_submit(app, COACH, CoachView.NEW, _values((ANA,)), TEAM))
    assert bad["response_action"] == "errors"
    assert list(bad["errors"]) == [CoachBlock.LEADERS.value]
    outsider = _body(_submit(app, "U_NOBODY", CoachView.NEW, _values((ANA, BEN)), TEAM))
    assert CoachBlock.COACH.value in outsider["errors"]
    with_bot = _body(_submit(app, COACH, CoachView.NEW, _values((ANA, "U_BOT")), TEAM))
    assert with_bot["errors"] == {CoachBlock.LEADERS.value: "<@U_BOT> is a bot: choose people."}
    assert _submit(app, COACH, CoachView.NEW, _values((ANA, BEN)), TEAM).status == 200
    assert any(CoachAction.OPEN_INTAKE.value in m for m in received(database, ANA))
    with database.session() as s:
        (engagement,) = s.exec(select(CoachEngagement)).all()
    assert engagement.zone == "America/New_York"  # the creator's zone, from users.info
    status = _body(_command(app, stub, "status"))["text"]
    assert "Intake" in status


def test_a_button_pressed_by_someone_else_is_refused_privately(
    app: App, stub: StubSlack, database: Database, clock: FakeClock
) -> None:
    eid = create(database, clock.now())
    setup.advance(database, engagement_id=eid, user_id=COACH, now=clock.now())
    records.record_feedback(
        database,
        engagement_id=eid,
        user_id=COACH,
        now=clock.now(),
        item=FeedbackInput("Interrupts", ANA, "personal"),
    )
    _press(app, stub, BEN, CoachAction.REVIEW_AGREE, f"{eid}:1")
    _press(app, stub, COL1, CoachAction.REVIEW_AGREE, f"{eid}:1")
    refusals = stub.responses()
    assert len(refusals) == 2
    assert "Only the leader this item is about" in refusals[0]["text"]
    assert "Only the engagement's leader" in refusals[1]["text"]
    assert all(r["response_type"] == "ephemeral" for r in refusals)
    _press(app, stub, ANA, CoachAction.REVIEW_AGREE, f"{eid}:1")
    assert "Marked *agree*" in stub.responses()[-1]["text"]


def test_only_the_coach_runs_coach_commands(
    app: App, stub: StubSlack, database: Database, clock: FakeClock
) -> None:
    create(database, clock.now())
    for word in ("next", "feedback", "commit", "export", "erase"):
        assert "Only the engagement's coach" in _body(_command(app, stub, word, user=SPONSOR))["text"], word
    assert stub.called("views.open") == []
    _body(_command(app, stub, "feedback"))
    assert len(stub.called("views.open")) == 1


def test_intake_modal_opens_only_for_leaders_and_colleagues(
    app: App, stub: StubSlack, database: Database, clock: FakeClock
) -> None:
    eid = create(database, clock.now())
    _press(app, stub, SPONSOR, CoachAction.OPEN_INTAKE, str(eid))
    assert stub.called("views.open") == []
    assert "answer the intake" in stub.responses()[-1]["text"]
    _press(app, stub, COL1, CoachAction.OPEN_INTAKE, str(eid))
    (opened,) = stub.called("views.open")
    assert "What you observed" in str(opened["view"])


def test_export_is_a_file_in_the_coach_dm(
    app: App, stub: StubSlack, database: Database, clock: FakeClock
) -> None:
    eid = create(database, clock.now())
    records.save_intake(
        database,
        engagement_id=eid,
        user_id=ANA,
        answers={"coach_q1": "My story"},
        shared=False,
        now=clock.now(),
    )
    assert "Sending" in _body(_command(app, stub, "export"))["text"]
    (complete,) = stub.called("files.completeUploadExternal")
    assert complete["channel_id"] == "D_U_COACH"
    (upload,) = stub.called("upload")
    assert "My story" in upload["content"]
