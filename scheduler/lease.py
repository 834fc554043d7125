"""A lease row in the database: among several replicas, one runs scheduled work; a standby takes over
when the holder stops renewing. Plain row updates, so it works through connection poolers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, update

from storage.db import Database
from storage.platform import Lease

# The holder renews every tick; a standby takes over this long after the last renewal.
LEASE_TTL = timedelta(seconds=10)
EXPIRED = datetime(2000, 1, 1, tzinfo=UTC)


class Held(StrEnum):
    RENEWED = "renewed"  # `holder` had it
    TAKEN = "taken"  # from another holder, expired, released or dead: a takeover (bot/watch counts them)
    CREATED = "created"  # the first holder ever
    REFUSED = "refused"  # another holder has it


def hold(
    db: Database,
    *,
    name: str,
    holder: str,
    now: datetime,
    ttl: timedelta = LEASE_TTL,
    is_dead: Callable[[str], bool] = lambda _holder: False,
) -> bool:
    """Take or renew the lease; True when `holder` has it until now + ttl."""
    return take(db, name=name, holder=holder, now=now, ttl=ttl, is_dead=is_dead) is not Held.REFUSED


def take(
    db: Database,
    *,
    name: str,
    holder: str,
    now: datetime,
    ttl: timedelta = LEASE_TTL,
    is_dead: Callable[[str], bool] = lambda _holder: False,
) -> Held:
    """As `hold`, saying how: renewed (one statement, the holder's every tick), taken over, created, or
    refused. A holder that `is_dead` says has certainly stopped (a crashed process on this very machine) is
    replaced without waiting."""
    lease = col(Lease.name) == name
    with db.session() as s:
        mine = update(Lease).where(lease).where(col(Lease.holder) == holder)
        if s.exec(mine.values(expires_at=now + ttl)).rowcount == 1:
            return Held.RENEWED
        expired = update(Lease).where(lease).where(col(Lease.expires_at) < now)
        if s.exec(expired.values(holder=holder, expires_at=now + ttl)).rowcount == 1:
            return Held.TAKEN
        current = s.get(Lease, name)
        if current is not None:
            if not is_dead(current.holder):
                return Held.REFUSED
            taken = s.exec(
                update(Lease)
                .where(lease)
                .where(col(Lease.holder) == current.holder)
                .values(holder=holder, expires_at=now + ttl)
            )
            return Held.TAKEN if taken.rowcount == 1 else Held.REFUSED
    try:
        with db.session() as s:
            s.add(Lease(name=name, holder=holder, expires_at=now + ttl))
    except IntegrityError:
        return Held.REFUSED  # another replica created it first
    return Held.CREATED


def release(db: Database, *, name: str, holder: str) -> None:
    """Give the lease up on a clean shutdown, so a standby need not wait for it to expire."""
    with db.session() as s:
        s.exec(
            update(Lease)
            .where(col(Lease.name) == name)
            .where(col(Lease.holder) == holder)
            .values(expires_at=EXPIRED)
        )
