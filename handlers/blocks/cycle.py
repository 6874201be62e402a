"""The scrutiny cycle in Block Kit: a recommendation's card (report, response, assessment, sign-off,
its actions and history), what awaits a response, a report's dates, the sign-off confirmation and
the response form."""

from __future__ import annotations

from datetime import date
from typing import Any

from handlers.blocks.limits import MAX_BLOCKS
from handlers.blocks.message import Block, Message, actions, button, context, divider, fields_section, header, section
from handlers.blocks.problems import as_mrkdwn
from handlers.blocks.text import (
    STATUS_EMOJI,
    cut,
    due_phrase,
    escape,
    first_sentence,
    fmt_date,
    join_names,
    plural,
)
from handlers.catalog import (
    RESPOND_ACTION,
    RESPONSE_VIEW,
    SIGNOFF_ANYWAY_ACTION,
    SIGNOFF_CANCEL_ACTION,
)
from handlers.payloads import HandleRef, ResponseFormState, SignoffChoice
from store.errors import Words
from store.recommendations import ActionLine, EventSummary, RecommendationSummary
from store.reports import Awaiting, ReportView, ResponseWatch
from store.status import Response

HISTORY_SHOWN = 8
ACTIONS_SHOWN = 12
AWAITING_SHOWN = 10  # reports per section of /responses
RECS_PER_REPORT = 6

RESPONSE_EMOJI = {
    Response.ACCEPTED: ":white_check_mark:",
    Response.ACCEPTED_IN_PART: ":large_blue_diamond:",
    Response.ACCEPTED_IN_PRINCIPLE: ":large_blue_circle:",
    Response.REJECTED: ":x:",
    Response.NOTED: ":memo:",
}


def response_phrase(rec: RecommendationSummary, today: date) -> str:
    """Where the executive's response stands, in one line of mrkdwn."""
    if rec.response is not None:
        when = f" on {fmt_date(rec.responded_on)}" if rec.responded_on else ""
        reason = f" — {escape(rec.response_reason)}" if rec.response_reason else ""
        return f"{RESPONSE_EMOJI[rec.response]} *{rec.response.label}*{when}{reason}"
    if rec.received_on is None:
        return ":grey_question: No response recorded; the report's date received is not set"
    if rec.response_due is None:
        return ":hourglass_flowing_sand: Awaiting a response"
    phrase = due_phrase(rec.response_due, today)
    if rec.response_due < today:
        return f":rotating_light: *Response overdue*: it was due {fmt_date(rec.response_due)} ({phrase})"
    return f":hourglass_flowing_sand: Awaiting a response, due {fmt_date(rec.response_due)} ({phrase})"


def assessment_phrase(rec: RecommendationSummary) -> str:
    if rec.signed_off_on is not None:
        return f":checkered_flag: *Signed off* at the meeting of {fmt_date(rec.signed_off_on)}, minute {escape(rec.signoff_minute or '')}"
    proposal = rec.proposal
    suggests = f"its actions suggest *{proposal.assessment.label}* ({escape(proposal.why)})" if proposal.assessment else escape(proposal.why)
    if rec.assessment is None:
        return f"Not assessed yet; {suggests}"
    line = f"Assessed *{rec.assessment.label}*"
    if rec.assessment_date:
        line += f", new date {fmt_date(rec.assessment_date)}"
    if rec.assessment_reason:
        line += f" — {escape(rec.assessment_reason)}"
    if proposal.assessment is not None and proposal.assessment is not rec.assessment:
        line += f" · {suggests}"
    return line


