"""What a planned series shows in Slack, as pure Block Kit: messages, modals and the App Home tab."""
