"""Calendar use cases: issuing invites with the programmes' changes, the feed, its tokens and meetings."""
