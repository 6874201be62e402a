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
import json
import multiprocessing
import os
import random
import selectors
import socket
import statistics
import subprocess
import sys
import time
from typing import Any
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from bench.common import POSTGRES, SECRET, free_port, percentile, postgres_schema, wait_healthy  # noqa: E402
from bench.synthetic import populate, settle_database  # noqa: E402
from handlers import catalog  # noqa: E402
from store.db import create_store_engine, upgrade  # noqa: E402
from tests.fakes import slack_requests as sr  # noqa: E402
from tests.fakes.slack_web_api import FakeSlackWebAPI  # noqa: E402

# What a request must never be answered with: "did you mean" and "nobody has that" replies
# are cheap and would flatter the figures (issue 13).
NOT_REAL_WORK = ("did you mean", "no owner matches", "no action has the handle")
SEARCHES = ["waiting list", "budget", "training", "housing repairs"]


def request_mix(world: dict[str, Any], rnd: random.Random, count: int, response_url: str) -> list[tuple[str, str]]:
    """`count` (kind, body) pairs in the realistic mix: 40% /actions by owner, 30% /overdue, 15%
    /action <handle>, 10% text searches, 5% Next-page clicks, each from a random workspace."""
    state = json.dumps({"k": "overdue", "q": "", "o": 8}, separators=(",", ":"))
    mix: list[tuple[str, str]] = []
    for _ in range(count):
        team = rnd.choice(world["teams"])
        roll = rnd.random()
        if roll < 0.40:
            mix.append(("owner", sr.slash_command_body("/actions", f'owner:"{rnd.choice(world["owners"][team])}"', team_id=team, response_url=response_url)))
        elif roll < 0.70:
            mix.append(("overdue", sr.slash_command_body("/overdue", "", team_id=team, response_url=response_url)))
        elif roll < 0.85:
            mix.append(("action", sr.slash_command_body("/action", rnd.choice(world["handles"][team]), team_id=team, response_url=response_url)))
        elif roll < 0.95:
            mix.append(("search", sr.slash_command_body("/actions", rnd.choice(SEARCHES), team_id=team, response_url=response_url)))
        else:
            mix.append(("next page", sr.block_actions_body(catalog.NEXT_PAGE_ACTION, state, team_id=team, response_url=response_url)))
    return mix


def real_work_only(port: int, mix: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], int]:
    """The mix without the requests whose answer is not the real work (each distinct command sent
    once to find out; this also warms every worker): (kept, dropped)."""
    verdict: dict[str, bool] = {}
    for kind, body in mix:
        if kind == "next page" or body in verdict:
            continue
        status, _headers, reply = sr.post_signed(f"http://127.0.0.1:{port}/slack/events", body, SECRET, timeout=30)
        verdict[body] = status == 200 and not any(word in reply.lower() for word in NOT_REAL_WORK)
    kept = [(kind, body) for kind, body in mix if verdict.get(body, True)]
    return kept, len(mix) - len(kept)


def raw_requests(port: int, mix: list[tuple[str, str]]) -> list[bytes]:
    """Each request as the bytes Slack would send, signed now (a signature is good for five minutes)."""
    raw = []
    for _kind, body in mix:
        data = body.encode()
        headers = sr.signed_headers(body, SECRET)
        head = f"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {len(data)}\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        raw.append(head.encode() + b"\r\n" + data)
    return raw


def drive(port: int, requests: list[bytes], connections: int, seconds: float) -> tuple[list[float], int, float]:
    """`connections` keep-alive clients, each sending its next request as soon as the last is
    answered, for `seconds`; all in this one process and thread (a select loop), so that the
    client costs little of the cores it shares with the server. Returns (milliseconds per request,
    errors, CPU seconds this process used)."""
    cpu = time.process_time()
    selector = selectors.DefaultSelector()
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    errors = 0
    sent = 0

    def start(sock: socket.socket | None) -> None:
        nonlocal sent
        if sock is None:
            sock = socket.create_connection(("127.0.0.1", port))
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        request = requests[sent % len(requests)]
        sent += 1
        state = {"buffer": b"", "started": time.perf_counter()}
        sock.sendall(request)
        selector.register(sock, selectors.EVENT_READ, state)

    for _ in range(connections):
        start(None)
    while selector.get_map():
        for key, _events in selector.select(timeout=30):
            sock, state = key.fileobj, key.data
            assert isinstance(sock, socket.socket)
            chunk = sock.recv(65536)
            state["buffer"] += chunk
            buffer = state["buffer"]
            head_end = buffer.find(b"\r\n\r\n")
            complete = False
            if head_end >= 0:
                head = buffer[:head_end].lower()
                at = head.find(b"content-length:")
                length = int(head[at + 15:head.find(b"\r\n", at) if head.find(b"\r\n", at) > 0 else None]) if at >= 0 else 0
                complete = len(buffer) >= head_end + 4 + length
            if not chunk or complete:
                selector.unregister(sock)
                latencies.append((time.perf_counter() - state["started"]) * 1000)
                ok = complete and buffer.startswith(b"HTTP/1.1 200")
                errors += not ok
                if not ok or b"connection: close" in buffer[:head_end].lower():
                    sock.close()
                    reuse = None
                else:
                    reuse = sock
                if time.monotonic() < deadline:
                    start(reuse)
                elif reuse is not None:
                    reuse.close()
    return latencies, errors, time.process_time() - cpu


