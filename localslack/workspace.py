"""The Workspace tests and demos hold: state, Web API lookups, events and interactivity in one object."""

from __future__ import annotations

from localslack.interact import WorkspaceInteractions


class Workspace(WorkspaceInteractions):
    """One Slack workspace with the app installed; create it with LocalSlack.add_workspace."""
