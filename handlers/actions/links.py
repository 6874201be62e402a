"""Buttons from /link: accept a suggested link, confirm or reject someone's claim."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient

from handlers.blocks.feedback import build_error
from handlers.blocks.problems import problem_text
from handlers.blocks.message import Message, section
from handlers.blocks.text import escape
from handlers.context import Services
from handlers.payloads import ClaimRef, LinkSuggestion
from store.db import transaction
from store.errors import NotAllowed
from store.links import LinkProblem, confirm_claim, link_user, reject_claim
from store.owners import owner_by_id
from store.permissions import Person, check_is_officer


def _officer_or_refuse(person: Person, respond: Callable[..., Any]) -> bool:
    try:
        check_is_officer(person, "confirm links")
    except NotAllowed as refusal:
        respond(**build_error(problem_text(refusal)).payload(replace_original=False))
        return False
    return True


def handle_link_suggestion(ack: Callable[..., Any], body: Mapping[str, Any], respond: Callable[..., Any],
                           services: Services, workspace: str, person: Person) -> None:
    ack()
    if not _officer_or_refuse(person, respond):
        return
    choice = LinkSuggestion.decode(body["actions"][0]["value"])
    with transaction(services.session_factory) as session:
        owner = owner_by_id(session, workspace, choice.owner_id)
        if owner is None:
            respond(**build_error("That owner no longer exists.").payload(replace_original=False))
            return
        link_user(session, workspace, owner, choice.user_id, by=person.user_id, now=services.now())
        name = owner.name
    respond(**Message(text=f"Linked {name}.", blocks=[section(f":white_check_mark: <@{choice.user_id}> is now *{escape(name)}*.")]).payload(replace_original=False))


def handle_claim_decision(ack: Callable[..., Any], body: Mapping[str, Any], client: WebClient, respond: Callable[..., Any],
                          services: Services, workspace: str, person: Person) -> None:
    ack()
    if not _officer_or_refuse(person, respond):
        return
    approve = body["actions"][0]["action_id"].endswith("confirm")
    link_id = ClaimRef.decode(body["actions"][0]["value"]).link_id
    with transaction(services.session_factory) as session:
        try:
            link = confirm_claim(session, workspace, link_id, by=person.user_id, now=services.now()) if approve else reject_claim(session, workspace, link_id)
        except LinkProblem as problem:
            respond(**build_error(problem_text(problem)).payload(replace_original=True))
            return
        if link is None:
            respond(**build_error("That claim was already dealt with.").payload(replace_original=True))
            return
        claimant, name = link.slack_user_id, link.owner.name
    verdict = "confirmed" if approve else "rejected"
    respond(**Message(text=f"Claim {verdict}.", blocks=[section(f"<@{claimant}> as *{escape(name)}*: {verdict} by <@{person.user_id}>.")]).payload(replace_original=True))
    outcome = (
        f":white_check_mark: You are now linked to *{escape(name)}*: `/mine` lists your actions, and you can update them."
        if approve else f"A scrutiny officer did not confirm you as *{escape(name)}*. Ask them if you think that's wrong."
    )
    client.chat_postMessage(channel=claimant, text=outcome)
