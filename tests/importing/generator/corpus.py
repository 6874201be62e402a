"""Generating many documents in every format, reading each, and adding up the scores.

The test (`tests/importing/test_generated_documents.py`) and the script
(`bench/import_accuracy.py`) both call `measure_corpus`; only their sizes differ.
"""

from __future__ import annotations

import random
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from store.importing import ImportProblem, read_document
from tests.importing.generator.documents import office, pdf, text, web
from tests.importing.generator.plans import GeneratedPlan, random_plan
from tests.importing.generator.scoring import DocumentScore, Failure, score_document, unread_document

TARGET = 0.97

Renderer = Callable[[GeneratedPlan, random.Random, Path, str], Path]


@dataclass(frozen=True)
class DocumentFormat:
    """One format or layout variant: how to render it and its share of the documents."""

    name: str
    render: Renderer
    weight: int
    # Plans as long as a real tracker so that page breaks happen; PDFs are slower to read.
    recommendations: tuple[int, int] = (4, 10)


FORMATS: tuple[DocumentFormat, ...] = (
    DocumentFormat("docx", office.render_docx, 60),
    DocumentFormat("pdf (ruled)", partial(pdf.render_pdf, ruled=True), 25, (8, 14)),
    DocumentFormat("pdf (unruled)", partial(pdf.render_pdf, ruled=False), 25, (8, 14)),
    DocumentFormat("html", web.render_html, 50),
    DocumentFormat("xlsx", office.render_xlsx, 50),
    DocumentFormat("csv", text.render_csv, 35),
    DocumentFormat("tsv", text.render_tsv, 25),
    DocumentFormat("text: tabs copied from PDF", text.render_pdf_text, 25, (6, 12)),
    DocumentFormat("text: tabs, header over two lines", partial(text.render_pdf_text, split_header=True), 15),
    DocumentFormat("text: pipe table", text.render_pipe_table, 25),
    DocumentFormat("text: fixed width", text.render_fixed_width, 20),
    DocumentFormat("text: fixed width, header over two lines", partial(text.render_fixed_width, split_header=True), 15),
    DocumentFormat("text: one cell per line", partial(text.render_cell_per_line, blank_between_cells=False), 20),
    DocumentFormat(
        "text: one cell per line, blank lines between cells",
        partial(text.render_cell_per_line, blank_between_cells=True),
        20,
    ),
    DocumentFormat(
        "text: one cell per line, header labels over two lines",
        partial(text.render_cell_per_line, blank_between_cells=False, split_header=True),
        15,
    ),
    DocumentFormat("text: Label: value records", text.render_labelled_records, 20),
    DocumentFormat("text: web table, cells run together", partial(text.render_run_together, joiner=" "), 15),
    DocumentFormat("text: web table, cells joined by ' / '", partial(text.render_run_together, joiner=" / "), 15),
    DocumentFormat("text: pipe export, one cell per line", text.render_pipe_per_line, 20),
)


@dataclass
class FormatResult:
    name: str
    documents: int = 0
    unread: int = 0
    actions: int = 0
    right: int = 0
    invented: int = 0
    failures: list[Failure] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # Wrong actions by what was wrong (one action may count under several).
    causes: Counter[str] = field(default_factory=Counter)
    # Time spent rendering and reading this format's documents.
    seconds: float = 0.0

    @property
    def accuracy(self) -> float:
        return self.right / self.actions if self.actions else 0.0

    @property
    def supported(self) -> bool:
        """Whether the reader reads this format at all (it refused every document otherwise)."""
        return self.unread < self.documents

    def add(self, score: DocumentScore) -> None:
        self.documents += 1
        self.actions += score.expected_actions
        self.right += score.right
        self.invented += score.invented
        if score.problem is not None:
            self.unread += 1
            self.problems.append(score.problem)
        self.failures.extend(score.failures)
        for failure in score.failures:
            if failure.problem is not None:
                self.causes["unread"] += score.expected_actions
                continue
            for name in failure.fields:
                self.causes[_CAUSE.get(name, name)] += 1


