"""Each request counted and timed by kind, and tagged with its workspace and kind for log lines: the tag
(bot/watch/tag.py) is set by a Bolt middleware, carried into the threads Bolt runs listeners on, and gone
when the request is done."""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse

from bot.watch.metrics import Metrics
from bot.watch.tag import CURRENT, RequestTag, request_kind

T = TypeVar("T")


def tag_request(context: BoltContext, body: dict[str, Any], next: Callable[[], Any]) -> Any:
    """Bolt middleware: the request's team and kind for every log line written while it is handled."""
    CURRENT.set(RequestTag(team=context.team_id or context.enterprise_id, kind=request_kind(body)))
    return next()


class TaggingExecutor(ThreadPoolExecutor):
    """Bolt's listener threads, each running in a copy of the submitting thread's context: the request's
    tag (set in the dispatching thread) reaches the listener's log lines."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        return super().submit(partial(contextvars.copy_context().run, fn, *args, **kwargs))


class WatchedApp(App):
    """Bolt's App, with each request counted and timed by kind, and its tag cleared when it is done."""

    def __init__(self, *, metrics: Metrics, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.metrics = metrics

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        began = time.monotonic()
        # In a copy of the context: the tag the middleware sets ends with this request, on a pooled thread.
        response = contextvars.copy_context().run(super().dispatch, req)
        self.metrics.request(request_kind(req.body), time.monotonic() - began)
        return response
