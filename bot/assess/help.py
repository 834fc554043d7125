"""What `/assess help` says."""

HELP_TEXT = """*`/assess`: live self and peer assessment rounds*
Each leader takes a turn in focus for about 11 minutes, in five phases:
self-assessment (3 min), clarifying questions (2), peer feedback (3), self-reflection (2), re-assessment (1).

*Start* in the team's channel: `/assess @ana @ben @cho`
• Rounds run in the order you name the leaders. You, the facilitator, get the buttons on each card.
• Your own phase lengths: `timing=3,2,3,2,1` (minutes) or `timing=20s,20s,20s,20s,20s` (seconds,
  for a rehearsal). Each phase is between 5 seconds and 60 minutes.

*During a round* peers reply in the card's thread. Replies are captured for the focus leader's private digest;
the leader's own replies are their notes. Buttons: pause / resume, +1 minute, next phase, end round.

*Other commands*
• `/assess status`: what is live here, whose turn it is, time left
• `/assess stop`: end the session now (facilitator only)
• `/assess help`: this message"""
