"""Listeners of `/coach`: one module per surface, each with `register(app)`."""
