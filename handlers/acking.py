"""Which listeners answer inside Slack's acknowledgement, and which ack first and answer later.

Bolt runs with `process_before_response=True` (bot/app.py): the HTTP response to Slack is sent
when the listener returns, so a quick answer *is* the ack, with no waiting on Bolt's 10 ms ack
polling. Anything that might take long keeps the 3-second safety in one of two ways:

- Slash commands compute their answer under a budget (handlers/respond.answer_command): ready in
  time, it is the ack; late, the ack says "Working on it" and the answer follows by response_url.
- A plain question (an @mention, a message in a DM) is answered under the same budget, before
  the ack: the reply is posted, then Slack gets its ack. Late, the ack goes at the budget and the
  listener finishes on its own, so the reply is posted once either way (Slack's retries of the
  event are dropped by its event id, handlers/middleware.drop_event_retries).
- Other work that talks to Slack or downloads files - App Home, file shares, uninstalls,
  buttons, shortcuts, `/import <file>` and `/digest preview|send-now` - is registered as a Bolt
  lazy listener: the ack goes back at once and the listener runs on Bolt's listener executor.

The listener modules register on `AckRouting`, which attaches each listener the right way, so
they keep registering with plain `app.command(...)(listener)` and stay unaware of the choice.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.kwargs_injection.args import Args
from slack_bolt.listener_matcher import ListenerMatcher
from slack_bolt.listener_matcher.builtins import BuiltinListenerMatcher

from handlers import catalog
from handlers.failures import reported

logger = logging.getLogger(__name__)

WORKING_ON_IT = ":hourglass_flowing_sand: Working on it…"

Listener = Callable[..., Any]


def _first_word(text: str) -> str:
    return text.strip().split(" ", 1)[0].lower()


def _names_a_file(text: str) -> bool:
    from handlers.tracker_import import choice_from_text

    return choice_from_text(text) is not None


# Slash commands whose answer needs Slack or a download, by what was typed: these ack at once.
ACKS_FIRST: dict[str, Callable[[str], bool]] = {
    catalog.IMPORT.name: _names_a_file,  # fetches and reads the file
    catalog.DIGEST.name: lambda text: _first_word(text) in ("preview", "send-now", "send", "now"),  # builds (and posts) a digest
}

# Events answered before the ack (see the module docstring): questions, read and answered from the
# store in milliseconds, and other channel messages, ignored at once. A message sharing a file is
# registered by type and subtype (a dict), not by name, and stays lazy: it downloads the file.
ANSWERED_BEFORE_ACK = frozenset({"app_mention", "message"})


def acknowledge(ack: Callable[..., Any]) -> None:
    ack()


def acknowledge_working(ack: Callable[..., Any]) -> None:
    ack(text=WORKING_ON_IT, response_type="ephemeral")


def in_background(listener: Listener) -> Listener:
    """`listener` as a Bolt lazy listener. Its request was acked already, so what it would have
    put in the ack (a command's answer) goes to the response_url instead, replacing "Working on it"."""

    @functools.wraps(listener)  # Bolt reads the wrapped function's argument names to inject them
    def run(**kwargs: Any) -> Any:
        if "ack" in kwargs:
            kwargs["ack"] = _AckByResponse(kwargs.get("respond"))
        return listener(**kwargs)

    return run


class _AckByResponse:
    """Stands in for `ack` in a lazy listener: the real ack has gone, so a payload is responded."""

    already_acknowledged = True

    def __init__(self, respond: Callable[..., Any] | None) -> None:
        self._respond = respond

    def __call__(self, text: str | None = None, **payload: Any) -> None:
        if text is not None:
            payload["text"] = text
        if not payload or self._respond is None:
            return  # a plain ack(): nothing to say
        payload.setdefault("replace_original", True)
        self._respond(**payload)


def before_ack(listener: Listener) -> Listener:
    """`listener` run before Slack's ack, for at most `services.reply_budget` seconds. It runs on
    the answer executor: in time, the request waits for it and its reply reaches Slack before the
    ack does; late, the request returns (Bolt acks) and the listener carries on where it is. One
    run either way, so one reply. Failures are answered as in a lazy listener (failures.reported)."""
    answer = reported(listener)

    def run(args: Args) -> None:
        services = args.context["services"]
        running = services.executor.submit(answer, args)
        try:
            running.result(timeout=services.reply_budget)
        except FutureTimeout:
            logger.info("acknowledging a %s event before its answer, which is taking over %.1f s", (args.event or {}).get("type"), services.reply_budget)

    # Bolt's logs name a listener after its function.
    run.__name__, run.__qualname__ = listener.__name__, listener.__qualname__
    return run


class AckRouting:
    """What the listener modules register on: Bolt's App, with each listener attached the way
    its answer is delivered (see the module docstring). Middleware goes straight to the App."""

    def __init__(self, app: App) -> None:
        self.app = app

    def use(self, *args: Any, **kwargs: Any) -> Any:
        return self.app.use(*args, **kwargs)

    def command(self, name: str, matchers: Sequence[Callable[..., bool]] | None = None) -> Callable[[Listener], None]:
        def attach(listener: Listener) -> None:
            slow = ACKS_FIRST.get(name)
            if slow is not None:
                def is_slow(command: Mapping[str, Any]) -> bool:
                    return slow(str(command.get("text") or ""))

                # Bolt runs the first listener that matches: the slow form first, then the rest.
                self.app.command(name, matchers=[*(matchers or []), is_slow])(ack=acknowledge_working, lazy=[reported(in_background(listener))])
            self.app.command(name, matchers=matchers)(listener)

        return attach

    def event(self, event: Any, matchers: Sequence[Callable[..., bool]] | None = None) -> Callable[[Listener], None]:
        # Nothing can be said in an event's ack. Questions are answered before it; the rest is
        # lazy: an uninstall's purge of a large workspace may take longer than Slack waits, and
        # holding a request thread for the whole budget on a download would waste it.
        def attach(listener: Listener) -> None:
            if isinstance(event, str) and event in ANSWERED_BEFORE_ACK:
                self.app.event(event, matchers=matchers)(before_ack(listener))
            else:
                self.app.event(event, matchers=matchers)(ack=acknowledge, lazy=[reported(in_background(listener))])

        return attach

    def action(self, constraints: Any, matchers: Sequence[Callable[..., bool]] | None = None) -> Callable[[Listener], None]:
        def attach(listener: Listener) -> None:
            self.app.action(constraints, matchers=matchers)(ack=acknowledge, lazy=[reported(in_background(listener))])

        return attach

    def shortcut(self, constraints: Any, matchers: Sequence[Callable[..., bool]] | None = None) -> Callable[[Listener], None]:
        def attach(listener: Listener) -> None:
            self.app.shortcut(constraints, matchers=matchers)(ack=acknowledge, lazy=[reported(in_background(listener))])

        return attach

    def view(self, constraints: Any, matchers: Sequence[Callable[..., bool]] | None = None) -> Callable[[Listener], None]:
        # A modal's submission answers in its ack (inline errors); its listener hands the
        # after-save messages to the executor itself (handlers/respond.run_after_ack).
        def attach(listener: Listener) -> None:
            self.app.view(constraints, matchers=matchers)(listener)

        return attach


class _BodyMatcher(ListenerMatcher):
    """One of Bolt's own matchers (`app.command("/x")`, `app.action(...)`…), called with the body.

    Bolt finds a request's listener by asking each listener in turn, and hands every matcher its
    arguments by name, building all it could pass (payload views, say, respond…) each time: with
    fifty listeners that was most of a button press's CPU outside its work. Bolt's own matchers
    take only `body`, so the same function gives the same answer from the body directly."""

    def __init__(self, func: Callable[..., Any]) -> None:
        self.func = func

    def matches(self, req: BoltRequest, resp: BoltResponse) -> bool:
        return bool(self.func(req.body))


def match_directly(app: App) -> None:
    """Every listener's built-in matchers called with the body (see _BodyMatcher); matchers of
    our own, which may take other arguments, are left to Bolt. Called once, after registering."""
    for listener in app._listeners:  # Bolt keeps them in this list, in the order they are asked
        listener.matchers = [
            _BodyMatcher(matcher.func)
            if type(matcher) is BuiltinListenerMatcher and list(matcher.arg_names) == ["body"]
            else matcher
            for matcher in listener.matchers
        ]
