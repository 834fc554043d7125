"""Small mrkdwn helpers: mentions and times that Slack shows in each reader's own time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def mention(user_id: str) -> str:
    return f"<@{user_id}>"


def local_time(at: datetime, *, seconds: bool = False) -> str:
    """Slack renders this token in the viewer's time zone; the fallback (UTC) shows where it cannot."""
    token = "{time_secs}" if seconds else "{time}"
    fallback = at.astimezone(UTC).strftime("%H:%M:%S UTC" if seconds else "%H:%M UTC")
    return f"<!date^{int(at.timestamp())}^{token}|{fallback}>"


def local_datetime(at: datetime) -> str:
    """Reads "today at 9:00 AM" or "Nov 25, 2026 at 3:00 PM" (Slack's `{date_short_pretty}` picks): so never
    "on " before it; set it apart instead ("*Call*: …", "(…)")."""
    fallback = at.astimezone(UTC).strftime("%a %d %b %Y, %H:%M UTC")
    return f"<!date^{int(at.timestamp())}^{{date_short_pretty}} at {{time}}|{fallback}>"


def duration(delta: timedelta) -> str:
    """`11 min 4 s`, `45 s`: how long something took."""
    total = max(round(delta.total_seconds()), 0)
    minutes, seconds = divmod(total, 60)
    if minutes and seconds:
        return f"{minutes} min {seconds} s"
    if minutes:
        return f"{minutes} min"
    return f"{seconds} s"


def escape(text: str) -> str:
    """Slack's three control characters, so that user text cannot forge mentions or links."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_ts_to_datetime(ts: str) -> datetime:
    return datetime.fromtimestamp(float(ts), UTC)
