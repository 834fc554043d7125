"""coachbot: leadership coaching programmes run inside Slack."""
