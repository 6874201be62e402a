"""How an update round reads in Slack: the messages owners get (what is asked, by when, an Update
button on each action; the clock hands `render_round` to digests.rounds, which decides who gets
what when), and `/round`'s answers to officers (opened, where it stands, how to use it)."""

from __future__ import annotations

from digests.rounds import OPENING, TWO_DAYS_BEFORE, RoundMessageContent
from store.rounds import OpenedRound, OwnerProgress, RoundStatus
from handlers.blocks.action_list import entry_block_id
from handlers.blocks.committee import Example
from handlers.blocks.message import Message, actions, button, context, header, section
from handlers.blocks.text import escape, first_sentence, fmt_date, plural
from handlers.catalog import DETAILS_ACTION, UPDATE_ACTION
from handlers.payloads import HandleRef

MAX_LISTED = 20  # two blocks each, inside Slack's 50


def render_round(content: RoundMessageContent) -> Message:
    meeting = f" for its meeting on {fmt_date(content.meeting_on)}" if content.meeting_on else ""
    due = fmt_date(content.due_on)
    if content.kind == OPENING:
        title = f"Update needed for {content.committee}"
        intro = (f"{escape(content.committee)} will review progress on these actions{meeting}. "
                 f"Please post an update on each by *{due}*: press *Update*, or type `/update HANDLE note: what has happened`.")
    else:
        when = "in two days" if content.kind == TWO_DAYS_BEFORE else "in a week"
        title = f"Reminder: updates due {when}"
        intro = f"Your updates for {escape(content.committee)}{meeting} are due *{due}*, and none has come in yet."
    blocks = [header(title), section(intro)]
    for action in content.actions[:MAX_LISTED]:
        date_words = f"due {fmt_date(action.due)}" if action.due else "no due date"
        blocks.append(section(f"*{escape(action.handle)}*  {escape(first_sentence(action.text, 200))}\n{date_words} · {escape(action.status)}"))
        blocks.append(actions(button("Update", UPDATE_ACTION, HandleRef(handle=action.handle).encode(), style="primary"),
                              button("Details", DETAILS_ACTION, HandleRef(handle=action.handle).encode()),
                              block_id=entry_block_id(action.handle, None)))
    if len(content.actions) > MAX_LISTED:
        blocks.append(section(f"…and {len(content.actions) - MAX_LISTED} more: `/mine` lists them all."))
    blocks.append(context("One update per action is enough. Once you have posted one, the reminders stop."))
    handles = ", ".join(a.handle for a in content.actions[:10])
    return Message(text=f"{title}: {escape(handles)} by {due}", blocks=blocks)


def round_summary(status: RoundStatus) -> str:
    """One open round in a line or two for the officers' App Home: returned against outstanding."""
    outstanding = status.outstanding
    names = ", ".join(escape(o.owner) for o in outstanding[:8]) + (" …" if len(outstanding) > 8 else "")
    line = (f"*{escape(status.committee)}* · due {fmt_date(status.due_on)} · *{len(status.returned)}* of {len(status.owners)} owners returned")
    return line + (f"\nStill to come: {names}" if outstanding else "\n:tada: Every owner has returned an update.")


def build_round_opened(opened: OpenedRound) -> Message:
    lines = [f":mega: Update round open for *{escape(opened.committee)}*" + (f", meeting {fmt_date(opened.meeting_on)}" if opened.meeting_on else "")
             + f". Updates due *{fmt_date(opened.due_on)}*.",
             f"{plural(opened.actions, 'open action')}; {plural(opened.people, 'person', 'people')} will get a direct message listing theirs "
             "(on working days, 09:00–17:00), and reminders seven and two days before the due date unless they have replied."]
    if opened.papers_due_on:
        lines.append(f"Papers deadline: {fmt_date(opened.papers_due_on)}.")
    blocks = [section("\n".join(lines))]
    if opened.messaged:
        names = ", ".join(escape(n) for n in opened.messaged[:30])
        blocks.append(section(f"*Asked by direct message:* {names}" + (" …" if len(opened.messaged) > 30 else "")))
    if opened.unlinked:
        names = ", ".join(escape(n) for n in opened.unlinked[:30])
        blocks.append(section(f"*Not linked to Slack, so chase them another way:* {names}" + (" …" if len(opened.unlinked) > 30 else "")))
    blocks += [section(f":warning: {escape(w)}") for w in opened.warnings]
    blocks.append(context("`/round status` shows who has returned an update; `/round close` keeps the position for the report."))
    return Message(text=f"Update round open for {opened.committee}, due {opened.due_on.isoformat()}.", blocks=blocks)


def build_round_status(status: RoundStatus, *, closed_now: bool = False) -> Message:
    """Who has returned an update and who has not; on closing, where the kept position is read."""
    state = "closed" if status.state == "closed" else f"due {fmt_date(status.due_on)}"
    returned, outstanding = status.returned, status.outstanding
    lines = [f"*{len(returned)}* of {len(status.owners)} owners have returned updates · {plural(status.messages_sent, 'message')} sent"]

    def who(p: OwnerProgress) -> str:
        person = f" (<@{p.slack_user_id}>)" if p.slack_user_id else " (not linked)"
        return f"• {escape(p.owner)}{person}: {p.updated} of {p.actions} updated"

    blocks = [header(f"Update round: {status.committee}"), section(f"{lines[0]} · {state}")]
    if outstanding:
        blocks.append(section("*Outstanding*\n" + "\n".join(who(p) for p in outstanding[:40])))
    if returned:
        blocks.append(section("*Returned*\n" + "\n".join(who(p) for p in returned[:40])))
    if closed_now:
        blocks.append(context(f'Kept for the report: `/report committee:"{escape(status.committee)}"`.'))
    return Message(text=f"{status.committee}: {len(returned)} of {len(status.owners)} owners returned", blocks=blocks)


def _open_line(example: Example) -> str:
    return f'`/round open committee:"{escape(example.committee)}" meeting:{example.meeting} due:{example.due}`'


def round_usage(example: Example) -> list[str]:
    """The forms to type, with the workspace's next meeting (`example`) in them."""
    return [_open_line(example), "`/round status`", "`/round close`"]


def build_round_help(example: Example) -> Message:
    lines = [
        f"{_open_line(example)} — ask every linked owner of the committee's open actions for an update",
        "`/round status` — who has returned an update and who has not, by owner",
        "`/round close` — close it and keep each recommendation's latest update and assessment for the report",
        "Officers only.",
    ]
    return Message(text="How to use /round", blocks=[header("Update rounds"), section("\n".join(lines))])
