"""A slow Slack (timeouts, not errors) never breaks who-is-asking: people act as themselves."""

from slack_sdk import WebClient

from handlers.directory import LOOKUP_TIMEOUT, SlackDirectory
from tests.conftest import WORKSPACE
from tests.fakes.slack_web_api import FakeSlackWebAPI


def test_timeouts_from_users_info_and_usergroups_list_fall_back_quickly() -> None:
    with FakeSlackWebAPI(team_id=WORKSPACE, users={"U0001": "Alice Example"}) as slack:
        slack.delay("users.info", 2.0)
        slack.delay("usergroups.list", 2.0)
        client = WebClient(token="xoxb-test", base_url=slack.base_url, timeout=0.2)  # type: ignore[arg-type]  # slack_sdk says int; urllib takes fractions
        directory = SlackDirectory()
        assert directory.usergroups_of(client, WORKSPACE, "U0001") == frozenset()
        assert directory.name_of(client, WORKSPACE, "U0001") == "U0001"
        directory.usergroups_of(client, WORKSPACE, "U0002")  # the failure is remembered for a while
        assert len(slack.calls_to("usergroups.list")) == 1


def test_a_lookup_gets_a_short_budget_not_the_clients_own_timeout() -> None:
    with FakeSlackWebAPI(team_id=WORKSPACE, users={"U0001": "Alice Example"}) as slack:
        slack.delay("users.info", LOOKUP_TIMEOUT + 1.5)
        client = WebClient(token="xoxb-test", base_url=slack.base_url, timeout=30)  # as Bolt's client
        assert SlackDirectory().name_of(client, WORKSPACE, "U0001") == "U0001"
