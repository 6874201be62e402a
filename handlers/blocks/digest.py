"""A Digest as a Slack message: what changed first, then the sections, within Slack's limits.

The clock hands `render_digest` to digests.delivery, which knows nothing of Block Kit."""

from __future__ import annotations

from digests.content import SHOWN, Digest, DigestItem, DigestSection
from handlers.blocks.action_list import ListState
from handlers.blocks.limits import MAX_BLOCKS, MAX_SECTION_TEXT
from handlers.blocks.message import Block, Message, actions, button, context, divider, header, section
from handlers.blocks.text import RAG_EMOJI, due_phrase, escape, first_sentence, fmt_date, literal, plural
from handlers.catalog import LIST_OVERDUE_ACTION

BAR_WIDTH = 20


def render_digest(digest: Digest, *, preview: bool = False) -> Message:
    title = f"Weekly digest: {digest.scope}"
    if digest.quiet:
        return _quiet(digest, title)
    blocks: list[Block] = [header(title)]
    blocks.append(context(
        f"{'Preview · ' if preview else ''}As of {fmt_date(digest.today)} · {plural(digest.total, 'action')} · "
        f"changes since {fmt_date(digest.since.date())}"
    ))
    blocks.append(section(progress_bar(digest)))
    changed = _changes(digest)
    if changed:
        blocks.append(section("*What changed since the last digest*\n" + changed))
    for key in ("overdue", "due_soon", "updated", "stale", "done"):
        part = digest.section(key)
        if part.items:
            blocks.append(divider())
            blocks.append(section(_section_text(part, digest)))
    if digest.awaiting_response:
        blocks.append(divider())
        blocks.append(section(awaiting_response_text(digest)))
    buttons = []
    overdue_list = ListState("overdue", digest.query)
    # A filter too long for a button value (Slack: 2,000 characters) still gets its digest, without the button.
    if digest.overdue and overdue_list.fits():
        buttons.append(button(f"List all {digest.overdue} overdue", LIST_OVERDUE_ACTION, overdue_list.encode()))
    if buttons:
        blocks.append(actions(*buttons))
    blocks = blocks[:MAX_BLOCKS]
    text = (
        f"{title}: {digest.total} actions, {digest.overdue} overdue, {digest.done} done"
        + (f"; {_change_summary(digest)}" if changed else "")
    )
    return Message(text=escape(text), blocks=blocks)


def awaiting_response_text(digest: Digest) -> str:
    """Reports still waiting for the executive, overdue first, one line each."""
    lines = [f"*Awaiting an executive response* ({plural(digest.awaiting_response_count, 'recommendation')})"]
    for report in digest.awaiting_response[:SHOWN]:
        due = ""
        if report.response_due:
            late = report.overdue_days(digest.today)
            due = f" · due {fmt_date(report.response_due)}" + (f" — *{due_phrase(report.response_due, digest.today)}*" if late else "")
        emoji = ":rotating_light:" if report.overdue_days(digest.today) else ":hourglass_flowing_sand:"
        lines.append(f"{emoji} *{escape(report.plan_code)}* {escape(first_sentence(report.title, 90))} · "
                     f"{plural(len(report.recommendations), 'recommendation')}{due}")
    if len(digest.awaiting_response) > SHOWN:
        lines.append(f"_and {len(digest.awaiting_response) - SHOWN} more reports:_ {literal('/responses')}")
    text = "\n".join(lines)
    return text if len(text) <= MAX_SECTION_TEXT else text[: MAX_SECTION_TEXT - 1] + "…"


def progress_bar(digest: Digest) -> str:
    """`████▓▓▓▒▒░░░` done / in progress / overdue / the rest, and the numbers beside it."""
    total = max(digest.total, 1)
    done = round(BAR_WIDTH * digest.done / total)
    moving = round(BAR_WIDTH * digest.in_progress / total)
    late = round(BAR_WIDTH * digest.overdue / total)
    moving = min(moving, BAR_WIDTH - done)
    late = min(late, BAR_WIDTH - done - moving)
    bar = "█" * done + "▓" * moving + "▒" * late + "░" * (BAR_WIDTH - done - moving - late)
    percent = round(100 * digest.done / total)
    return (
        f"`{bar}` *{percent}% done*\n"
        f"█ {digest.done} done  ▓ {digest.in_progress} in progress  ▒ {digest.overdue} overdue  "
        f"░ {max(0, digest.total - digest.done - digest.in_progress)} not started or other"
    )


def _changes(digest: Digest) -> str:
    lines = []
    c = digest.changes
    if c.newly_overdue:
        lines.append(f":rotating_light: *{len(c.newly_overdue)} newly overdue:* " + _handles(c.newly_overdue))
    if c.slipped:
        moved = ", ".join(
            f"{escape(i.action.handle)} ({fmt_date(i.moved_from)} → {fmt_date(i.moved_to)})" for i in c.slipped[:8] if i.moved_from and i.moved_to
        )
        lines.append(f":calendar: *{len(c.slipped)} deadlines moved later:* {moved}")
    if c.closed:
        lines.append(f":white_check_mark: *{len(c.closed)} closed:* " + _handles(c.closed))
    if c.first_updates:
        lines.append(f":speech_balloon: *{len(c.first_updates)} first updates:* " + _handles(c.first_updates))
    return "\n".join(lines)


def _change_summary(digest: Digest) -> str:
    c = digest.changes
    parts = [
        f"{len(c.newly_overdue)} newly overdue" if c.newly_overdue else "",
        f"{len(c.slipped)} moved later" if c.slipped else "",
        f"{len(c.closed)} closed" if c.closed else "",
    ]
    return ", ".join(p for p in parts if p)


def _handles(items: list[DigestItem], limit: int = 10) -> str:
    shown = ", ".join(escape(i.action.handle) for i in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _section_text(part: DigestSection, digest: Digest) -> str:
    lines = [f"*{part.title}* ({part.total})"]
    for item in part.items:
        lines.append(_line(item, part.key, digest))
    if part.more:
        lines.append(f"_and {part.more} more:_ {literal(part.command)}")
    text = "\n".join(lines)
    while len(text) > MAX_SECTION_TEXT and len(lines) > 2:
        lines.pop(-2 if not part.more else -3)
        text = "\n".join(lines)
    return text


def _line(item: DigestItem, key: str, digest: Digest) -> str:
    a = item.action
    owners = " ".join(f"<@{u}>" if not u.startswith("subteam:") else f"<!subteam^{u[8:]}>" for u in item.mentions) or escape(", ".join(a.owner_names) or "no owner")
    when = ""
    if a.due and key in ("overdue", "due_soon"):
        when = f" · {due_phrase(a.due, digest.today)}"
    line = f"{RAG_EMOJI[a.rag.colour]} *{escape(a.handle)}* {escape(first_sentence(a.title, 90))} · {owners}{when}"
    if key == "updated" and item.note:
        line += f"\n> {escape(item.note_by)}: {escape(first_sentence(item.note, 140))}"
    return line


def _quiet(digest: Digest, title: str) -> Message:
    still = f" {digest.overdue} still overdue: {literal(digest.section('overdue').command)}." if digest.overdue else ""
    if digest.awaiting_response:
        late = sum(len(r.recommendations) for r in digest.awaiting_response if r.overdue_days(digest.today))
        still += (f" {plural(digest.awaiting_response_count, 'recommendation')} awaiting an executive response"
                  f"{f' ({late} overdue)' if late else ''}: {literal('/responses')}.")
    text = f":zzz: *Quiet week for {escape(digest.scope)}:* no updates, nothing newly overdue, closed or moved.{still}"
    return Message(text=f"Quiet week: {escape(digest.scope)}", blocks=[section(text)])
