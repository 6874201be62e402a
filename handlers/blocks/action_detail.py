"""One action in full: recommendation, action, owners, dates, status, RAG and its history."""

from __future__ import annotations

from datetime import date

from handlers.blocks.action_list import ListState, entry_block_id, entry_buttons
from handlers.blocks.limits import MAX_BLOCKS
from handlers.catalog import DETAILS_ACTION
from handlers.blocks.message import Block, Message, actions, context, divider, fields_section, header, section
from handlers.blocks.text import (
    RAG_EMOJI,
    STATUS_EMOJI,
    due_phrase,
    escape,
    fmt_date,
    join_names,
    plural,
)
from store.summaries import ActionSummary, UpdateSummary

HISTORY_SHOWN = 12  # newest updates shown in Slack; the export has the whole history
DOCUMENT_NOTE_SHOWN = 1200  # characters of the document's latest progress note on the card


def build_action_detail(item: ActionSummary, history: list[UpdateSummary], today: date) -> Message:
    blocks: list[Block] = [header(f"{item.handle} · {item.plan_title}")]
    ref = f"Recommendation {escape(item.ref)}" if item.ref else "Recommendation"
    blocks.append(section(f"*{ref}*\n{escape(item.recommendation) or '_No recommendation text._'}"))
    if item.response:
        reason = f" — {escape(item.response_reason)}" if item.response_reason else ""
        blocks.append(context(f"Executive response: *{item.response.label}*{reason}"))
    if item.signed_off_on is not None:
        blocks.append(context(f"Committee: *signed off* {fmt_date(item.signed_off_on)} · `/respond`, `/assess` and `/reopen` take "
                              f"{escape(item.recommendation_handle)}"))
    elif item.assessment is not None:
        blocks.append(context(f"Committee's assessment: *{item.assessment.label}* · `/assess {escape(item.recommendation_handle)}` for more"))
    blocks.append(section(f"*Action*\n{escape(item.text) or '_No action text._'}"))
    blocks.append(fields_section(_fields(item, today)))
    rag_line = f"{RAG_EMOJI[item.rag.colour]} *{item.rag.colour.value.upper()}*"
    if item.rag.reasons:
        rag_line += f": {escape(item.rag.explain())}"
    blocks.append(context(rag_line))
    buttons = [b for b in entry_buttons(item) if b.get("action_id") != DETAILS_ACTION]
    if buttons:
        blocks.append(actions(*buttons, block_id=entry_block_id(item.handle, ListState("detail", item.handle))))
    if note := document_progress(history):
        blocks.append(section(note))
    blocks.append(divider())
    blocks.extend(_history(history, room=MAX_BLOCKS - len(blocks) - 1))
    # The fallback text is parsed as mrkdwn for notifications, so it is escaped like any section.
    fallback = f"{item.handle}: {item.title[:200]} ({join_names(item.owner_names)}, {item.status.label})"
    return Message(text=escape(fallback), blocks=blocks)


def _fields(item: ActionSummary, today: date) -> list[str]:
    due = "No date set"
    if item.due:
        phrase = due_phrase(item.due, today, closed=item.status.is_closed)
        due = fmt_date(item.due) + (f" ({phrase})" if phrase else "")
    if item.ongoing:
        due += " · ongoing" if item.due else "Ongoing"
    if item.recurring:
        due += " · recurring"
    if item.original_due and item.original_due != item.due:
        due += f"\nOriginally {fmt_date(item.original_due)}, moved {plural(item.slip_count, 'time')}"
    status = f"{STATUS_EMOJI[item.status]} {item.status.label}"
    if item.status_reason:
        status += f"\n{escape(item.status_reason)}"
    if item.review_date:
        status += f"\nReview on {fmt_date(item.review_date)}"
    fields = [
        f"*Owners*\n{escape(join_names(item.owner_names))}",
        f"*Status*\n{status}",
        f"*Due*\n{due}",
        f"*Timescale as printed*\n{escape(item.timescale_raw) if item.timescale_raw else '—'}",
        f"*Plan*\n{escape(item.plan_code)} · {escape(item.plan_title)}",
    ]
    if item.budget:
        fields.append(f"*Budget*\n{escape(item.budget)}")
    return fields


def document_progress(history: list[UpdateSummary]) -> str | None:
    """The council's own record of where the action stands: the latest progress note printed in
    the imported document (its Comments, Progress or Update column), kept in view however many
    updates owners post after it."""
    notes = [u for u in history if u.source == "document" and u.note.strip() and not (u.status_to or u.due_to)]
    if not notes:
        return None
    latest = notes[-1]
    text = escape(latest.note.strip())
    if len(text) > DOCUMENT_NOTE_SHOWN:
        text = text[:DOCUMENT_NOTE_SHOWN].rstrip() + "…"
    return f"*Progress in the document* ({fmt_date(latest.at.date())})\n" + "> " + text.replace("\n", "\n> ")


def _history(history: list[UpdateSummary], room: int) -> list[Block]:
    if not history:
        return [context("No updates yet.")]
    blocks: list[Block] = [section(f"*Updates* ({len(history)})")]
    shown = history[-min(HISTORY_SHOWN, max(1, room - 2)):]
    if len(shown) < len(history):
        blocks.append(context(f"{len(history) - len(shown)} earlier updates are in the export (`scrutiny-bot export`)."))
    for update in reversed(shown):
        blocks.append(section(update_line(update)))
    return blocks


def update_line(update: UpdateSummary) -> str:
    who = f"<@{update.author_slack_id}>" if update.author_slack_id else escape(update.author)
    changes = []
    if update.status_to:
        before = update.status_from.label if update.status_from else "—"
        changes.append(f"{before} → *{update.status_to.label}*")
    if update.due_to:
        before = fmt_date(update.due_from) if update.due_from else "no date"
        changes.append(f"due {before} → *{fmt_date(update.due_to)}*")
    head = f"*{fmt_date(update.at.date())}* · {who}"
    if update.source == "document":
        head = f"*{fmt_date(update.at.date())}* · from the published plan"
    if changes:
        head += " · " + " · ".join(changes)
    lines = [head]
    if update.reason:
        lines.append(f"_Reason:_ {escape(update.reason)}")
    if update.note:
        lines.append("> " + escape(update.note).replace("\n", "\n> "))
    return "\n".join(lines)
