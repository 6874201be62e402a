"""Time owner resolution and the questions the bot asks of a large store, on SQLite and PostgreSQL.

The lists go through the service `/actions`, `/overdue` and `/mine` call (store.listing.list_actions,
one page with its totals and headline counts), with queries as a user would type them.

    python bench/store_queries.py --actions 100000 --plans 1000 --owners 5000

Prints median and p99 in milliseconds per operation. Targets (issue 2): every query under 20 ms
p99 and owner resolution under 2 ms p99 at 100,000 actions.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import percentile, postgres_schema  # noqa: E402
from bench.synthetic import Synthetic, populate  # noqa: E402
from store.db import create_store_engine, make_session_factory, upgrade  # noqa: E402
from store.handles import find_action  # noqa: E402
from store.listing import ListKind, Listing, list_actions  # noqa: E402
from store.owners import OwnerDirectoryCache, resolve_owner  # noqa: E402
from store.queries import ActionFilter, status_counts  # noqa: E402
from store.query_language import ActionQuery, parse_action_query  # noqa: E402

def measure(fn: Callable[[int], object], runs: int) -> list[float]:
    for i in range(min(20, runs)):
        fn(i)  # warm caches and the connection pool
    samples = []
    for i in range(runs):
        started = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def typo(rnd: random.Random, name: str) -> str:
    i = rnd.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1 :] if rnd.random() < 0.5 else name[:i] + name[i] + name[i:]


def run_backend(label: str, url: str, args: argparse.Namespace) -> list[tuple[str, str, float, float]]:
    engine = create_store_engine(url, pool_size=4)
    upgrade(engine)
    data: Synthetic = populate(engine, workspace="TBENCH", actions=args.actions, plans=args.plans, owners=args.owners)
    print(f"[{label}] built {data.actions:,} actions, {data.plans:,} plans, {len(data.owners):,} owners in {data.seconds:.1f} s", flush=True)
    sessions = make_session_factory(engine)
    cache = OwnerDirectoryCache()
    rnd = random.Random(1)
    people = [n for n in data.owners if " " in n and n.split()[0] not in ("Housing", "Adult", "Public")]
    typed = [typo(rnd, n).lower() if i % 2 else n.split()[1] for i, n in enumerate(rnd.sample(people, min(200, len(people))))]
    owner_ids = [rnd.randint(1, len(data.owners)) for _ in range(args.runs)]
    words = ["waiting list", "housing repairs", "transport", "safeguarding training", "digital website", "budget"]
    ws, today, now = data.workspace, data.today, data.now

    def queries(texts: list[str]) -> list[ActionQuery]:
        return [parse_action_query(t, today=today) for t in texts]

    by_owner = queries([f'owner:"{data.owners[i - 1]}"' for i in owner_ids])
    by_plan = queries([f"plan:P{1 + i % data.plans}" for i in range(args.runs)])
    searches = queries([f'text:"{w}"' for w in words])
    due_soon = queries(["due:next-14-days"])
    quiet = queries([f"updated:>{30 + i % 30}d" for i in range(30)])
    everything = ActionQuery()
    results = []
    with sessions() as s:
        def listed(query: ActionQuery, kind: ListKind = ListKind.ACTIONS) -> Listing:
            return list_actions(s, ws, query, kind, today=today, now=now, limit=8, owner_cache=cache)

        def resolve(i: int) -> None:
            try:
                resolve_owner(s, ws, typed[i % len(typed)], cache=cache)
            except Exception:  # noqa: BLE001 - ambiguous surnames are a valid outcome here
                pass

        operations: list[tuple[str, Callable[[int], object]]] = [
            ("resolve_owner (typo / surname)", resolve),
            ("/actions owner:NAME", lambda i: listed(by_owner[i])),
            ("/overdue", lambda i: listed(everything, ListKind.OVERDUE)),
            ("/overdue owner:NAME", lambda i: listed(by_owner[i], ListKind.OVERDUE)),
            ("/actions due:next-14-days", lambda i: listed(due_soon[0])),
            ("/actions updated:>NNd", lambda i: listed(quiet[i % len(quiet)])),
            ("/actions plan:CODE", lambda i: listed(by_plan[i])),
            ("/actions text:WORDS (ranked)", lambda i: listed(searches[i % len(searches)])),
            ("status_counts (whole workspace)", lambda i: status_counts(s, ws, today)),
            ("status_counts (one owner)", lambda i: status_counts(s, ws, today, ActionFilter(owner_ids=[owner_ids[i]]))),
            ("find_action by handle", lambda i: find_action(s, ws, data.handles[(i * 7919) % len(data.handles)])),
        ]
        for name, fn in operations:
            samples = measure(fn, args.runs)
            results.append((label, name, statistics.median(samples), percentile(samples, 0.99)))
            print(f"[{label}] {name:40s} median {results[-1][2]:7.2f} ms   p99 {results[-1][3]:7.2f} ms", flush=True)
    engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--plans", type=int, default=1_000)
    parser.add_argument("--owners", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    rows = []
    if "sqlite" in args.backends:
        with tempfile.TemporaryDirectory() as folder:
            rows += run_backend("sqlite", f"sqlite:///{folder}/bench.db", args)
    if "postgresql" in args.backends:
        with postgres_schema("bench") as url:
            rows += run_backend("postgresql", url, args)
    print("\n| backend | operation | median ms | p99 ms |\n| --- | --- | ---: | ---: |")
    for label, name, median, p99 in rows:
        print(f"| {label} | {name} | {median:.2f} | {p99:.2f} |")


if __name__ == "__main__":
    main()
