"""Benchmarks for coachbot (`make bench`): programs that measure and print figures, not tests."""
