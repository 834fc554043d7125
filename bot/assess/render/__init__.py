"""`/assess` pure presentation: the live round card and the digests (Block Kit), the sponsors' chart (PNG)."""
