"""End-to-end latency of /actions owner:… and /overdue through the production HTTP server.

    python bench/http_latency.py --actions 100000 [--backend postgresql] [--requests 300]

Builds a store of that size, starts `scrutiny-bot serve` (gunicorn) against it with the Slack Web
API pointed at a local fake, and sends signed slash commands one at a time, interleaved. Prints
median and p99 per command beside a trivial command (`/action` with no handle: verified, routed
and answered, but no database work) measured in the same run: the floor. Target (issue 3): p99
under 100 ms and within 2x of the floor.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import SECRET, free_port, percentile, postgres_schema, wait_healthy  # noqa: E402
from bench.synthetic import populate  # noqa: E402
from store.db import create_store_engine, upgrade  # noqa: E402
from tests.fakes import slack_requests as sr  # noqa: E402
from tests.fakes.slack_web_api import FakeSlackWebAPI  # noqa: E402

def run(args: argparse.Namespace, database_url: str, workspace: str) -> None:
    engine = create_store_engine(database_url)
    upgrade(engine)
    data = populate(engine, workspace=workspace, actions=args.actions, plans=args.actions // 100, owners=args.owners)
    engine.dispose()
    print(f"store: {data.actions:,} actions, {len(data.owners):,} owners ({args.backend}), built in {data.seconds:.1f} s", flush=True)
    rnd = random.Random(3)
    people = [n for n in data.owners if len(n.split()) == 2][:2000]
    port = free_port()
    with FakeSlackWebAPI(team_id=workspace) as slack:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.base_url,
            "SCRUTINY_TIMEZONE": "UTC",
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "--port", str(port), "--host", "127.0.0.1",
             "--workers", str(args.workers), "--threads", str(args.threads)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url)
            commands = {
                "floor: /action (no handle)": lambda: ("/action", ""),
                "/actions owner:<name>": lambda: ("/actions", f'owner:"{rnd.choice(people)}"'),
                "/actions owner:<first name or typo>": lambda: ("/actions", "owner:" + _typo(rnd, rnd.choice(people))),
                "/overdue": lambda: ("/overdue", ""),
                "/overdue owner:<name>": lambda: ("/overdue", f'owner:"{rnd.choice(people)}"'),
            }
            samples: dict[str, list[float]] = {name: [] for name in commands}
            plan = [name for name in commands for _ in range(args.requests)]
            rnd.shuffle(plan)
            for name in list(commands) * 10:  # warm every path (and every worker's caches)
                _send(url, workspace, *commands[name]())
            for name in plan:
                command, text_ = commands[name]()
                samples[name].append(_send(url, workspace, command, text_))
        finally:
            server.terminate()
            server.wait(timeout=30)
    floor = samples["floor: /action (no handle)"]
    floor_p99 = percentile(floor, 0.99)
    print(f"\n{args.requests} requests each, interleaved, one at a time; {args.workers} worker(s) x {args.threads} threads\n")
    print("| command | median ms | p99 ms | p99 / floor p99 |\n| --- | ---: | ---: | ---: |")
    for name, values in samples.items():
        p99 = percentile(values, 0.99)
        print(f"| {name} | {statistics.median(values):.1f} | {p99:.1f} | {p99 / floor_p99:.2f}x |")


def _typo(rnd: random.Random, name: str) -> str:
    first, last = name.split()
    if rnd.random() < 0.5:
        return first.lower()
    i = rnd.randrange(1, len(last) - 1)
    return f'"{first} {last[:i] + last[i + 1:]}"'


def _send(url: str, workspace: str, command: str, text_: str) -> float:
    body = sr.slash_command_body(command, text_, team_id=workspace, response_url="http://127.0.0.1:9/unused")
    started = time.perf_counter()
    status, _headers, reply = sr.post_signed(url + "/slack/events", body, SECRET)
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200 or "Working on it" in reply:
        raise SystemExit(f"{command} {text_!r}: HTTP {status}: {reply[:200]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--owners", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    if args.backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            run(args, f"sqlite:///{folder}/bench.db", "TBENCH")
        return
    with postgres_schema("bench") as url:
        run(args, url, "TBENCH")


if __name__ == "__main__":
    main()
