"""`/round`: update rounds before a committee meeting (officers).

    /round open committee:"People Scrutiny" meeting:2026-03-02 due:2026-02-16
    /round status [committee:"People Scrutiny"]
    /round close [committee:"People Scrutiny"]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from handlers.blocks.feedback import build_error
from handlers.blocks.message import Message, context, header, section
from handlers.blocks.problems import build_problem
from handlers.blocks.text import escape, fmt_date, plural
from handlers.commands.committee import Example, committee_named, example_for, option_date, read_options
from handlers.context import Services
from handlers.people import known
from handlers.respond import answer_command
from store.db import transaction
from store.errors import StoreError
from store.permissions import Person, check_is_officer
from store.rounds import OwnerProgress, RoundStatus, close_round, find_open_round, open_round, round_status



def usage(services: Services, workspace: str) -> list[str]:
    """The forms to type, with the workspace's next meeting in them."""
    example = example_for(services, workspace)
    return [f'`/round open committee:"{escape(example.committee)}" meeting:{example.meeting} due:{example.due}`', "`/round status`", "`/round close`"]


def handle_round_command(ack: Callable[..., Any], respond: Callable[..., Any], command: Mapping[str, Any],
                         services: Services, workspace: str, person: Person) -> None:
    text = str(command.get("text") or "").strip()
    answer_command(ack, respond, services, lambda: round_reply(services, workspace, person, text))


def round_reply(services: Services, workspace: str, person: Person, text: str) -> Message:
    user = person.user_id
    verb, _, rest = text.partition(" ")
    verb = verb.lower()
    rest, options = read_options(rest)
    if verb not in ("open", "start", "status", "close", "end"):
        return _help(example_for(services, workspace))
    try:
        check_is_officer(known(person), "run update rounds")
        committee = committee_named(rest, options)
        if verb in ("open", "start"):
            return _open(services, workspace, user, committee, options)
        if verb == "status":
            with services.session_factory() as session:
                return render_status(round_status(session, find_open_round(session, workspace, committee or None, today=services.today())))
        with transaction(services.session_factory) as session:
            status = close_round(session, workspace, committee or None, by=user, now=services.now(), timezone=services.timezone)
        message = render_status(status)
        message.blocks.append(context(f'Kept for the report: `/report committee:"{escape(status.committee)}"`.'))
        return message
    except ValueError as problem:
        return build_error(str(problem), usage(services, workspace))
    except StoreError as problem:
        return build_problem(problem, usage(services, workspace))


def _open(services: Services, workspace: str, user: str, committee: str, options: dict[str, str]) -> Message:
    due = option_date(options, "due", "2026-02-16")
    meeting = option_date(options, "meeting", "2026-03-02")
    if not committee.strip() or due is None:
        return build_error("A round needs the committee and the date updates are due.", usage(services, workspace))
    with transaction(services.session_factory) as session:
        opened = open_round(session, workspace, committee, due_on=due, meeting=meeting, by=user, now=services.now(), today=services.today())
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


def render_status(status: RoundStatus) -> Message:
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
    return Message(text=f"{status.committee}: {len(returned)} of {len(status.owners)} owners returned", blocks=blocks)


def _help(example: Example) -> Message:
    lines = [
        f'`/round open committee:"{escape(example.committee)}" meeting:{example.meeting} due:{example.due}` — ask every linked owner '
        "of the committee's open actions for an update",
        "`/round status` — who has returned an update and who has not, by owner",
        "`/round close` — close it and keep each recommendation's latest update and assessment for the report",
        "Officers only.",
    ]
    return Message(text="How to use /round", blocks=[header("Update rounds"), section("\n".join(lines))])
