"""Importing a tracker someone gave the bot in Slack: fetch the file, preview it, import it.

The same reader and importer as `scrutiny-bot import`, so a file reads the same and a re-import
updates in place exactly as on the command line; only officers may import. The file is fetched
with the bot token (`files:read`): `files.info`, then its `url_private`.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import OperationalError

from handlers.blocks.feedback import build_error
from handlers.blocks.problems import problem_text
from handlers.blocks.import_preview import ImportChoice, build_import_preview, build_import_result
from handlers.blocks.message import Message
from handlers.context import Services
from store.permissions import Person
from store.db import transaction
from store.errors import Problem
from store.importer import import_plan, preview_import
from store.importing import read_document
from store.importing.parsed import ImportProblem, ParsedPlan

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 25 * 1024 * 1024  # a committee agenda pack is a few MB; anything bigger is not a tracker
_FILE_ID = re.compile(r"\b(F[A-Z0-9]{8,})\b")
_PLAN = re.compile(r"\bplan:([A-Za-z0-9]+)", re.IGNORECASE)
_NEW = re.compile(r"(?:^|\s)(?:new|--as-new-plan)(?:\s|$)", re.IGNORECASE)
ONLY_OFFICERS = "Only scrutiny officers can import plans. Ask one of your scrutiny officers to import it."


def choice_from_text(text: str) -> ImportChoice | None:
    """`/import <file link or id> [plan:CODE] [new]`; None when no file is named."""
    found = _FILE_ID.search(text or "")
    if not found:
        return None
    plan = _PLAN.search(text)
    return ImportChoice(file_id=found.group(1), plan=plan.group(1).upper() if plan else None, as_new_plan=bool(_NEW.search(text)))


def fetch_file(client: WebClient, file_id: str) -> tuple[str, bytes]:
    """The file's name and bytes, or Problem saying what to do."""
    try:
        info = client.files_info(file=file_id)["file"]
    except SlackApiError as error:
        code = error.response.get("error") if error.response is not None else None
        if code == "missing_scope":
            raise Problem("I'm not allowed to read files yet: reinstall the app with the files:read permission (`scrutiny-bot manifest` has it).") from None
        if code in ("file_not_found", "file_deleted"):
            raise Problem(f"I can't find that file ({file_id}). Share it with me again.") from None
        raise Problem(f"Slack would not give me the file ({code or 'no answer'}). Try again in a minute.") from None
    name = Path(str(info.get("name") or file_id)).name or file_id
    if int(info.get("size") or 0) > MAX_FILE_BYTES:
        raise Problem(f"{name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: import the tracker itself, not a whole agenda pack.")
    url = info.get("url_private_download") or info.get("url_private")
    if not url:
        raise Problem(f"{name} is not stored in Slack (an external link), so I can't read it. Upload the file itself.")
    request = urllib.request.Request(str(url), headers={"Authorization": f"Bearer {client.token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - Slack's own file URL
            data = response.read(MAX_FILE_BYTES + 1)
            content_type = str(response.headers.get("Content-Type") or "")
    except (urllib.error.URLError, TimeoutError) as error:
        logger.exception("could not download %s", file_id)
        raise Problem(f"{name} could not be downloaded from Slack ({error}). Try again in a minute.") from None
    if "text/html" in content_type and not name.lower().endswith((".html", ".htm")):
        # Slack answers a download without a valid token with its sign-in page, not an error.
        raise Problem(f"Slack sent a sign-in page instead of {name}: the app needs the files:read permission.")
    return name, data


def read_tracker(name: str, data: bytes) -> ParsedPlan:
    """Read the file exactly as `scrutiny-bot import` would (same readers, same messages)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return read_document(path)


def _refusal(person: Person) -> Message | None:
    if person.is_officer:
        return None
    return build_error(ONLY_OFFICERS)


def _cannot(exc: Exception) -> Message:
    return build_error(f"{problem_text(exc)} Nothing was imported.", ["`/import` for how to import a tracker"])


def preview_reply(services: Services, client: WebClient, workspace: str, person: Person, choice: ImportChoice) -> Message:
    """What importing the file would do, with Import / Cancel; nothing is written."""
    if (refused := _refusal(person)) is not None:
        return refused
    try:
        name, data = fetch_file(client, choice.file_id)
        parsed = read_tracker(name, data)
        with services.session_factory() as session:
            report = preview_import(session, workspace, parsed, code=choice.plan, as_new_plan=choice.as_new_plan)
    except (Problem, ImportProblem) as exc:
        return _cannot(exc)
    return build_import_preview(name, report, choice)


def import_reply(services: Services, client: WebClient, workspace: str, person: Person, choice: ImportChoice) -> Message:
    """Import the file (whole or not at all) and say what changed."""
    if (refused := _refusal(person)) is not None:
        return refused
    try:
        name, data = fetch_file(client, choice.file_id)
        parsed = read_tracker(name, data)
        with transaction(services.session_factory) as session:
            report = import_plan(
                session, workspace, parsed, now=services.now(), code=choice.plan, as_new_plan=choice.as_new_plan,
                source_sha256=hashlib.sha256(data).hexdigest(), imported_by=person.user_id,
            )
    except (Problem, ImportProblem) as exc:
        return _cannot(exc)
    except OperationalError as exc:
        if "locked" in str(exc.orig).lower() or "busy" in str(exc.orig).lower():
            logger.warning("store busy during a Slack import")
            return build_error("The store is busy with another import, so nothing was imported.", ["the *Import* button again in a minute"])
        raise
    return build_import_result(name, report)
