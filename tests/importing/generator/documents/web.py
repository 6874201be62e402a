"""Plans as saved committee-system web pages: the tracker among navigation, a meeting-details
table and a footer, with `rowspan`/`colspan`, and `<p>`/`<br>` inside cells."""

from __future__ import annotations

import random
from html import escape
from pathlib import Path

from tests.importing.generator.documents.office import MERGEABLE, _blank_continuations
from tests.importing.generator.documents.text import preamble
from tests.importing.generator.plans import GeneratedPlan
from tests.importing.generator.tables import Table, layout_table

_NAV = ("Home", "Councillors", "Meetings", "Committees", "Decisions", "Consultations", "Contact us")


def _cell_html(text: str, rnd: random.Random, paragraphs: bool) -> str:
    parts = [escape(p) for p in text.split("\n")]
    if rnd.random() < 0.1:
        parts = [p.replace(" ", "&nbsp;", 1) for p in parts]
    if paragraphs and text:
        return "".join(f"<p>{p}</p>" for p in parts)
    return "<br>".join(parts) if rnd.random() < 0.8 else "<br />\n".join(parts)


def _header_html(table: Table, rnd: random.Random) -> list[str]:
    if not table.two_row_header:
        # Committee systems often head a table with ordinary bold cells rather than <th>.
        cell = "<th>{}</th>" if rnd.random() < 0.7 else "<td><strong>{}</strong></td>"
        return ["<tr>" + "".join(cell.format(escape(c.header)) for c in table.columns) + "</tr>"]
    top: list[str] = []
    bottom: list[str] = []
    group_done = False
    span = sum(1 for c in table.columns if c.group)
    for column in table.columns:
        if column.group:
            if not group_done:
                top.append(f'<th colspan="{span}">{escape(column.group)}</th>')
                group_done = True
            bottom.append(f"<th>{escape(column.header)}</th>")
        else:
            top.append(f'<th rowspan="2">{escape(column.header)}</th>')
    return ["<tr>" + "".join(top) + "</tr>", "<tr>" + "".join(bottom) + "</tr>"]


def render_html(plan: GeneratedPlan, rnd: random.Random, folder: Path, stem: str) -> Path:
    table = layout_table(plan, rnd, multiline_cells=True, two_row_header=rnd.random() < 0.5)
    paragraphs = rnd.random() < 0.4
    rowspan = _blank_continuations(table) and rnd.random() < 0.6
    lines = preamble(plan, rnd)
    out = [
        "<!DOCTYPE html>",
        f"<html lang='en'><head><meta charset='utf-8'><title>{escape(plan.title)} - {escape(plan.council)}</title>",
        "<style>td{vertical-align:top}</style></head><body>",
        "<div id='skip'><a href='#content'>Skip to main content</a></div>",
        "<nav><ul>" + "".join(f"<li><a href='/{n.lower()}'>{n}</a></li>" for n in _NAV) + "</ul></nav>",
        f"<header><h1>{escape(lines[0])}</h1></header>",
        "<main id='content'>",
    ]
    out += [f"<p>{escape(line)}</p>" for line in lines[1:]]
    if rnd.random() < 0.5:
        day = plan.document_date
        out.append(
            "<table class='meeting-details'>"
            f"<tr><th>Meeting</th><td>{escape(plan.committee)}</td></tr>"
            f"<tr><th>Date</th><td>{day.day} {day.strftime('%B %Y')}</td></tr>"
            "<tr><th>Venue</th><td>Committee Room 2, Civic Centre</td></tr></table>"
        )
    out.append(f"<h2>{escape(plan.title)}: recommendations and actions</h2>")
    out.append("<table class='tracker' border='1'>")
    header = _header_html(table, rnd)
    out += ["<thead>", *header, "</thead>", "<tbody>"] if rnd.random() < 0.7 else header
    for row in table.rows:
        cells: list[str] = []
        for column, text in zip(table.columns, row.cells, strict=True):
            if rowspan and column.field in MERGEABLE and row.actions_in_recommendation > 1:
                if not row.first:
                    continue
                cells.append(f"<td rowspan='{row.actions_in_recommendation}'>{_cell_html(text, rnd, paragraphs)}</td>")
            else:
                cells.append(f"<td>{_cell_html(text, rnd, paragraphs)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>", "</main>"]
    out.append(
        "<footer><p>&copy; "
        f"{escape(plan.council)}</p><ul><li><a href='/accessibility'>Accessibility</a></li>"
        "<li><a href='/privacy'>Privacy</a></li></ul></footer></body></html>"
    )
    path = folder / f"{stem}.{rnd.choice(('html', 'html', 'htm'))}"
    path.write_text("\n".join(out), encoding="utf-8")
    return path
