"""Use cases of a planned series: planning, preparation, changes, starting a session, facilitators."""
