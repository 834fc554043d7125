"""Block Kit for coaching: DMs, modals, the status report and the progress chart; no state change here."""
