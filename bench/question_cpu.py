"""CPU spent on one plain question, in process: from the signed event to its reply posted.

    python bench/question_cpu.py --store-dir /work/benchstores --sizes 100000 --backends sqlite postgresql
    python bench/question_cpu.py --store-dir /work/benchstores --sizes 100000 --backends sqlite --profile 25

The machine is shared, so wall-clock latency is noise; CPU time is not. The bot's WSGI app (built
exactly as `scrutiny-bot serve` builds a worker's) is called in this process with signed
`app_mention` events ("what is overdue for <a real owner>?", as bench/perf.py asks), and the fake
Slack Web API runs in a child process, so this process's CPU time (`time.process_time()`) is ours
alone: the signature gate, Bolt, the event-id claim, reading the question, the store queries (the
SQLite engine runs in process; PostgreSQL's server does not), building the reply and posting it.

Prints, per backend and size: CPU per question (median of `--rounds` rounds of `--questions`),
and the client-side CPU and wall time of one chat.postEphemeral with the bot's Web API client,
beside slack_sdk's plain WebClient (a new connection a call). `--profile N` prints the N functions
with the most cumulative time over one round (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import multiprocessing
import os
import pstats
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import SECRET, signed_environ  # noqa: E402
from bench.perf import WORKSPACE, kept_or_fresh_store  # noqa: E402
from tests.fakes import slack_requests as sr  # noqa: E402

POSTED = "chat.postEphemeral"


# --------------------------------------------------------------------------- the fake Slack, elsewhere


def _serve_fake_slack(pipe: Connection) -> None:
    """Child process: the fake Web API; answers "how many posts have arrived" by waiting for them."""
    from tests.fakes.slack_web_api import FakeSlackWebAPI

    with FakeSlackWebAPI(team_id=WORKSPACE) as slack:
        pipe.send(slack.base_url)
        while True:
            wanted = pipe.recv()
            if wanted is None:
                return
            slack.wait_for(POSTED, count=wanted, timeout=120)
            pipe.send(len(slack.calls_to(POSTED)))


class RemoteSlack:
    def __init__(self) -> None:
        self._pipe, child = multiprocessing.Pipe()
        self._process = multiprocessing.get_context("spawn").Process(target=_serve_fake_slack, args=(child,), daemon=True)
        self._process.start()
        self.base_url: str = self._pipe.recv()
        self.posted = 0

    def wait_for_posts(self, count: int) -> None:
        """Block (no CPU) until `count` posts have reached the fake in all."""
        self._pipe.send(count)
        self.posted = self._pipe.recv()

    def stop(self) -> None:
        self._pipe.send(None)
        self._process.join(10)


# --------------------------------------------------------------------------- our app, in process


def build_app(database_url: str, slack_url: str) -> Callable[..., Iterable[bytes]]:
    os.environ.update({"DATABASE_URL": database_url, "SLACK_BOT_TOKEN": "xoxb-perf", "SLACK_SIGNING_SECRET": SECRET,
                       "SLACK_API_URL": slack_url, "SCRUTINY_TIMEZONE": "UTC", "LOG_FORMAT": "json", "WEB_THREADS": "8"})
    from bot.cli import build_wsgi, load_settings

    app = build_wsgi(load_settings())
    import logging

    logging.getLogger().handlers[:] = [logging.NullHandler()]  # the request log costs the same either way; keep stdout clean
    return app


def ask(app: Callable[..., Iterable[bytes]], text: str) -> None:
    body = sr.event_callback_body(sr.app_mention_event(f"<@{sr.BOT_USER_ID}> {text}", team_id=WORKSPACE), team_id=WORKSPACE,
                                  event_id=f"Ev{uuid.uuid4().hex[:16].upper()}")
    status: list[str] = []
    chunks = app(signed_environ(body), lambda s, h, *a: status.append(s))
    b"".join(chunks)
    if not status or not status[0].startswith("200"):
        raise SystemExit(f"app_mention {text!r}: {status}")


def cpu_per_question(app: Callable[..., Iterable[bytes]], slack: RemoteSlack, questions: list[str]) -> float:
    """Milliseconds of this process's CPU per question, until every reply has reached the fake."""
    started = time.process_time()
    for text in questions:
        ask(app, text)
    slack.wait_for_posts(slack.posted + len(questions))
    return (time.process_time() - started) * 1000 / len(questions)


def post_cost(slack_url: str, posts: int) -> dict[str, tuple[float, float]]:
    """(CPU ms, wall ms) per chat.postEphemeral from this process: the client replies are posted
    with (kept-alive connections), beside slack_sdk's WebClient as Bolt builds it (a new
    connection a call)."""
    from bot.app import create_web_client
    from bot.settings import Settings
    from handlers.kept_alive import kept_alive

    settings = Settings(slack_api_url=slack_url, slack_bot_token="xoxb-perf", slack_signing_secret=SECRET)
    bolts = create_web_client(settings, "xoxb-perf")
    clients = {"slack_sdk WebClient": bolts, "kept_alive(WebClient)": kept_alive(bolts)}
    figures = {}
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 200}}] * 10
    for name, client in clients.items():
        for _ in range(20):
            client.chat_postEphemeral(channel="C0001", user="U0001", text="warm", blocks=blocks)
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(posts):
            client.chat_postEphemeral(channel="C0001", user="U0001", text="reply", blocks=blocks)
        figures[name] = ((time.process_time() - cpu) * 1000 / posts, (time.perf_counter() - wall) * 1000 / posts)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store-dir", default="/work/benchstores")
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[100_000])
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions (cumulative) of one round")
    args = parser.parse_args()
    slack = RemoteSlack()
    try:
        for backend in args.backends:
            for size in args.sizes:
                with kept_or_fresh_store(backend, size, args.store_dir) as (url, data):
                    if data is None:
                        print(f"{backend} {size:,}: no kept store in {args.store_dir}; skipped")
                        continue
                    run_one(args, backend, size, url, data.owners, slack)
        for name, (cpu, wall) in post_cost(slack.base_url, args.posts).items():
            print(f"one chat.postEphemeral, {name:28}: CPU {cpu:6.3f} ms   wall {wall:6.3f} ms")
    finally:
        slack.stop()


def run_one(args: argparse.Namespace, backend: str, size: int, url: str, owners: list[str], slack: RemoteSlack) -> None:
    app = build_app(url, slack.base_url)
    rnd = random.Random(13)
    people = [n for n in owners[10:] if " " in n]  # the first ten are teams

    def batch() -> list[str]:
        return [f"what is overdue for {rnd.choice(people)}?" for _ in range(args.questions)]

    cpu_per_question(app, slack, batch()[:40])  # warm: caches filled, connections open
    rounds = [cpu_per_question(app, slack, batch()) for _ in range(args.rounds)]
    print(f"{backend} {size:>9,}: CPU per question {statistics.median(rounds):6.2f} ms "
          f"(rounds {min(rounds):.2f}–{max(rounds):.2f}, {args.rounds} × {args.questions})")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        cpu_per_question(app, slack, batch())
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.profile)
        print(out.getvalue())


if __name__ == "__main__":
    main()
