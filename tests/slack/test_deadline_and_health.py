"""No command misses Slack's 3-second ack, and the service reports its own health."""

import time

from sqlalchemy.exc import OperationalError

import handlers.commands.actions as actions_command
from tests.fakes.running_app import blocks_text


def test_a_slow_answer_is_acked_at_once_and_delivered_through_the_response_url(slack_app, demo, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = actions_command.list_reply

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(actions_command, "list_reply", slow)
    services.reply_budget = 0.05
    started = time.monotonic()
    reply, name = slack_app.command("/actions", "status:blocked")
    acked_after = time.monotonic() - started
    assert reply.status == 200 and "Working on it" in reply.text
    assert acked_after < 0.45
    [answer] = slack_app.slack.wait_for_responses(name, 1)
    assert answer["replace_original"] is True and "Blocked actions" in blocks_text(answer)


def test_a_store_outage_gets_a_try_again_reply_not_an_error_page(slack_app, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(actions_command, "list_reply", broken)
    reply, _ = slack_app.command("/actions", "status:blocked")
    assert reply.status == 200
    assert "isn't answering right now" in reply.blocks_text and "again in a minute" in reply.blocks_text


def test_a_bug_gets_an_apology_and_is_logged(slack_app, demo, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(actions_command, "list_reply", lambda *a, **k: 1 / 0)
    reply, _ = slack_app.command("/actions", "x")
    assert "Something went wrong on our side" in reply.blocks_text
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)


def test_healthz_reports_the_database_ok(slack_app) -> None:  # type: ignore[no-untyped-def]
    reply = slack_app.get("/healthz")
    assert (reply.status, reply.json) == (200, {"status": "ok", "database": "ok"})


def test_healthz_reports_503_when_the_database_is_unreachable() -> None:
    from wsgiref.util import setup_testing_defaults

    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    from bot.web import create_wsgi_app

    nowhere = create_engine("postgresql+psycopg://postgres@127.0.0.1:1/none", connect_args={"connect_timeout": 1})
    application = create_wsgi_app(app=None, session_factory=sessionmaker(nowhere))
    environ: dict = {"PATH_INFO": "/healthz"}
    setup_testing_defaults(environ)
    statuses: list[str] = []
    body = b"".join(application(environ, lambda status, headers: statuses.append(status)))
    assert statuses == ["503 Service Unavailable"]
    assert b'"database": "unreachable"' in body


def test_other_paths_are_not_found(slack_app) -> None:  # type: ignore[no-untyped-def]
    assert slack_app.get("/admin").status == 404
