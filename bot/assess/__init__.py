"""The self and peer assessment programme: live timed rounds run with `/assess`."""
