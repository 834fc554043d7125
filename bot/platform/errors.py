"""The two ways a use case says no: a refusal in words for the person, and errors on a form's fields."""

from __future__ import annotations

from collections.abc import Mapping


class Refused(Exception):
    """The request cannot go ahead; the message tells the person why and what to do."""

    @property
    def words(self) -> str:
        """What the person is told."""
        return str(self)


class FieldErrors(Exception):
    """Field errors by block_id: answered with `response_action: errors`, or shown by `views.update`."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = {str(block): words for block, words in errors.items()}
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))
