"""A workspace leaving (`app_uninstalled`, `tokens_revoked`) and coming back (any later request from it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext

from bot.privacy import workspace
from bot.runtime import Services
from bot.slack.tokens import Installed

EVENTS = workspace.EVENTS


def note_return(body: dict[str, Any], context: BoltContext, next: Callable[[], Any]) -> Any:
    """Any request from a workspace marked uninstalled means it was installed again: stop holding its
    messages and keep its data. A cached set keeps this off the database on almost every request."""
    services: Services | None = context.get("services")
    event_type = (body.get("event") or {}).get("type") if isinstance(body.get("event"), dict) else None
    if services is not None and context.team_id and event_type not in workspace.EVENTS:
        workspace.came_back(services.db, team_id=context.team_id, now=services.clock.now())
    return next()


def handle_uninstalled(event: dict[str, Any], body: dict[str, Any], services: Services) -> None:
    """Stop sending to the workspace at once (every workspace of the org, for an org-wide install); its
    data goes after the retention period, and its stored tokens at once."""
    if event.get("type") == "tokens_revoked" and not (event.get("tokens") or {}).get("bot"):
        return  # only people's own tokens were revoked: coachbot uses none, the bot token still works
    team_id = str(body.get("team_id") or "")
    authorization = (body.get("authorizations") or [{}])[0]
    enterprise_id = body.get("enterprise_id") or authorization.get("enterprise_id")
    org_wide = bool(authorization.get("is_enterprise_install")) and bool(enterprise_id)
    installed = services.gateway.workspaces
    teams = [team_id] if team_id else []
    if isinstance(installed, Installed) and org_wide:
        teams = sorted({*teams, *installed.teams_of_org(str(enterprise_id))})
    for team in teams:
        workspace.mark_uninstalled(
            services.db, team_id=team, event=str(event["type"]), now=services.clock.now()
        )
    if isinstance(installed, Installed):
        installed.revoked(enterprise_id=enterprise_id, team_id=None if org_wide else team_id)


def register(app: App) -> None:
    app.middleware(note_return)
    for name in EVENTS:
        app.event(name)(handle_uninstalled)
