"""Importing large trackers end to end into a fresh SQLite store: rows per second and peak memory.

    python bench/import_speed.py                      # a 10,000-row CSV, a 2,000-row XLSX, a 40-page PDF
    python bench/import_speed.py --csv-rows 50000 --keep /tmp/speed --tracemalloc

The files are generated first (tests/importing/generator: random plans in the CSV, XLSX and PDF
renderers the accuracy test uses, refs "R1"… including four-digit ones). Each is then imported
in a process of its own, so that its peak memory is its own, exactly as `scrutiny-bot import`
does it: `read_document`, then `import_plan` inside one transaction on a new SQLite store.
Prints reading and storing seconds, rows per second and peak memory; the issue's target is a
10,000-row tracker in under 10 seconds. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.importing.generator.plans import GeneratedPlan

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _plan_with_rows(rows: int, seed: str) -> tuple[GeneratedPlan, random.Random]:
    """A generated plan with exactly `rows` action rows."""
    from tests.importing.generator.plans import random_plan

    size = int(rows / 1.3) + 1
    while True:
        rnd = random.Random(seed)
        plan = random_plan(rnd, recommendations=(size, size), ref_style="R1")
        if len(plan.actions) >= rows:
            break
        size = int(size * 1.2) + 1
    while len(plan.actions) > rows:
        last = plan.recommendations[-1]
        if len(last.actions) > 1 and len(plan.actions) - rows < len(last.actions):
            last.actions.pop()
        else:
            plan.recommendations.pop()
    return plan, rnd


def make_csv(folder: Path, rows: int) -> tuple[Path, int]:
    from tests.importing.generator.documents.text import render_csv

    plan, rnd = _plan_with_rows(rows, "speed-csv")
    return render_csv(plan, rnd, folder, f"tracker_{rows}_rows"), len(plan.actions)


def make_xlsx(folder: Path, rows: int) -> tuple[Path, int]:
    from tests.importing.generator.documents.office import render_xlsx

    plan, rnd = _plan_with_rows(rows, "speed-xlsx")
    return render_xlsx(plan, rnd, folder, f"tracker_{rows}_rows"), len(plan.actions)


def make_pdf(folder: Path, pages: int) -> tuple[Path, int]:
    """A ruled PDF tracker of about `pages` pages (rows are added until it is that long)."""
    import pdfplumber

    from tests.importing.generator.documents.pdf import render_pdf

    rows = pages * 12
    for _ in range(6):
        plan, rnd = _plan_with_rows(rows, "speed-pdf")
        path = render_pdf(plan, rnd, folder, f"tracker_{pages}_pages", ruled=True)
        with pdfplumber.open(path) as pdf:
            printed = len(pdf.pages)
        if pages <= printed <= pages + 2:
            break
        rows = max(rows + 1, int(rows * pages / printed))
    return path, len(plan.actions)


def import_one(path: Path, database: str, use_tracemalloc: bool) -> dict[str, object]:
    """Runs in the child process: read and store one file, as the CLI's import does."""
    import tracemalloc
    from datetime import UTC, datetime

    from store.db import create_store_engine, make_session_factory, transaction, upgrade
    from store.importer import import_plan
    from store.importing import read_document

    engine = create_store_engine(database)
    upgrade(engine)
    session_factory = make_session_factory(engine)
    baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if use_tracemalloc:
        tracemalloc.start()
    started = time.perf_counter()
    parsed = read_document(path)
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    with transaction(session_factory) as session:
        report = import_plan(session, "TSPEED", parsed, now=datetime.now(UTC), code=None)
    store_seconds = time.perf_counter() - started
    heap_peak = tracemalloc.get_traced_memory()[1] if use_tracemalloc else None
    engine.dispose()
    return {
        "read_s": read_seconds,
        "store_s": store_seconds,
        "actions_read": sum(len(r.actions) for r in parsed.recommendations),
        "actions_stored": report.actions_created + report.actions_updated,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "baseline_rss_mb": baseline_kb / 1024,
        "heap_peak_mb": heap_peak / 2**20 if heap_peak is not None else None,
    }


def run_case(label: str, path: Path, rows: int, folder: Path, args: argparse.Namespace) -> None:
    database = f"sqlite:///{folder / (path.stem + '.sqlite')}"
    command = [sys.executable, __file__, "--one", str(path), "--database", database]
    if args.tracemalloc:
        command.append("--tracemalloc")
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout, check=False)
    except subprocess.TimeoutExpired:
        print(f"{label:<22}{rows:>8,}  did not finish within {args.timeout} s", flush=True)
        return
    if done.returncode != 0:
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "no message"
        print(f"{label:<22}{rows:>8,}  failed: {last}", flush=True)
        return
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    total = figures["read_s"] + figures["store_s"]
    heap = f"{figures['heap_peak_mb']:>9.0f}" if figures["heap_peak_mb"] is not None else f"{'-':>9}"
    print(
        f"{label:<22}{rows:>8,}{figures['actions_read']:>8,}{figures['actions_stored']:>8,}"
        f"{figures['read_s']:>9.2f}{figures['store_s']:>9.2f}{total:>9.2f}{rows / total:>10,.0f}"
        f"{figures['peak_rss_mb']:>10.0f}{figures['baseline_rss_mb']:>10.0f}{heap}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv-rows", type=int, default=10_000)
    parser.add_argument("--xlsx-rows", type=int, default=2_000)
    parser.add_argument("--pdf-pages", type=int, default=40)
    parser.add_argument("--timeout", type=int, default=900, help="seconds allowed for each import")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure the Python heap peak (slower)")
    parser.add_argument("--keep", type=Path, help="write the files and stores here instead of a temporary folder")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(import_one(args.one, args.database, args.tracemalloc)))
        return

    with tempfile.TemporaryDirectory(prefix="import-speed-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        cases = [
            ("CSV", *make_csv(folder, args.csv_rows)),
            ("XLSX", *make_xlsx(folder, args.xlsx_rows)),
            (f"PDF ({args.pdf_pages} pages)", *make_pdf(folder, args.pdf_pages)),
        ]
        print(f"Generated the files in {time.perf_counter() - started:.1f} s (not counted below).")
        print("Each import runs in its own process into a new SQLite store; target: 10,000 rows in under 10 s.")
        print(
            f"{'file':<22}{'rows':>8}{'read':>8}{'stored':>8}{'read s':>9}{'store s':>9}{'total s':>9}"
            f"{'rows/s':>10}{'peak MB':>10}{'base MB':>10}{'heap MB':>9}"
        )
        for label, path, rows in cases:
            run_case(label, path, rows, folder, args)
        print("rows: action rows in the file; read/stored: actions the reader found and the store wrote;")
        print("peak MB: the import process's peak resident memory; base MB: the same before reading began.")


if __name__ == "__main__":
    main()
