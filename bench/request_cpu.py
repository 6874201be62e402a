"""CPU per request of the commands answered in the ack, in process: where a command's time goes.

    python bench/request_cpu.py --store-dir /work/benchstores                     # 100k, both backends
    python bench/request_cpu.py --store-dir /work/benchstores --backends postgresql --size 1000000
    python bench/request_cpu.py --store-dir /work/benchstores --profile "/actions owner" --top 30

The machine is shared, so wall-clock latency is noise; the CPU this process spends is not. The
harness builds the real WSGI application (`bot.cli.build_wsgi`, the one each gunicorn worker
serves: signature gate, Bolt, our listeners, logging) against a store kept by `bench/perf.py
--store-dir`, and calls it directly with signed slash-command requests, one at a time. For each
command it prints the median and p90 CPU milliseconds per request (`time.process_time()`, which
includes what the database driver does in this process but not the database server's work), the
wall milliseconds beside it (which do include the server's), and, with `--profile`, a cProfile
top list for one command. A bare Bolt app behind the same gate (`/ping`, acks and nothing else) is
measured the same way: the floor our own work sits on. gunicorn's own per-request work is not
here (it is the same for both).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import time
from concurrent.futures import Future
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import SECRET, percentile, signed_environ  # noqa: E402
from bench.perf import WORKSPACE, kept_or_fresh_store  # noqa: E402
from bench.synthetic import Synthetic  # noqa: E402
from tests.fakes import slack_requests as sr  # noqa: E402
from tests.fakes.slack_web_api import FakeSlackWebAPI  # noqa: E402

# The services each app built here runs on (the profile swaps in an executor that answers inline).
SERVICES: list[Any] = []
WSGI = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def bare_bolt() -> WSGI:
    """The floor: a Bolt app that only acks, behind the same gate as ours."""
    from slack_bolt import App
    from slack_bolt.authorization import AuthorizeResult
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    from bot.web import create_wsgi_app

    def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
        return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, bot_token="xoxb-bare",
                               bot_user_id=sr.BOT_USER_ID, bot_id=sr.BOT_ID)

    app = App(signing_secret=SECRET, authorize=authorize, process_before_response=True)
    app.command("/ping")(lambda ack: ack("pong"))
    return create_wsgi_app(app, sessionmaker(create_engine("sqlite://")), signing_secret=SECRET)


def ours(database_url: str, slack_url: str) -> WSGI:
    """The application one `scrutiny-bot serve` worker serves, built the way the worker builds it."""
    os.environ.update({"DATABASE_URL": database_url, "SLACK_BOT_TOKEN": "xoxb-perf", "SLACK_SIGNING_SECRET": SECRET,
                       "SLACK_API_URL": slack_url, "SCRUTINY_TIMEZONE": "UTC", "LOG_FORMAT": "json"})
    import bot.runtime
    from bot.cli import build_wsgi
    from bot.settings import Settings

    build_services = bot.runtime.build_services

    def kept(settings: Settings, store: Any) -> Any:
        SERVICES.append(build_services(settings, store))
        return SERVICES[-1]

    bot.runtime.build_services = kept
    try:
        app = build_wsgi(Settings())
    finally:
        bot.runtime.build_services = build_services
    # Each request is still logged (its cost is part of the request), to nowhere.
    import logging

    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 - lives as long as the process
    return app


class InlineExecutor:
    """Runs an answer on the calling thread, so that cProfile (which sees one thread) sees it."""

    def submit(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 - handed to the caller as the future's
            future.set_exception(error)
        return future


def call(app: WSGI, command: str, text: str) -> tuple[str, str]:
    """One signed slash command through the WSGI app: (status, body)."""
    body = sr.slash_command_body(command, text, team_id=WORKSPACE, response_url="http://127.0.0.1:9/unused")
    environ = signed_environ(body)
    started: list[str] = []
    chunks = app(environ, lambda status, _headers, *_: started.append(status))
    reply = b"".join(chunks).decode()
    close = getattr(chunks, "close", None)
    if close is not None:
        close()
    return started[0], reply


def kinds(data: Synthetic, rnd: random.Random) -> dict[str, tuple[str, Callable[[], str], tuple[str, ...]]]:
    """name → (command, the text to send, words its reply must not contain)."""
    people = [n for n in data.owners[10:] if " " in n]  # the first ten are teams
    return {
        "/actions owner": ("/actions", lambda: f'owner:"{rnd.choice(people)}"', ("did you mean", "no owner matches")),
        "/overdue": ("/overdue", lambda: "", ()),
        "/action": ("/action", lambda: rnd.choice(data.handles), ("no action has the handle", "did you mean")),
    }


def measure(app: WSGI, command: str, text: Callable[[], str], refuse: tuple[str, ...], n: int) -> tuple[list[float], list[float], str]:
    cpu: list[float] = []
    wall: list[float] = []
    reply = ""
    for _ in range(n):
        typed = text()
        c0, w0 = time.process_time(), time.perf_counter()
        status, reply = call(app, command, typed)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
        if not status.startswith("200") or any(word in reply.lower() for word in refuse):
            raise SystemExit(f"{command} {typed!r}: {status}: {reply[:300]}")
    return cpu, wall, reply


def python_calls(app: WSGI, command: str, text: Callable[[], str], refuse: tuple[str, ...]) -> float:
    """Python function calls per request on the calling thread (the answer runs inline): a count
    that does not change with how busy the machine is."""
    services = SERVICES[-1] if SERVICES and command != "/ping" else None
    executor = services.executor if services else None
    if services:
        services.executor = InlineExecutor()
    profiler = cProfile.Profile()
    profiler.enable()
    measure(app, command, text, refuse, 20)
    profiler.disable()
    if services:
        services.executor = executor
    return sum(calls for calls, *_ in pstats.Stats(profiler).stats.values()) / 20  # type: ignore[attr-defined]


def print_statements(app: WSGI, services: Any, command: str, text: Callable[[], str], refuse: tuple[str, ...]) -> None:
    """Each statement 20 requests of `command` sent to the database, per request, with its mean time."""
    from sqlalchemy import event

    engine = services.session_factory.kw["bind"]
    seen: dict[str, list[float]] = {}

    def before(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.setdefault(" ".join(statement.split()), []).append(time.perf_counter())

    def after(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        times = seen[" ".join(statement.split())]
        times[-1] = time.perf_counter() - times[-1]

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        measure(app, command, text, refuse, 20)
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    for statement, times in seen.items():
        print(f"    {len(times) / 20:4.1f}× {statistics.mean(times) * 1000:6.2f} ms  {statement[:220]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store-dir", required=True, help="where bench/perf.py --store-dir kept its stores")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300, help="of each command (after 30 to warm up)")
    parser.add_argument("--profile", help="profile this command (a name from the table, e.g. '/overdue')")
    parser.add_argument("--top", type=int, default=25, help="functions in the profile, by cumulative time")
    parser.add_argument("--statements", action="store_true",
                        help="print the SQL statements each command sends, with their mean milliseconds")
    parser.add_argument("--show-replies", action="store_true", help="print the last reply to each command")
    args = parser.parse_args()

    floor = bare_bolt()
    for backend in args.backends.split(","):
        # Checked first: kept_or_fresh_store clears the place for a store it does not find.
        if not (Path(args.store_dir) / f"{backend}-{args.size}.json").exists():
            raise SystemExit(f"no {backend} store of {args.size:,} actions kept in {args.store_dir}: run bench/perf.py --store-dir first")
        with kept_or_fresh_store(backend, args.size, args.store_dir) as (url, data):
            assert data is not None
            with FakeSlackWebAPI(team_id=WORKSPACE) as slack:
                app = ours(url, slack.base_url)
                rnd = random.Random(args.size)
                table = {"floor: bare Bolt /ping": ("/ping", lambda: "", ()), **kinds(data, rnd)}
                print(f"\n## {backend}, {args.size:,} actions: CPU ms per request in this process "
                      f"(median, p90; wall median beside), {args.requests} requests each\n")
                for name, (command, text, refuse) in table.items():
                    target = floor if command == "/ping" else app
                    measure(target, command, text, refuse, 30)  # warm caches, pools and statements
                    # Rounds, the lowest median kept: another process on the cores only ever adds.
                    rounds = [measure(target, command, text, refuse, args.requests // 3) for _ in range(3)]
                    cpu, wall, reply = min(rounds, key=lambda r: statistics.median(r[0]))
                    print(f"{name:24} cpu {statistics.median(cpu):6.2f} (p90 {percentile(cpu, 0.9):6.2f}; "
                          f"round medians {'/'.join(f'{statistics.median(r[0]):.2f}' for r in rounds)})   "
                          f"wall {statistics.median(wall):6.2f}   Python calls {python_calls(target, command, text, refuse):,.0f}",
                          flush=True)
                    if args.statements and command != "/ping":
                        print_statements(app, SERVICES[-1], command, text, refuse)
                    if args.show_replies:
                        print(f"    reply: {reply[:600]}")
                if args.profile:
                    command, text, refuse = table[args.profile]
                    SERVICES[-1].executor = InlineExecutor()
                    profiler = cProfile.Profile()
                    profiler.enable()
                    measure(app, command, text, refuse, args.requests)
                    profiler.disable()
                    out = io.StringIO()
                    stats = pstats.Stats(profiler, stream=out)
                    stats.sort_stats("cumulative").print_stats(args.top)
                    stats.sort_stats("tottime").print_stats(args.top)
                    print(f"\n### profile of {args.profile} ({args.requests} requests)\n{out.getvalue()}")


if __name__ == "__main__":
    main()
