"""Time reading plain questions against a large workspace's vocabulary.

    python bench/question_reading.py --owners 5000 --plans 1000 --questions 2000 [--postgres]

Prints median and p99 in milliseconds for: building the vocabulary (once per change), reading a
question with the vocabulary in hand, and the per-request path (the cache's version check plus
the reading). Target (issue 12): reading under 5 ms p99 with 5,000 owners and 1,000 plans.
Questions are generated from many wordings, with owners' names misspelt, possessive without an
apostrophe, and plans named by title words, so the figure is not one question's.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import percentile, postgres_schema  # noqa: E402
from bench.synthetic import populate  # noqa: E402
from store.db import create_store_engine, make_session_factory, upgrade  # noqa: E402
from store.models import Plan  # noqa: E402
from store.questions import read_question  # noqa: E402
from store.vocabulary import VocabularyCache, load_vocabulary  # noqa: E402

WORKSPACE = "TBENCHQ"
TEMPLATES = [
    "what is overdue for {owner}?", "{owner}'s actions", "{possessive} actions", "actions for {typo}",
    "what does {owner} lead on", "what's still open in the {subject} plan for {owner}", "late in {subject}",
    "anything on {word} in the {subject} plan", "what has {owner} not begun", "what changed in the last few days",
    "what's on her desk", "which recommendations did cabinet reject?", "what has no owner?", "what's red in {subject}",
    "what has slipped more than once?", "how many overdue in each plan?", "is {first} behind?",
    "what's due next month for {typo} in {subject}", "{subject} review blocked", "{word} {word}",
]


def typo(name: str, rnd: random.Random) -> str:
    i = rnd.randrange(1, max(2, len(name) - 1))
    return name[:i] + name[i + 1:] if rnd.random() < 0.5 else name[:i] + name[i] + name[i:]


def questions(owners: list[str], subjects: list[str], n: int, seed: int = 11) -> list[str]:
    rnd = random.Random(seed)
    made = []
    for _ in range(n):
        owner = rnd.choice(owners)
        made.append(
            rnd.choice(TEMPLATES).format(
                owner=owner, possessive=owner + "s", typo=typo(owner, rnd), first=owner.split()[0],
                subject=rnd.choice(subjects), word=rnd.choice(["recycling", "permits", "waiting", "letters", "survey"]),
            )
        )
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--owners", type=int, default=5000)
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--actions", type=int, default=20000)
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--postgres", action="store_true", help="run on the local PostgreSQL instead of SQLite")
    args = parser.parse_args()
    if args.postgres:
        with postgres_schema("bench_questions") as url:
            run(url, args)
    else:
        with tempfile.TemporaryDirectory() as folder:
            run(f"sqlite:///{Path(folder) / 'bench.db'}", args)


def run(url: str, args: argparse.Namespace) -> None:
    engine = create_store_engine(url)
    upgrade(engine)
    synthetic = populate(engine, workspace=WORKSPACE, actions=args.actions, plans=args.plans, owners=args.owners)
    session_factory = make_session_factory(engine)
    with session_factory() as session:
        titles = [t for (t,) in session.query(Plan.title).filter(Plan.workspace_id == WORKSPACE)]
    subjects = sorted({t.split()[0].lower() for t in titles})
    people = [o for o in synthetic.owners if len(o.split()) == 2]
    asked = questions(people, subjects, args.questions)
    print(f"{engine.dialect.name}: {len(synthetic.owners):,} owners, {args.plans:,} plans, {synthetic.actions:,} actions; "
          f"{len(asked):,} generated questions")

    builds = []
    for _ in range(5):
        with session_factory() as session:
            started = time.perf_counter()
            vocabulary = load_vocabulary(session, WORKSPACE)
            builds.append((time.perf_counter() - started) * 1000)
    report("build the vocabulary (after a change)", builds)

    # One pass first, as a running bot has: regexes compiled, caches filled.
    for text in asked[:200]:
        read_question(text, vocabulary)
    # Wall time, and this thread's CPU time: on a shared machine the wall clock also counts the
    # moments another process had the CPU.
    reading, cpu = [], []
    for text in asked:
        started, started_cpu = time.perf_counter(), time.thread_time()
        read_question(text, vocabulary)
        reading.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    report("read a question (vocabulary in hand)", reading)
    report("  the same, CPU time", cpu)

    cache = VocabularyCache()
    with session_factory() as session:
        cache.get(session, WORKSPACE)
        per_request, per_request_cpu = [], []
        for text in asked:
            started, started_cpu = time.perf_counter(), time.thread_time()
            read_question(text, cache.get(session, WORKSPACE))
            per_request.append((time.perf_counter() - started) * 1000)
            per_request_cpu.append((time.thread_time() - started_cpu) * 1000)
    report("per request: version check + read", per_request)
    report("  the same, CPU time", per_request_cpu)
    print(f"load average while measuring: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    engine.dispose()


def report(what: str, samples: list[float]) -> None:
    print(f"  {what:45} median {statistics.median(samples):7.2f} ms   p99 {percentile(samples, 0.99):7.2f} ms   (n={len(samples)})")


if __name__ == "__main__":
    main()
