"""GET /metrics, scraped over real HTTP from the app the local Slack drives: the series an operator watches
exist and say what happened."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import replace
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.slack.errors import Failure
from bot.watch.metrics import Metrics
from scheduler import lease
from scheduler.ticker import Ticker
from storage.db import Database
from tests.harness import ANA, CHANNEL, TEAM, BotUnderTest

QUICK = "timing=20s,20s,20s,20s,20s"


def scrape(bot: BotUnderTest) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample, by name and labels."""
    with urllib.request.urlopen(f"{bot.server.url}/metrics", timeout=5) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=")
        text = response.read().decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_a_round_shows_in_the_metrics(bot: BotUnderTest) -> None:
    bot.command(f"<@{ANA}> {QUICK}")
    bot.tick()
    card_ts = str(bot.card().ts)
    bot.ws.post_message(ANA, CHANNEL, "my example", thread_ts=card_ts)
    bot.advance(101, step=20)  # a tick at each deadline: the whole round
    seen = scrape(bot)
    assert seen[("coachbot_requests_total", (("kind", "command"),))] == 1
    assert seen[("coachbot_requests_total", (("kind", "event"),))] >= 1
    assert seen[("coachbot_ack_seconds_count", (("kind", "command"),))] == 1
    assert 0 < seen[("coachbot_ack_seconds_sum", (("kind", "command"),))] < 3
    assert seen[("coachbot_sends_total", (("result", "ok"), ("what", "message")))] >= 5  # announcements
    assert seen[("coachbot_sends_total", (("result", "ok"), ("what", "card")))] >= 1
    assert seen[("coachbot_sends_total", (("result", "429"), ("what", "message")))] == 0
    # Five phases announced; 2 to 5 at deadlines the ticks met exactly: late by the moments sending took.
    assert seen[("coachbot_phase_change_lateness_seconds_count", ())] == 5
    assert 0 <= seen[("coachbot_phase_change_lateness_seconds_sum", ())] < 5 * 2
    assert seen[("coachbot_installations", ())] == 1
    assert seen[("coachbot_database_up", ())] == 1
    assert not any(name == "coachbot_outbox_depth" for name, _ in seen)  # everything went out
    assert ("coachbot_lease_holder", ()) in seen


def test_waiting_messages_show_by_workspace_with_their_age(bot: BotUnderTest) -> None:
    bot.command(f"<@{ANA}> {QUICK}")  # the announcement waits in the outbox for the next tick
    bot.clock.advance(30)
    seen = scrape(bot)
    team = (("team_id", TEAM),)
    assert seen[("coachbot_outbox_depth", team)] >= 1
    assert 30 <= seen[("coachbot_outbox_oldest_age_seconds", team)] < 31
    bot.tick()
    assert ("coachbot_outbox_depth", team) not in scrape(bot)


def test_a_slack_429_and_a_failure_are_counted_apart() -> None:
    metrics = Metrics()
    metrics.not_sent("message", Failure("ratelimited", permanent=False, retry_after=timedelta(seconds=1)))
    metrics.not_sent("message", Failure("channel_not_found", permanent=True))
    metrics.not_sent("card", Failure("timeout", permanent=False, uncertain=True))
    text = metrics.exposition().decode()
    assert 'coachbot_sends_total{result="429",what="message"} 1.0' in text
    assert 'coachbot_sends_total{result="failed",what="message"} 1.0' in text
    assert 'coachbot_sends_total{result="failed",what="card"} 1.0' in text


def test_each_app_counts_in_its_own_registry() -> None:
    one, two = Metrics(), Metrics()
    one.request("command", 0.01)
    assert 'coachbot_requests_total{kind="command"} 1.0' in one.exposition().decode()
    assert 'coachbot_requests_total{kind="command"} 0.0' in two.exposition().decode()


def test_the_lease_holder_and_a_takeover_are_counted(bot: BotUnderTest, database: Database) -> None:
    watched = [Metrics(), Metrics()]  # two replicas, each with its own
    first = Ticker(replace(bot.services, metrics=watched[0]), replica="one")
    second = Ticker(replace(bot.services, metrics=watched[1]), replica="two")
    first._tick()
    second._tick()
    assert [_value(m, "coachbot_lease_holder") for m in watched] == [1, 0]
    lease.release(database, name="due-work", holder=first.holder)  # as a clean shutdown does
    second._tick()
    assert _value(watched[1], "coachbot_lease_holder") == 1
    assert _value(watched[1], "coachbot_lease_takeovers_total") == 1
    assert _value(watched[0], "coachbot_lease_takeovers_total") == 0


def test_only_get_metrics_is_served(bot: BotUnderTest) -> None:
    request = urllib.request.Request(f"{bot.server.url}/metrics", data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 404


def _value(metrics: Metrics, name: str, **labels: str) -> float:
    value = metrics.registry.get_sample_value(name, labels)
    assert value is not None, name
    return value


def test_lateness_counts_from_the_phase_deadline_not_from_the_tick_that_saw_it(bot: BotUnderTest) -> None:
    bot.command(f"<@{ANA}> {QUICK}")
    bot.tick()
    before = _value(bot.services.metrics, "coachbot_phase_change_lateness_seconds_sum")
    bot.clock.advance(25)  # the scheduler was 5 s late for phase 2's deadline
    bot.tick()
    late = _value(bot.services.metrics, "coachbot_phase_change_lateness_seconds_sum") - before
    assert 5 <= late < 6
    assert _value(bot.services.metrics, "coachbot_phase_change_lateness_seconds_bucket", le="5.0") == 1
    assert _value(bot.services.metrics, "coachbot_phase_change_lateness_seconds_bucket", le="10.0") == 2
