"""Load on the production HTTP server: several workers, PostgreSQL, many workspaces.

    python bench/load.py --workspaces 50 --actions 100000 --workers 4 --threads 8 --seconds 30 --clients 8,16,32

Builds the store (100,000 actions spread over 50 workspaces, each with its own plans and
owners), starts `scrutiny-bot serve` on PostgreSQL, and for each client count runs that many
concurrent clients sending a realistic mix of signed requests for `--seconds`: /actions by
owner, /overdue, /action <handle>, text searches and Next-page clicks, each from a random
workspace. Prints requests per second, median/p99 latency and errors per run, and the peak
memory (VmHWM) of each worker. Target (issue 6): sustained throughput with p99 under 300 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import time
from typing import Any
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import SECRET, free_port, percentile, postgres_schema, wait_healthy  # noqa: E402
from bench.synthetic import populate, settle_database  # noqa: E402
from handlers import catalog  # noqa: E402
from store.db import create_store_engine, upgrade  # noqa: E402
from tests.fakes import slack_requests as sr  # noqa: E402
from tests.fakes.slack_web_api import FakeSlackWebAPI  # noqa: E402

def client(port: int, seconds: float, seed: int, world: dict, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """One client: a keep-alive connection sending a mix of requests until time is up."""
    rnd = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        team = rnd.choice(world["teams"])
        roll = rnd.random()
        if roll < 0.40:
            body = sr.slash_command_body("/actions", f'owner:"{rnd.choice(world["owners"][team])}"', team_id=team)
        elif roll < 0.70:
            body = sr.slash_command_body("/overdue", "", team_id=team)
        elif roll < 0.85:
            body = sr.slash_command_body("/action", rnd.choice(world["handles"][team]), team_id=team)
        elif roll < 0.95:
            body = sr.slash_command_body("/actions", rnd.choice(["waiting list", "budget", "training", "housing repairs"]), team_id=team)
        else:
            state = json.dumps({"k": "overdue", "q": "", "o": 8}, separators=(",", ":"))
            body = sr.block_actions_body(catalog.NEXT_PAGE_ACTION, state, team_id=team, response_url="http://127.0.0.1:9/unused")
        headers = sr.signed_headers(body, SECRET)
        started = time.perf_counter()
        try:
            connection.request("POST", "/slack/events", body=body.encode(), headers=headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies.append((time.perf_counter() - started) * 1000)
        errors += not ok
    out.put((latencies, errors))


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workspaces", type=int, default=50)
    parser.add_argument("--actions", type=int, default=100_000, help="in total, across all workspaces")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", default="8,16,32")
    args = parser.parse_args()

    with postgres_schema("load") as url:
        engine = create_store_engine(url)
        upgrade(engine)
        per = args.actions // args.workspaces
        world: dict[str, Any] = {"teams": [], "owners": {}, "handles": {}}
        started = time.monotonic()
        for n in range(args.workspaces):
            team = f"T0LOAD{n:03d}"
            data = populate(engine, workspace=team, actions=per, plans=max(1, per // 100), owners=max(20, per // 20), seed=n, settle=False)
            world["teams"].append(team)
            world["owners"][team] = [o for o in data.owners if " " in o][:200]
            world["handles"][team] = data.handles[:500]
        settle_database(engine)
        engine.dispose()
        print(f"store: {args.actions:,} actions over {args.workspaces} workspaces on PostgreSQL, built in {time.monotonic() - started:.0f} s", flush=True)
        port = free_port()
        with FakeSlackWebAPI(team_id="T0LOAD000") as slack:
            env = {**os.environ, "DATABASE_URL": url, "SLACK_BOT_TOKEN": "xoxb-load", "SLACK_SIGNING_SECRET": SECRET,
                   "SLACK_API_URL": slack.base_url, "SCRUTINY_TIMEZONE": "UTC", "LOG_FORMAT": "json"}
            server = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "serve", "--port", str(port), "--host", "127.0.0.1",
                 "--workers", str(args.workers), "--threads", str(args.threads)],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            try:
                wait_healthy(f"http://127.0.0.1:{port}")
                print(f"server: {args.workers} workers x {args.threads} threads; {args.seconds:.0f} s per run\n")
                print("| concurrent clients | requests | req/s | median ms | p99 ms | errors |\n| ---: | ---: | ---: | ---: | ---: | ---: |", flush=True)
                for count in (int(c) for c in args.clients.split(",")):
                    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
                    processes = [multiprocessing.Process(target=client, args=(port, args.seconds, i, world, queue)) for i in range(count)]
                    for p in processes:
                        p.start()
                    results = [queue.get() for _ in processes]
                    for p in processes:
                        p.join()
                    latencies = [x for lat, _ in results for x in lat]
                    errors = sum(e for _, e in results)
                    print(f"| {count} | {len(latencies):,} | {len(latencies) / args.seconds:.0f} | {statistics.median(latencies):.1f} | "
                          f"{percentile(latencies, 0.99):.1f} | {errors} |", flush=True)
                workers = worker_pids(server.pid)
                print("\npeak memory per worker (VmHWM): " + ", ".join(f"{peak_memory_mb(p):.0f} MB" for p in workers))
            finally:
                server.terminate()
                server.wait(timeout=30)


if __name__ == "__main__":
    main()
