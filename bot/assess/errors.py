"""The refusal every `/assess` service raises: its message tells the person why and what to do."""


class Refused(Exception):
    """The request cannot go ahead; the message tells the invoker why and what to do."""
