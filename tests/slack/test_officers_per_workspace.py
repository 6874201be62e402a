"""Officers belong to a workspace: OFFICER_USER_IDS never makes anyone an officer everywhere."""

from zoneinfo import ZoneInfo

from handlers.context import Services, officers_named_for
from handlers.people import person_for
from tests.conftest import OTHER_WORKSPACE, WORKSPACE


def test_a_workspace_pair_names_an_officer_of_that_workspace_only() -> None:
    entries = frozenset({f"{OTHER_WORKSPACE}:U0BOSS"})
    assert officers_named_for(entries, OTHER_WORKSPACE, multi_workspace=True) == ["U0BOSS"]
    assert officers_named_for(entries, WORKSPACE, multi_workspace=True) == []
    assert officers_named_for(entries, WORKSPACE, multi_workspace=False) == []


def test_a_bare_user_id_counts_only_when_the_bot_serves_one_workspace() -> None:
    entries = frozenset({"U0OFFICER"})
    assert officers_named_for(entries, WORKSPACE, multi_workspace=False) == ["U0OFFICER"]
    assert officers_named_for(entries, WORKSPACE, multi_workspace=True) == []


def test_in_a_multi_workspace_deployment_a_listed_officer_is_an_officer_only_where_named(db) -> None:  # type: ignore[no-untyped-def]
    services = Services(session_factory=db.session_factory, timezone=ZoneInfo("Europe/London"), multi_workspace=True,
                        officer_user_ids=frozenset({"U0BARE", f"{WORKSPACE}:U0BOSS"}))
    assert person_for(services, None, WORKSPACE, "U0BOSS").is_officer
    assert not person_for(services, None, OTHER_WORKSPACE, "U0BOSS").is_officer
    assert not person_for(services, None, WORKSPACE, "U0BARE").is_officer
    assert not person_for(services, None, OTHER_WORKSPACE, "U0BARE").is_officer


def test_the_settings_carry_the_mode_to_the_services(db) -> None:  # type: ignore[no-untyped-def]
    from bot.runtime import Store, build_services
    from bot.settings import Settings

    oauth = Settings(database_url=db.url, slack_client_id="1.2", slack_client_secret="s", officer_user_ids="U0BARE T0TESTA:U0BOSS")
    services = build_services(oauth, Store(db.engine, db.session_factory))
    assert services.configured_officers(WORKSPACE) == ["U0BOSS"] and services.configured_officers(OTHER_WORKSPACE) == []
    single = Settings(database_url=db.url, slack_bot_token="xoxb-x", officer_user_ids="U0BARE")
    assert build_services(single, Store(db.engine, db.session_factory)).configured_officers(WORKSPACE) == ["U0BARE"]
