"""Confidentiality: the audit log, a person's export and erasure, retention, uninstalled workspaces."""
