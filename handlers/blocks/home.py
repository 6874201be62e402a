"""The App Home tab: the viewer's own actions, and for officers what needs their attention."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from handlers.blocks.action_list import ListState, action_entry
from handlers.blocks.limits import MAX_VIEW_BLOCKS
from handlers.blocks.message import Block, context, divider, header, section
from handlers.blocks.text import due_phrase, escape, first_sentence, fmt_date, plural
from store.reports import ResponseWatch
from store.summaries import ActionSummary

# One origin per section: an action can be both yours and overdue, and Slack refuses a view in
# which two blocks share a block_id (the entries' block ids are built from their origin).
MINE, AWAITING, OVERDUE = (ListState(kind="home", query=section) for section in ("mine", "awaiting", "overdue"))
SHOWN = 12  # entries per section: two blocks each keeps three sections inside Slack's limit


def build_home(
    *,
    linked: bool,
    mine: list[ActionSummary],
    mine_total: int,
    officer: bool,
    awaiting: list[ActionSummary],
    awaiting_total: int,
    overdue: list[ActionSummary],
    overdue_total: int,
    today: date,
    note: str = "",
    rounds: Sequence[str] = (),
    responses: ResponseWatch | None = None,
) -> dict[str, Any]:
    blocks: list[Block] = [header("My actions")]
    if note.strip():
        blocks.append(context(note))
    if not linked:
        blocks.append(section('You aren\'t linked to an owner yet. Type `/link me "Your Name"` and a scrutiny officer will confirm it.'))
    elif not mine:
        blocks.append(section(":tada: Nothing open is yours right now."))
    else:
        blocks.append(context(_more(len(mine), mine_total, "open action", "/mine")))
        for item in mine:
            blocks.extend(action_entry(item, today, origin=MINE))
    if officer and rounds:
        # Open update rounds (issue 15): returned against outstanding, as it stands now.
        blocks += [divider(), header("Update rounds"), *(section(line) for line in rounds),
                   context("`/round status` for the full list by owner.")]
    if officer:
        blocks += [divider(), header("Awaiting your sign-off")]
        if awaiting:
            blocks.append(context(_more(len(awaiting), awaiting_total, "action", "/actions status:awaiting-signoff")))
            for item in awaiting:
                blocks.extend(action_entry(item, today, origin=AWAITING))
        else:
            blocks.append(section("Nothing is waiting for sign-off."))
        if responses is not None:
            blocks += [divider(), header("Awaiting an executive response"), *responses_blocks(responses, today)]
        blocks += [divider(), header("Overdue across the workspace")]
        if overdue:
            blocks.append(context(_more(len(overdue), overdue_total, "overdue action", "/overdue")))
            for item in overdue:
                blocks.extend(action_entry(item, today, origin=OVERDUE))
        else:
            blocks.append(section(":tada: Nothing is overdue."))
    return {"type": "home", "blocks": blocks[:MAX_VIEW_BLOCKS]}


def _more(shown: int, total: int, noun: str, command: str) -> str:
    if total > shown:
        return f"{plural(total, noun)}; the first {shown} are here, `{command}` lists them all."
    return plural(total, noun)


RESPONSE_REPORTS_SHOWN = 8


def responses_blocks(watch: ResponseWatch, today: date) -> list[Block]:
    """What waits for the executive, report by report, overdue first: one section, so it costs the
    tab two blocks however many reports there are."""
    reports = [*watch.overdue, *watch.awaiting]
    if not reports:
        return [section(":tada: Nothing is waiting for an executive response.")]
    lines = []
    for report in reports[:RESPONSE_REPORTS_SHOWN]:
        late = report.overdue_days(today)
        due = f"due {fmt_date(report.response_due)}" if report.response_due else "no due date"
        if report.response_due:
            due += f" — *{due_phrase(report.response_due, today)}*" if late else f" ({due_phrase(report.response_due, today)})"
        emoji = ":rotating_light:" if late else ":hourglass_flowing_sand:"
        lines.append(f"{emoji} *{escape(report.plan_code)}* {escape(first_sentence(report.title, 80))} · "
                     f"{plural(len(report.recommendations), 'recommendation')} · {due}")
    count = sum(len(r.recommendations) for r in reports)
    more = f"; the first {RESPONSE_REPORTS_SHOWN} reports are here" if len(reports) > RESPONSE_REPORTS_SHOWN else ""
    return [context(f"{plural(count, 'recommendation')} without a response{more}. `/responses` lists them; "
                    f"`/respond {escape(reports[0].recommendations[0][0])} accepted` records one."), section("\n".join(lines))]
