"""The metrics a running coachbot keeps, in a registry of its own (never prometheus_client's process-wide
default), so two apps in one process, as in the tests, count apart. Labels have few values: kinds, results,
and (for the database's gauges) team ids; never a person or anything typed."""

from __future__ import annotations

from datetime import timedelta

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.clock import Clock
from bot.slack.errors import Failure
from bot.watch.database import DatabaseCollector
from storage.db import Database

__all__ = ["CONTENT_TYPE", "KINDS", "Metrics"]

CONTENT_TYPE = CONTENT_TYPE_LATEST
# What Slack sent: a slash command, a button or menu, a modal submitted or closed, an Events API event.
KINDS = ("command", "action", "view", "event", "other")
SENT = ("message", "card")  # outbox messages (posts, DMs, ephemerals); live cards (posts and edits)
RESULTS = ("ok", "429", "failed")
# Slack wants an ack within 3 s; most take milliseconds.
ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
# P2's goals (README, bench): most phase changes within half a second, all within a few.
LATENESS_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0, 60.0, 300.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("coachbot_requests", "Requests from Slack, by kind", ["kind"], registry=r)
        self.ack_seconds = Histogram(
            "coachbot_ack_seconds",
            "From a request reaching the app to its answer (the ack, when listeners run after it), by kind",
            ["kind"],
            buckets=ACK_BUCKETS,
            registry=r,
        )
        self.phase_lateness = Histogram(
            "coachbot_phase_change_lateness_seconds",
            "From a phase's start (its deadline) to Slack accepting its announcement; also counts the other"
            " live messages of a running round (anonymous replies), from their submission",
            buckets=LATENESS_BUCKETS,
            registry=r,
        )
        self.sends = Counter(
            "coachbot_sends",
            "Messages and live cards sent to Slack, by what and result (ok, 429, failed: retried or not)",
            ["what", "result"],
            registry=r,
        )
        self.lease_holder = Gauge(
            "coachbot_lease_holder",
            "1 while this process holds the lease and runs scheduled work",
            registry=r,
        )
        self.lease_takeovers = Counter(
            "coachbot_lease_takeovers",
            "Times this process took the scheduler lease from another holder (expired, released or dead)",
            registry=r,
        )
        for kind in KINDS:  # every series exists from the start, at 0, so rates and alerts see it
            self.requests.labels(kind)
            self.ack_seconds.labels(kind)
        for what in SENT:
            for result in RESULTS:
                self.sends.labels(what, result)

    def watch(self, db: Database, clock: Clock) -> None:
        """Read the outbox and installations from `db` at each scrape (bot/watch/database.py)."""
        self.registry.register(DatabaseCollector(db, clock))

    def request(self, kind: str, seconds: float) -> None:
        kind = kind if kind in KINDS else "other"
        self.requests.labels(kind).inc()
        self.ack_seconds.labels(kind).observe(seconds)

    def sent(self, what: str, *, late: timedelta | None = None) -> None:
        """One message or card Slack accepted; `late`: how long after its deadline, for a live message."""
        self.sends.labels(what, "ok").inc()
        if late is not None:
            self.phase_lateness.observe(max(late.total_seconds(), 0.0))

    def not_sent(self, what: str, failure: Failure) -> None:
        self.sends.labels(what, "429" if failure.retry_after is not None else "failed").inc()

    def lease(self, *, holding: bool, took_over: bool = False) -> None:
        self.lease_holder.set(1 if holding else 0)
        if took_over:
            self.lease_takeovers.inc()

    def exposition(self) -> bytes:
        """The registry in Prometheus' text format, as GET /metrics answers it."""
        return generate_latest(self.registry)
