"""Dependencies point one way: handlers → digests → store. The domain never learns Slack."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("handlers", "bot", "slack_bolt", "slack_sdk")


def imported_modules(path: Path, root: Path = ROOT) -> set[str]:
    """Every module `path` imports, at the top or inside a function; a relative import is read
    as the absolute name it stands for (`from ..x import y` in store/a/b.py is store.x)."""
    names: set[str] = set()
    package = path.relative_to(root).parent.parts
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - (node.level - 1)] if node.level - 1 <= len(package) else ()
            names.add(".".join((*base, *([node.module] if node.module else []))) or ".")
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


def test_the_walk_reaches_the_domains_subpackages() -> None:
    # The committee report and the update rounds sit in a subpackage and a module of their own:
    # the rule holds for them as for the rest.
    walked = {str(p.relative_to(ROOT)) for p in domain_modules()}
    assert {"store/committee_report/tracker.py", "store/committee_report/word.py", "store/rounds.py", "digests/rounds.py"} <= walked


def test_a_relative_import_is_read_as_the_module_it_names(tmp_path: Path) -> None:
    module = tmp_path / "store" / "committee_report" / "model.py"
    module.parent.mkdir(parents=True)
    module.write_text("from ..rounds import x\nfrom . import word\nfrom ...handlers import blocks\n")
    assert imported_modules(module, root=tmp_path) == {"store.rounds", "store.committee_report", "handlers"}
