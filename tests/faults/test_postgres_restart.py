"""PostgreSQL restarted under load: friendly replies meanwhile, recovery without a restart of the
bot, and no update half-written. Runs against the real server on 127.0.0.1, once, bounded."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from store.models import Action, Update
from tests.conftest import PRIYA
from tests.fakes import slack_requests as sr

LOAD_SECONDS = 12
THREADS = 4


def restart_postgres() -> None:
    versions = sorted(os.listdir("/etc/postgresql"))
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "restart", "-m", "fast"],
                   check=True, timeout=60, capture_output=True)


@pytest.fixture
def restartable(db):  # type: ignore[no-untyped-def]
    if db.backend != "postgresql":
        pytest.skip("restarting a server only applies to PostgreSQL")
    if not (shutil.which("pg_ctlcluster") and Path("/etc/postgresql").is_dir() and os.geteuid() == 0):
        pytest.skip("restarting PostgreSQL needs pg_ctlcluster run as root (as on the CI machines)")
    return db


def test_a_postgres_restart_under_load_is_survived(restartable, linked, slack_app, services) -> None:  # type: ignore[no-untyped-def]
    services.reply_budget = 8.0  # see every answer in the ack itself, however slow the outage makes it
    replies: list[tuple[int, str]] = []
    stop = threading.Event()
    lock = threading.Lock()

    def load(n: int) -> None:
        i = 0
        while not stop.is_set():
            i += 1
            command, text = ("/update", f"NF-3.1a note: load note {n}-{i}") if i % 3 == 0 else ("/actions", "owner:priya")
            body = sr.slash_command_body(command, text, team_id=slack_app.team_id, user_id=PRIYA, response_url=slack_app.slack.response_url(f"load{n}-{i}"))
            status, _, reply = sr.post_signed(slack_app.url + "/slack/events", body, slack_app.secret, timeout=20)
            with lock:
                replies.append((status, reply))
            time.sleep(0.05)

    threads = [threading.Thread(target=load, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    time.sleep(2)
    restart_postgres()
    time.sleep(LOAD_SECONDS - 2)
    stop.set()
    for t in threads:
        t.join(timeout=30)

    assert replies and all(status == 200 for status, _ in replies), {s for s, _ in replies}
    print(f"\n{len(replies)} requests during the restart; answers after it below")
    friendly = [r for _, r in replies if "isn't answering right now" in r]
    answered = [r for _, r in replies if "Saved your update" in r or "Actions owned by Priya Raman" in r]
    assert answered, "nothing was answered"
    print(f"{len(answered)} answered normally, {len(friendly)} told the store was not answering")
    assert len(friendly) + len(answered) == len(replies), [r[:120] for _, r in replies if r not in friendly and r not in answered][:3]
    # Recovered without restarting the bot: a request now is answered normally.
    after, _ = slack_app.command("/actions", "owner:priya", user=PRIYA)
    assert "Actions owned by Priya Raman" in after.blocks_text
    assert slack_app.get("/healthz").status == 200
    # No update half-written: every saved note is in the history exactly once, with its action.
    with restartable.session() as session:
        notes = [u.note for u in session.scalars(select(Update).where(Update.source == "slack", Update.note.like("load note%")))]
        assert len(notes) == len(set(notes))
        action = session.scalar(select(Action).where(Action.handle == "NF-3.1a"))
        newest = max((u.created_at for u in session.scalars(select(Update).where(Update.action_id == action.id))), default=None)
        assert newest is None or action.last_activity_at >= newest
    confirmed = sum(1 for r in answered if "Saved your update" in r)
    assert len(notes) == confirmed