def build_recommendation(rec: RecommendationSummary, today: date, *, headline: str = "", notes: list[Words] | None = None) -> Message:
    """One recommendation in full, its actions listed under it (their own text only)."""
    blocks: list[Block] = []
    if headline:
        blocks.append(section(headline))
    for note in notes or []:
        blocks.append(context(":information_source: " + as_mrkdwn(note)))
    blocks.append(header(f"{rec.handle} · {rec.plan_title}"))
    blocks.append(section(f"*Recommendation {escape(rec.ref or '')}*\n{escape(rec.text) or '_No recommendation text._'}".replace(" *\n", "*\n")))
    blocks.append(fields_section(_report_fields(rec)))
    blocks.append(section(f"*Executive response*\n{response_phrase(rec, today)}"))
    blocks.append(section(f"*Committee's assessment*\n{assessment_phrase(rec)}"))
    if rec.response is None and not rec.signed_off:
        blocks.append(actions(button("Record the response", RESPOND_ACTION, HandleRef(handle=rec.handle).encode(), style="primary")))
    blocks.append(section(_actions_text(rec.actions, today)))
    if rec.history:
        blocks.append(divider())
        shown = rec.history[-HISTORY_SHOWN:]
        lines = [event_line(e) for e in reversed(shown)]
        more = f" (latest {len(shown)} of {len(rec.history)})" if len(shown) < len(rec.history) else ""
        blocks.append(section(f"*History*{more}\n" + "\n".join(lines)))
    blocks.append(context(f"`/respond {escape(rec.handle)} …` · `/assess {escape(rec.handle)} …` · "
                          f"`/signoff {escape(rec.handle)} meeting:YYYY-MM-DD minute:…` · `/reopen {escape(rec.handle)}: why`"))
    text = escape(f"{rec.handle}: {cut(rec.text, 200)}")
    if headline:
        text = f"{headline}\n{text}"
    return Message(text=text, blocks=blocks[:MAX_BLOCKS])


def _report_fields(rec: RecommendationSummary) -> list[str]:
    fields = [f"*Report*\n{escape(rec.report_title or rec.plan_title)}"]
    fields.append(f"*Committee*\n{escape(rec.committee) if rec.committee else '—'}")
    fields.append(f"*Agreed*\n{fmt_date(rec.agreed_on) if rec.agreed_on else '—'}")
    fields.append(f"*Received by the executive*\n{fmt_date(rec.received_on) if rec.received_on else '— (`/report ' + escape(rec.plan_code) + ' received:YYYY-MM-DD`)'}")
    if rec.response_due:
        fields.append(f"*Response due*\n{fmt_date(rec.response_due)}")
    if rec.executive_member:
        fields.append(f"*Executive member*\n{escape(rec.executive_member)}")
    return fields


def _actions_text(lines: tuple[ActionLine, ...], today: date) -> str:
    if not lines:
        return "*Actions*\n_No actions: nothing is tracked for it._"
    out = [f"*Actions* ({len(lines)})"]
    for line in lines[:ACTIONS_SHOWN]:
        due = ""
        if line.due:
            phrase = due_phrase(line.due, today, closed=line.status.is_closed)
            due = f" · due {fmt_date(line.due)}" + (f" ({phrase})" if phrase else "")
        out.append(f"{STATUS_EMOJI[line.status]} *{escape(line.handle)}* {escape(first_sentence(line.text, 120))}"
                   f" — {escape(join_names(list(line.owners)))}{due} · {line.status.label}")
    if len(lines) > ACTIONS_SHOWN:
        out.append(f"…and {len(lines) - ACTIONS_SHOWN} more.")
    return "\n".join(out)


def event_line(event: EventSummary) -> str:
    who = f"<@{event.author_slack_id}>" if event.author_slack_id else escape(event.author)
    head = f"*{fmt_date(event.at.date())}* · {who}"
    if event.kind == "response" and event.response:
        on = f" (given {fmt_date(event.responded_on)})" if event.responded_on else ""
        what = f"response *{event.response.label}*{on}"
    elif event.kind == "assessment" and event.assessment:
        what = f"assessed *{event.assessment.label}*" + (f", new date {fmt_date(event.on_date)}" if event.on_date else "")
    elif event.kind == "signoff":
        what = f"*signed off* at the meeting of {fmt_date(event.on_date) if event.on_date else '?'}, minute {escape(event.minute or '')}"
    elif event.kind == "reopen":
        what = "*re-opened*"
    else:
        what = escape(event.kind)
    note = f": {escape(cut(event.note, 300))}" if event.note else ""
    return f"{head} · {what}{note}"


CONFIRMATIONS = {
    "response": "Recorded the executive's response to {handle}.",
    "assessment": "Recorded the assessment of {handle}.",
    "signoff": "Signed off {handle} as accepted by the committee.",
    "reopen": "Re-opened {handle}.",
    "proposal": "",
}


