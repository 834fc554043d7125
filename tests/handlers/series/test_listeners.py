"""The series' listeners: one module per surface, each with `register(app)`, none importing another."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import handlers.home
import handlers.series
from handlers.series import actions, commands, views

SURFACES = (commands, actions, views, handlers.home)
SHARED = ("handlers.kit", "handlers.refusals")  # helpers every listener may use, not listeners


def test_each_surface_registers_itself() -> None:
    for module in SURFACES:
        assert callable(module.register), module.__name__
        assert list(inspect.signature(module.register).parameters) == ["app"], module.__name__


def test_no_listener_module_imports_another() -> None:
    for path in Path(handlers.series.__file__).parent.glob("*.py"):
        if path.name == "__init__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("handlers"):
                assert node.module in SHARED, f"{path.name} imports {node.module}"


def test_the_app_home_event_is_declared_for_the_manifest_check() -> None:
    assert handlers.home.EVENTS == ("app_home_opened",)
