"""Middleware that Bolt calls with the request's body and context only.

A function given to `app.middleware` has its arguments injected on every request: Bolt inspects what it asks
for and builds each one, about 0.05 ms a middleware. Every thread reply passes through each global middleware,
and its ack is measured against bare Bolt's (P1 in bench/), so global and reply middleware take this form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

Step = Callable[[dict[str, Any], BoltContext, Callable[[], Any]], BoltResponse | None]


class Plain(Middleware):
    """`step(body, context, next)` as Bolt middleware, global or a listener's."""

    def __init__(self, step: Step) -> None:
        self.step = step

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        return self.step(req.body, req.context, next)

    @property
    def name(self) -> str:
        return f"Plain({self.step.__module__}.{self.step.__qualname__})"
