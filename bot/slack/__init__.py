"""Everything that talks to the Slack Web API: the client, rate budgets and the outbound gateway."""
