"""`/coach help`."""

HELP_TEXT = """*coachbot: performance coaching engagements*
• `/coach coaches`: who may create engagements and be named coach; `/coach coaches add @name` or \
`remove @name` (a workspace admin or a listed coach) changes it.
• `/coach new`: set up an engagement (a listed coach): leaders, sponsor(s), coach, affected colleagues, \
start date, cadence and the call slots.
• `/coach status`: the stage, what is outstanding and the next calls, as far as your role may see.
• `/coach list`: the engagements you take part in. In several at once? Name one after any command, \
for example `/coach status Ops and Sales`.
• `/coach next`: (coach) move the engagement to its next stage: intake → feedback session → alignment → \
coaching support → closed. Everyone involved is told what it means for them.
• `/coach feedback`: (coach) record a feedback item; the leader it concerns reviews it.
• `/coach commit`: (coach) record a commitment from the alignment meeting; the leaders confirm it.
• `/coach export`: (coach) the engagement's record as a file in your DM. `/coach erase`: (coach) after \
closing, delete its personal data.
• `/coach calendar`: your private calendar feed (every call and session you are in, across programmes); \
`/coach calendar new` replaces its address, `/coach calendar revoke` turns it off. When support begins, \
each person also gets an invite (.ics) for their calls, and an update when one moves or is skipped.
• `/coach calendar feedback` or `/coach calendar alignment`: (coach) a small form to date the feedback \
session or the alignment meeting (or type it: `/coach calendar feedback 2026-12-21 09:00`, in the \
engagement's time zone); the people in it get an invite, and an update if you change it.
Intake answers and check-ins go to the coach only; sponsors see counts, status and scores, and text only \
where a leader chose to share it."""
