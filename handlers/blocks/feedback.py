"""Replies that help someone ask again: errors with what to type, suggestions, help."""

from __future__ import annotations

from handlers.payloads import HandleRef, ListState, UpdateChoice
from handlers.blocks.message import Block, Message, actions, button, context, header, section
from handlers.blocks.limits import MAX_BUTTON_VALUE, MAX_SECTION_TEXT
from handlers.blocks.text import escape, literal, plural
from store.errors import HandleCandidate, OwnerCandidate
from handlers.catalog import CHOOSE_HANDLE_ACTION, CHOOSE_OWNER_ACTION, UPDATE_CHOICE_ACTION, numbered



def build_error(problem: str, try_instead: list[str] | None = None, *, lead: str = "") -> Message:
    """A plain error that always ends with what to type instead; `lead` is a line above it (what
    did work: "Saved your update", when only the redraw after it failed)."""
    lines = [f":warning: {problem}"]
    if try_instead:
        lines.append("Try: " + "  ".join(try_instead))
    blocks = [context(lead)] if lead else []
    return Message(text=" ".join([problem] + (try_instead or [])), blocks=[*blocks, section("\n".join(lines))])


def build_owner_suggestions(
    typed: str, candidates: list[OwnerCandidate], *, kind: str, query_without_owner: str, ambiguous: bool
) -> Message:
    """'No owner matches X. Did you mean Linda Mann (14 actions)?' with a button per candidate."""
    if ambiguous:
        problem = f"{literal(typed)} matches more than one owner. Which did you mean?"
    elif candidates:
        problem = f"No owner matches {literal(typed)}. Did you mean " + " or ".join(
            f"*{escape(c.name)}* ({plural(c.action_count, 'action')})" for c in candidates
        ) + "?"
    else:
        problem = f"No owner matches {literal(typed)}. Type `/actions owners` to see everyone who owns actions."
    blocks: list[Block] = [section(f":mag: {problem}")]
    buttons = []
    for candidate in candidates[:5]:
        choice = ListState(kind=kind, query=f'{query_without_owner} owner:"{candidate.name}"'.strip())
        # A query too long for a button (Slack: 2,000 characters) is offered as text above only.
        if choice.fits():
            buttons.append(button(f"{candidate.name} ({candidate.action_count})", numbered(CHOOSE_OWNER_ACTION, candidate.owner_id), choice.encode()))
    if buttons:
        blocks.append(actions(*buttons))
    plain = problem.replace("*", "").replace("`", "")
    return Message(text=plain, blocks=blocks)


def build_handle_choices(typed: str, candidates: list[HandleCandidate], *, ambiguous: bool, lead: str = "") -> Message:
    """"Did you mean" for a handle: one button per candidate, which shows that action."""
    buttons = [button(c.handle, numbered(CHOOSE_HANDLE_ACTION, c.action_id), HandleRef(handle=c.handle).encode()) for c in candidates[:5]]
    return _handle_choices(typed, candidates, ambiguous=ambiguous, buttons=buttons, lead=lead)


def build_update_choices(typed: str, candidates: list[HandleCandidate], rest: str) -> Message:
    """"Which plan?" for an ambiguous `/update`: one button per plan that finishes the update.

    Each button carries the rest of the command. When that is longer than a button value can hold,
    the buttons are left out and the reply gives, per plan, the command to type with the note
    shown whole, so nothing the person wrote is lost (Slack keeps no copy of an ephemeral reply's
    command)."""
    values = {c.action_id: UpdateChoice(handle=c.handle, rest=rest).encode() for c in candidates[:5]}
    if all(len(v) <= MAX_BUTTON_VALUE for v in values.values()):
        buttons = [button(c.handle, numbered(UPDATE_CHOICE_ACTION, c.action_id), values[c.action_id]) for c in candidates[:5]]
        return _handle_choices(typed, candidates, ambiguous=True, buttons=buttons)
    commands = "\n".join(f"`/update {c.handle} …`" for c in candidates[:8])
    to_copy = [
        section(f"Nothing was saved. Type the update again with the plan's handle:\n{commands}"),
        section("Your update, to copy:"),
        *[section(piece) for piece in escaped_pieces(rest, MAX_SECTION_TEXT - 100)],
    ]
    return _handle_choices(typed, candidates, ambiguous=True, buttons=[], after=to_copy)


def _handle_choices(
    typed: str, candidates: list[HandleCandidate], *, ambiguous: bool, buttons: list[Block], lead: str = "", after: list[Block] | None = None
) -> Message:
    if ambiguous:
        problem = f"{literal(typed)} is a ref in more than one plan. Which one?"
    elif candidates:
        problem = f"No action has the handle {literal(typed)}. Did you mean one of these?"
    else:
        problem = f"No action has the handle {literal(typed)}. Handles look like `BR-7.4.3`: try `/actions` to find one."
    blocks: list[Block] = [context(lead)] if lead else []
    blocks.append(section(f":mag: {problem}"))
    lines = [f"*{escape(c.handle)}* · {escape(c.plan_title)}: {escape(c.text[:90])}" for c in candidates[:8]]
    if lines:
        blocks.append(section("\n".join(lines)))
        if buttons:
            blocks.append(actions(*buttons))
    return Message(text=problem.replace("`", ""), blocks=[*blocks, *(after or [])])


