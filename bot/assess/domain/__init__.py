"""`/assess` rules with no Session, no Slack, no clock read: the round timer, the phases, how rounds end."""
