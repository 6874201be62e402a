from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture
def sample() -> Callable[[str], Path]:
    """The path of one of our own invented sample files."""

    def path(name: str) -> Path:
        found = SAMPLES / name
        assert found.is_file(), f"missing sample {name}"
        return found

    return path


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write text (or bytes) to a file in a temporary folder and return its path."""

    def write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        target = tmp_path / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding=encoding)
        return target

    return write
