"""One rule for 'a real, active person', and the words a form's field says about someone who is not."""

from __future__ import annotations

from typing import Any

import pytest

from bot.platform.errors import FieldErrors
from bot.platform.people import NotAPerson, check_people, not_a_person


@pytest.mark.parametrize(
    ("user_id", "user", "why"),
    [
        ("U1", {"id": "U1"}, None),
        ("U1", {}, NotAPerson.MISSING),
        ("U1", {"is_bot": True}, NotAPerson.BOT),
        ("USLACKBOT", {"id": "USLACKBOT"}, NotAPerson.BOT),
        ("U1", {"deleted": True}, NotAPerson.DEACTIVATED),
        ("U1", {"is_bot": True, "deleted": True}, NotAPerson.BOT),
    ],
)
def test_who_is_an_active_person(user_id: str, user: dict[str, Any], why: NotAPerson | None) -> None:
    assert not_a_person(user_id, user) == why


def test_each_field_names_its_first_problem() -> None:
    people: dict[str, dict[str, Any]] = {
        "U1": {},
        "U2": {"is_bot": True},
        "U3": {"deleted": True},
        "U4": {"id": "U4"},
    }
    with pytest.raises(FieldErrors) as caught:
        check_people((("a", ("U4", "U1", "U2")), ("b", ("U3",)), ("c", ("U4",))), people.__getitem__)
    assert caught.value.errors == {
        "a": "I could not find <@U1> in this workspace.",
        "b": "<@U3> has been deactivated.",
    }
    check_people((("a", ("U4",)),), people.__getitem__)  # nothing to say: no error
