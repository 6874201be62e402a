"""Installing to many workspaces with OAuth, and uninstalling: tokens forgotten, data kept or purged."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from sqlalchemy import func, select, table

from bot.app import create_app
from bot.settings import Settings
from bot.web import create_wsgi_app
from store.links import officer_ids
from store.models import Action, Workspace
from tests.conftest import WORKSPACE
from tests.fakes import slack_requests as sr
from tests.fakes.running_app import SIGNING_SECRET, RunningApp, eventually
from tests.fakes.slack_web_api import FakeSlackWebAPI

NEW_TEAM = "T0NEWCOUNCIL"
INSTALLER = "U0INSTALLER"


@pytest.fixture
def oauth_slack():  # type: ignore[no-untyped-def]
    response = {
        "ok": True, "app_id": "A0APP", "authed_user": {"id": INSTALLER}, "scope": "commands,chat:write",
        "token_type": "bot", "access_token": "xoxb-new-council", "bot_user_id": "U0BOT", "bot_id": "B0BOT",
        "team": {"id": NEW_TEAM, "name": "New Council"}, "enterprise": None, "is_enterprise_install": False,
    }
    with FakeSlackWebAPI(team_id=NEW_TEAM, oauth_v2_access_response=response) as fake:
        yield fake


@pytest.fixture
def oauth_app(db, services, oauth_slack):  # type: ignore[no-untyped-def]
    settings = Settings(
        database_url=db.url, slack_signing_secret=SIGNING_SECRET, slack_client_id="111.222",
        slack_client_secret="not-a-real-secret", slack_api_url=oauth_slack.base_url,
    )
    app = create_app(settings, services, engine=db.engine)
    running = RunningApp(create_wsgi_app(app, services.session_factory), oauth_slack, NEW_TEAM)
    yield running
    running.close()


def install(oauth_app) -> str:  # type: ignore[no-untyped-def]
    """Walk the install flow as a browser does; returns the final page. The state cookie is
    marked Secure, so it is carried by hand here (the test server speaks plain HTTP)."""
    with urllib.request.urlopen(oauth_app.url + "/slack/install", timeout=10) as response:
        page = response.read().decode()
        cookie = response.headers["Set-Cookie"].split(";")[0]
    found = re.search(r"state=([\w-]+)", page)
    assert found is not None, page
    state = found.group(1)
    redirect = urllib.request.Request(f"{oauth_app.url}/slack/oauth_redirect?code=the-code&state={state}", headers={"Cookie": cookie})
    with urllib.request.urlopen(redirect, timeout=10) as response:
        return response.read().decode()


def installations(db) -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(table("slack_bots")))


def test_the_install_page_links_to_slack_with_our_client_id(oauth_app) -> None:  # type: ignore[no-untyped-def]
    page = urllib.request.urlopen(oauth_app.url + "/slack/install", timeout=10).read().decode()
    assert "https://slack.com/oauth/v2/authorize" in page and "client_id=111.222" in page and "state=" in page


def test_installing_stores_the_workspaces_token_and_makes_the_installer_an_officer(oauth_app, db) -> None:  # type: ignore[no-untyped-def]
    page = install(oauth_app)
    assert "Thank you" in page
    [call] = oauth_app.slack.calls_to("oauth.v2.access")
    assert call.body["code"] == "the-code"
    assert installations(db) == 1
    with db.session() as session:
        assert officer_ids(session, NEW_TEAM) == [INSTALLER]
        assert session.get(Workspace, NEW_TEAM).name == "New Council"


def test_a_redirect_without_a_valid_state_is_refused(oauth_app, db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{oauth_app.url}/slack/oauth_redirect?code=x&state=forged", timeout=10)
    assert refused.value.code in (400, 401, 403)
    assert installations(db) == 0


def test_an_installed_workspace_is_answered_with_its_own_token(oauth_app, db) -> None:  # type: ignore[no-untyped-def]
    install(oauth_app)
    reply, _ = oauth_app.command("/actions", "help", team=NEW_TEAM)
    assert reply.status == 200 and "Asking about scrutiny actions" in reply.blocks_text
    oauth_app.slack.reset()
    oauth_app.event(sr.app_mention_event("<@U0BOT> help"), team=NEW_TEAM)
    [post] = oauth_app.slack.wait_for("chat.postEphemeral")
    assert post.token == "xoxb-new-council"


def test_a_workspace_that_never_installed_gets_nothing(oauth_app, db) -> None:  # type: ignore[no-untyped-def]
    reply, _ = oauth_app.command("/actions", "help", team="T0STRANGER")
    assert "Asking about scrutiny actions" not in reply.text


def test_uninstalling_forgets_the_tokens_and_keeps_the_data_by_default(oauth_app, db, demo) -> None:  # type: ignore[no-untyped-def]
    install(oauth_app)
    oauth_app.event({"type": "app_uninstalled"}, team=NEW_TEAM)
    assert eventually(lambda: installations(db) == 0)
    with db.session() as session:
        assert session.get(Workspace, NEW_TEAM) is not None
        assert session.scalar(select(func.count()).select_from(Action).where(Action.workspace_id == WORKSPACE)) == 34


def test_uninstalling_deletes_the_data_when_the_workspace_chose_that(oauth_app, db, add_plan) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import ActionSpec

    install(oauth_app)
    add_plan("New council plan", [ActionSpec("1", "Something.", ["Someone Here"])], workspace=NEW_TEAM)
    with db.session_factory.begin() as session:
        session.get(Workspace, NEW_TEAM).delete_on_uninstall = True
    oauth_app.event({"type": "app_uninstalled"}, team=NEW_TEAM)

    def gone() -> bool:
        with db.session() as session:
            return session.get(Workspace, NEW_TEAM) is None

    assert eventually(gone)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Action).where(Action.workspace_id == NEW_TEAM)) == 0
        assert session.get(Workspace, WORKSPACE) is not None


def test_revoked_bot_tokens_are_forgotten(oauth_app, db) -> None:  # type: ignore[no-untyped-def]
    install(oauth_app)
    oauth_app.event({"type": "tokens_revoked", "tokens": {"bot": ["U0BOT"]}}, team=NEW_TEAM)
    assert eventually(lambda: installations(db) == 0)


def test_an_installed_workspace_is_checked_with_slack_once_not_on_every_request(oauth_app, db) -> None:  # type: ignore[no-untyped-def]
    install(oauth_app)
    oauth_app.slack.reset()
    for _ in range(3):
        reply, _ = oauth_app.command("/actions", "help", team=NEW_TEAM)
        assert "Asking about scrutiny actions" in reply.blocks_text
    assert len(oauth_app.slack.calls_to("auth.test")) == 1


def test_an_uninstalled_workspace_is_refused_at_once_though_its_token_was_checked(oauth_app, db) -> None:  # type: ignore[no-untyped-def]
    install(oauth_app)
    reply, _ = oauth_app.command("/actions", "help", team=NEW_TEAM)
    assert "Asking about scrutiny actions" in reply.blocks_text
    oauth_app.event({"type": "app_uninstalled"}, team=NEW_TEAM)
    assert eventually(lambda: installations(db) == 0)
    reply, _ = oauth_app.command("/actions", "help", team=NEW_TEAM)
    assert "Asking about scrutiny actions" not in reply.text
