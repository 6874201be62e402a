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
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import SECRET, percentile  # noqa: E402
from bench.perf import WORKSPACE, kept_or_fresh_store  # noqa: E402
from bench.synthetic import Synthetic  # noqa: E402
from tests.fakes import slack_requests as sr  # noqa: E402
from tests.fakes.slack_web_api import FakeSlackWebAPI  # noqa: E402

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
    from bot.cli import build_wsgi
    from bot.settings import Settings

    app = build_wsgi(Settings())
    # Each request is still logged (its cost is part of the request), to nowhere.
    import logging

    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 - lives as long as the process
    return app


def call(app: WSGI, command: str, text: str) -> tuple[str, str]:
    """One signed slash command through the WSGI app: (status, body)."""
    body = sr.slash_command_body(command, text, team_id=WORKSPACE, response_url="http://127.0.0.1:9/unused").encode()
    headers = sr.signed_headers(body, SECRET)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST", "PATH_INFO": "/slack/events", "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "3000", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr, "CONTENT_LENGTH": str(len(body)), "CONTENT_TYPE": headers.pop("Content-Type"),
        "REMOTE_ADDR": "127.0.0.1",
    }
    for name, value in headers.items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store-dir", required=True, help="where bench/perf.py --store-dir kept its stores")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300, help="of each command (after 30 to warm up)")
    parser.add_argument("--profile", help="profile this command (a name from the table, e.g. '/overdue')")
    parser.add_argument("--top", type=int, default=25, help="functions in the profile, by cumulative time")
    parser.add_argument("--show-replies", action="store_true", help="print the last reply to each command")
    args = parser.parse_args()

    floor = bare_bolt()
    for backend in args.backends.split(","):
        with kept_or_fresh_store(backend, args.size, args.store_dir) as (url, data):
            if data is None:
                raise SystemExit(f"no {backend} store of {args.size:,} actions kept in {args.store_dir}: run bench/perf.py --store-dir first")
            with FakeSlackWebAPI(team_id=WORKSPACE) as slack:
                app = ours(url, slack.base_url)
                rnd = random.Random(args.size)
                table = {"floor: bare Bolt /ping": ("/ping", lambda: "", ()), **kinds(data, rnd)}
                print(f"\n## {backend}, {args.size:,} actions: CPU ms per request in this process "
                      f"(median, p90; wall median beside), {args.requests} requests each\n")
                for name, (command, text, refuse) in table.items():
                    target = floor if command == "/ping" else app
                    measure(target, command, text, refuse, 30)  # warm caches, pools and statements
                    cpu, wall, reply = measure(target, command, text, refuse, args.requests)
                    print(f"{name:24} cpu {statistics.median(cpu):6.2f} (p90 {percentile(cpu, 0.9):6.2f})   "
                          f"wall {statistics.median(wall):6.2f}", flush=True)
                    if args.show_replies:
                        print(f"    reply: {reply[:600]}")
                if args.profile:
                    command, text, refuse = table[args.profile]
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
