"""The user's wait, side by side with the floor: one run, every figure issue 13 asks for.

    python bench/perf.py                              # 10k and 100k actions, SQLite and PostgreSQL
    python bench/perf.py --million                    # and 1M
    python bench/perf.py --sizes 10000 --backends sqlite --repeats 2 --requests 20   # a quick look

For each backend and size it builds a store (bulk inserts; owners about one per 20 actions, names
that do not run out), then prints:

1. **Latency.** A bare Bolt app (`process_before_response=True`, one `/ping` command that acks)
   served exactly as `scrutiny-bot serve` serves ours (gunicorn gthread, the same workers, threads
   and signature gate), beside our commands end to end through `scrutiny-bot serve` with signed
   requests. Answered in the ack (the HTTP response is the reply): `/actions owner:"<a real
   owner>"` (checked to run the list, not "did you mean"), `/overdue`, `/action <handle>`. Acked
   first and answered later, timed until the reply reaches the fake Slack (its request line read): a plain question
   (`app_mention` → chat.postEphemeral) and `/digest preview` (→ its response_url). Requests are
   interleaved in random order, one at a time, in `--repeats` rounds; medians and p99 over all
   rounds, the spread of the per-round medians (min–max), and each as a ratio to the floor's.
2. **Growth.** Whole-workspace status counts and the overdue page, in process on a fresh session.
3. **Digests.** Building `--digests` digests (plan, owner and whole-workspace subscriptions), and
   at the largest size a delivery pass of `--deliveries` digests at the default rate
   (DIGEST_POSTS_PER_MINUTE, 60) against a fake that enforces Slack's limits.
4. **Load** (PostgreSQL, largest size): `--load-workers` gunicorn workers, `--load-clients`
   keep-alive connections driven from one client process on the same cores, with pre-signed
   requests in bench/load.py's mix (each checked once to run the real work); requests/s,
   median/p99, the CPU per request of the client, the workers and the PostgreSQL backends serving
   them, and each worker's peak memory.

Every request goes to 127.0.0.1; counts and times are bounded by the flags.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from bench.common import POSTGRES, SECRET, free_port, percentile, postgres_schema, wait_healthy  # noqa: E402
from bench.load import print_load, request_mix, worker_pids  # noqa: E402
from bench.synthetic import Synthetic, populate, settle_database  # noqa: E402
from store.db import create_store_engine, make_session_factory, transaction, upgrade  # noqa: E402
from tests.fakes import slack_requests as sr  # noqa: E402
from tests.fakes.slack_web_api import RESPONSE_URL_PREFIX, FakeSlackWebAPI  # noqa: E402

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

WORKSPACE = "TPERF"
FLOOR = "floor: bare Bolt /ping"
HTTP_TIMEOUT = 10.0
# The last reply to each request, keyed by command, shown with --show-replies to prove they did the work.
LAST_REPLY: dict[str, str] = {}
SHOW_REPLIES = False


# --------------------------------------------------------------------------- the bare-Bolt floor


def serve_bare_bolt(port: int, workers: int, threads: int) -> None:
    """A Bolt app that does nothing but ack, behind the same gate and gunicorn settings as ours."""
    from slack_bolt import App
    from slack_bolt.authorization import AuthorizeResult
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    from bot.web import create_wsgi_app, serve_with_gunicorn

    def build() -> Callable[..., Iterable[bytes]]:
        def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
            return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, bot_token="xoxb-bare",
                                   bot_user_id=sr.BOT_USER_ID, bot_id=sr.BOT_ID)

        app = App(signing_secret=SECRET, authorize=authorize, process_before_response=True)
        app.command("/ping")(lambda ack: ack("pong"))
        health = sessionmaker(create_engine("sqlite://"))
        return create_wsgi_app(app, health, signing_secret=SECRET)

    serve_with_gunicorn(build, port=port, workers=workers, threads=threads, host="127.0.0.1")


# --------------------------------------------------------------------------- servers


@dataclass
class Servers:
    ours: str
    bare: str
    slack: FakeSlackWebAPI
    processes: list[subprocess.Popen] = field(default_factory=list)  # type: ignore[type-arg]

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def serve_ours(database_url: str, slack: FakeSlackWebAPI, port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    """`scrutiny-bot serve` on the store, its Slack client pointed at the fake, output discarded."""
    env = {**os.environ, "DATABASE_URL": database_url, "SLACK_BOT_TOKEN": "xoxb-perf", "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_URL": slack.base_url, "SCRUTINY_TIMEZONE": "UTC", "LOG_FORMAT": "json"}
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--port", str(port), "--host", "127.0.0.1",
         "--workers", str(workers), "--threads", str(threads)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_servers(database_url: str, slack: FakeSlackWebAPI, workers: int, threads: int) -> Servers:
    ours, bare = free_port(), free_port()
    servers = Servers(f"http://127.0.0.1:{ours}", f"http://127.0.0.1:{bare}", slack)
    servers.processes.append(serve_ours(database_url, slack, ours, workers, threads))
    servers.processes.append(subprocess.Popen(
        [sys.executable, str(Path(__file__)), "--serve-bare", str(bare), "--workers", str(workers), "--threads", str(threads)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    try:
        wait_healthy(servers.ours)
        wait_healthy(servers.bare)
    except BaseException:
        servers.stop()
        raise
    return servers


# --------------------------------------------------------------------------- one request of each kind


def slash(url: str, command: str, text: str, must_not_contain: tuple[str, ...] = ()) -> float:
    body = sr.slash_command_body(command, text, team_id=WORKSPACE, response_url="http://127.0.0.1:9/unused")
    started = time.perf_counter()
    status, _headers, reply = sr.post_signed(url + "/slack/events", body, SECRET, timeout=HTTP_TIMEOUT)
    elapsed = (time.perf_counter() - started) * 1000
    lowered = reply.lower()
    if status != 200 or any(word in lowered for word in must_not_contain):
        raise SystemExit(f"{command} {text!r}: HTTP {status}: {reply[:300]}")
    LAST_REPLY[command] = f"{text} → {reply}"
    return elapsed


def fresh_event_id() -> str:
    """An event id never sent before. The fakes number events from 1 in each process, and a store
    kept with --store-dir remembers the ids it has seen (for Slack's retries): a second run's
    questions were then acked and dropped as retries of the first run's, never answered."""
    return f"Ev{uuid.uuid4().hex[:16].upper()}"


def question(servers: Servers, text: str, url: str) -> float:
    """Milliseconds from sending the mention to its reply arriving at the fake Slack."""
    before = len(servers.slack.calls_to("chat.postEphemeral"))
    body = sr.event_callback_body(sr.app_mention_event(f"<@{sr.BOT_USER_ID}> {text}", team_id=WORKSPACE), team_id=WORKSPACE,
                                  event_id=fresh_event_id())
    started = time.monotonic()
    status, _headers, reply = sr.post_signed(url + "/slack/events", body, SECRET, timeout=HTTP_TIMEOUT)
    if status != 200:
        raise SystemExit(f"app_mention {text!r}: HTTP {status}: {reply[:300]}")
    calls = servers.slack.wait_for("chat.postEphemeral", count=before + 1, timeout=HTTP_TIMEOUT)
    LAST_REPLY["question"] = f"{text} → {calls[before].body.get('text')} {str(calls[before].body.get('blocks'))[:400]}"
    return (calls[before].at - started) * 1000


def posted_reply(servers: Servers, command: str, text: str, channel: str) -> float:
    """Milliseconds from sending a command that acks first to its answer reaching the response_url."""
    name = f"perf{time.monotonic_ns()}"
    body = sr.slash_command_body(command, text, team_id=WORKSPACE, channel_id=channel, response_url=servers.slack.response_url(name))
    started = time.monotonic()
    status, _headers, ack = sr.post_signed(servers.ours + "/slack/events", body, SECRET, timeout=HTTP_TIMEOUT)
    if status != 200 or "working on it" not in ack.lower():
        raise SystemExit(f"{command} {text!r}: expected an ack first, got HTTP {status}: {ack[:300]}")
    servers.slack.wait_for_responses(name, timeout=HTTP_TIMEOUT)
    [call] = [c for c in servers.slack.calls_to(RESPONSE_URL_PREFIX + name)]
    LAST_REPLY[command] = f"{text} → {str(call.body)[:400]}"
    return (call.at - started) * 1000


def request_kinds(servers: Servers, data: Synthetic, rnd: random.Random) -> dict[str, Callable[[], float]]:
    people = [n for n in data.owners[10:] if " " in n]  # the first ten are teams
    url = servers.ours
    return {
        FLOOR: lambda: slash(servers.bare, "/ping", ""),
        '/actions owner:"<owner>" (in the ack)': lambda: slash(url, "/actions", f'owner:"{rnd.choice(people)}"', ("did you mean", "no owner matches")),
        "/overdue (in the ack)": lambda: slash(url, "/overdue", ""),
        "/action <handle> (in the ack)": lambda: slash(url, "/action", rnd.choice(data.handles), ("no action has the handle", "did you mean")),
        "question (app_mention → reply posted)": lambda: question(servers, f"what is overdue for {rnd.choice(people)}?", url),
        "/digest preview (acked → reply posted)": lambda: posted_reply(servers, "/digest", "preview", PREVIEW_CHANNEL),
    }


PREVIEW_CHANNEL = "C0PREVIEW"


def prepare_latency_store(database_url: str, data: Synthetic) -> None:
    """A plan digest in PREVIEW_CHANNEL, for `/digest preview` to build; the store settled."""
    from digests.schedule import Schedule
    from digests.subscriptions import subscribe

    engine = create_store_engine(database_url)
    with transaction(make_session_factory(engine)) as session:
        subscribe(session, WORKSPACE, PREVIEW_CHANNEL, query="plan:P1", schedule=Schedule(), quiet_weeks="line",
                  created_by="U0PERF", now=data.now)
    # Statistics and the visibility map as autovacuum would leave them: without them a freshly
    # bulk-loaded PostgreSQL plans by guesswork, and one run's /overdue differs from the next.
    settle_database(engine)
    engine.dispose()


def warm_every_worker(kinds: dict[str, Callable[[], float]], *, least: int = 20, most: int = 60) -> None:
    """Send every kind until no worker is still building a cache. A worker builds its owner
    directory and vocabulary at its first request of a kind that reads them (about a second at 1M
    actions), and which worker takes a request is the kernel's choice: after a fixed ten rounds one
    worker had sometimes not had a question yet, and its first build landed in the measured
    requests as the p99. So rounds go on (at least `least`, at most `most`) until the last ten
    rounds have nothing slower than four times its kind's median in them."""
    taken: dict[str, list[float]] = {name: [] for name in kinds}
    for round_number in range(most):
        for name in kinds:
            taken[name].append(kinds[name]())
        if round_number + 1 >= least and all(
            max(times[-10:]) <= 4 * statistics.median(times[-10:]) for times in taken.values()
        ):
            return


def measure_latency(servers: Servers, data: Synthetic, *, requests: int, repeats: int, seed: int) -> dict[str, list[list[float]]]:
    rnd = random.Random(seed)
    kinds = request_kinds(servers, data, rnd)
    warm_every_worker(kinds)
    if SHOW_REPLIES:
        for key, reply in LAST_REPLY.items():
            print(f"sample reply {key}: {reply[:400]}")
    rounds: dict[str, list[list[float]]] = {name: [] for name in kinds}
    for _ in range(repeats):
        plan = [name for name in kinds for _ in range(requests)]
        rnd.shuffle(plan)
        samples: dict[str, list[float]] = {name: [] for name in kinds}
        for name in plan:
            samples[name].append(kinds[name]())
        for name in kinds:
            rounds[name].append(samples[name])
    return rounds


def print_latency(rounds: dict[str, list[list[float]]]) -> None:
    floor_all = [x for r in rounds[FLOOR] for x in r]
    floor_median, floor_p99 = statistics.median(floor_all), percentile(floor_all, 0.99)
    print("| request | median ms | p99 ms | spread of round medians ms | median / floor | p99 / floor |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, per_round in rounds.items():
        values = [x for r in per_round for x in r]
        medians = [statistics.median(r) for r in per_round]
        median, p99 = statistics.median(values), percentile(values, 0.99)
        print(f"| {name} | {median:.1f} | {p99:.1f} | {min(medians):.1f}–{max(medians):.1f} | "
              f"{median / floor_median:.1f}× | {p99 / floor_p99:.1f}× |")


# --------------------------------------------------------------------------- growth and digests


def timed(fn: Callable[[], object], times: int) -> list[float]:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure_growth(database_url: str, data: Synthetic, times: int) -> dict[str, list[float]]:
    from store.queries import ActionFilter, find_actions, status_counts

    engine = create_store_engine(database_url)
    sessions = make_session_factory(engine)

    def counts() -> None:
        with sessions() as session:
            status_counts(session, WORKSPACE, data.today)

    def overdue() -> None:
        with sessions() as session:
            find_actions(session, WORKSPACE, ActionFilter(overdue_on=data.today))

    counts()
    overdue()
    result: dict[str, list[float]] = {"status counts (whole workspace)": [], "overdue page": []}
    for _ in range(times):  # interleaved
        result["status counts (whole workspace)"] += timed(counts, 1)
        result["overdue page"] += timed(overdue, 1)
    engine.dispose()
    return result


def subscribe_many(sessions: sessionmaker[Session], data: Synthetic, count: int, due: datetime) -> list[int]:
    """`count` weekly digests: by plan, by owner and (one in ten) the whole workspace."""
    from digests.schedule import Schedule
    from digests.subscriptions import subscribe

    people = [n for n in data.owners[10:] if " " in n]
    ids = []
    with transaction(sessions) as session:
        for n in range(count):
            kind = n % 10
            query = "" if kind == 0 else f'owner:"{people[n % len(people)]}"' if kind < 5 else f"plan:P{n % data.plans + 1}"
            subscription = subscribe(session, WORKSPACE, f"C{n:07d}", query=query, schedule=Schedule(), quiet_weeks="line",
                                     created_by="U0PERF", now=due - timedelta(days=7))
            session.flush()
            ids.append(subscription.id)
    return ids


@dataclass
class Waits:
    """What a build waited on besides its own CPU: the disk (blocks read: SQLite's file when the
    page cache is cold) and a core (involuntary context switches: the machine busy with others)."""

    read_mb: float
    preempted: int

    @classmethod
    def since(cls, before: resource.struct_rusage) -> Waits:
        after = resource.getrusage(resource.RUSAGE_SELF)
        return cls((after.ru_inblock - before.ru_inblock) * 512 / 1e6, after.ru_nivcsw - before.ru_nivcsw)


def measure_digest_build(database_url: str, data: Synthetic, count: int) -> tuple[float, list[float], float, Waits]:
    from digests.content import build_digest
    from handlers.blocks.digest import render_digest
    from store.models import DigestSubscription
    from digests.digest_pass import DigestPass

    engine = create_store_engine(database_url)
    sessions = make_session_factory(engine)
    due = data.now.replace(hour=9)
    ids = subscribe_many(sessions, data, count, due)
    per_digest = []
    shared = DigestPass()  # one a pass, as digests.delivery.run_delivery_pass keeps
    started, cpu, usage = time.perf_counter(), time.process_time(), resource.getrusage(resource.RUSAGE_SELF)
    for subscription_id in ids:
        t = time.perf_counter()
        with sessions() as session:
            subscription = session.get(DigestSubscription, subscription_id)
            assert subscription is not None
            digest = shared.built(subscription, due, None)
            if digest is None:
                digest = build_digest(session, subscription, as_of=due, previous=None, owner_cache=shared.owners,
                                      reads=shared.reads)
                shared.keep(subscription, due, None, digest)
            render_digest(digest)
        per_digest.append((time.perf_counter() - t) * 1000)
    total, cpu, waits = time.perf_counter() - started, time.process_time() - cpu, Waits.since(usage)
    with transaction(sessions) as session:
        session.query(DigestSubscription).filter(DigestSubscription.id.in_(ids)).delete(synchronize_session=False)
    engine.dispose()
    return total, per_digest, cpu, waits


def measure_delivery_pass(database_url: str, data: Synthetic, count: int) -> str:
    from bot.clock import Clock
    from bot.settings import Settings
    from handlers.slack_poster import SlackPoster, plain_client

    rate = Settings.model_fields["digest_posts_per_minute"].default
    engine = create_store_engine(database_url)
    sessions = make_session_factory(engine)
    due = datetime(2026, 3, 16, 9, tzinfo=UTC)
    subscribe_many(sessions, data, count, due)
    with FakeSlackWebAPI(team_id=WORKSPACE) as slack:
        slack.enforce_rate_limits(per_channel_per_second=1.0, workspace_per_minute=rate, random_429_rate=0.0, seed=11)
        client = plain_client(slack.base_url, "xoxb-perf")
        clock = Clock(sessions, SlackPoster(lambda _ws: client), ZoneInfo("Europe/London"), per_minute=rate)
        started = time.monotonic()
        report, _ = clock.tick(due + timedelta(minutes=1))
        total = time.monotonic() - started
        counts = slack.delivered_counts()
        allowed = slack.min_time_allowed({f"C{n:07d}": 1 for n in range(count)})
    engine.dispose()
    exactly_once = sum(1 for n in counts.values() if n == 1)
    ratio = f"ratio {total / allowed:.2f}" if allowed else "all within Slack's first minute"
    return (f"delivery pass, {count} digests at {rate}/min (the default): {report.sent} sent, {exactly_once} channels exactly once; "
            f"{total:.1f} s, the limits allow {allowed:.1f} s ({ratio})")


# --------------------------------------------------------------------------- load


def measure_load(database_url: str, data: Synthetic, *, workers: int, threads: int, clients: list[int], seconds: float) -> None:
    people = [n for n in data.owners[10:] if " " in n][:200]
    world = {"teams": [WORKSPACE], "owners": {WORKSPACE: people}, "handles": {WORKSPACE: data.handles[:300]}}
    port = free_port()
    with FakeSlackWebAPI(team_id=WORKSPACE) as slack:
        server = serve_ours(database_url, slack, port, workers, threads)
        try:
            wait_healthy(f"http://127.0.0.1:{port}")
            print(f"\nload: {workers} workers × {threads} threads on PostgreSQL, {seconds:.0f} s a run; keep-alive clients "
                  "in one process (bench/load.py), pre-signed requests\n")
            mix = request_mix(world, random.Random(1), 3000, slack.response_url("load"))
            print_load(port, server.pid, mix, clients, seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)


# --------------------------------------------------------------------------- growth: stores kept between runs, memory


@contextmanager
def kept_or_fresh_store(backend: str, actions: int, store_dir: str | None) -> Iterator[tuple[str, Synthetic | None]]:
    """The database URL for one (backend, size), and its Synthetic description when a store built by
    an earlier run with --store-dir is there to reuse (1M actions take minutes to build)."""
    if store_dir is None:
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                yield f"sqlite:///{folder}/perf.db", None
        else:
            with postgres_schema("perf") as url:
                yield url, None
        return
    kept = Path(store_dir)
    kept.mkdir(parents=True, exist_ok=True)
    described = kept / f"{backend}-{actions}.json"
    data = _read_synthetic(described) if described.exists() else None
    if backend == "sqlite":
        path = kept / f"{backend}-{actions}.db"
        if data is None:  # a build that did not finish
            for leftover in kept.glob(f"{path.name}*"):
                leftover.unlink()
        url = f"sqlite:///{path}"
    else:
        # Named for the folder too, so runs keeping stores in different folders never share a schema.
        schema = f"perf_kept_{hashlib.sha1(str(kept.resolve()).encode()).hexdigest()[:8]}_{actions}"
        admin = create_engine(POSTGRES)
        with admin.begin() as conn:
            if data is None:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
        admin.dispose()
        url = f"{POSTGRES}?options=-csearch_path%3D{schema}"
    if data is not None:
        engine = create_store_engine(url)
        upgrade(engine)  # a store kept from before a new migration is brought up to date
        engine.dispose()
    _DESCRIBED[url] = described
    yield url, data


# Where each kept store's description goes once it is built.
_DESCRIBED: dict[str, Path] = {}


def remember_store(url: str, data: Synthetic) -> None:
    if url in _DESCRIBED and not _DESCRIBED[url].exists():
        _DESCRIBED[url].write_text(json.dumps(asdict(data), default=str))


def _read_synthetic(path: Path) -> Synthetic:
    raw = json.loads(path.read_text())
    raw["today"] = date.fromisoformat(raw["today"])
    raw["now"] = datetime.fromisoformat(raw["now"])
    raw["seconds"] = 0.0
    return Synthetic(**raw)


def process_rss_mb(pid: int) -> tuple[float, float]:
    """(resident now, peak resident) of one process, in MB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def process_shared_mb(pid: int) -> tuple[float, float]:
    """(proportional set size, unique set size) of one process, in MB: what it costs beside the
    other workers, its share of pages they hold together counted once between them."""
    fields = {line.split(":")[0]: int(line.split()[1]) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]}
    return fields["Pss"] / 1024, (fields["Private_Clean"] + fields["Private_Dirty"]) / 1024


def _worker_figures(pids: list[int]) -> str:
    return ", ".join(
        f"{now:.0f} MB resident (peak {peak:.0f}; PSS {pss:.0f}, USS {uss:.0f})"
        for (now, peak), (pss, uss) in ((process_rss_mb(p), process_shared_mb(p)) for p in pids)
    )


def measure_memory(database_url: str, data: Synthetic, *, workers: int, threads: int, requests: int, seed: int) -> str:
    """Resident memory of each `scrutiny-bot serve` worker after `requests` replies of every kind a
    worker caches for (lists by owner, questions, /action, /overdue, counts), spread over many
    owners so the per-workspace caches fill as they would in a day of use. Read at rest, once the
    first round of each kind has built the caches, and after all the requests: the first shows
    what the caches cost, the growth after it what serving keeps."""
    rnd = random.Random(seed)
    people = [n for n in data.owners[10:] if " " in n]
    with FakeSlackWebAPI(team_id=WORKSPACE) as slack:
        port = free_port()
        server = serve_ours(database_url, slack, port, workers, threads)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url)
            pids = worker_pids(server.pid)
            idle = _worker_figures(pids)
            kinds: list[Callable[[], object]] = [
                lambda: slash(url, "/actions", f'owner:"{rnd.choice(people)}"'),
                lambda: slash(url, "/actions", f"owner:{rnd.choice(people).split()[0].lower()} status:open"),
                lambda: slash(url, "/overdue", ""),
                lambda: slash(url, "/action", rnd.choice(data.handles)),
                lambda: slash(url, "/actions", "count:status"),
                lambda: _mention(url, f"what is overdue for {rnd.choice(people)}?"),
            ]
            # One of each kind for each worker builds every cache they keep (the kernel spreads
            # connections between workers, so a few rounds make sure both got each kind).
            first = 4 * len(kinds) * workers
            for n in range(requests):
                if n == first:
                    _replies_in(slack, first // len(kinds))
                    built = _worker_figures(pids)
                kinds[n % len(kinds)]()
            asked = requests // len(kinds) + (1 if requests % len(kinds) > 5 else 0)
            answered = _replies_in(slack, asked)
            after = _worker_figures(pids)
            refused = slack.refused
            print(f"fake Slack: {len(slack.calls)} calls, methods {sorted({c.method for c in slack.calls})}, refused {len(refused)}"
                  + (f": {refused[0]}" if refused else ""), flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return (f"memory per worker ({workers} workers × {threads} threads, {requests} requests of six kinds ({answered} of {asked} questions answered) over "
            f"{min(requests, len(people)):,}+ owners):\n  idle: {idle}\n  after the first {first} requests (caches built): {built}\n"
            f"  after all {requests}: {after}")


def _replies_in(slack: FakeSlackWebAPI, asked: int) -> int:
    """Questions are answered after their ack: wait (90 s at most) until `asked` replies are in, so
    memory is read with every answer finished. How many are in."""
    deadline = time.monotonic() + 90
    while len(slack.calls_to("chat.postEphemeral")) < asked and time.monotonic() < deadline:
        time.sleep(0.5)
    return len(slack.calls_to("chat.postEphemeral"))


def _mention(url: str, text: str) -> None:
    body = sr.event_callback_body(sr.app_mention_event(f"<@{sr.BOT_USER_ID}> {text}", team_id=WORKSPACE), team_id=WORKSPACE,
                                  event_id=fresh_event_id())
    status, _headers, reply = sr.post_signed(url + "/slack/events", body, SECRET, timeout=HTTP_TIMEOUT)
    if status != 200:
        raise SystemExit(f"app_mention {text!r}: HTTP {status}: {reply[:300]}")


def digest_pass_estimate(build_seconds: float, count: int, rate: int) -> str:
    """What a pass of `count` digests costs at `rate` posts a minute: the build, and the wait the
    rate imposes (Slack's limit, not our work) — the first minute's posts go at once."""
    waiting = max(0, count - rate) * 60 / rate
    return (f"a pass of {count:,} digests at {rate}/min: {build_seconds:.1f} s of building, "
            f"about {waiting / 60:.0f} min of waiting for the rate limit (estimate: build + wait ≈ {(build_seconds + waiting) / 60:.1f} min)")


# --------------------------------------------------------------------------- one store


def build_store(database_url: str, actions: int) -> Synthetic:
    engine = create_store_engine(database_url)
    upgrade(engine)
    data = populate(engine, workspace=WORKSPACE, actions=actions, plans=max(1, actions // 100), owners=max(200, actions // 20))
    engine.dispose()
    return data


def run_one(args: argparse.Namespace, backend: str, database_url: str, actions: int, largest: bool,
            growth: dict[tuple[str, int], dict[str, list[float]]], reused: Synthetic | None = None) -> None:
    print(f"\n## {backend}, {actions:,} actions\n", flush=True)
    sections = set(args.sections.split(","))
    data = reused or build_store(database_url, actions)
    remember_store(database_url, data)
    built = "kept from an earlier run (--store-dir)" if reused else f"built in {data.seconds:.1f} s"
    print(f"store: {data.actions:,} actions, {len(data.owners):,} owners, {data.plans:,} plans; {built}\n", flush=True)
    if "growth" in sections:
        growth[(backend, actions)] = measure_growth(database_url, data, args.growth_times)
    if "latency" in sections:
        prepare_latency_store(database_url, data)
        with FakeSlackWebAPI(team_id=WORKSPACE) as slack:
            servers = start_servers(database_url, slack, args.workers, args.threads)
            try:
                rounds = measure_latency(servers, data, requests=args.requests, repeats=args.repeats, seed=actions)
            finally:
                servers.stop()
        print(f"{args.requests} requests of each kind a round, {args.repeats} rounds, interleaved, one at a time; "
              f"both servers {args.workers} workers × {args.threads} threads\n")
        print_latency(rounds)
    if args.digests and "digests" in sections:
        report_digest_build(args, database_url, data)
    if largest and args.deliveries and "digests" in sections:
        print(measure_delivery_pass(database_url, data, args.deliveries), flush=True)
    if "memory" in sections and args.memory_requests:
        print(measure_memory(database_url, data, workers=args.workers, threads=args.threads,
                             requests=args.memory_requests, seed=actions), flush=True)
    if largest and backend == "postgresql" and args.load_seconds and "load" in sections:
        measure_load(database_url, data, workers=args.load_workers, threads=args.threads,
                     clients=[int(c) for c in args.load_clients.split(",")], seconds=args.load_seconds)


def report_digest_build(args: argparse.Namespace, database_url: str, data: Synthetic) -> None:
    from bot.settings import Settings

    rate = Settings.model_fields["digest_posts_per_minute"].default
    for repeat in range(args.digest_repeats):
        total, per, cpu, waits = measure_digest_build(database_url, data, args.digests)
        # subscribe_many's mix: n % 10 == 0 whole workspace, 1-4 an owner, 5-9 a plan.
        by_kind = {"whole workspace": per[0::10], "owner": [x for i, x in enumerate(per) if 1 <= i % 10 <= 4],
                   "plan": [x for i, x in enumerate(per) if i % 10 >= 5]}
        # The slowest of a kind is its first build: the rest of the pass shares identical ones (DigestPass).
        kinds = "; ".join(f"{k} {statistics.median(v):.0f} ms (slowest {max(v):.0f})" for k, v in by_kind.items() if v)
        print(f"\ndigest build (run {repeat + 1}): {len(per):,} digests in {total:.1f} s, {cpu:.1f} s of this process's CPU "
              f"(median {statistics.median(per):.1f} ms, "
              f"p99 {percentile(per, 0.99):.1f} ms each; median by kind: {kinds}); waiting: {waits.read_mb:.0f} MB read from disk, "
              f"{waits.preempted:,} times preempted for another process", flush=True)
        print(digest_pass_estimate(total, len(per), rate), flush=True)


def print_growth(growth: dict[tuple[str, int], dict[str, list[float]]]) -> None:
    print("\n## Growth (in process, fresh session each time; median ms, p99 in brackets)\n")
    sizes = sorted({size for _, size in growth})
    backends = sorted({backend for backend, _ in growth}, reverse=True)
    # The goal: the largest store costs no more than twice the one a tenth its size.
    ratio = [(big, small) for big in sizes for small in sizes if big == 10 * small and big == max(sizes)]
    print("| measure | backend | " + " | ".join(f"{s:,}" for s in sizes) + "".join(f" | {b:,} / {s:,}" for b, s in ratio) + " |")
    print("| --- | --- | " + " | ".join("---:" for _ in sizes) + " | ---:" * len(ratio) + " |")
    names = next(iter(growth.values())).keys()
    for name in names:
        for backend in backends:
            cells = []
            for size in sizes:
                values = growth.get((backend, size), {}).get(name)
                cells.append(f"{statistics.median(values):.1f} ({percentile(values, 0.99):.1f})" if values else "–")
            for big, small in ratio:
                top, bottom = growth.get((backend, big), {}).get(name), growth.get((backend, small), {}).get(name)
                cells.append(f"{statistics.median(top) / statistics.median(bottom):.1f}×" if top and bottom else "–")
            print(f"| {name} | {backend} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="actions in the store, comma-separated")
    parser.add_argument("--million", action="store_true", help="add a store of 1,000,000 actions")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--requests", type=int, default=50, help="of each kind, per round")
    parser.add_argument("--repeats", type=int, default=3, help="rounds")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for the latency servers (the serve default)")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--growth-times", type=int, default=30)
    parser.add_argument("--digests", type=int, default=1000, help="digests to build at each size (0: skip)")
    parser.add_argument("--deliveries", type=int, default=120, help="digests in the delivery pass at the largest size (0: skip)")
    parser.add_argument("--load-workers", type=int, default=4)
    parser.add_argument("--load-clients", default="16")
    parser.add_argument("--load-seconds", type=float, default=20, help="per client count (0: skip)")
    parser.add_argument("--serve-bare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--sections", default="latency,growth,digests,memory,load",
                        help="which to run, comma-separated: latency, growth, digests (build and delivery pass), memory, load")
    parser.add_argument("--store-dir", help="keep the built stores here (SQLite files; PostgreSQL schemas perf_kept_<folder hash>_<size>) and reuse them next run")
    parser.add_argument("--digest-repeats", type=int, default=1, help="times to build the --digests digests (the spread between runs)")
    parser.add_argument("--memory-requests", type=int, default=600, help="requests before reading each worker's memory (0: skip)")
    parser.add_argument("--show-replies", action="store_true", help="print one reply of each kind after warming up")
    args = parser.parse_args()
    global SHOW_REPLIES
    SHOW_REPLIES = args.show_replies
    if args.serve_bare:
        serve_bare_bolt(args.serve_bare, args.workers, args.threads)
        return
    sizes = [int(s) for s in args.sizes.split(",") if s] + ([1_000_000] if args.million else [])
    growth: dict[tuple[str, int], dict[str, list[float]]] = {}
    started = time.monotonic()
    for backend in args.backends.split(","):
        for actions in sizes:
            largest = actions == max(sizes)
            with kept_or_fresh_store(backend, actions, args.store_dir) as (url, reused):
                run_one(args, backend, url, actions, largest, growth, reused)
    if growth:
        print_growth(growth)
    print(f"\nwhole run: {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