def build_outcome(kind: str, rec: RecommendationSummary, today: date, *, created: bool, notes: list[Words]) -> Message:
    headline = CONFIRMATIONS[kind].format(handle=escape(rec.handle))
    if headline:
        headline = (":white_check_mark: " if created else ":information_source: Already recorded: ") + headline
    return build_recommendation(rec, today, headline=headline, notes=notes)


def build_signoff_question(choice: SignoffChoice, open_actions: list[ActionLine], today: date) -> Message:
    """A sign-off with actions still open: say so, and ask."""
    count = plural(len(open_actions), "action")
    lines = [(f":warning: *{escape(choice.rec)}* still has {count} open. The committee can sign a recommendation off "
              "before its actions close; should it be signed off anyway?")]
    for line in open_actions[:ACTIONS_SHOWN]:
        due = f" · due {fmt_date(line.due)} ({due_phrase(line.due, today)})" if line.due else ""
        lines.append(f"{STATUS_EMOJI[line.status]} *{escape(line.handle)}* {escape(first_sentence(line.text, 100))} · {line.status.label}{due}")
    if len(open_actions) > ACTIONS_SHOWN:
        lines.append(f"…and {len(open_actions) - ACTIONS_SHOWN} more.")
    typed = f"/signoff {choice.rec} meeting:{choice.meeting} minute:{choice.minute} anyway"
    return Message(
        text=escape(f"{choice.rec} still has {count} open: sign it off anyway?"),
        blocks=[
            section("\n".join(lines)),
            actions(
                button("Sign off anyway", SIGNOFF_ANYWAY_ACTION, choice.encode(), style="danger"),
                button("Cancel", SIGNOFF_CANCEL_ACTION, HandleRef(handle=choice.rec).encode()),
            ),
            context(f"Or type `{escape(typed)}`. Nothing is signed off until you choose."),
        ],
    )


def build_responses(watch: ResponseWatch, today: date, *, scope: str = "") -> Message:
    """`/responses`: overdue for a response first, then awaiting one, report by report."""
    title = "Awaiting an executive response" + (f" · {scope}" if scope else "")
    blocks: list[Block] = [header(title)]
    overdue_recs = sum(len(a.recommendations) for a in watch.overdue)
    awaiting_recs = sum(len(a.recommendations) for a in watch.awaiting)
    blocks.append(context(f"{plural(overdue_recs, 'recommendation')} overdue for a response · "
                          f"{plural(awaiting_recs, 'recommendation')} awaiting one, within the period"))
    if not watch.overdue and not watch.awaiting:
        blocks.append(section(":tada: Nothing is waiting for an executive response."))
    for label, items in (("Overdue for a response", watch.overdue), ("Awaiting a response", watch.awaiting)):
        if not items:
            continue
        blocks.append(section(f"*{label}*"))
        for item in items[:AWAITING_SHOWN]:
            blocks.append(section(_awaiting_text(item, today)))
        if len(items) > AWAITING_SHOWN:
            blocks.append(context(f"…and {plural(len(items) - AWAITING_SHOWN, 'report')} more: `/responses PLAN` for one plan."))
    if watch.undated:
        codes = ", ".join(f"`{escape(c)}`" for c in watch.undated[:15])
        blocks.append(context(f"No date received yet for {codes}: the clock starts with "
                              f"`/report {escape(watch.undated[0])} received:YYYY-MM-DD`."))
    # The hint names a recommendation that is waiting, so it can be typed as shown.
    waiting = [handle for a in [*watch.overdue, *watch.awaiting] for handle, _text in a.recommendations]
    example = waiting[0] if waiting else (f"{watch.undated[0]}-REF" if watch.undated else "")
    if example:
        blocks.append(context(f"Record one with `/respond {escape(example)} accepted` (or `accepted in part`, `accepted in principle`, "
                              "`rejected: the reasons`, `noted`)."))
    lines = [f"{title}: {overdue_recs} overdue, {awaiting_recs} awaiting"]
    lines += [f"{a.plan_code} ({len(a.recommendations)}) due {a.response_due}" for a in [*watch.overdue, *watch.awaiting][:20]]
    return Message(text=escape("\n".join(lines)), blocks=blocks[:MAX_BLOCKS])


