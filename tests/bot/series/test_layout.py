"""bot/series/ holds the shared file vocabulary and leans on nothing above it: no app, handler or demo, and
no Slack client (Block Kit models only)."""

from __future__ import annotations

import ast
from pathlib import Path

import bot.series

ROOT = Path(bot.series.__file__).parent
VOCABULARY = {
    "__init__.py",
    "domain",
    "store",
    "service",
    "due",
    "render",
    "forms",
    "commands",
    "help",
    "concerns",
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_folder_holds_the_shared_file_names_and_nothing_else() -> None:
    entries = {
        p.name if p.name == "__init__.py" else p.stem for p in ROOT.iterdir() if p.name != "__pycache__"
    }
    assert entries == VOCABULARY


def test_no_module_imports_the_app_a_handler_a_demo_or_a_slack_client() -> None:
    for path in ROOT.rglob("*.py"):
        for name in _imports(path):
            assert not name.startswith(("handlers", "demos", "bot.app")), f"{path} imports {name}"
            if name.startswith("slack_sdk"):
                assert name.startswith("slack_sdk.models"), f"{path} imports {name}"


def test_domain_and_render_read_no_clock() -> None:
    for path in [ROOT / "domain.py", *(ROOT / "render").glob("*.py")]:
        assert "bot.clock" not in _imports(path), path
