"""Imports go one way: fivesteps -> webhooks -> bot -> flows. Checked on the source, file by file."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "flows": {"bot", "webhooks", "fivesteps", "aiohttp", "redis", "twilio"},
    "bot": {"webhooks", "fivesteps", "aiohttp.web", "aiohttp"},
    "webhooks": {"fivesteps"},
}


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_go_one_way(package: str) -> None:
    offences = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for name in imported_modules(path):
            for banned in FORBIDDEN[package]:
                if name == banned or name.startswith(banned + "."):
                    offences.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offences == []


def test_the_check_sees_an_offence() -> None:
    # Guard against a scan that silently finds nothing: webhooks really does import bot.
    found = set().union(*(imported_modules(p) for p in (ROOT / "webhooks").rglob("*.py")))
    assert any(n.startswith("bot.") for n in found)
