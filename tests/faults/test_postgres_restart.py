"""PostgreSQL restarted under load: friendly replies meanwhile, recovery without a restart of the
bot, and no update half-written.

The server restarted is a private cluster this test starts itself (initdb into a temporary folder,
its own port on 127.0.0.1) and removes afterwards: a test never stops a server it did not start.
Bounded: one restart, LOAD_SECONDS of load from THREADS threads."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import OperationalError

from store.db import create_store_engine, make_session_factory, upgrade
from store.models import Action, Update
from store.workspaces import ensure_workspace
from tests.conftest import OTHER_WORKSPACE, PRIYA, WORKSPACE, Database
from tests.fakes import slack_requests as sr

LOAD_SECONDS = 12
THREADS = 4


def find_initdb() -> Path | None:
    """initdb from the newest PostgreSQL under /usr/lib/postgresql, else the one on PATH."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    found = candidates[-1] if candidates else shutil.which("initdb")
    return Path(found).resolve() if found else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrivateCluster:
    """A throwaway PostgreSQL cluster owned by this test. As root, it runs as the postgres OS user
    (PostgreSQL refuses to run as root)."""

    def __init__(self, bin_dir: Path, folder: Path, port: int, run_as: str | None) -> None:
        self.bin_dir, self.folder, self.port, self.run_as = bin_dir, folder, port, run_as
        self.data, self.log = folder / "data", folder / "server.log"
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/test"

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])} failed: {done.stderr.strip() or done.stdout.strip()}")

    def _pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", *args)

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        self._pg_ctl("start")
        engine = create_engine(self.url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
        try:
            with self._first_connection(engine) as connection:
                connection.execute(text("CREATE DATABASE test"))
        finally:
            engine.dispose()

    @staticmethod
    def _first_connection(engine, seconds: float = 30.0):  # type: ignore[no-untyped-def]
        # pg_ctl -w can return while the server still answers "the database system is starting up".
        deadline = time.monotonic() + seconds
        while True:
            try:
                return engine.connect()
            except OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._pg_ctl("stop", "-m", "immediate")


@pytest.fixture
def private_postgres() -> Iterator[PrivateCluster]:
    initdb = find_initdb()
    if initdb is None:
        pytest.skip("initdb not found (looked in /usr/lib/postgresql/*/bin and on PATH): install PostgreSQL's server binaries")
    run_as = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root, and there is no postgres OS user to run a private PostgreSQL cluster as")
        run_as = "postgres"
    # Not under pytest's tmp_path: as root that is private to root, and the cluster runs as postgres.
    folder = Path(tempfile.mkdtemp(prefix="scrutiny-pg-"))
    if run_as:
        shutil.chown(folder, user=run_as)
    cluster = PrivateCluster(initdb.parent, folder, free_port(), run_as)
    try:
        cluster.start()
        yield cluster
    finally:
        try:
            cluster.stop()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def db(private_postgres: PrivateCluster) -> Iterator[Database]:
    """The store on the private cluster (this module's own `db`: the shared server is not used)."""
    engine = create_store_engine(private_postgres.url)
    upgrade(engine)
    database = Database("postgresql", private_postgres.url, engine, make_session_factory(engine))
    with database.session_factory.begin() as session:
        ensure_workspace(session, WORKSPACE, "Test Council A")
        ensure_workspace(session, OTHER_WORKSPACE, "Test Council B")
    try:
        yield database
    finally:
        engine.dispose()


@pytest.fixture
def restartable(db: Database, private_postgres: PrivateCluster) -> PrivateCluster:
    return private_postgres


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
    restartable.restart()
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
    with linked.session() as session:
        notes = [u.note for u in session.scalars(select(Update).where(Update.source == "slack", Update.note.like("load note%")))]
        assert len(notes) == len(set(notes))
        action = session.scalar(select(Action).where(Action.handle == "NF-3.1a"))
        newest = max((u.created_at for u in session.scalars(select(Update).where(Update.action_id == action.id))), default=None)
        assert newest is None or action.last_activity_at >= newest
    confirmed = sum(1 for r in answered if "Saved your update" in r)
    assert len(notes) == confirmed
