"""`/assess` use cases: load, decide, save, and write the effects (outbox rows, anchors, uploads)."""
