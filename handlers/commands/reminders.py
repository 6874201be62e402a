"""`/reminders off|on`: owners choose whether the bot nudges them before and after deadlines."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from digests.reminders import set_preference
from handlers.blocks.message import Message, section
from handlers.context import Services
from handlers.respond import answer_command
from store.db import transaction
from store.models import UserPreference


def handle_reminders_command(ack: Callable[..., Any], respond: Callable[..., Any], command: Mapping[str, Any], services: Services, workspace: str) -> None:
    word = str(command.get("text") or "").strip().lower()
    user = str(command["user_id"])

    def reply() -> Message:
        with transaction(services.session_factory) as session:
            if word in ("off", "stop", "no"):
                set_preference(session, workspace, user, reminders_off=True)
                return Message(text="Reminders off.", blocks=[section(":no_bell: No more reminders. `/reminders on` turns them back on.")])
            if word in ("on", "start", "yes"):
                set_preference(session, workspace, user, reminders_off=False)
                return Message(text="Reminders on.", blocks=[section(":bell: You'll get a message a week before each of your deadlines, and on the first day one is overdue.")])
            preference = session.get(UserPreference, (workspace, user))
        state = "off" if preference and preference.reminders_off else "on"
        return Message(text=f"Reminders are {state}.", blocks=[section(f"Your reminders are *{state}*. `/reminders off` or `/reminders on` to change.")])

    answer_command(ack, respond, services, reply)
