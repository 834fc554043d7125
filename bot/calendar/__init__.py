"""Calls and sessions in people's calendars: who is in which event, the .ics files, the private feeds."""
