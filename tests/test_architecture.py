"""The apps depend one way: each imports only the apps above it (README, *Architecture*).

Upstream apps learn about downstream ones through registries the downstream apps fill in
their AppConfig.ready(), never by importing them; the three event parts at the bottom
(programme, booths, townhall) never import one another. Read from the source, so an
import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# From the top down; (package directory, app).
ORDER = [
    "common", "accounts", "mail", "events", "people", "audit", "announcements", "registration", "sessions", "booths",
    "townhall", "challenge",
]  # fmt: skip
SIBLINGS = {"sessions", "booths", "townhall", "challenge"}


def imported_apps(path: Path) -> set[tuple[str, int]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add((node.module.split(".")[0], node.lineno))
        elif isinstance(node, ast.Import):
            found.update((alias.name.split(".")[0], node.lineno) for alias in node.names)
    return found


def against_the_direction(app: str) -> list[str]:
    rank = ORDER.index(app)
    wrong = []
    for path in sorted((ROOT / app).rglob("*.py")):
        for imported, line in imported_apps(path):
            if imported == app or imported not in ORDER:
                continue
            if ORDER.index(imported) > rank or (app in SIBLINGS and imported in SIBLINGS):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    return sorted(wrong)


@pytest.mark.parametrize("app", ORDER)
def test_each_app_imports_only_the_apps_above_it(app):
    assert against_the_direction(app) == []


def test_the_check_sees_an_import_against_the_direction(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "bad.py").write_text("def f():\n    from registration.models import Registration\n")
    assert against_the_direction("events") == ["events/bad.py:2 imports registration"]
