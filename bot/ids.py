"""Every action_id, callback_id and block_id: listeners, renderers and tests import them from here."""

from __future__ import annotations

from enum import StrEnum


class AssessAction(StrEnum):
    """Buttons on a round card; each carries the round id as its value."""

    PAUSE = "assess_pause"
    RESUME = "assess_resume"
    EXTEND = "assess_extend"
    NEXT_PHASE = "assess_next_phase"
    END_ROUND = "assess_end_round"
    START_NEXT = "assess_start_next"


class AssessBlock(StrEnum):
    CONTROLS = "assess_controls"
    SCORE_HEAD = "assess_score_head"
    SCORE_HINT = "assess_score_hint"
    SCORES_LOW = "assess_scores_low"  # buttons 1-5
    SCORES_HIGH = "assess_scores_high"  # buttons 6-10
    GIVE_FEEDBACK = "assess_give_feedback"
    FEEDBACK_TEXT = "assess_feedback_text"  # the input block in the anonymous feedback modal
    SHARE = "assess_share"
    DIGEST_AUDIENCE = "assess_digest_audience"  # "only you can see this": a shared digest says whose it is


class AssessExtra(StrEnum):
    """Buttons beyond the facilitator's controls; each carries the round id as its value."""

    GIVE_FEEDBACK = "assess_give_feedback"  # anonymous sessions: opens the feedback modal
    SHARE_DIGEST = "assess_share_digest"  # in the leader's digest DM


class AssessView(StrEnum):
    FEEDBACK = "assess_feedback"  # private_metadata: the round id


# Score buttons: action_id SCORE_PREFIX + "1".."10", value "<round id>:<phase>".
SCORE_PREFIX = "assess_score_"
SCORE_PATTERN = r"^assess_score_(10|[1-9])$"


def score_action(score: int) -> str:
    return f"{SCORE_PREFIX}{score}"


COMMAND_ASSESS = "/assess"


COMMAND_COACH = "/coach"


class CoachAction(StrEnum):
    """Buttons in `/coach` DMs; each value is "<engagement id>:<record id>"."""

    OPEN_INTAKE = "coach_open_intake"
    REVIEW_AGREE = "coach_review_agree"
    REVIEW_DISCUSS = "coach_review_discuss"
    CONFIRM_COMMITMENT = "coach_confirm_commitment"
    TOLD_COLLEAGUE = "coach_told_colleague"
    OPEN_CHECKIN = "coach_open_checkin"
    SKIP_CALL = "coach_skip_call"
    MOVE_CALL = "coach_move_call"


class CoachView(StrEnum):
    """Modal callback ids; private_metadata carries the engagement (and record) id."""

    NEW = "coach_new"
    INTAKE = "coach_intake"
    FEEDBACK = "coach_feedback"
    COMMITMENT = "coach_commitment"
    CHECKIN = "coach_checkin"
    MOVE = "coach_move"


class CoachBlock(StrEnum):
    """Input blocks in `/coach` modals; each holds one element whose action_id is "value"."""

    NAME = "coach_name"
    LEADERS = "coach_leaders"
    SPONSORS = "coach_sponsors"
    COACH = "coach_coach"
    COLLEAGUES = "coach_colleagues"
    SUMMARY_CHANNEL = "coach_summary_channel"
    START = "coach_start"
    CADENCE = "coach_cadence"
    LENGTH = "coach_length"
    NUDGES = "coach_nudges"
    SLOT1_DAY = "coach_slot1_day"
    SLOT1_TIME = "coach_slot1_time"
    SLOT2_DAY = "coach_slot2_day"
    SLOT2_TIME = "coach_slot2_time"
    SLOT3_DAY = "coach_slot3_day"
    SLOT3_TIME = "coach_slot3_time"
    TEXT = "coach_text"
    LEADER = "coach_leader"
    CATEGORY = "coach_category"
    OWNER = "coach_owner"
    DUE = "coach_due"
    SCORE = "coach_score"
    WENT_WELL = "coach_went_well"
    GOT_IN_WAY = "coach_got_in_way"
    ISSUES = "coach_issues"
    SHARE = "coach_share"
    DAY = "coach_day"
    TIME = "coach_time"
    Q1 = "coach_q1"
    Q2 = "coach_q2"
    Q3 = "coach_q3"
    Q4 = "coach_q4"


VALUE = "value"  # the action_id of the single element in each coach input block


class SeriesAction(StrEnum):
    """Buttons of planned series: the value is the series session id (start) or the series id (prep)."""

    START_SESSION = "series_start_session"
    OPEN_PREP = "series_open_prep"


class SeriesView(StrEnum):
    """Modal callback ids; private_metadata carries the team id (plan) or the series id (prep)."""

    PLAN = "series_plan"
    PREP = "series_prep"
    NOTICE = "series_notice"


class SeriesBlock(StrEnum):
    """Input blocks of the series modals; each holds one element whose action_id is VALUE."""

    LEADERS = "series_leaders"
    CHANNEL = "series_channel"
    DATE = "series_date"
    TIME = "series_time"
    SESSIONS = "series_sessions"
    GAP = "series_gap"
    TIMING = "series_timing"
    SPONSORS = "series_sponsors"
    SPONSOR_CHANNEL = "series_sponsor_channel"
    FEEDBACK = "series_feedback"
    PREP_DAYS = "series_prep_days"
    MIN_GROUP = "series_min_group"
    EXAMPLE = "series_example"
    STATEMENT = "series_statement"


class CalendarAction(StrEnum):
    """The private calendar feed's buttons (App Home, `/coach calendar`, `/assess calendar`): no value needed,
    the feed is always the presser's own."""

    FEED_SHOW = "calendar_feed_show"
    FEED_REPLACE = "calendar_feed_replace"
    FEED_REVOKE = "calendar_feed_revoke"


class CalendarView(StrEnum):
    FEED = "calendar_feed"
    MEETING = "calendar_meeting"  # private_metadata: "<engagement id>:<0 feedback session | 1 alignment>"


class CalendarBlock(StrEnum):
    DAY = "calendar_day"
    TIME = "calendar_time"
