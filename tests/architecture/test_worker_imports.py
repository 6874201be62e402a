"""A serving worker starts without the libraries only imports and reports use: each worker keeps
what it imports for its whole life, and these took about 45 MB of every worker's memory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine

from store.db import upgrade

ROOT = Path(__file__).resolve().parents[2]
# Imported where a file is read, a report written or the schema changed (see each import's comment).
ONLY_WHERE_USED = ("openpyxl", "docx", "pdfplumber", "pdfminer", "bs4", "lxml", "jinja2", "holidays", "rich", "alembic", "mako")

STARTS_A_WORKER = """
import sys
from bot.cli import build_wsgi, load_settings, open_or_exit

settings = load_settings()
open_or_exit(settings).engine.dispose()  # as `serve` does before it forks the workers
build_wsgi(settings)
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_starting_a_worker_imports_none_of_the_libraries_only_some_requests_use(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    upgrade(create_engine(url))
    env = {**os.environ, "DATABASE_URL": url, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "s" * 32, "LOG_FORMAT": "json"}
    started = subprocess.run([sys.executable, "-c", STARTS_A_WORKER], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True)
    imported = set(started.stdout.split())
    assert "slack_bolt" in imported  # the worker was really built
    assert not imported & set(ONLY_WHERE_USED)
