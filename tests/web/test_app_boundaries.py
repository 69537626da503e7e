"""Apps talk through services and models, never through each other's views (design.md §2)."""

from __future__ import annotations

import ast
from pathlib import Path

import kneewise.web

WEB = Path(kneewise.web.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_module_imports_another_apps_views() -> None:
    offenders = []
    for path in sorted(WEB.rglob("*.py")):
        app = path.relative_to(WEB).parts[0]
        for module in imported_modules(path):
            parts = module.split(".")
            views_of = (
                parts[2] if parts[:2] == ["kneewise", "web"] and parts[3:4] == ["views"] else app
            )
            if views_of != app:
                offenders.append(f"{path.relative_to(WEB)} imports {module}")
    assert offenders == []
