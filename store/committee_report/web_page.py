"""The tracker report as a web page (Jinja2): one accessible HTML file, printable in landscape with
the table's header repeated on every printed page."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from store.committee_report.model import (
    CHANGE_HEADINGS,
    CHANGE_KINDS,
    COLUMNS,
    SIGNED_OFF_COLUMNS,
    TrackerReport,
    actions_lines,
    long_date,
    people_cell,
    recommendation_cell,
    signed_off_cell,
    update_cell,
)

_environment = Environment(
    loader=PackageLoader("store.committee_report", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
# The RAG's colour beside its words, as a class for the badge (never the only sign).
RAG_CLASSES = {"Green": "rag-green", "Amber": "rag-amber", "Red": "rag-red", "Complete": "rag-complete", "Closed": "rag-closed"}


def write_html(report: TrackerReport) -> str:
    template = _environment.get_template("tracker.html.j2")
    return template.render(
        report=report, columns=COLUMNS, signed_off_columns=SIGNED_OFF_COLUMNS, change_kinds=CHANGE_KINDS,
        change_headings=CHANGE_HEADINGS, long_date=long_date, actions_lines=actions_lines, people_cell=people_cell,
        recommendation_cell=recommendation_cell, update_cell=update_cell, signed_off_cell=signed_off_cell,
        rag_classes=RAG_CLASSES,
    )
