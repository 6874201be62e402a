"""Buttons that change actions: Update (opens the modal), the ⋯ menu, and officers' sign-off."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers.blocks.feedback import build_error
from handlers.blocks.problems import problem_text
from handlers.blocks.saved import confirmation_text
from handlers.blocks.update_modal import build_update_modal
from handlers.context import Services
from handlers.payloads import EntryRef, HandleRef, ListState, MenuChoice, ModalState
from handlers.people import known
from handlers.refresh import refresh_source
from handlers.failures import failure_reply, log_failure
from handlers.updating import Saved, ask_officers_to_sign_off, save_update, sign_off
from store.errors import InvalidUpdate, NotAllowed, StoreError
from store.handles import find_action
from store.permissions import Person, check_can_update, check_is_officer
from store.status import Status
from store.summaries import summarise
from store.updates import UpdateRequest

logger = logging.getLogger(__name__)


def _clicked(body: Mapping[str, Any]) -> tuple[str, ListState | None, str]:
    """(handle, origin, value) of the pressed button or menu option: buttons carry a HandleRef,
    menu options a MenuChoice; the block id (an EntryRef) names both when it can."""
    action = body["actions"][0]
    value = action.get("value") or (action.get("selected_option") or {}).get("value") or ""
    entry = EntryRef.from_block_id(action.get("block_id", ""))
    handle, origin = (entry.handle, entry.origin) if entry else (None, None)
    if action.get("type") == "overflow":
        menu = MenuChoice.decode(value)
        return handle or menu.handle, origin, menu.choice
    return handle or HandleRef.decode(value).handle, origin, value


def _origin_for(body: Mapping[str, Any], origin: ListState | None) -> ListState | None:
    if origin is None and (body.get("view") or {}).get("type") == "home":
        return ListState(kind="home", query="")
    return origin


def handle_update_button(ack: Callable[..., Any], body: Mapping[str, Any], client: WebClient, respond: Callable[..., Any],
                         services: Services, workspace: str, person: Person) -> None:
    ack()
    handle, origin, _ = _clicked(body)
    _open_modal(services, workspace, person, body, client, respond, handle, "full", _origin_for(body, origin))


def handle_action_menu(ack: Callable[..., Any], body: Mapping[str, Any], client: WebClient, respond: Callable[..., Any],
                       services: Services, workspace: str, person: Person) -> None:
    ack()
    handle, origin, choice = _clicked(body)
    origin = _origin_for(body, origin)
    if choice in ("due", "note"):
        _open_modal(services, workspace, person, body, client, respond, handle, choice, origin)
        return
    key = f"menu:{body['actions'][0].get('action_ts', '')}:{person.user_id}:{handle}"
    _save_and_tell(services, client, workspace, person, respond, body, handle, origin,
                   lambda: save_update(services, workspace, person, handle, UpdateRequest(status=Status.DONE), source="slack", idempotency_key=key))


def handle_signoff(ack: Callable[..., Any], body: Mapping[str, Any], client: WebClient, respond: Callable[..., Any],
                   services: Services, workspace: str, person: Person) -> None:
    ack()
    handle, origin, _ = _clicked(body)
    _save_and_tell(services, client, workspace, person, respond, body, handle, _origin_for(body, origin),
                   lambda: sign_off(services, workspace, person, handle, approve=True))


def handle_send_back(ack: Callable[..., Any], body: Mapping[str, Any], client: WebClient, respond: Callable[..., Any],
                     services: Services, workspace: str, person: Person) -> None:
    ack()
    handle, origin, _ = _clicked(body)
    try:
        check_is_officer(person, "send actions back")
    except NotAllowed as refusal:
        _tell(client, respond, body, build_error(problem_text(refusal)).payload())
        return
    _open_modal(services, workspace, person, body, client, respond, handle, "back", _origin_for(body, origin))


def _open_modal(services: Services, workspace: str, person: Person, body: Mapping[str, Any], client: WebClient,
                respond: Callable[..., Any], handle: str, mode: str, origin: ListState | None) -> None:
    try:
        person = known(person)
        with services.session_factory() as session:
            action = find_action(session, workspace, handle)
            if mode != "back":
                check_can_update(person, action)
            item = summarise(action, today=services.today(), now=services.now())
    except NotAllowed as refusal:
        _tell(client, respond, body, build_error(problem_text(refusal), ['`/link me "Your Name"`'] if not person.owner_ids else None).payload())
        return
    except StoreError as problem:
        _tell(client, respond, body, build_error(problem_text(problem), ["`/actions` to find the action again"]).payload())
        return
    except Exception as error:  # noqa: BLE001 - said where they pressed, as app.error would (this may run lazily)
        log_failure(error)
        _tell(client, respond, body, failure_reply(error).payload())
        return
    state = ModalState(
        handle=handle,
        mode=mode,
        origin=origin.encode() if origin else "",
        response_url=str(body.get("response_url") or ""),
        channel=clicked_in(body),
    )
    try:
        client.views_open(trigger_id=body["trigger_id"], view=build_update_modal(item, state, today=services.today()))
    except SlackApiError:
        logger.exception("Slack did not open the update form")
        _tell(client, respond, body, build_error(
            "Slack didn't open the update form just now.", [f"`/update {handle} note: …`", "the button again in a moment"]
        ).payload())


def _save_and_tell(services: Services, client: WebClient, workspace: str, person: Person, respond: Callable[..., Any],
                   body: Mapping[str, Any], handle: str, origin: ListState | None, save: Callable[[], Any]) -> None:
    try:
        saved = save()
    except (NotAllowed, InvalidUpdate, StoreError) as problem:
        _tell(client, respond, body, build_error(problem_text(problem)).payload())
        return
    except Exception as error:  # noqa: BLE001 - said where they pressed, as app.error would (this may run lazily)
        log_failure(error)
        _tell(client, respond, body, failure_reply(error).payload())
        return
    after_save(services, client, workspace, person, saved,
               redraw=lambda: refresh_source(services, client, workspace, person, origin, str(body.get("response_url") or ""), note=confirmation_text(saved)),
               tell=lambda: confirm(client, clicked_in(body), person.user_id, confirmation_text(saved)))


def after_save(services: Services, client: WebClient, workspace: str, person: Person, saved: Saved,
               *, redraw: Callable[[], object], tell: Callable[[], object]) -> None:
    """What follows a saved update, each step on its own: the officers are asked to sign off
    whatever happens to the owner's confirmation or the redrawn message."""
    for step, what in ((lambda: ask_officers_to_sign_off(services, client, workspace, person, saved), "ask the officers"),
                       (redraw, "redraw the source message"), (tell, "confirm the update")):
        try:
            step()
        except Exception:
            logger.exception("saved %s, but could not %s", saved.handle, what)


def _tell(client: WebClient, respond: Callable[..., Any], body: Mapping[str, Any], payload: dict[str, Any]) -> None:
    """A private message to the person who pressed: through the response_url when there is one
    (messages), else as a DM (App Home)."""
    if body.get("response_url"):
        respond(**{**payload, "replace_original": False})
    else:
        client.chat_postMessage(channel=body["user"]["id"], text=payload["text"], blocks=payload.get("blocks"))


def clicked_in(body: Mapping[str, Any]) -> str:
    """The channel of the message a button was pressed on ("" in the App Home)."""
    return str((body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or "")


def confirm(client: WebClient, channel: str, user_id: str, text: str) -> None:
    """Tell the person privately in `channel` (where they pressed); by DM where there is none or
    the bot cannot post there (a DM between two people, a channel it is not in)."""
    if channel:
        try:
            client.chat_postEphemeral(channel=channel, user=user_id, text=text)
            return
        except SlackApiError as refused:
            logger.warning("could not confirm in %s (%s); sending a DM", channel, refused.response.get("error"))
    client.chat_postMessage(channel=user_id, text=text)
