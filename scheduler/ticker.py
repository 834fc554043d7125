"""One interval job that runs due work every second, and can be woken early when work is queued."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.exc import DBAPIError

from bot.platform.due import next_due
from bot.runtime import Services
from scheduler import lease

log = logging.getLogger(__name__)

JOB_ID = "due-work"
CARDS_ID = "live-cards"
WAKE_ID = "wake"
LEASE_NAME = "due-work"
TICK_SECONDS = 1.0
# Card edits hold back when a phase deadline is this close (they take tens of milliseconds a slice).
GIVE_WAY_BEFORE = timedelta(milliseconds=50)
# Card edits run again at once after a kick that came while they ran, at most this many times in a row.
CARDS_AGAIN_AT_MOST = 5


def died_here(replica: str, holder: str) -> bool:
    """True for a holder ("replica:pid:tag") of this same replica whose process no longer exists: after a
    crash and restart, the new process need not wait out the old one's lease."""
    name, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if name != replica or not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it exists, under another user
    return False


class Ticker:
    """Nothing lives in the scheduler but these jobs: what is due is read from the database each time,
    so a restart or a second replica rebuilds everything. Card edits run as a job of their own beside
    due work: with 1,000 live rounds they took most of each tick and made phase changes wait (P2 in
    bench/). Both run only on the replica holding the lease, whose budgets are the workspace's."""

    def __init__(
        self, services: Services, *, interval: float = TICK_SECONDS, replica: str | None = None
    ) -> None:
        self.services = services
        self.interval = interval
        self.scheduler = BackgroundScheduler(timezone=UTC)
        self.replica = replica or socket.gethostname()
        self.holder = f"{self.replica}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.holding = False
        self._running = threading.Lock()  # one tick at a time, whichever job started it
        self._last_tick = time.monotonic()
        self._stop = threading.Event()
        self._next_due: datetime | None = None  # the earliest phase deadline, as the last tick read it
        self._cards_kicked = threading.Event()  # work was queued since the card edits last looked
        self._watchdog = threading.Thread(target=self._watch, name="ticker-watchdog", daemon=True)
        # A kick while a tick runs is simply skipped: the running tick or the next one does the work.
        logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
        logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)

    def _died_here(self, holder: str) -> bool:
        return died_here(self.replica, holder)

    def start(self) -> None:
        for job, job_id in ((self.tick, JOB_ID), (self.refresh_cards, CARDS_ID)):
            self.scheduler.add_job(
                job,
                "interval",
                seconds=self.interval,
                id=job_id,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=None,
                next_run_time=datetime.now(UTC),
            )
        self.scheduler.start()
        self.services.kick = self.kick
        self._watchdog.start()

    def _watch(self) -> None:
        """APScheduler plans by the system clock: when that is stepped back, its interval job would wait
        out the step. Waits here are monotonic, so a missing tick is noticed and started."""
        while not self._stop.wait(self.interval):
            if self._running.locked():
                continue  # a long tick is not a missing one
            if time.monotonic() - self._last_tick > 2 * self.interval:
                log.info(
                    "no tick for %.1f s (was the system clock stepped?): running one now", self.interval * 2
                )
                self.kick()

    def kick(self) -> None:
        """Work was queued (a press, a command): run due work, and card edits, now rather than at the next
        second; a press waited up to a second for the card-edit job before (P6 in bench/)."""
        self._cards_kicked.set()
        if self.scheduler.running:
            at = datetime.now(UTC)
            self.scheduler.modify_job(JOB_ID, next_run_time=at)
            self.scheduler.modify_job(CARDS_ID, next_run_time=at)

    def tick(self) -> None:
        with self._running:
            self._last_tick = time.monotonic()
            self._tick()
            self._last_tick = time.monotonic()
            self._wake_for_next_deadline()

    def _wake_for_next_deadline(self) -> None:
        """Phase deadlines should not wait for the next whole tick: schedule a run at the exact instant."""
        if not self.holding or not self.scheduler.running:
            return
        try:
            due = next_due(self.services.db)
        except Exception:  # the interval job still runs; a missed wake only costs precision
            log.exception("could not read the next deadline")
            return
        self._next_due = due
        # The deadline is in the services' steady time; APScheduler wants its own system-clock time.
        delay = due - self.services.clock.now() if due is not None else None
        if delay is not None and delay < timedelta(seconds=self.interval):
            self.scheduler.add_job(
                self.tick,
                "date",
                run_date=datetime.now(UTC) + max(delay, timedelta(0)),
                id=WAKE_ID,
                replace_existing=True,
                misfire_grace_time=None,
            )

    def _tick(self) -> None:
        try:
            now = self.services.clock.now()
            held = lease.take(
                self.services.db, name=LEASE_NAME, holder=self.holder, now=now, is_dead=self._died_here
            )
            holding = held is not lease.Held.REFUSED
            self.services.metrics.lease(holding=holding, took_over=held is lease.Held.TAKEN)
            if holding != self.holding:
                log.info(
                    "%s scheduled work on this replica (%s)",
                    "running" if holding else "standing by for",
                    self.holder,
                )
                self.holding = holding
            if not holding:
                return
            report = self.services.run_due(now, cards=False)
        except DBAPIError as exc:  # the database is away: say so in one line, try again next tick
            log.warning("database unreachable, due work waits for it: %s", exc.__class__.__name__)
            return
        except Exception:  # a failed tick must not stop the next one; the work stays due in the database
            log.exception("due work failed; it will be retried on the next tick")
            return
        if report.errors:
            log.info("tick: %s", report)

    def refresh_cards(self) -> None:
        """Card edits, again at once when a kick came while they ran. APScheduler skips a run asked for
        while the job is running (and runs it a second later), and the edit then out may have rendered the
        card just before the press: the press waited up to a second to show (P6 in bench/)."""
        for _ in range(CARDS_AGAIN_AT_MOST):
            self._cards_kicked.clear()
            self._refresh_cards_once()
            if not self._cards_kicked.is_set():
                return

    def _refresh_cards_once(self) -> None:
        if not self.holding:
            return
        try:
            now = self.services.clock.now()
            report = self.services.gateway.refresh_cards(now, give_way=self._due_work_first)
        except DBAPIError as exc:
            log.warning("database unreachable, card edits wait for it: %s", exc.__class__.__name__)
            return
        except Exception:  # the edits stay wanted in the database; the next run retries them
            log.exception("card edits failed; they will be retried")
            return
        if report.errors:
            log.info("cards: %s", report)

    def _due_work_first(self) -> bool:
        """Card edits wait while due work runs or a deadline is a moment away: both share this process
        (and SQLite's one writer), and a phase change matters more than a countdown (P2 in bench/)."""
        if self._running.locked():
            return True
        due = self._next_due
        return due is not None and due - self.services.clock.now() < GIVE_WAY_BEFORE

    def stop(self) -> None:
        self._stop.set()
        if self._watchdog.is_alive():
            self._watchdog.join(timeout=5)
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        if self.holding:
            lease.release(self.services.db, name=LEASE_NAME, holder=self.holder)
            self.holding = False
            self.services.metrics.lease(holding=False)