def escaped_pieces(text: str, limit: int) -> list[str]:
    """`text` escaped for mrkdwn, in pieces of at most `limit` characters each (a section's worth),
    never splitting an escape: all of it is shown, however long and however many `&` it holds."""
    pieces, current = [], ""
    for char in text:
        part = escape(char)
        if len(current) + len(part) > limit:
            pieces.append(current)
            current = ""
        current += part
    return [p for p in [*pieces, current] if p.strip()]


def build_help(
    *, owner_example: str | None, plan_example: str | None, word_example: str | None, handle_example: str | None
) -> Message:
    owner = owner_example if owner_example and owner_example.strip() else "Linda Mann"
    first = owner.split()[0].lower()
    plan = plan_example or "brent"
    word = word_example or "waiting list"
    handle = handle_example or "BR-7.4.3"
    examples = [
        (f'/actions owner:"{owner}"', f"everything {owner} owns"),
        (f"/actions owner:{first} status:open", "open actions, by first name"),
        (f"/actions plan:{plan} due:this-month", "what is due this month in one plan"),
        ("/actions status:overdue", "overdue actions (also `/overdue`)"),
        ("/actions due:<2027-01-01", "due before a date (`due:2026-12`, `due:next-14-days`, `due:none`)"),
        ("/actions updated:>30d status:open", "open actions nobody has updated for a month"),
        (f"/actions {word}", "words search the recommendation and action text"),
        (f"/action {handle}", "one action in full, with its history"),
        (f"/overdue owner:{first}", "overdue actions, most overdue first"),
    ]
    lines = [f"{literal(command)} — {escape(what)}" for command, what in examples]
    blocks: list[Block] = [
        header("Asking about scrutiny actions"),
        section("Type `/actions` followed by filters or words. Filters combine; everything is optional.\n\n" + "\n".join(lines)),
        context(
            "Filters: `owner:` `status:` (open, overdue, done, closed, not-started, in-progress, partial, blocked, paused, "
            "awaiting-signoff, no-longer-feasible, all) `plan:` `due:` `updated:` `text:` "
            "`response:` (accepted, in-part, in-principle, rejected, noted, none) `rag:` (red, amber, green) "
            "`owner:none` `ongoing` `recurring` `slipped` `slipped:>1`; `-` excludes (`-status:done`); "
            "`count by plan|owner|status` counts. Names need no quotes: `owner:Linda Mann`."
        ),
        context("You can also ask me in plain words: `@scrutiny-bot what is overdue for Diane?`"),
    ]
    # Escaped: "due:<2027-01-01; … updated:>" would otherwise read as one link, and the example
    # owner's name comes from an imported file.
    return Message(text=escape("How to ask about scrutiny actions: " + "; ".join(c for c, _ in examples)), blocks=blocks)


def build_no_such_owner(
    typed: str, candidates: list[OwnerCandidate], *, kind: str, query_without_owner: str, close: bool
) -> Message:
    """A question named someone no owner is called: say so, and offer who there is."""
    if close:
        offer = "Did you mean " + " or ".join(f"*{escape(c.name)}* ({plural(c.action_count, 'action')})" for c in candidates) + "?"
    elif candidates:
        offer = "Owners here include " + ", ".join(f"*{escape(c.name)}*" for c in candidates) + "."
    else:
        offer = "No owners have been imported yet."
    problem = f"There is no owner called {literal(typed)}. {offer}"
    blocks: list[Block] = [section(f":mag: {problem}")]
    buttons = []
    for candidate in candidates[:5]:
        query = f'{query_without_owner} owner:"{candidate.name}"'.strip()
        value = ListState(kind=kind, query=query).encode()
        buttons.append(button(f"{candidate.name} ({candidate.action_count})"[:75], numbered(CHOOSE_OWNER_ACTION, candidate.owner_id), value))
    if buttons:
        blocks.append(actions(*buttons))
    search = f'/actions text:"{typed}"'
    blocks.append(context(f"Everyone who owns actions: `/actions owners` · to search the text instead: {literal(search)}"))
    return Message(text=problem.replace("*", "").replace("`", ""), blocks=blocks)


def build_reading_choices(choices: list[tuple[str, str, str]]) -> Message:
    """A question that reads two ways (an owner and a plan named the same): ask which.

    `choices` are (what it means, kind, query) for each reading."""
    lines = [f"{i}. {escape(label)} — {literal(f'/{kind} {query}'.strip())}" for i, (label, kind, query) in enumerate(choices, start=1)]
    problem = "I can read that more than one way. Which did you mean?"
    buttons = [
        button(label[:75], numbered(CHOOSE_OWNER_ACTION, i), ListState(kind=kind, query=query).encode())
        for i, (label, kind, query) in enumerate(choices)
    ]
    blocks: list[Block] = [section(f":thinking_face: {problem}\n" + "\n".join(lines)), actions(*buttons)]
    return Message(text=problem + " " + "; ".join(label for label, _, _ in choices), blocks=blocks)
