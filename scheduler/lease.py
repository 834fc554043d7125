"""A lease row in the database: among several replicas, one runs scheduled work; a standby takes over
when the holder stops renewing. Plain row updates, so it works through connection poolers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, update

from storage.db import Database
from storage.platform import Lease

# The holder renews every tick; a standby takes over this long after the last renewal.
LEASE_TTL = timedelta(seconds=10)
EXPIRED = datetime(2000, 1, 1, tzinfo=UTC)


def hold(
    db: Database,
    *,
    name: str,
    holder: str,
    now: datetime,
    ttl: timedelta = LEASE_TTL,
    is_dead: Callable[[str], bool] = lambda _holder: False,
) -> bool:
    """Take or renew the lease; True when `holder` has it until now + ttl. A holder that `is_dead` says
    has certainly stopped (a crashed process on this very machine) is replaced without waiting."""
    with db.session() as s:
        result = s.exec(
            update(Lease)
            .where(col(Lease.name) == name)
            .where((col(Lease.holder) == holder) | (col(Lease.expires_at) < now))
            .values(holder=holder, expires_at=now + ttl)
        )
        if result.rowcount == 1:
            return True
        current = s.get(Lease, name)
        if current is not None:
            if not is_dead(current.holder):
                return False
            taken = s.exec(
                update(Lease)
                .where(col(Lease.name) == name)
                .where(col(Lease.holder) == current.holder)
                .values(holder=holder, expires_at=now + ttl)
            )
            return taken.rowcount == 1
    try:
        with db.session() as s:
            s.add(Lease(name=name, holder=holder, expires_at=now + ttl))
    except IntegrityError:
        return False  # another replica created it first
    return True


def release(db: Database, *, name: str, holder: str) -> None:
    """Give the lease up on a clean shutdown, so a standby need not wait for it to expire."""
    with db.session() as s:
        s.exec(
            update(Lease)
            .where(col(Lease.name) == name)
            .where(col(Lease.holder) == holder)
            .values(expires_at=EXPIRED)
        )
