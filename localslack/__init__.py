"""A local Slack emulator: the Web API over loopback HTTP plus signed events and interactions to the app."""

from localslack.model import Call, Channel, Delivery, Ephemeral, Faults, Message, StoredFile, User
from localslack.server import LocalSlack
from localslack.workspace import Workspace

__all__ = [
    "Call",
    "Channel",
    "Delivery",
    "Ephemeral",
    "Faults",
    "LocalSlack",
    "Message",
    "StoredFile",
    "User",
    "Workspace",
]
