"""`coachbot demo` loads the demos and the local Slack only when asked, and says how to get the local Slack
when it is missing; nothing the bot runs imports either."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import demos
from bot import cli

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ("bot", "handlers", "storage", "scheduler")


def test_the_cli_names_every_demo() -> None:
    assert tuple(demos.DEMOS) == cli.DEMO_NAMES


def test_without_the_local_extra_the_demo_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "websockets", None)  # as if `pip install coachbot` without [local]
    assert cli.main(["demo", "coach"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "pip install 'coachbot[local]'" in err


def _imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_runtime_module_imports_the_demos_or_the_local_slack() -> None:
    found = {
        f"{path.relative_to(ROOT)}: {sorted(bad)}"
        for folder in RUNTIME
        for path in (ROOT / folder).rglob("*.py")
        if path != ROOT / "bot" / "cli.py"  # its demo branch imports `demos` lazily
        if (bad := _imported(path) & {"demos", "localslack", "websockets"})
    }
    assert found == set()


def test_serving_loads_neither_the_demos_nor_the_local_slack() -> None:
    probe = (
        "import sys, bot.cli, bot.app, bot.runtime, bot.serve, scheduler.ticker;"
        "bot.cli._parser();"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'demos', 'localslack', 'websockets'}))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
