"""The HTTP face of the bot: Bolt at /slack/events (and the OAuth pages), plus /healthz."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

StartResponse = Callable[..., Any]


def create_wsgi_app(app: App | None, session_factory: sessionmaker[Session]) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    slack = SlackRequestHandler(app, path=EVENTS_PATH) if app is not None else None

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            return _health(session_factory, start_response)
        if slack is None:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"Not Found"]
        return slack(environ, start_response)

    return application


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


def serve_with_gunicorn(build: Callable[[], Callable[..., Iterable[bytes]]], *, port: int, workers: int, threads: int, host: str = "0.0.0.0") -> None:
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
            }
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> Callable[..., Iterable[bytes]]:
            return build()

    Server().run()
