"""The listeners' shared pieces: typed references, and the form shown again with its errors."""

from __future__ import annotations

from typing import Any

import pytest

from handlers.kit import Ref, form_with_errors, refused_on, shown_errors, working_view


@pytest.mark.parametrize(
    ("raw", "ref"),
    [
        ("12", Ref(12, 0)),
        ("12:34", Ref(12, 34)),
        ("", None),
        (None, None),
        ("12:", Ref(12, 0)),
        ("x", None),
        ("12:x", None),
        ("²", None),  # "²".isdigit() is true and int("²") fails
        ("-3", None),
        ("T0TEAM", None),
    ],
)
def test_a_value_is_a_ref_or_nothing(raw: Any, ref: Ref | None) -> None:
    assert Ref.parse(raw) == ref


FORM: dict[str, Any] = {
    "id": "V1",
    "type": "modal",
    "callback_id": "series_plan",
    "title": {"type": "plain_text", "text": "Plan a series"},
    "submit": {"type": "plain_text", "text": "Plan"},
    "private_metadata": "T1,C1",
    "hash": "h1",
    "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": "Intro"}},
        {
            "type": "input",
            "block_id": "leaders",
            "element": {"type": "multi_users_select", "action_id": "value"},
        },
        {"type": "input", "block_id": "name", "element": {"type": "plain_text_input", "action_id": "value"}},
    ],
    "state": {
        "values": {
            "leaders": {"value": {"type": "multi_users_select", "selected_users": ["U1", "U2"]}},
            "name": {"value": {"type": "plain_text_input", "value": "Spring"}},
        }
    },
}


def test_the_form_comes_back_as_filled_in_with_each_error_under_its_field() -> None:
    form = form_with_errors(FORM, {"leaders": "<@U2> is a bot: choose people."})
    assert [b.get("block_id") for b in form["blocks"]] == [None, "leaders", "error:leaders", "name"]
    assert form["blocks"][1]["element"]["initial_users"] == ["U1", "U2"]
    assert form["blocks"][3]["element"]["initial_value"] == "Spring"
    assert shown_errors(form) == {"leaders": "<@U2> is a bot: choose people."}
    assert (form["private_metadata"], form["callback_id"]) == ("T1,C1", "series_plan")
    assert {"id", "hash", "state"}.isdisjoint(form)  # not part of a view to send


def test_a_second_failure_replaces_the_first_errors() -> None:
    first = {**form_with_errors(FORM, {"leaders": "one"}), "state": FORM["state"]}
    again = form_with_errors(first, {"name": "two"})
    assert shown_errors(again) == {"name": "two"}


def test_a_refusal_goes_on_the_named_field_or_the_first_input() -> None:
    assert refused_on(FORM) == "series_leaders"  # the plan modal names its field
    assert refused_on({**FORM, "callback_id": "other"}) == "leaders"
    assert working_view(FORM)["private_metadata"] == "T1,C1"