@dataclass
class CorpusResult:
    formats: dict[str, FormatResult]
    # (dimension, value) -> [right, actions], over the documents the reader read.
    breakdown: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def count(self, plan: GeneratedPlan, score: DocumentScore) -> None:
        if score.problem is not None:
            return
        refs_right = all(o[2] for o in score.outcomes)
        for key in (("ref style", plan.ref_style),):
            tally = self.breakdown.setdefault(key, [0, 0])
            tally[0] += int(refs_right)
            tally[1] += 1
        for form, owners, right in score.outcomes:
            for key in (("timescale form", form), ("owners in the cell", str(owners))):
                tally = self.breakdown.setdefault(key, [0, 0])
                tally[0] += int(right)
                tally[1] += 1

    def breakdown_table(self) -> str:
        """Accuracy by ref style (documents with every action right), by timescale form and by
        the number of owners in a cell (actions right), across the documents that were read."""
        lines: list[str] = []
        for dimension in ("ref style", "timescale form", "owners in the cell"):
            unit = "documents all right" if dimension == "ref style" else "actions right"
            lines.append(f"{dimension} ({unit}):")
            for (name, value), (right, total) in sorted(self.breakdown.items()):
                if name == dimension:
                    lines.append(f"    {value:<40}{right:>6}/{total:<6}{right / total:>8.1%}")
        return "\n".join(lines)

    @property
    def documents(self) -> int:
        return sum(f.documents for f in self.formats.values())

    def table(self) -> str:
        """Per-format accuracy beside the issue's target, one line each, with the number of
        actions wrong for each reason: ref not found (the action is missing), owners, due date
        (or original due date), ongoing/recurring flags."""
        width = max(len("all formats"), *(len(n) for n in self.formats)) + 2
        lines = [
            f"{'format':<{width}}{'docs':>6}{'actions':>9}{'right':>7}{'accuracy':>10}{'target':>8}"
            f"{'invented':>10}{'unread':>8}"
            + "".join(f"{'bad ' + c:>11}" for c in _CAUSE_COLUMNS)
            + f"{'seconds':>9}  note"
        ]
        for result in self.formats.values():
            if not result.supported:
                note = "NOT SUPPORTED: " + _short(result.problems[0]) if result.problems else "NOT SUPPORTED"
            else:
                note = "meets target" if result.accuracy >= TARGET else "below target"
            lines.append(
                f"{result.name:<{width}}{result.documents:>6}{result.actions:>9}{result.right:>7}"
                f"{result.accuracy:>10.1%}{TARGET:>8.0%}{result.invented:>10}{result.unread:>8}"
                + "".join(f"{result.causes[c]:>11}" for c in _CAUSE_COLUMNS)
                + f"{result.seconds:>9.1f}  {note}"
            )
        total_actions = sum(f.actions for f in self.formats.values())
        total_right = sum(f.right for f in self.formats.values())
        lines.append(
            f"{'all formats':<{width}}{self.documents:>6}{total_actions:>9}{total_right:>7}"
            f"{(total_right / total_actions if total_actions else 0):>10.1%}{TARGET:>8.0%}"
        )
        return "\n".join(lines)

    def failure_examples(self, per_format: int = 3) -> str:
        """The first failing action of each of the first few documents with one, per format, so
        that the examples show different documents rather than one document's every row."""
        lines: list[str] = []
        for result in self.formats.values():
            if not result.failures or per_format <= 0:
                continue
            lines.append(f"{result.name}:")
            seen: set[str] = set()
            for failure in result.failures:
                if failure.document in seen:
                    continue
                seen.add(failure.document)
                lines.append(f"    {failure.describe()}")
                if len(seen) == per_format:
                    break
        return "\n".join(lines)


# Columns of the table: why actions were wrong.
_CAUSE = {"missing": "ref", "owners": "owners", "due": "due", "original_due": "due", "ongoing": "flags", "recurring": "flags"}
_CAUSE_COLUMNS = ("ref", "owners", "due", "flags")


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def document_counts(total: int, formats: tuple[DocumentFormat, ...] = FORMATS) -> dict[str, int]:
    """How many documents of each format make up `total`, by weight (at least one each)."""
    weights = sum(f.weight for f in formats)
    counts = {f.name: max(1, round(total * f.weight / weights)) for f in formats}
    return counts


def measure_corpus(
    folder: Path,
    *,
    total: int,
    seed: str = "scrutiny-generated-documents",
    formats: tuple[DocumentFormat, ...] = FORMATS,
) -> CorpusResult:
    """Render `total` documents across the formats into `folder`, read each, and score them."""
    results = {f.name: FormatResult(f.name) for f in formats}
    corpus = CorpusResult(results)
    counts = document_counts(total, formats)
    for document_format in formats:
        for number in range(counts[document_format.name]):
            rnd = random.Random(f"{seed}/{document_format.name}/{number}")
            plan = random_plan(rnd, recommendations=document_format.recommendations)
            stem = f"{_slug(document_format.name)}_{number:03d}"
            started = time.perf_counter()
            path = document_format.render(plan, rnd, folder, stem)
            score = read_and_score(path, plan, document_format.name)
            results[document_format.name].seconds += time.perf_counter() - started
            results[document_format.name].add(score)
            corpus.count(plan, score)
    return corpus


def read_and_score(path: Path, plan: GeneratedPlan, kind: str) -> DocumentScore:
    label = f"{kind} {path.name}"
    try:
        parsed = read_document(path)
    except ImportProblem as problem:
        return unread_document(label, plan, str(problem))
    except Exception as error:  # noqa: BLE001 -- a crash is a failure to report, not a reason to stop measuring
        last = traceback.extract_tb(error.__traceback__)[-1]
        return unread_document(label, plan, f"CRASH {error.__class__.__name__}: {error} at {last.filename}:{last.lineno}")
    return score_document(label, plan, parsed)


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name).strip("_")[:40]
