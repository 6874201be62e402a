"""Logs as one JSON object a line, for the platform's log search; never message text or tokens."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any
from urllib.parse import unquote_plus

# The logger slack_sdk's WebClient uses unless given another (slack_sdk/web/base_client.py).
WEB_API_LOGGER = "slack_sdk.web.base_client"

request_log = logging.getLogger("scrutiny.requests")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def setup_logging(fmt: str = "json", level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # The Slack libraries log request bodies at debug level; keep them quiet.
    for noisy in ("slack_bolt", "slack_sdk", "apscheduler", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # slack_sdk's Web API client decides whether to format its debug line (the whole request body)
    # from its logger's own level, not the effective one, and a level left unset counts as debug:
    # every reply was rendered as a string and thrown away, 0.2 ms a post for a page of actions.
    logging.getLogger(WEB_API_LOGGER).setLevel(logging.WARNING)


def describe_slack_request(body: bytes, content_type: str) -> dict[str, str]:
    """Which workspace and what kind of request, read from the body without keeping any text."""
    try:
        if "json" in content_type:
            data = json.loads(body or b"{}")
            event = data.get("event") or {}
            return {"workspace": str(data.get("team_id", "")), "kind": str(data.get("type", "")), "name": str(event.get("type", ""))}
        form = _form_fields(body, (b"payload", b"team_id", b"command"))
        if "payload" in form:
            payload = json.loads(form["payload"])
            name = ""
            if payload.get("actions"):
                name = payload["actions"][0].get("action_id", "")
            name = name or (payload.get("view") or {}).get("callback_id", "") or payload.get("callback_id", "")
            return {"workspace": str((payload.get("team") or {}).get("id", "")), "kind": str(payload.get("type", "")), "name": str(name)}
        return {"workspace": form.get("team_id", ""), "kind": "command", "name": form.get("command", "")}
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return {"workspace": "", "kind": "unreadable", "name": ""}


def _form_fields(body: bytes, names: tuple[bytes, ...]) -> dict[str, str]:
    """The first value of each of `names` in a form body (blank ones left out, as parse_qs does).
    Only these are decoded: a command's text and response_url are never needed here, and decoding
    every field was a good part of a quick command's cost."""
    found: dict[str, str] = {}
    for pair in body.split(b"&"):
        key, _, value = pair.partition(b"=")
        if key in names and value and key.decode() not in found:
            found[key.decode()] = unquote_plus(value.decode("utf-8", "replace"))
    return found


def logged(application: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    """WSGI middleware: one line per request with workspace, kind, name, latency and outcome."""

    def wrapper(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        started = time.perf_counter()
        path = environ.get("PATH_INFO", "")
        fields: dict[str, Any] = {"path": path}
        if environ.get("REQUEST_METHOD") == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length) if length else b""
            environ["wsgi.input"] = BytesIO(body)
            fields.update(describe_slack_request(body, environ.get("CONTENT_TYPE", "")))
        status_holder: list[str] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status_holder.append(status)
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        try:
            result = application(environ, capture)
            outcome = "ok"
        except Exception:
            outcome = "error"
            raise
        finally:
            status = status_holder[0].split()[0] if status_holder else "500"
            if outcome == "ok" and not status.startswith("2"):
                outcome = "refused" if status in ("401", "403", "404") else "error"
            fields.update(status=int(status), outcome=outcome, latency_ms=round((time.perf_counter() - started) * 1000, 1))
            if path != "/healthz" or outcome != "ok":
                request_log.info("request", extra={"fields": fields})
        return result

    return wrapper
