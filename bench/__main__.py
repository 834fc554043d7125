"""`python -m bench`: run the benchmarks, print the table, write bench/results/latest.json."""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sqlite3
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import p1_ack, p2_timers, p3_rates, p4_fanout, p5_resources, p6_cards, p7_feeds
from bench.common import ROOT, Figure, Options

BENCHMARKS: dict[str, Callable[[Options], list[Figure]]] = {
    "P1": p1_ack.run,
    "P2": p2_timers.run,
    "P3": p3_rates.run,
    "P4": p4_fanout.run,
    "P5": p5_resources.run,
    "P6": p6_cards.run,
    "P7": p7_feeds.run,
}
RESULTS = ROOT / "bench" / "results"


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run in about a minute")
    parser.add_argument("--only", default="", help="comma-separated benchmarks to run, e.g. P1,P3")
    parser.add_argument(
        "--database-url",
        default=None,
        help="default: a fresh SQLite file per benchmark in a temporary folder; for PostgreSQL give "
        "postgresql+psycopg://postgres@127.0.0.1:5432/<db> (its public schema is dropped and recreated)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json", help="where the JSON goes")
    return parser.parse_args(argv)


def machine(database_url: str | None) -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    database = "PostgreSQL" if database_url else f"SQLite {sqlite3.sqlite_version}"
    return {"nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version(), "database": database}


def table(figures: list[Figure]) -> str:
    rows = [("benchmark", "figure", "goal", "baseline", "ratio", "result")]
    for f in figures:
        base = "-" if f.baseline is None else f"{f.baseline:.1f} {f.unit}"
        ratio = "-" if f.ratio is None else f"{f.ratio:.2f}x"
        result = "-" if f.passed is None else ("pass" if f.passed else "MISS")
        rows.append((f.name, f"{f.value:.1f} {f.unit}", f.goal, base, ratio, result))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    logging.basicConfig(level=logging.WARNING)
    chosen = [n.strip().upper() for n in args.only.split(",") if n.strip()] or list(BENCHMARKS)
    unknown = [n for n in chosen if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
        return 2
    figures: list[Figure] = []
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="coachbot-bench-") as tmp:
        opts = Options(quick=args.quick, workdir=Path(tmp), database_url=args.database_url)
        for name in chosen:
            started = time.monotonic()
            found = BENCHMARKS[name](opts)
            timings[name] = round(time.monotonic() - started, 1)
            figures.extend(found)
            print(table(found), flush=True)
    print()
    print(table(figures))
    report = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "machine": machine(args.database_url),
        "seconds": timings,
        "figures": [f.as_json() for f in figures],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
