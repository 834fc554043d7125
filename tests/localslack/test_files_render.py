"""files_upload_v2 round trip, and the plain-text rendering the demo prints."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from localslack import Workspace
from localslack.render import render_blocks, render_text


def test_files_upload_v2_round_trip(client: WebClient, ws: Workspace) -> None:
    done = client.files_upload_v2(
        channel="C_TEAM",
        content=b"round,score\n1,7\n",
        filename="scores.csv",
        title="Scores",
        initial_comment="here",
    )
    file_id = done["file"]["id"]
    assert done["file"]["title"] == "Scores"
    assert ws.files[file_id].content == b"round,score\n1,7\n"
    (shared,) = ws.messages("C_TEAM")
    assert shared.text == "here"
    assert shared.files is not None
    assert shared.files[0]["id"] == file_id
    assert ws.files[file_id].channels == ["C_TEAM"]


def test_alt_text_is_kept_with_the_file_up_to_1000_characters(client: WebClient, ws: Workspace) -> None:
    said = "Average self-score per session: 4.0, then 6.5"
    done = client.files_upload_v2(channel="C_TEAM", content=b"png", filename="c.png", title="C", alt_txt=said)
    assert ws.files[done["file"]["id"]].alt_txt == said
    assert done["file"]["alt_txt"] == said
    with pytest.raises(SlackApiError) as caught:
        client.files_upload_v2(
            channel="C_TEAM", content=b"png", filename="c.png", title="C", alt_txt="a" * 1001
        )
    assert caught.value.response["error"] == "alt_txt_too_large"


def test_render_text_for_a_viewer(ws: Workspace) -> None:
    epoch = 1795424400  # 2026-11-23 09:00 UTC, the fake clock's now
    date = f"<!date^{epoch}^{{date_pretty}} at {{time}}|fallback>"
    text = f"<@U_ANA|x> in <#C_TEAM> <!here> {date} <https://e.x|docs> &lt;3"
    assert render_text(text, ws, "U_BEN") == "@ana in #team @here today at 1:00 AM docs <3"
    assert (
        render_text(f"<!date^{epoch}^{{date_long}} {{time_secs}}|f>", ws, "U_ANA")
        == "Monday, November 23rd, 2026 9:00:00 AM"
    )
    assert (
        render_text(f"<!date^{epoch}^{{date_num}} {{date_short}}|f>", ws, "U_ANA")
        == "2026-11-23 Nov 23, 2026"
    )
    assert render_text("<!date^bad^{date}|Nov 23>", ws, "U_ANA") == "Nov 23"
    ws.add_user("U_CHO", "cho", tz="Asia/Seoul", clock_24h=True)
    assert render_text(f"<!date^{epoch}^{{time}} {{time_secs}}|f>", ws, "U_CHO") == "18:00 18:00:00"


def test_render_blocks(ws: Workspace) -> None:
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Round 1"}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "*Now* <@U_BEN>"},
            "fields": [{"type": "mrkdwn", "text": "a"}],
        },
        {"type": "divider"},
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": "ctx"}, {"type": "plain_text", "text": "more"}],
        },
        {
            "type": "actions",
            "elements": [
                {"type": "button", "action_id": "p", "text": {"type": "plain_text", "text": "Pause"}},
                {"type": "button", "action_id": "s", "text": {"type": "plain_text", "text": "Stop"}},
            ],
        },
        {
            "type": "rich_text",
            "elements": [
                {
                    "type": "rich_text_section",
                    "elements": [{"type": "text", "text": "hi "}, {"type": "user", "user_id": "U_ANA"}],
                }
            ],
        },
    ]
    assert render_blocks(blocks, ws, "U_ANA").splitlines() == [
        "ROUND 1",
        "*Now* @ben",
        "  a",
        "─" * 40,
        "ctx  more",
        "[Pause] [Stop]",
        "hi @ana",
    ]


def test_a_calendar_file_to_a_dm_arrives_as_calendar_with_its_comment(
    client: WebClient, ws: Workspace
) -> None:
    """What coachbot's invites do: open the DM, upload the .ics there with a comment (files:write)."""
    dm = client.conversations_open(users="U_ANA")["channel"]["id"]
    content = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nEND:VCALENDAR\r\n"
    done = client.files_upload_v2(
        channel=dm, content=content, filename="coaching-call.ics", title="Invite", initial_comment="*Call*"
    )
    file_json = done["file"]
    assert file_json["mimetype"] == "text/calendar"
    assert file_json["filetype"] == "ics"
    assert file_json["ims"] == [dm]
    assert file_json["channels"] == []
    (shared,) = ws.messages(dm)
    assert shared.subtype == "file_share"
    assert shared.text == "*Call*"
    assert ws.files[file_json["id"]].content == content
