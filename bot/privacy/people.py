"""Where a person appears: each table, its columns holding one user id, and those holding a list of them."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import SQLModel

from storage.assess import AssessRound, AssessSession, AssessUpload, CapturedReply
from storage.calendar import CalendarAttendee, CalendarFeedToken, CalendarInvite, CalendarMeeting
from storage.coach import (
    CoachCheckIn,
    CoachCommitment,
    CoachDisclosure,
    CoachDue,
    CoachEngagement,
    CoachFeedbackItem,
    CoachIntake,
    CoachMember,
    CoachSlot,
)
from storage.platform import DirectChannel, HomeTab, Outbox
from storage.privacy import AuditEntry, CoachRoster
from storage.series import AssessSeries, Facilitator, SeriesDue, SeriesPrep

ERASED = "(erased)"  # what stays where an id was: the row still counts, but no longer names anyone


@dataclass(frozen=True)
class Holder:
    """A table that names people: in single-id columns (the first is whose row it is), in comma-separated
    lists, and the columns of their words or scores that go with them."""

    table: type[SQLModel]
    ids: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    # The row exists only because of its person (a membership, a DM channel, a reminder): erased whole.
    delete_whole: bool = False
    # What their words or scores become when the row is kept for counts: (column, blank value).
    blanks: tuple[tuple[str, object], ...] = field(default=())


HOLDERS = (
    Holder(AssessSession, ids=("facilitator_id",), lists=("sponsor_ids",)),
    Holder(AssessRound, ids=("leader_id",), blanks=(("self_score", None), ("re_score", None))),
    Holder(CapturedReply, ids=("user_id",), blanks=(("text", ""),)),
    Holder(AssessUpload, ids=("user_id",), delete_whole=True),
    Holder(DirectChannel, ids=("user_id",), delete_whole=True),
    Holder(AssessSeries, ids=("facilitator_id",), lists=("leaders", "sponsors")),
    Holder(SeriesPrep, ids=("leader_id",), delete_whole=True),
    Holder(SeriesDue, ids=("user_id",), delete_whole=True),
    Holder(Facilitator, ids=("user_id", "added_by"), delete_whole=True),
    Holder(CoachEngagement, ids=("creator_id",)),
    Holder(CoachMember, ids=("user_id",), delete_whole=True),
    Holder(CoachIntake, ids=("user_id",), blanks=(("answers", "{}"),)),
    Holder(CoachFeedbackItem, ids=("leader_id",), blanks=(("text", ""),)),
    Holder(CoachCommitment, ids=("owner_id",), lists=("confirmed_by",), blanks=(("text", ""),)),
    Holder(CoachSlot, ids=("leader_id",)),
    Holder(CoachDue, ids=("user_id",), delete_whole=True),
    Holder(CoachCheckIn, ids=("user_id",), blanks=(("went_well", ""), ("got_in_way", ""), ("issues", ""))),
    Holder(CoachDisclosure, ids=("leader_id", "colleague_id")),
    Holder(CoachRoster, ids=("user_id", "added_by"), delete_whole=True),
    Holder(AuditEntry, ids=("actor_id",)),
    Holder(Outbox, ids=("user_id",), delete_whole=True),
    Holder(CalendarAttendee, ids=("user_id",), delete_whole=True),
    Holder(CalendarInvite, ids=("user_id",), delete_whole=True),
    Holder(CalendarFeedToken, ids=("user_id",), delete_whole=True),
    Holder(CalendarMeeting, ids=("set_by",)),
    Holder(HomeTab, ids=("user_id",), delete_whole=True),
)
