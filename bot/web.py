"""The HTTP face of the bot: Bolt at /slack/events (and the OAuth pages), plus /healthz."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
# Slack's largest payload is a modal's submission: up to 100 inputs of 3,000 characters, each
# character up to 12 bytes once form-encoded (an emoji is %F0%9F%98%80), about 3.6 MB, plus the
# view echoed back. Twice that still refuses a flood before it is read.
MAX_BODY_BYTES = 8 * 1024 * 1024
# Slack's rule: a signature more than five minutes old is a replay.
MAX_SIGNATURE_AGE_SECONDS = 5 * 60

StartResponse = Callable[..., Any]


def create_wsgi_app(
    app: App | None, session_factory: sessionmaker[Session], *, signing_secret: str | None = None
) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """Bolt behind a gate: a POST to /slack/events is size-capped and its signature checked on the
    raw bytes before anything parses it, so junk gets 401 (or 413), never a traceback."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH) if app is not None else None
    # Bolt keeps the secret it verifies with privately; the gate checks with the same one.
    secret: str = signing_secret or (getattr(app, "_signing_secret", "") if app is not None else "") or ""

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            return _health(session_factory, start_response)
        if slack is None:
            return _plain(start_response, "404 Not Found", "Not Found")
        if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") == EVENTS_PATH:
            refused = _refusal(environ, secret)
            if refused is not None:
                return _plain(start_response, *refused)
            try:
                return slack(environ, start_response)
            except (ValueError, KeyError, TypeError):
                # Signed by Slack but unreadable (a payload Bolt cannot parse): say so, keep serving.
                logger.exception("a signed request could not be read")
                return _plain(start_response, "400 Bad Request", "Bad Request: the body could not be read")
        return slack(environ, start_response)

    return application


def _refusal(environ: dict[str, Any], secret: str) -> tuple[str, str] | None:
    """(status, text) for a request to refuse before parsing it, or None to let it through. On
    None the body has been read and put back, so Bolt reads the very bytes that were verified."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or -1)
    except ValueError:
        return "400 Bad Request", "Bad Request: Content-Length is not a number"
    if length > MAX_BODY_BYTES:
        return "413 Content Too Large", f"Request bodies are limited to {MAX_BODY_BYTES:,} bytes"
    stream = environ.get("wsgi.input") or io.BytesIO()
    if length >= 0:
        body = stream.read(length)
    elif environ.get("HTTP_TRANSFER_ENCODING", "").lower() == "chunked":
        body = stream.read(MAX_BODY_BYTES + 1)  # one byte past the cap tells whether it was passed
    else:
        body = b""  # no length and not chunked: HTTP says there is no body
    if len(body) > MAX_BODY_BYTES:
        return "413 Content Too Large", f"Request bodies are limited to {MAX_BODY_BYTES:,} bytes"
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    if not is_signed_by_slack(
        secret, body, environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"), environ.get("HTTP_X_SLACK_SIGNATURE"), now=time.time()
    ):
        return "401 Unauthorized", "Unauthorized: not signed by Slack"
    return None


def is_signed_by_slack(secret: str, body: bytes, timestamp: str | None, signature: str | None, *, now: float) -> bool:
    """Slack's v0 signature, computed on the raw bytes: any body and any header value is safe to
    pass (a timestamp of "abc", invalid UTF-8), and only a fresh, matching signature is True."""
    if not secret or not timestamp or not signature or not timestamp.isascii() or not timestamp.isdigit():
        return False
    if abs(now - int(timestamp)) > MAX_SIGNATURE_AGE_SECONDS:
        return False
    digest = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(f"v0={digest}".encode(), signature.encode("utf-8", "replace"))


def _plain(start_response: StartResponse, status: str, text: str) -> Iterable[bytes]:
    payload = text.encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(payload)))])
    return [payload]


def _health(session_factory: sessionmaker[Session], start_response: StartResponse) -> Iterable[bytes]:
    try:
        with session_factory() as session:
            session.execute(text("SELECT 1"))
        status, body = "200 OK", {"status": "ok", "database": "ok"}
    except Exception:
        logger.exception("health check: database unreachable")
        status, body = "503 Service Unavailable", {"status": "unavailable", "database": "unreachable"}
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload))), ("Cache-Control", "no-store")])
    return [payload]


def serve_with_gunicorn(build: Callable[[], Callable[..., Iterable[bytes]]], *, port: int, workers: int, threads: int, host: str = "0.0.0.0") -> None:  # noqa: S104 - see `serve --host`
    """Run the WSGI app under gunicorn: several worker processes, each with a thread pool.

    The app is built inside each worker after the fork, so no database connection or thread
    pool is ever shared between processes.
    """
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            settings = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                # Slack waits three seconds; a request stuck for 30 is dead, recycle the worker.
                "timeout": 30,
                "graceful_timeout": 20,
                "keepalive": 5,
                "accesslog": None,
                "preload_app": False,
                # The gthread worker touches its heartbeat file on every turn of its loop (several
                # a request); on tmpfs that is a memory write, on a disk-backed /tmp a filesystem one.
                "worker_tmp_dir": "/dev/shm" if os.path.isdir("/dev/shm") else None,  # noqa: S108 - a tmpfs for a heartbeat file, not a temporary file
            }
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> Callable[..., Iterable[bytes]]:
            return build()

    Server().run()
