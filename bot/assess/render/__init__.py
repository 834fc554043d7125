"""`/assess` Block Kit out of view dataclasses: the live round card and the digests."""
