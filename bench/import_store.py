"""Storing a large tracker: rows per second of `import_plan` for 1k/4k/10k actions, on SQLite.

    python bench/import_store.py [--sizes 1000 4000 10000] [--postgres] [--reimport] [--csv]

Each size imports an invented plan (recommendations of one to three actions, one in ten with no
printed ref, owners drawn from a pool of people and teams that grows with the size, every fifth action with a progress note) into a fresh store, and
prints seconds and rows per second; `--reimport` imports it a second time (the update-in-place path).
`--csv` writes the plan out as a CSV tracker and times the whole path: reading, then storing.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import postgres_schema  # noqa: E402
from bench.synthetic import FIRST, LAST, TEAMS  # noqa: E402
from store.db import create_store_engine, make_session_factory, upgrade  # noqa: E402
from store.importer import import_plan  # noqa: E402
from store.importing import read_document  # noqa: E402
from store.importing.parsed import (  # noqa: E402
    ParsedAction,
    ParsedPlan,
    ParsedRecommendation,
    Timescale,
)

NOW = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)


def invented_plan(rows: int, seed: int = 7) -> ParsedPlan:
    rnd = random.Random(seed)
    # Large trackers name more people: about one owner for every four rows, as councils' do.
    people = [f"{rnd.choice(FIRST)} {rnd.choice(LAST)} {n}" for n in range(max(300, rows // 4))]
    owners = people + list(TEAMS)
    recs: list[ParsedRecommendation] = []
    made = 0
    ref = 0
    while made < rows:
        ref += 1
        printed = None if ref % 10 == 0 else f"R{ref}"  # some rows carry no ref at all
        rec = ParsedRecommendation(ref=printed, ref_printed=printed, text=f"Recommendation {ref} on services.", line=made + 1)
        for _ in range(min(rnd.randint(1, 3), rows - made)):
            due = date(2026, 1, 1) + timedelta(days=rnd.randint(0, 700))
            rec.actions.append(
                ParsedAction(
                    text=f"Action {made + 1}: review the waiting list and report back.",
                    owners=rnd.sample(owners, rnd.randint(1, 2)),
                    timescale=Timescale(raw=due.strftime("%B %Y"), deadlines=[due]),
                    due=due,
                    comments=f"Progress noted for action {made + 1}." if made % 5 == 0 else None,
                    line=made + 1,
                )
            )
            made += 1
        recs.append(rec)
    return ParsedPlan(
        source_file=f"tracker-{rows}.csv", layout="bench", title="Invented tracker", council="Benchford",
        document_date=date(2026, 3, 1), recommendations=recs, teams=list(TEAMS),
    )


def as_csv(parsed: ParsedPlan, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Ref", "Recommendation", "Agreed action", "Lead officer", "Deadline", "Progress"])
        for n, rec in enumerate(parsed.recommendations, start=1):
            for action in rec.actions:
                due = action.due.strftime("%d/%m/%Y") if action.due else ""
                writer.writerow([rec.ref or f"X{n}", rec.text, action.text, " and ".join(action.owners), due, action.comments or ""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 10000])
    parser.add_argument("--postgres", action="store_true", help="use the local PostgreSQL instead of SQLite")
    parser.add_argument("--reimport", action="store_true", help="also time importing the same plan again")
    parser.add_argument("--csv", action="store_true", help="read it from a CSV file first (the whole import)")
    args = parser.parse_args()
    backend = "postgresql" if args.postgres else "sqlite"
    print(f"{'rows':>7} {'backend':>10} {'pass':>9} {'seconds':>8} {'rows/s':>8}")
    for size in args.sizes:
        parsed = invented_plan(size)
        with ExitStack() as stack:
            if args.postgres:
                url = stack.enter_context(postgres_schema("bench_import"))
            else:
                folder = stack.enter_context(tempfile.TemporaryDirectory())
                url = f"sqlite:///{folder}/store.db"
            engine = create_store_engine(url)
            upgrade(engine)
            factory = make_session_factory(engine)
            if args.csv:
                path = Path(stack.enter_context(tempfile.TemporaryDirectory())) / f"tracker-{size}.csv"
                as_csv(parsed, path)
                started = time.perf_counter()
                parsed = read_document(path)
                seconds = time.perf_counter() - started
                print(f"{size:>7} {'csv':>10} {'read':>9} {seconds:>8.2f} {size / seconds:>8.0f}", flush=True)
            passes = ["first", "reimport"] if args.reimport else ["first"]
            for name in passes:
                started = time.perf_counter()
                with factory.begin() as session:
                    import_plan(session, "TBENCH", parsed, now=NOW)
                seconds = time.perf_counter() - started
                print(f"{size:>7} {backend:>10} {name:>9} {seconds:>8.2f} {size / seconds:>8.0f}", flush=True)
            engine.dispose()


if __name__ == "__main__":
    main()
