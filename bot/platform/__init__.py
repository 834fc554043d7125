"""Pieces every programme shares: refusals and field errors, form accessors, the person check, due work."""
