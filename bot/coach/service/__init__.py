"""Use cases of a coaching engagement: load, decide, save, write effects (outbox rows and due rows)."""
