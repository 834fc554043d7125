"""The due-work registry: each programme's `due` module registers its scheduled work, its live-message
renderers and its next deadline when imported; the runtime and the scheduler ask here, so a new programme
needs no edit outside its own package."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from bot.slack.gateway import Renderer
    from storage.db import Database

# Idempotent: (database, now) -> anything; reads what is due from the database and writes effects.
DueWork = Callable[["Database", datetime], object]
# Due work that calls Slack itself rather than through the outbox (file uploads), run after the flush.
# When the programme next needs attention (None: nothing pending), so the scheduler can wake exactly then.
NextDue = Callable[["Database"], "datetime | None"]

_DUE: list[DueWork] = []
_DEADLINES: list[NextDue] = []
# Live-message renderers by MessageAnchor.render_kind, and their plain forms (nothing typed, no lists),
# sent when the full one cannot be built or Slack refuses it.
RENDERERS: dict[str, Renderer] = {}
FALLBACKS: dict[str, Renderer] = {}

W = TypeVar("W")


def _once(items: list[W], item: W) -> W:
    if item not in items:  # importing a module twice (reload in a test) must not run its work twice
        items.append(item)
    return item


def due_work(work: DueWork) -> DueWork:
    return _once(_DUE, work)


def deadline(next_due: NextDue) -> NextDue:
    return _once(_DEADLINES, next_due)


def renderer(kind: str, render: Renderer, *, fallback: Renderer) -> None:
    RENDERERS[kind] = render
    FALLBACKS[kind] = fallback


def registered_due_work() -> tuple[DueWork, ...]:
    """In programme (module) name order, as load_programmes imports them, whichever module a caller (a
    test) happened to import first; within a programme, in the order it registered them."""
    return tuple(sorted(_DUE, key=_programme))


def _programme(work: DueWork) -> str:
    return getattr(work, "__module__", "")


def next_due(db: Database) -> datetime | None:
    """The earliest deadline any programme reports."""
    found = [when for ask in _DEADLINES if (when := ask(db)) is not None]
    return min(found, default=None)


def load_programmes() -> tuple[str, ...]:
    """Imports every `bot.<programme>.due` (and `.concerns`, who hears about failed items) in name order,
    which registers them. A programme is any package under `bot/` with a `due` module."""
    import bot

    found = []
    for info in sorted(pkgutil.iter_modules(bot.__path__), key=lambda m: m.name):
        if not info.ispkg or info.name == "platform":  # this package: its `due` is the registry itself
            continue
        if importlib.util.find_spec(f"bot.{info.name}.due") is None:
            continue
        for part in ("concerns", "due"):
            if importlib.util.find_spec(f"bot.{info.name}.{part}") is not None:
                importlib.import_module(f"bot.{info.name}.{part}")
        found.append(info.name)
    return tuple(found)
