"""`/link`: tie owners in the plans to people in Slack.

    /link me "Linda Mann"                 claim a name; an officer confirms it with a button
    /link @linda "Linda Mann"             (officers) link someone directly
    /link "Human Resources" @hr-team      (officers) a team owner answered for by a user group
    /link "Human Resources" @amy @raj     (officers) ... or by several people
    /link remove @linda "Linda Mann"      (officers) undo a link
    /link                                 (officers) suggested links from Slack names, and pending claims
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient

from handlers.blocks.feedback import build_error
from handlers.blocks.problems import problem_text
from handlers.blocks.message import Message, actions, button, context, header, section
from handlers.blocks.text import escape
from handlers.context import Services
from handlers.officers import message_officers
from handlers.payloads import ClaimRef, LinkSuggestion
from handlers.respond import answer_command
from store.db import transaction
from store.errors import AmbiguousOwner, Form, StoreError, UnknownOwner, said
from store.links import (
    LinkProblem,
    SlackPerson,
    claim_owner,
    link_user,
    link_usergroup,
    pending_claims,
    suggest_links,
    unlink,
)
from store.owners import owner_by_id, resolve_owner
from store.permissions import Person, check_is_officer
from handlers.catalog import CLAIM_CONFIRM_ACTION, CLAIM_REJECT_ACTION, LINK_SUGGESTION_ACTION

logger = logging.getLogger(__name__)

USAGE = ['`/link me "Your Name"`', '`/link @someone "Their Name"` (officers)', "`/link` (officers: suggestions)"]

_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|\b([UW][A-Z0-9]{6,})\b")
_GROUP = re.compile(r"<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>")


def handle_link_command(
    ack: Callable[..., Any], respond: Callable[..., Any], command: Mapping[str, Any], client: WebClient,
    services: Services, workspace: str, person: Person,
) -> None:
    text = str(command.get("text") or "").strip()
    answer_command(ack, respond, services, lambda: link_reply(services, client, workspace, person, text))


def link_reply(services: Services, client: WebClient, workspace: str, person: Person, text: str) -> Message:
    words = text.split(maxsplit=1)
    try:
        if words and words[0].lower() == "me":
            return _claim(services, client, workspace, person, _name(words[1] if len(words) > 1 else ""))
        check_is_officer(person, "link other people")
        if not text:
            return _suggestions(services, client, workspace)
        if words[0].lower() in ("remove", "unlink"):
            return _remove(services, workspace, words[1] if len(words) > 1 else "")
        return _link(services, workspace, person, text)
    except (StoreError, LinkProblem) as problem:
        return build_error(problem_text(problem), USAGE)


def _name(text: str) -> str:
    name = _GROUP.sub("", _USER.sub("", text)).strip().strip('"\u201c\u201d\'')
    if not name:
        raise LinkProblem("Say which owner, by the name the plans use.")
    return name


def _owner(services: Services, workspace: str, name: str):  # type: ignore[no-untyped-def]
    with services.session_factory() as session:
        try:
            return resolve_owner(session, workspace, name, cache=services.owner_cache)
        except (UnknownOwner, AmbiguousOwner) as problem:
            options = problem.candidates if isinstance(problem, AmbiguousOwner) else problem.suggestions
            names = " or ".join(c.name for c in options[:3])
            raise LinkProblem(f"No owner is called '{name}'." + (f" Did you mean {names}?" if names else "")) from problem


def _claim(services: Services, client: WebClient, workspace: str, person: Person, name: str) -> Message:
    with transaction(services.session_factory) as session:
        link = claim_owner(session, workspace, name, person.user_id, now=services.now())
        owner_name, link_id = link.owner.name, link.id
    ask = Message(
        text=escape(f"{person.name} says they are {owner_name}. Confirm?"),
        blocks=[
            section(f":link: <@{person.user_id}> says they are *{escape(owner_name)}* in the action plans. Confirm the link?"),
            actions(
                button("Confirm", CLAIM_CONFIRM_ACTION, ClaimRef(link_id=link_id).encode(), style="primary"),
                button("Reject", CLAIM_REJECT_ACTION, ClaimRef(link_id=link_id).encode()),
            ),
        ],
    )
    officers = message_officers(services, client, workspace, ask)
    who = "a scrutiny officer" if officers else "a scrutiny officer (none is set up yet: ask your Slack admin)"
    return Message(text=f"Asked {who} to confirm you are {owner_name}.", blocks=[section(f":hourglass_flowing_sand: Thanks. I've asked {who} to confirm that you are *{escape(owner_name)}*. You'll get a message when it's done.")])


def _link(services: Services, workspace: str, person: Person, text: str) -> Message:
    users = [a or b for a, b in _USER.findall(text)]
    groups = _GROUP.findall(text)
    if not users and not groups:
        raise LinkProblem("Mention the person (or user group) to link, as well as the owner's name.")
    owner = _owner(services, workspace, _name(text))
    with transaction(services.session_factory) as session:
        owner = owner_by_id(session, workspace, owner.id)
        if owner is None:
            raise LinkProblem(said("That owner no longer exists; check the name with ", Form("/actions owner:…"), "."))
        if not owner.is_team and (len(users) > 1 or groups):
            raise LinkProblem(f"{owner.name} is a person: link one Slack user. Teams can have a user group or several people.")
        for user in users:
            link_user(session, workspace, owner, user, by=person.user_id, now=services.now())
        for group in groups:
            link_usergroup(session, workspace, owner, group, by=person.user_id, now=services.now())
    who = ", ".join([f"<@{u}>" for u in users] + [f"<!subteam^{g}>" for g in groups])
    return Message(text=f"Linked {owner.name}.", blocks=[section(f":white_check_mark: *{escape(owner.name)}* is now {who}. They can update its actions.")])


def _remove(services: Services, workspace: str, text: str) -> Message:
    users = [a or b for a, b in _USER.findall(text)]
    if len(users) != 1:
        raise LinkProblem(said("Say whom to unlink: ", Form('/link remove @someone "Their Name"'), "."))
    owner = _owner(services, workspace, _name(text))
    with transaction(services.session_factory) as session:
        removed = unlink(session, workspace, owner, users[0])
    if not removed:
        return build_error(f"<@{users[0]}> was not linked to {escape(owner.name)}.")
    return Message(text=f"Unlinked {owner.name}.", blocks=[section(f"<@{users[0]}> is no longer linked to *{escape(owner.name)}*.")])


def slack_people(client: WebClient) -> list[SlackPerson]:
    """Everyone real in the workspace (no bots, no deactivated accounts), page by page."""
    people: list[SlackPerson] = []
    cursor = None
    while True:
        page = client.users_list(limit=200, cursor=cursor)
        for member in page.get("members", []):
            if member.get("deleted") or member.get("is_bot") or member.get("id") == "USLACKBOT":
                continue
            profile = member.get("profile") or {}
            people.append(SlackPerson(member["id"], profile.get("real_name") or member.get("real_name") or "", profile.get("display_name") or ""))
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return people


def _suggestions(services: Services, client: WebClient, workspace: str) -> Message:
    with services.session_factory() as session:
        suggestions = suggest_links(session, workspace, slack_people(client))
        claims = pending_claims(session, workspace)
    blocks = [header("Linking owners to Slack")]
    if claims:
        blocks.append(section("*Claims waiting for you*"))
        for claim in claims[:10]:
            blocks.append(section(f"<@{claim.user_id}> says they are *{escape(claim.owner_name)}*"))
            blocks.append(actions(button("Confirm", CLAIM_CONFIRM_ACTION, ClaimRef(link_id=claim.link_id).encode(), style="primary"), button("Reject", CLAIM_REJECT_ACTION, ClaimRef(link_id=claim.link_id).encode())))
    if suggestions:
        blocks.append(section("*Suggested from Slack names*"))
        for s in suggestions[:15]:
            value = LinkSuggestion(user_id=s.user_id, owner_id=s.owner_id).encode()
            blocks.append(section(f"<@{s.user_id}> ({escape(s.real_name)}) → *{escape(s.owner_name)}*", accessory=button("Link", LINK_SUGGESTION_ACTION, value)))
        if len(suggestions) > 15:
            blocks.append(context(f"{len(suggestions) - 15} more: `scrutiny-bot link --suggest` lists them all."))
    if not claims and not suggestions:
        blocks.append(section("No suggestions: every owner whose name matches someone in Slack is linked."))
    blocks.append(context('Link anyone directly: `/link @someone "Owner Name"`; a team: `/link "Team Name" @user-group`.'))
    return Message(text=f"{len(claims)} claims and {len(suggestions)} suggested links", blocks=blocks)
