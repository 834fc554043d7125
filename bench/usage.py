"""Where the CPU goes during a benchmark: each coachbot process, this process (the local Slack), the
PostgreSQL backends serving the benchmark's database, and the whole machine, sampled from /proc (Linux)."""

from __future__ import annotations

import os
import time
from bisect import bisect_left, bisect_right
from pathlib import Path

from sqlalchemy import text

from bench.common import Coachbot, Figure
from storage.db import Database

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float | None:
    """User plus system CPU of a process so far (None once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14 and 15 of stat)


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, over every core."""
    parts = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = parts[3] + parts[4]  # idle, iowait
    return (sum(parts) - idle) / TICKS, sum(parts) / TICKS


class Usage:
    """Cumulative CPU seconds by role, sampled when asked; the database's backends come and go, so each
    one's growth is added while it is seen."""

    def __init__(self, bots: list[Coachbot], database_url: str) -> None:
        self.bots = bots
        self.db = Database(database_url) if database_url.startswith("postgresql") else None
        self.times: list[float] = []
        self.rows: list[dict[str, float]] = []
        self._backends: dict[int, float] = {}
        self._db_total = 0.0

    def sample(self) -> None:
        row: dict[str, float] = {}
        for bot in self.bots:
            if bot.proc is not None and (spent := cpu_seconds(bot.proc.pid)) is not None:
                row[f"pid:{bot.proc.pid}"] = spent
        row["bench"] = sum(os.times()[:2])
        row["busy"], row["total"] = machine_busy()
        if self.db is not None:
            row["database"] = self._database()
        self.times.append(time.time())
        self.rows.append(row)

    def _database(self) -> float:
        assert self.db is not None
        with self.db.engine.connect() as conn:
            pids = conn.execute(
                text(
                    "SELECT pid FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalars()
            for pid in pids:
                spent = cpu_seconds(int(pid))
                if spent is None:
                    continue
                self._db_total += spent - self._backends.get(pid, spent)
                self._backends[pid] = spent
        return self._db_total

    def between(self, start: float, end: float) -> tuple[float, dict[str, float]]:
        """Seconds between the samples around [start, end], and each role's CPU over them as a share of
        one core (the machine's as a share of all its cores)."""
        if len(self.times) < 2:
            return 0.0, {}
        i = max(0, bisect_right(self.times, start) - 1)
        j = min(len(self.times) - 1, max(i + 1, bisect_left(self.times, end)))
        span = self.times[j] - self.times[i]
        first, last = self.rows[i], self.rows[j]
        shares = {
            key: (last[key] - first[key]) / span * 100 for key in last if key in first and key != "total"
        }
        total = last["total"] - first["total"]
        shares["busy"] = (last["busy"] - first["busy"]) / total * 100 if total else 0.0
        return span, shares

    def figures(self, name: str, start: float, end: float, holder: str) -> list[Figure]:
        span, shares = self.between(start, end)
        if self.db is not None:
            self.db.dispose()
        note = f"CPU over the nudges' window ({span:.1f} s between samples), % of one core"
        out = []
        for n, bot in enumerate(self.bots):
            assert bot.proc is not None
            pid = bot.proc.pid
            role = "holding the lease" if f":{pid}:" in holder else "standby"
            label = (
                f"{name}: CPU of replica {n + 1} ({role})"
                if len(self.bots) > 1
                else f"{name}: CPU of coachbot"
            )
            out.append(
                Figure(label, shares.get(f"pid:{pid}", 0.0), "%", "-", None, note=note if n == 0 else "")
            )
        out.append(
            Figure(
                f"{name}: CPU of the local Slack (bench process)", shares.get("bench", 0.0), "%", "-", None
            )
        )
        if "database" in shares:
            out.append(
                Figure(f"{name}: CPU of PostgreSQL (its backends)", shares["database"], "%", "-", None)
            )
        cores = os.cpu_count() or 1
        out.append(
            Figure(
                f"{name}: machine busy",
                shares["busy"],
                "%",
                "-",
                None,
                note=f"of all {cores} cores, other work on the machine included",
            )
        )
        return out
