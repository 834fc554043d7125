"""One token in several workspaces (an org-wide install): each call acts in the workspace it names."""

from __future__ import annotations

from slack_sdk import WebClient

from localslack import LocalSlack

TOKEN = "xoxb-org"


def test_calls_go_to_the_workspace_owning_the_channel_or_person_and_count_there() -> None:
    with LocalSlack() as slack:
        east = slack.add_workspace(team_id="T0EAST", bot_token=TOKEN, signing_secret="s")
        west = slack.add_workspace(team_id="T0WEST", bot_token=TOKEN, signing_secret="s")
        east.add_user("U0EA", "ea")
        west.add_user("U0WE", "we")
        east.add_channel("C0EAST", "east", members=["U0EA"])
        west.add_channel("C0WEST", "west", members=["U0WE"])
        west.set_limit("chat.postMessage", 1)
        client = WebClient(token=TOKEN, base_url=slack.api_url)
        client.chat_postMessage(channel="C0WEST", text="to the west")
        client.chat_postMessage(channel="C0EAST", text="to the east")  # the west's limit is not the east's
        assert [m.text for m in west.messages("C0WEST")] == ["to the west"]
        assert [m.text for m in east.messages("C0EAST")] == ["to the east"]
        assert client.users_info(user="U0WE")["user"]["id"] == "U0WE"
        opened = client.conversations_open(users="U0WE")["channel"]["id"]
        assert opened == west.dm_channel_id("U0WE")
        assert [c.team_id for c in slack.calls_to("chat.postMessage")] == ["T0WEST", "T0EAST"]
