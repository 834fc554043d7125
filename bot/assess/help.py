"""What `/assess help` says."""

HELP_TEXT = """*`/assess`: live self and peer assessment rounds*
Each leader takes a turn in focus for about 11 minutes, in five phases:
self-assessment (3 min), clarifying questions (2), peer feedback (3), self-reflection (2), re-assessment (1).

*Start* in the team's channel: `/assess @ana @ben @cho`
• Rounds run in the order you name the leaders. You, the facilitator, get the buttons on each card,
  and a script in a DM: what to say in each phase, the ground rules, the buttons.
• Your own phase lengths: `timing=3,2,3,2,1` (minutes) or `timing=20s,20s,20s,20s,20s` (seconds,
  for a rehearsal). Each phase is between 5 seconds and 60 minutes.

*Settings* (add any of them to the start command):
• `sponsor=@sam` (one or more) or `sponsor=#sponsors`: after the session, sponsors get a summary by DM
  (or one post in that channel): who attended, counts, timing, the average score shift. Never what anyone
  wrote. Figures appear only when at least 3 leaders were in focus (raise it with `min_group=4`).
• `anonymous`: in peer feedback, peers press *Give feedback* and write in a form; it is posted without a
  name and coachbot keeps no record of who wrote it. Replies typed in the thread still show the writer's
  name, in the thread and in the digest: typing there is choosing to post publicly.
• `series=sales-q1`: sessions with the same series name are numbered; each leader sees their score trend
  across them, and from the second session on sponsors get a chart of the group's average scores.

*During a round* peers reply in the card's thread. Replies are captured for the focus leader's private digest;
the leader's own replies are their notes. Buttons: pause / resume, +1 minute, next phase, end round.
In self-assessment and re-assessment the leader in focus scores their approach from 1 to 10 with the buttons
in the thread; only they can press them and nobody else sees the number. Their digest shows both scores and
the shift, and, when sponsors are set, a button to share that digest with them.

*Other commands*
• `/assess status`: what is live here, whose turn it is, time left
• `/assess stop`: end the session now (facilitator only)
• `/assess export`: the last session's record as a file in your DM; `/assess erase`: once it has ended,
  delete its replies, scores, preparation and message bodies (the session's facilitator only)
• `/assess help`: this message"""