def _awaiting_text(item: Awaiting, today: date) -> str:
    due = ""
    if item.response_due:
        phrase = due_phrase(item.response_due, today)
        due = f"response due {fmt_date(item.response_due)}" + (f" — *{phrase}*" if item.overdue_days(today) else f" ({phrase})")
    meta = " · ".join(p for p in (
        escape(item.committee) if item.committee else "",
        f"received {fmt_date(item.received_on)}",
        due,
        f"executive member: {escape(item.executive_member)}" if item.executive_member else "",
    ) if p)
    recs = [f"• *{escape(h)}* {escape(first_sentence(t, 100))}" for h, t in item.recommendations[:RECS_PER_REPORT]]
    if len(item.recommendations) > RECS_PER_REPORT:
        recs.append(f"…and {len(item.recommendations) - RECS_PER_REPORT} more in `{escape(item.plan_code)}`.")
    return f"*{escape(item.plan_code)}* · {escape(item.title)}\n{meta}\n" + "\n".join(recs)


def build_report(view: ReportView, today: date, *, headline: str = "") -> Message:
    blocks: list[Block] = []
    if headline:
        blocks.append(section(headline))
    blocks.append(header(f"Report {view.plan_code} · {view.title}"))
    due = "—"
    if view.response_due:
        phrase = due_phrase(view.response_due, today) if view.responded < view.recommendations else ""
        due = fmt_date(view.response_due) + (f" ({phrase})" if phrase else "")
    blocks.append(fields_section([
        f"*Committee*\n{escape(view.committee) if view.committee else '—'}",
        f"*Agreed*\n{fmt_date(view.agreed_on) if view.agreed_on else '—'}",
        f"*Received by the executive*\n{fmt_date(view.received_on) if view.received_on else '—'}",
        f"*Response due*\n{due}",
        f"*Executive member*\n{escape(view.executive_member) if view.executive_member else '—'}",
        f"*Responses*\n{view.responded} of {plural(view.recommendations, 'recommendation')}",
    ]))
    blocks.append(context(f"The response is due {view.period.label} from the day received, counting that day. "
                          f"Change: `/report {escape(view.plan_code)} received:YYYY-MM-DD agreed:YYYY-MM-DD "
                          'committee:"Name" member:"Cllr Name"`.'))
    text = escape(f"Report {view.plan_code}: received {view.received_on or '—'}, response due {view.response_due or '—'}")
    if headline:
        text = f"{headline}\n{text}"
    return Message(text=text, blocks=blocks)


RESPONSE_CHOICES = [Response.ACCEPTED, Response.ACCEPTED_IN_PART, Response.ACCEPTED_IN_PRINCIPLE, Response.REJECTED, Response.NOTED]


def build_response_modal(rec: RecommendationSummary, state: ResponseFormState, today: date) -> dict[str, Any]:
    options = [{"text": {"type": "plain_text", "text": r.label.capitalize()}, "value": r.value} for r in RESPONSE_CHOICES]
    select: Block = {"type": "static_select", "action_id": "response", "options": options}
    if rec.response is not None:
        select["initial_option"] = next(o for o in options if o["value"] == rec.response.value)
    blocks: list[Block] = [
        section(f"*{escape(rec.handle)}* · {escape(first_sentence(rec.text, 200))}"),
        context(response_phrase(rec, today)),
        {"type": "input", "block_id": "response", "label": {"type": "plain_text", "text": "The executive's response"}, "element": select},
        {"type": "input", "block_id": "responded_on", "label": {"type": "plain_text", "text": "Date of the response"},
         "element": {"type": "datepicker", "action_id": "responded_on", "initial_date": today.isoformat()}},
        {"type": "input", "block_id": "reason", "optional": True,
         "label": {"type": "plain_text", "text": "Reasons or comments"},
         "hint": {"type": "plain_text", "text": "Needed when the recommendation is rejected."},
         "element": {"type": "plain_text_input", "action_id": "reason", "multiline": True, "max_length": 2000}},
    ]
    return {
        "type": "modal",
        "callback_id": RESPONSE_VIEW,
        "private_metadata": state.encode(),
        "title": {"type": "plain_text", "text": "Executive response"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }
