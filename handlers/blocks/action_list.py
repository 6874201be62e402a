"""Lists of actions: a header with counts, one compact entry per action, and paging."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from handlers.blocks.limits import MAX_BLOCKS, PAGE_SIZE
from handlers.blocks.message import Block, Message, actions, button, context, header, section
from handlers.blocks.text import (
    RAG_EMOJI,
    STATUS_EMOJI,
    due_phrase,
    escape,
    first_sentence,
    fmt_date,
    join_names,
    literal,
    plural,
)
from handlers.payloads import EntryRef, HandleRef, ListState, MenuChoice
from store.status import Status
from store.summaries import ActionSummary
from handlers.catalog import DETAILS_ACTION, MENU_ACTION, NEXT_PAGE_ACTION, PREVIOUS_PAGE_ACTION, SEND_BACK_ACTION, SHARE_ACTION, SIGNOFF_ACTION, UPDATE_ACTION

def entry_block_id(handle: str, origin: ListState | None) -> str:
    """The block id of an entry's buttons: its handle and the message it sits on (see EntryRef)."""
    return EntryRef.block_id_of(handle, origin)


def read_entry_block_id(block_id: str) -> tuple[str | None, ListState | None]:
    """(handle, origin) from an entry's block id; (None, None) for other blocks."""
    ref = EntryRef.from_block_id(block_id)
    return (ref.handle, ref.origin) if ref is not None else (None, None)


@dataclass
class ActionList:
    title: str
    items: list[ActionSummary]
    total: int
    state: ListState
    today: date
    command: str  # what to type to get this list again, e.g. "/actions owner:linda"
    summary: str = ""  # counts line, e.g. "14 actions · 3 overdue"
    notes: list[str] = field(default_factory=list)
    group_by_owner: bool = False
    empty_hint: str = ""
    shared_by: str | None = None  # set when the list has been shared into a channel
    asked_label: str = "You asked"
    lead: str = ""  # a line under the title: the confirmation of a change made from this list, say


def build_action_list(listing: ActionList) -> Message:
    blocks: list[Block] = [header(listing.title)]
    if listing.lead:
        blocks.append(context(listing.lead))
    first = listing.state.offset + 1
    last = listing.state.offset + len(listing.items)
    shown = f"showing {first}–{last}" if listing.total > len(listing.items) else ""
    blocks.append(context(" · ".join(p for p in (listing.summary, shown) if p) or plural(listing.total, "action")))
    for note in listing.notes:
        blocks.append(context(f":information_source: {note}"))
    if not listing.items:
        blocks.append(section(listing.empty_hint or "Nothing matches."))
    named: set[int] = set()  # recommendations already named in full on this page
    for group, items in _groups(listing):
        if group is not None:
            blocks.append(section(f"*{escape(group)}*"))
        previous: int | None = None
        for item in items:
            heading = recommendation_line(item, named, previous)
            if heading:
                blocks.append(context(heading))
            previous = item.recommendation_id
            blocks.extend(action_entry(item, listing.today, origin=listing.state, with_buttons=listing.shared_by is None))
    footer = f"{listing.asked_label}: {literal(listing.command)}"
    if listing.shared_by:
        footer = f"Shared by <@{listing.shared_by}> · {footer}"
    blocks.append(context(footer))
    if listing.shared_by is None:
        nav = _navigation(listing)
        if nav:
            blocks.append(actions(*nav))
    _fit(blocks)
    return Message(text=_plain_text(listing), blocks=blocks)


def _groups(listing: ActionList) -> list[tuple[str | None, list[ActionSummary]]]:
    """Items as listed, or gathered under their first owner with the owners in the order of their
    first (so most overdue) item: the page stays most-overdue-first and reads person by person."""
    if not listing.group_by_owner:
        return [(None, listing.items)]
    groups: dict[str, list[ActionSummary]] = {}
    for item in listing.items:
        groups.setdefault(item.owner_names[0] if item.owner_names else "No owner named", []).append(item)
    return list(groups.items())


def recommendation_line(item: ActionSummary, shown: set[int], previous: int | None) -> str:
    """The recommendation above its action, in the list's own order: in full (handle, first
    sentence, the executive's response, where the committee stands) the first time the page shows
    it, by its handle alone after that, and not at all under an action of the same recommendation.
    Nothing when the action has no text of its own: its entry then shows the recommendation's."""
    rec = item.recommendation_id
    if rec is None or rec == previous or not item.recommendation.strip() or not item.text.strip():
        return ""
    handle = escape(item.recommendation_handle or item.handle)
    if rec in shown:
        return f":scroll: Recommendation {handle} (above)"
    shown.add(rec)
    parts = [f":scroll: Recommendation {handle}: {escape(first_sentence(item.recommendation, 140))}"]
    if item.response is not None:
        parts.append(f"response: {item.response.label}")
    if item.signed_off_on is not None:
        parts.append(f"signed off {fmt_date(item.signed_off_on)}")
    elif item.assessment is not None:
        parts.append(f"assessed {item.assessment.label}")
    return " · ".join(parts)


def action_entry(item: ActionSummary, today: date, *, origin: ListState | None, with_buttons: bool = True) -> list[Block]:
    """One action in a list: handle, title, owners, due and status; with Update and Details
    (or, once done by its owner, the officer's Sign off and Send back)."""
    closed = item.status.is_closed
    due = ""
    if item.due:
        phrase = due_phrase(item.due, today, closed=closed)
        due = f"Due {fmt_date(item.due)}" + (f" — *{phrase}*" if phrase.endswith("overdue") else f" ({phrase})" if phrase else "")
    elif item.ongoing:
        due = "Ongoing"
    elif item.recurring:
        due = "Recurring"
    flags = []
    if item.recurring and item.due:
        flags.append("recurring")
    if item.slip_count:
        flags.append(f"moved {plural(item.slip_count, 'time')}")
    details = " · ".join(
        p
        for p in (
            f":bust_in_silhouette: {escape(join_names(item.owner_names))}",
            f":calendar: {due}" if due else "",
            f"{STATUS_EMOJI[item.status]} {item.status.label}",
            ", ".join(flags),
        )
        if p
    )
    text = f"{RAG_EMOJI[item.rag.colour]} *{escape(item.handle)}*  {escape(first_sentence(item.title))}\n{details}"
    if not with_buttons:
        return [section(text)]
    return [section(text), actions(*entry_buttons(item), block_id=entry_block_id(item.handle, origin))]


def entry_buttons(item: ActionSummary) -> list[Block]:
    ref = HandleRef.value_of(item.handle)
    if item.status is Status.AWAITING_SIGNOFF:
        return [
            button("Sign off", SIGNOFF_ACTION, ref, style="primary"),
            button("Send back", SEND_BACK_ACTION, ref),
            button("Details", DETAILS_ACTION, ref),
        ]
    if item.status.is_closed:
        return [button("Details", DETAILS_ACTION, ref)]
    return [button("Update", UPDATE_ACTION, ref), button("Details", DETAILS_ACTION, ref), _menu(item)]


def _menu(item: ActionSummary) -> Block:
    handle = item.handle
    return {
        "type": "overflow",
        "action_id": MENU_ACTION,
        "options": [
            {"text": {"type": "plain_text", "text": "Mark done"}, "value": MenuChoice.value_of("done", handle)},
            {"text": {"type": "plain_text", "text": "Change due date"}, "value": MenuChoice.value_of("due", handle)},
            {"text": {"type": "plain_text", "text": "Add a note"}, "value": MenuChoice.value_of("note", handle)},
        ],
    }


def _navigation(listing: ActionList) -> list[Block]:
    state = listing.state
    elements = []
    if state.offset > 0:
        elements.append(button("◀ Previous", PREVIOUS_PAGE_ACTION, state.encode(max(0, state.offset - PAGE_SIZE))))
    if state.offset + len(listing.items) < listing.total:
        elements.append(button("Next ▶", NEXT_PAGE_ACTION, state.encode(state.offset + PAGE_SIZE)))
    if listing.items:
        elements.append(button("Share in channel", SHARE_ACTION, state.encode()))
    return elements


def _fit(blocks: list[Block]) -> None:
    # Entries are two blocks and PAGE_SIZE keeps us far below the limit; this guards grouping.
    while len(blocks) > MAX_BLOCKS:
        del blocks[-3]


def _plain_text(listing: ActionList) -> str:
    # The fallback text is parsed as mrkdwn for notifications, so it is escaped like any section.
    lines = [f"{escape(listing.title)} ({listing.summary or plural(listing.total, 'action')})"]
    for item in (item for _group, items in _groups(listing) for item in items):
        due = f", due {fmt_date(item.due)}" if item.due else ""
        lines.append(escape(f"{item.handle}: {first_sentence(item.title, 80)} ({join_names(item.owner_names)}{due}, {item.status.label})"))
    return "\n".join(lines)


@dataclass
class CountList:
    """`/actions count by plan`: how many matching actions each plan, owner or status has."""

    title: str
    rows: list[tuple[str, int]]
    command: str
    notes: list[str] = field(default_factory=list)
    asked_label: str = "You asked"
    lead: str = ""  # a line under the title: the confirmation of a change made from this list, say


MAX_COUNT_ROWS = 60


def build_count_list(listing: CountList) -> Message:
    total = sum(n for _, n in listing.rows)
    lines = [f"*{escape(label)}* — {n:,}" for label, n in listing.rows[:MAX_COUNT_ROWS]]
    if len(listing.rows) > MAX_COUNT_ROWS:
        lines.append(f"…and {len(listing.rows) - MAX_COUNT_ROWS} more.")
    blocks: list[Block] = [header(listing.title), context(plural(len(listing.rows), "group") + f" · {total:,} in all")]
    for note in listing.notes:
        blocks.append(context(f":information_source: {note}"))
    # Sections hold 3,000 characters: split the lines into sections of at most 30.
    for start in range(0, len(lines), 30):
        blocks.append(section("\n".join(lines[start : start + 30])))
    if not lines:
        blocks.append(section("No actions match. Try fewer filters, or `/actions help` for examples."))
    blocks.append(context(f"{listing.asked_label}: {literal(listing.command)}"))
    text = escape(listing.title) + ": " + "; ".join(f"{escape(label)} {n}" for label, n in listing.rows[:20])
    return Message(text=text, blocks=blocks)
