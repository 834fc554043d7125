"""What `/assess help` says about planned series and facilitators."""

SERIES_HELP = """*Planning a series* (sessions a few weeks apart, for the same group)
• `/assess plan`: a form for the leaders, channel, first date and time, number of sessions, weeks apart,
  phase lengths, sponsors, named or anonymous feedback and when preparation is due. The channel gets the plan;
  each leader gets a DM with a *Prepare* button (an example and a statement for peers).
• Before each session the channel is reminded a day and 15 minutes ahead, with a *Start session* button.
• `/assess plans`: the series planned here (facilitators also see who has prepared)
• `/assess plan move 2 2026-12-21 15:00`: move session 2 (in the plan's time zone); `/assess plan cancel 2`
• `/assess facilitators`, `/assess facilitators add @name`, `/assess facilitators remove @name`: who may plan
  and start sessions (anyone, while the list is empty)
• Each leader and the facilitator get a calendar invite (.ics) for the sessions, and an update when one moves
  or is cancelled. `/assess calendar`: your private calendar feed; `/assess calendar new` or `revoke`.
• The coachbot *Home* tab shows your upcoming sessions and what you still have to prepare."""
