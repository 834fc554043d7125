from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

from bot.clock import FakeClock
from scheduler import lease
from scheduler.ticker import died_here
from storage.db import Database


def test_one_holder_at_a_time_and_a_standby_takes_over_when_it_lapses(
    database: Database, clock: FakeClock
) -> None:
    now = clock.now()
    assert lease.hold(database, name="work", holder="a", now=now)
    assert not lease.hold(database, name="work", holder="b", now=now)
    assert lease.hold(database, name="work", holder="a", now=now + timedelta(seconds=5))  # renewed
    assert not lease.hold(database, name="work", holder="b", now=now + timedelta(seconds=14))
    # a stops renewing (killed): b takes over once the last renewal is 10 s old
    assert lease.hold(database, name="work", holder="b", now=now + timedelta(seconds=15, milliseconds=1))
    assert not lease.hold(database, name="work", holder="a", now=now + timedelta(seconds=16))


def test_release_lets_a_standby_in_at_once(database: Database, clock: FakeClock) -> None:
    assert lease.hold(database, name="work", holder="a", now=clock.now())
    lease.release(database, name="work", holder="a")
    assert lease.hold(database, name="work", holder="b", now=clock.now())


def test_leases_are_independent_by_name(database: Database, clock: FakeClock) -> None:
    assert lease.hold(database, name="one", holder="a", now=clock.now())
    assert lease.hold(database, name="two", holder="b", now=clock.now())


def test_a_restarted_replica_replaces_its_own_dead_process_at_once(
    database: Database, clock: FakeClock
) -> None:
    """kill -9 and restart on the same replica: the old pid is gone, so there is nothing to wait for."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    old = f"replica-a:{gone.pid}:0000"
    assert lease.hold(database, name="work", holder=old, now=clock.now())
    new = f"replica-a:{os.getpid()}:1111"
    other = f"replica-b:{os.getpid()}:2222"
    assert not lease.hold(
        database, name="work", holder=other, now=clock.now(), is_dead=lambda h: died_here("replica-b", h)
    )  # another replica cannot tell, so it waits for the lease to lapse
    assert lease.hold(
        database, name="work", holder=new, now=clock.now(), is_dead=lambda h: died_here("replica-a", h)
    )
    assert not died_here("replica-a", f"replica-a:{os.getpid()}:3333")  # this very process is alive


def test_take_says_how_the_lease_was_had(database: Database, clock: FakeClock) -> None:
    now = clock.now()
    assert lease.take(database, name="work", holder="a", now=now) is lease.Held.CREATED
    assert lease.take(database, name="work", holder="a", now=now) is lease.Held.RENEWED
    assert lease.take(database, name="work", holder="b", now=now) is lease.Held.REFUSED
    later = now + lease.LEASE_TTL + timedelta(seconds=1)
    assert lease.take(database, name="work", holder="b", now=later) is lease.Held.TAKEN
    assert (
        lease.take(database, name="work", holder="c", now=later, is_dead=lambda h: h == "b")
        is lease.Held.TAKEN
    )