def drive_into(port: int, requests: list[bytes], connections: int, seconds: float, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    out.put(drive(port, requests, connections, seconds))


def run_clients(port: int, requests: list[bytes], connections: int, seconds: float) -> tuple[list[float], int, float]:
    """drive() in a process of its own, so its CPU is measured apart from this one's."""
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    process = multiprocessing.Process(target=drive_into, args=(port, requests, connections, seconds, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0  # gone (a backend whose connection the pool closed)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU seconds all cores have spent not idle (PostgreSQL and other users included)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def postgres_backends(pids: list[int]) -> list[int]:
    """The PostgreSQL server processes serving these processes' connections: found by the local
    ports of their sockets to 5432, which pg_stat_activity lists as client_port."""
    inodes = set()
    for pid in pids:
        fds = Path(f"/proc/{pid}/fd")
        for fd in fds.iterdir() if fds.exists() else []:
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    ports = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[9] in inodes and fields[2].endswith(":1538"):  # remote port 5432
                ports.append(int(fields[1].rsplit(":", 1)[1], 16))
    if not ports:
        return []
    engine = create_engine(POSTGRES)
    try:
        with engine.connect() as conn:
            return list(conn.scalars(text("SELECT pid FROM pg_stat_activity WHERE client_port = ANY(:ports)"), {"ports": ports}))
    finally:
        engine.dispose()


def print_load(port: int, server_pid: int, mix: list[tuple[str, str]], clients: list[int], seconds: float) -> None:
    """For each client count: requests/s, median and p99, errors, and the CPU each party spent per
    request - the client process, the gunicorn workers, and the PostgreSQL backends serving them -
    which, unlike the rate on a shared machine, says what 300 requests/s would need."""
    kept, dropped = real_work_only(port, mix)
    kinds = {kind: sum(1 for k, _ in kept if k == kind) for kind, _ in kept}
    print(f"mix of {len(kept):,} requests ({dropped} dropped as not the real work): "
          + ", ".join(f"{kind} {n / len(kept):.0%}" for kind, n in kinds.items()) + "\n")
    print("| clients | requests | req/s | median ms | p99 ms | errors | CPU ms a request: client | workers | PostgreSQL | machine busy (cores) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |", flush=True)
    for count in clients:
        requests = raw_requests(port, kept)
        workers = worker_pids(server_pid)
        backends = postgres_backends(workers)
        before = {pid: cpu_seconds(pid) for pid in workers + backends}
        machine = machine_busy_seconds()
        wall = time.monotonic()
        latencies, errors, client_cpu = run_clients(port, requests, count, seconds)
        wall = time.monotonic() - wall
        machine = machine_busy_seconds() - machine
        backends_after = postgres_backends(workers)
        used = {pid: cpu_seconds(pid) - before.get(pid, 0.0) for pid in set(workers + backends + backends_after)}
        done = max(1, len(latencies))
        worker_ms = sum(used[p] for p in workers) / done * 1000
        pg_ms = sum(used[p] for p in set(backends + backends_after)) / done * 1000
        print(f"| {count} | {len(latencies):,} | {len(latencies) / seconds:.0f} | {statistics.median(latencies):.1f} | "
              f"{percentile(latencies, 0.99):.1f} | {errors} | {client_cpu / done * 1000:.2f} | {worker_ms:.2f} | {pg_ms:.2f} | "
              f"{machine / wall:.2f} |", flush=True)
    print("\npeak memory per worker (VmHWM): " + ", ".join(f"{peak_memory_mb(p):.0f} MB" for p in worker_pids(server_pid)))


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
            world["owners"][team] = [o for o in data.owners[10:] if " " in o][:20]  # the first ten are teams
            world["handles"][team] = data.handles[:20]
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
                mix = request_mix(world, random.Random(1), 3000, slack.response_url("load"))
                print_load(port, server.pid, mix, [int(c) for c in args.clients.split(",")], args.seconds)
            finally:
                server.terminate()
                server.wait(timeout=30)


if __name__ == "__main__":
    main()
