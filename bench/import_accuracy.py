"""How many actions the importer reads exactly right, per format, over generated documents.

The same measurement as `tests/importing/test_generated_documents.py`, at any size:

    python bench/import_accuracy.py --documents 3000
    python bench/import_accuracy.py --documents 400 --format docx --format "text: pipe table" --examples 10

Each document is a random plan (tests/importing/generator) rendered into one format and read
back with `store.importing.read_document`; an action counts as right when its ref, owners, due
date (and original due date where a revised one is printed) and ongoing/recurring flags are all
exactly what the plan says. Prints the per-format table beside the issue's 97% target and the
first failing cases of each format; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.importing.generator import FORMATS, measure_corpus  # noqa: E402
from tests.importing.generator.corpus import TARGET  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=2000, help="documents in all, shared across formats by weight")
    parser.add_argument("--seed", default="bench-import-accuracy", help="the same seed renders the same documents")
    parser.add_argument("--format", dest="formats", action="append", metavar="NAME", help="only these formats (repeatable)")
    parser.add_argument("--examples", type=int, default=5, help="failing documents shown per format")
    parser.add_argument("--keep", type=Path, help="write the documents here instead of a temporary folder")
    args = parser.parse_args()

    formats = FORMATS
    if args.formats:
        unknown = set(args.formats) - {f.name for f in FORMATS}
        if unknown:
            parser.error(f"unknown format(s) {sorted(unknown)}; known: {[f.name for f in FORMATS]}")
        formats = tuple(f for f in FORMATS if f.name in args.formats)

    started = time.perf_counter()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        result = measure_corpus(args.keep, total=args.documents, seed=args.seed, formats=formats)
    else:
        with tempfile.TemporaryDirectory(prefix="import-accuracy-") as folder:
            result = measure_corpus(Path(folder), total=args.documents, seed=args.seed, formats=formats)
    elapsed = time.perf_counter() - started

    print(f"{result.documents} generated documents, read in {elapsed:.1f} s; target {TARGET:.0%} of actions exactly right")
    print(result.table())
    meeting = [f.name for f in result.formats.values() if f.supported and f.accuracy >= TARGET]
    print(f"\nFormats meeting the target: {', '.join(meeting) if meeting else 'none'}")
    print("\nAccuracy by what the documents hold:")
    print(result.breakdown_table())
    print("\nFirst failing cases per format:")
    print(result.failure_examples(per_format=args.examples))


if __name__ == "__main__":
    main()
