"""A tracker report as a file in the format asked for, with a name a person can file it under."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session
from zoneinfo import ZoneInfo

from store.errors import Form, Problem, Typed, said
from store.committee_report.model import TrackerReport
from store.committee_report.tracker import build_tracker_report, keep_snapshot

FORMATS = ("docx", "xlsx", "html")


@dataclass(frozen=True)
class ReportFile:
    report: TrackerReport
    format: str
    content: bytes
    filename: str
    title: str


def check_format(typed: str) -> str:
    chosen = typed.strip().lower().lstrip(".")
    chosen = {"word": "docx", "excel": "xlsx", "web": "html", "htm": "html"}.get(chosen, chosen)
    if chosen not in FORMATS:
        raise Problem(said("There is no report format ", Typed(typed), "; choose ", Form("docx"), ", ", Form("xlsx"), " or ", Form("html"), "."))
    return chosen


def report_file(report: TrackerReport, fmt: str) -> ReportFile:
    fmt = check_format(fmt)
    content = _file_content(report, fmt)
    slug = re.sub(r"[^a-z0-9]+", "-", report.committee.lower()).strip("-") or "committee"
    return ReportFile(report, fmt, content, f"{slug}-tracker-{report.as_of.isoformat()}.{fmt}", f"{report.title}, {report.subtitle.lower()}")


def _file_content(report: TrackerReport, fmt: str) -> bytes:
    # Each writer is imported when a report of its format is written: python-docx, openpyxl and
    # Jinja2 take over 10 MB, and every serving worker imports this module while few write a report.
    if fmt == "docx":
        from store.committee_report.word import write_docx

        return write_docx(report)
    if fmt == "xlsx":
        from store.committee_report.excel import write_xlsx

        return write_xlsx(report)
    from store.committee_report.web_page import write_html

    return write_html(report).encode("utf-8")


def produce_report(session: Session, workspace_id: str, committee: str, as_of: date, *, fmt: str, timezone: ZoneInfo,
                   publish: bool, now: datetime) -> ReportFile:
    """Build the report and its file; `publish` keeps it as the one the next report compares with."""
    fmt = check_format(fmt)
    report = build_tracker_report(session, workspace_id, committee, as_of, timezone=timezone)
    if publish:
        keep_snapshot(session, workspace_id, committee, report, now=now)
    return report_file(report, fmt)
