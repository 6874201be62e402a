"""CPU per request through the whole WSGI app, in process: what a worker spends on one request.

    python bench/frame_cpu.py --database sqlite:////path/to/store.db --synthetic store.json [--requests 300] [--profile /action]

Builds the app exactly as a `scrutiny-bot serve` worker does (bot.cli.build_wsgi, with the JSON
request log going to /dev/null) and, beside it, the bare Bolt app of bench/perf.py behind the
same gate; then calls each with freshly signed requests, one at a time on this thread, and
prints the process CPU (`time.process_time()`, all threads) per request for each kind. Wall
time on a shared machine is noise; CPU per request is what decides throughput on two cores.
`--profile KIND` prints a cProfile of that kind instead.
"""

from __future__ import annotations

import argparse
import cProfile
import json
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

from bench.common import SECRET, signed_environ  # noqa: E402
from bench.request_cpu import bare_bolt  # noqa: E402  (the same floor, measured the same way)
from handlers import catalog  # noqa: E402
from tests.fakes import slack_requests as sr  # noqa: E402

WSGI = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def call(app: WSGI, body: str) -> tuple[str, bytes]:
    status: list[str] = []
    chunks = app(signed_environ(body), lambda s, h, exc_info=None: status.append(s))
    payload = b"".join(chunks)
    close = getattr(chunks, "close", None)
    if close:
        close()
    return status[0], payload


def ours(database_url: str, slack_api_url: str) -> WSGI:
    os.environ.update({"DATABASE_URL": database_url, "SLACK_BOT_TOKEN": "xoxb-perf", "SLACK_SIGNING_SECRET": SECRET,
                       "SLACK_API_URL": slack_api_url, "SCRUTINY_TIMEZONE": "UTC", "LOG_FORMAT": "json"})
    import bot.app
    from bot.cli import build_wsgi, load_settings

    register = bot.app.register_handlers

    def with_ping(app: Any, services: Any) -> None:
        """Our routing, and a `/ping` answered through it as every command is (answer_command):
        the whole framework around a listener whose work is nothing."""
        from handlers.blocks.message import Message
        from handlers.respond import answer_command

        register(app, services)

        def ping(ack: Any, respond: Any, services: Any, workspace: str) -> None:
            answer_command(ack, respond, services, lambda: Message("pong"))

        # Where the commands people use are: first, so it pays what they pay to be found; and
        # where buttons, forms and events are: after the other listeners.
        app.command("/ping")(ping)
        app._listeners.insert(0, app._listeners.pop())
        app.command("/ping-last")(ping)
        match_directly = getattr(__import__("handlers.acking").acking, "match_directly", None)
        if match_directly is not None:  # the branch has it: /ping is matched as every listener is
            match_directly(app)

    bot.app.register_handlers = with_ping
    app = build_wsgi(load_settings())
    # The request log as serve writes it, to nowhere: its cost counts, its lines do not clutter.
    import logging

    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 - lives as long as the process
    return app


def kinds(team: str, owners: list[str], handles: list[str], rnd: random.Random, page_url: str) -> dict[str, Callable[[], str]]:
    url = "http://127.0.0.1:9/unused"
    state = json.dumps({"k": "overdue", "q": "", "o": 8}, separators=(",", ":"))
    return {
        "our /ping": lambda: sr.slash_command_body("/ping", "", team_id=team, response_url=url),
        "our /ping found last": lambda: sr.slash_command_body("/ping-last", "", team_id=team, response_url=url),
        "/action": lambda: sr.slash_command_body("/action", rnd.choice(handles), team_id=team, response_url=url),
        "/actions owner": lambda: sr.slash_command_body("/actions", f'owner:"{rnd.choice(owners)}"', team_id=team, response_url=url),
        "/overdue": lambda: sr.slash_command_body("/overdue", "", team_id=team, response_url=url),
        # Acked at once; the page follows through the response_url, and is waited for.
        "Next page": lambda: sr.block_actions_body(catalog.NEXT_PAGE_ACTION, state, team_id=team, response_url=page_url),
    }


def cpu_per_request(app: WSGI, make: Callable[[], str], count: int, settle: Callable[[int], None]) -> tuple[float, str]:
    bodies = [make() for _ in range(count)]
    for body in bodies[:10]:
        call(app, body)  # warm caches, pools and imports
    settle(10)
    started = time.process_time()
    last = ("", b"")
    for body in bodies:
        last = call(app, body)
    settle(count)
    return (time.process_time() - started) / count * 1000, f"{last[0]} {last[1][:160]!r}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True)
    parser.add_argument("--synthetic", required=True, help="the store's description (bench/perf.py --store-dir writes it)")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--profile", help="a kind to profile instead")
    parser.add_argument("--only", help="comma-separated kinds")
    args = parser.parse_args()
    data = json.loads(Path(args.synthetic).read_text())
    owners = [n for n in data["owners"][10:] if " " in n][:500]
    from tests.fakes.slack_web_api import FakeSlackWebAPI

    with FakeSlackWebAPI(team_id=data["workspace"]) as slack:
        app = ours(args.database, slack.base_url)
        rnd = random.Random(1)
        pages = {"done": 0}

        def settle_pages(count: int) -> None:
            slack.wait_for_responses("page", count=pages["done"] + count, timeout=120)
            pages["done"] += count
        table = {"floor: bare Bolt /ping": (bare_bolt(), lambda: sr.slash_command_body("/ping", "", response_url="http://127.0.0.1:9/x"))}
        for name, make in kinds(data["workspace"], owners, data["handles"], rnd, slack.response_url("page")).items():
            table[name] = (app, make)

        def settle(name: str) -> Callable[[int], None]:
            return settle_pages if name == "Next page" else (lambda count: None)

        if args.only:
            table = {k: v for k, v in table.items() if k in args.only.split(",")}
        if args.profile:
            target, make = table[args.profile]
            cpu_per_request(target, make, 20, settle(args.profile))
            profile = cProfile.Profile()
            profile.enable()
            cpu_per_request(target, make, args.requests, settle(args.profile))
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
            pstats.Stats(profile).sort_stats("tottime").print_stats(30)
            if os.environ.get("FRAME_CALLERS"):
                pstats.Stats(profile).print_callers(os.environ["FRAME_CALLERS"])
            return
        results: dict[str, list[float]] = {name: [] for name in table}
        sample: dict[str, str] = {}
        for _ in range(args.repeats):
            for name, (target, make) in table.items():
                cpu, sample[name] = cpu_per_request(target, make, args.requests, settle(name))
                results[name].append(cpu)
        print(f"CPU per request, in process, {args.requests} requests × {args.repeats} rounds (median of rounds, min–max)\n")
        print("| request | CPU ms | spread |\n| --- | ---: | ---: |")
        for name, values in results.items():
            print(f"| {name} | {statistics.median(values):.2f} | {min(values):.2f}–{max(values):.2f} |")
        print()
        for name, text in sample.items():
            print(f"{name}: {text}")


if __name__ == "__main__":
    main()
