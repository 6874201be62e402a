"""Dependencies point one way: handlers → digests → store. The domain never learns Slack."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("handlers", "bot", "slack_bolt", "slack_sdk")


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def domain_modules() -> list[Path]:
    # Migrations are the exception: 0006 builds slack_sdk's installation tables from slack_sdk's
    # own definitions, so the OAuth stores read exactly what they wrote. No running code imports them.
    migrations = ROOT / "store" / "migrations"
    return sorted(
        p for package in ("store", "digests") for p in (ROOT / package).rglob("*.py") if migrations not in p.parents
    )


@pytest.mark.parametrize("path", domain_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_store_and_digests_import_nothing_from_handlers_bot_or_slack(path: Path) -> None:
    wrong = sorted(m for m in imported_modules(path) if m.split(".")[0] in FORBIDDEN)
    assert not wrong, f"{path.relative_to(ROOT)} imports {wrong}"


def test_store_does_not_import_digests() -> None:
    offenders = {
        str(p.relative_to(ROOT)): sorted(m for m in imported_modules(p) if m.split(".")[0] == "digests")
        for p in (ROOT / "store").rglob("*.py")
    }
    assert not {k: v for k, v in offenders.items() if v}
