"""The lint and type checks configured in pyproject.toml pass on the whole repository.

They run here, with the suite, so that CI (which runs the README's test command) enforces them.
The tools are the ones the `test` extra installs beside this interpreter.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    executable = BIN / tool
    if not executable.exists():
        pytest.fail(f"{tool} is not installed beside {sys.executable}: install the test extra (pip install -e '.[test]')")
    return subprocess.run([str(executable), *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing() -> None:
    result = run("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert result.returncode == 0, f"ruff check . found problems:\n{result.stdout}{result.stderr}"


def test_mypy_finds_nothing() -> None:
    # mypy's own cache (.mypy_cache, ignored by git) makes a run after the first take seconds
    # instead of a minute on a busy machine; it checks every file's hash, so it is never stale.
    result = run("mypy")
    assert result.returncode == 0, f"mypy found problems:\n{result.stdout}{result.stderr}"
