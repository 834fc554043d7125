"""APScheduler jobs: thin and idempotent, each asks the services what is due at `now`."""
