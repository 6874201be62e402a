"""Draws docs/report-first-page.png, the README's picture of the tracker report's first page:
an invented committee's report written as HTML by store.committee_report.web_page and photographed by a
headless Chromium (`apt-get install chromium`).

    .venv/bin/python docs/report_picture.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store.committee_report.changes import changes_since, count_by_assessment, count_by_response, snapshot_of  # noqa: E402
from store.committee_report.model import ActionLine, LatestUpdate, RecommendationRow, TrackerReport  # noqa: E402
from store.committee_report.web_page import write_html  # noqa: E402

HERE = Path(__file__).resolve().parent


def _row(key: str, ref: str, text: str, response: str | None, lead: str, actions: tuple[ActionLine, ...], update: LatestUpdate | None,
         assessment: str | None, rag: str | None, **extra: object) -> RecommendationRow:
    return RecommendationRow(key=key, ref=ref, text=text, report_title="Review of support for unpaid carers", agreed_on=date(2025, 10, 14),
                             response=response, response_detail=None, lead_officers=(lead,), executive_member="Cllr Amira Hassan",
                             actions=actions, latest_update=update, assessment=assessment, rag=rag, **extra)  # type: ignore[arg-type]


def sample() -> TrackerReport:
    r1 = _row("1", "R1", "Publish a refreshed carers' strategy, co-produced with carers.", "accepted", "Linda Mann",
              (ActionLine("PS-R1a", "Draft the strategy with the carers' forum.", ("Linda Mann",), date(2026, 1, 30), date(2026, 3, 31), 1, "in progress"),),
              LatestUpdate(date(2026, 2, 12), "Linda Mann", "Draft shared with the forum; consultation closes 6 March."), "slipped", "Amber",
              assessment_note="now expected by 31/03/2026 (consultation extended)")
    r2 = _row("2", "R2", "Report carers' assessment waiting times to the committee each quarter.", "accepted in part", "Ken Scott",
              (ActionLine("PS-R2", "Add waiting times to the quarterly performance report.", ("Ken Scott",), date(2026, 1, 31), date(2026, 1, 31), 0, "done"),),
              LatestUpdate(date(2026, 2, 2), "Ken Scott", "First quarterly figures included in the February report."), "achieved", "Complete")
    r3 = _row("3", "R3", "Open a second carers' hub in the north of the borough.", "rejected", "Priya Raman", (), None, None, None)
    r4 = _row("4", "R4", "Give every carer a named contact in adult social care.", "accepted in principle", "Priya Raman",
              (ActionLine("PS-R4", "Pilot named contacts in two locality teams.", ("Priya Raman",), date(2026, 6, 30), date(2026, 6, 30), 0, "in progress"),),
              LatestUpdate(date(2026, 2, 16), "Priya Raman", "Pilot started in the east and central teams."), "on track", "Green")
    before = [r1, r2, r3, r4]
    snapshot = snapshot_of([RecommendationRow(**{**r.__dict__, "assessment": "on track" if r.ref == "R1" else None,
                                                 "actions": tuple(ActionLine(**{**a.__dict__, "current_due": a.original_due}) for a in r.actions)})
                            for r in before])
    r5 = _row("5", "R5", "Publish the young carers' offer on the council's website.", None, "Ken Scott",
              (ActionLine("PS-R5", "Publish the offer.", ("Ken Scott",), date(2026, 4, 30), date(2026, 4, 30), 0, "not started"),),
              None, None, None, proposed="on track")
    every = [*before, r5]
    return TrackerReport(committee="People Scrutiny Committee", as_of=date(2026, 2, 20), rows=tuple(every), signed_off=(),
                         changes=tuple(changes_since(every, snapshot)), previous_as_of=date(2025, 12, 1), council="Anytown Borough Council",
                         meeting=date(2026, 3, 2), papers_deadline=date(2026, 2, 20), by_assessment=count_by_assessment(every),
                         by_response=count_by_response(every))


def main() -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        raise SystemExit("No Chromium found: apt-get install chromium")
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        page.write_text(write_html(sample()), encoding="utf-8")
        shot = Path(folder) / "shot.png"
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--screenshot={shot}",
                   "--window-size=1280,1500", page.as_uri()]
        subprocess.run(command, check=True, capture_output=True, timeout=120)  # noqa: S603 - the browser on PATH, our own page
        image = Image.open(shot).convert("RGB")
        image.thumbnail((960, 1200))
        image.quantize(colors=128).save(HERE / "report-first-page.png", optimize=True)
    print(f"wrote {HERE / 'report-first-page.png'}")


if __name__ == "__main__":
    main()
