"""The console: a terminal chat through the same listeners, on the embedded store."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main


@pytest.fixture
def store_url() -> str:
    """The embedded store (no DATABASE_URL): conftest gives each test its own data folder."""
    return "embedded"


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A store named by DATABASE_URL, as a council's shared database would be."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def chat(*lines: str, args: tuple[str, ...] = ()) -> str:
    result = CliRunner().invoke(main, ["console", *args], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    return result.output


def test_piped_input_on_an_empty_store_loads_the_demo_and_answers(store_url: str) -> None:
    output = chat("/overdue")
    assert "Loaded demo data" in output
    assert "Overdue actions" in output
    assert "days overdue" in output


def test_the_demo_is_loaded_only_once(store_url: str) -> None:
    chat("/actions")
    assert "Loaded demo data" not in chat("/actions")


def test_no_demo_leaves_the_store_empty_and_says_how_to_fill_it(store_url: str) -> None:
    output = chat("/actions status:all", args=("--no-demo",))
    assert "scrutiny-bot import" in output
    assert "No actions match" in output


def test_a_question_without_a_slash_is_answered_as_a_search(store_url: str) -> None:
    assert "mentioning" in chat("telephone triage")


def test_next_pages_through_a_long_list(store_url: str) -> None:
    output = chat("/actions status:all", "next")
    assert "showing 1–8" in output and "showing 9–16" in output


def test_an_unknown_command_says_what_to_type(store_url: str) -> None:
    assert "/actions help" in chat("/frobnicate")


def test_action_shows_one_action_with_its_history(store_url: str) -> None:
    output = chat("/action NF-3.1a")
    assert "Recommendation 3.1" in output and "Updates (2)" in output


def test_piped_input_never_loads_the_demo_into_a_database_url_store(database_url: str) -> None:
    output = chat("/overdue")
    assert "Loaded demo data" not in output
    assert "scrutiny-bot console --demo" in output and "scrutiny-bot import" in output
    assert "shared.db" in output  # says which store it looked in
    assert "Loaded demo data" not in chat("/overdue")  # and asking again changes nothing


def test_demo_data_goes_into_a_database_url_store_when_asked_for(database_url: str) -> None:
    output = chat("/overdue", args=("--demo",))
    assert "Loaded demo data" in output and "days overdue" in output


def test_an_interactive_console_asks_about_the_demo_only_for_the_embedded_store(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import types

    import bot.cli

    asked: list[str] = []
    monkeypatch.setattr(bot.cli, "sys", types.SimpleNamespace(stdin=types.SimpleNamespace(isatty=lambda: True)))

    def confirm(text: str, **_: object) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(bot.cli.click, "confirm", confirm)
    CliRunner().invoke(main, ["console", "--workspace", "T0EMBEDDED"], input="/actions\n")
    assert len(asked) == 1  # the embedded store: offered
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'shared.db'}")
    output = CliRunner().invoke(main, ["console"], input="/actions\n").output
    assert len(asked) == 1 and "scrutiny-bot console --demo" in output  # DATABASE_URL: not offered


def test_an_out_of_date_shared_database_is_refused_with_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import text

    from store.db import create_store_engine, upgrade

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_store_engine(url)
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    monkeypatch.setenv("DATABASE_URL", url)
    result = CliRunner().invoke(main, ["console"], input="/actions\n")
    assert result.exit_code != 0
    assert "scrutiny-bot db upgrade" in result.output


def test_the_readmes_examples_work_on_the_demo(store_url: str) -> None:
    output = chat("/actions owner:Linda Mann", "what is overdue for Diane?", "/action BR-7.4.3")
    assert "Actions owned by Linda Mann" in output
    assert "Overdue actions owned by Diane Brown" in output
    assert "BR-7.4.3 · Housing Repairs Review" in output


def test_a_question_about_nobody_says_there_is_no_such_owner_and_who_there_is(store_url: str) -> None:
    output = chat("what is overdue for Zebedee?")
    assert "There is no owner called zebedee" in output and "Owners here include" in output
    assert "Nothing is overdue" not in output


def test_choices_are_numbered_and_a_number_chooses(store_url: str) -> None:
    output = chat("transport", "2")
    assert "Type a number to choose: 1. the owner Transport Planning Team  2. the plan ST" in output
    assert "Actions in ST (Home to School Transport)" in output


def test_a_number_chooses_between_plans_sharing_a_ref(store_url: str) -> None:
    output = chat("/action 3.1", "2")
    assert "1. NF-3.1a  2. NF-3.1b" in output and "NF-3.1b · Home Adaptations" in output


def test_a_number_with_nothing_to_choose_says_so(store_url: str) -> None:
    assert "nothing to choose from" in chat("1")


def test_mine_explains_how_to_act_as_an_owner_then_lists_theirs(store_url: str) -> None:
    output = chat("/mine", "as Linda Mann", "/mine")
    assert "/link" not in output
    assert "as Linda Mann" in output and "You are now acting as Linda Mann" in output
    assert "Your actions still open" in output and "BR-7.4.3" in output


def test_every_slack_command_works_here_or_says_it_needs_slack(store_url: str) -> None:
    from bot.console import COMMANDS, slack_commands

    lines = [f"{command} help" for command in slack_commands() if command not in COMMANDS]
    output = chat(*lines)
    assert output.count("needs Slack") == len(lines) > 0
    assert "I don't know the command" not in output


def test_update_without_a_colon_sets_the_status(store_url: str) -> None:
    output = chat("/update NF-3.4 done", "/update BR-7.4.3 blocked")
    assert "Saved your update to NF-3.4: now done" in output
    assert "Say what is blocking it" in output and "/update BR-7.4.3 blocked: what is blocking it" in output


def test_the_demo_shows_responses_overdue_and_awaiting_with_a_real_recommendation_to_type(store_url: str) -> None:
    output = " ".join(chat("/responses").split())
    assert "Overdue for a response" in output and "BR-7.8" in output
    assert "Awaiting a response" in output and "CS-1" in output
    assert "/respond BR-7.8 accepted" in output and "BR-7.4 " not in output


def test_the_demos_cycle_has_responses_assessments_and_a_signoff_in_the_history(store_url: str) -> None:
    output = " ".join(chat("/assess BR-7.6", "/assess NF-3.5", "/assess BR-7.7").split())
    assert "slipped, new date" in output and "second surveyor" in output
    assert "rejected" in output and "occupational therapist" in output
    assert "signed off at the meeting of" in output and "minute 23" in output
    assert "Sarah Quinn" in output


def test_committee_and_round_work_in_the_console_on_the_store(store_url: str) -> None:
    output = " ".join(chat(
        "/committee list",
        '/committee add "Housing Scrutiny Committee" meeting:2099-03-02',
        "/round status",
        '/round open committee:"Housing Scrutiny Committee" due:2099-02-01',
        '/round status committee:"Housing Scrutiny Committee"',
        "/round close",
    ).split())
    assert "needs Slack" not in output
    assert "Committee meetings ahead" in output and "Papers must be published by" in output
    assert "No update round is open. Open one with /round open committee:" in output
    assert "Update round open for Housing Scrutiny Committee" in output and "Linda Mann" in output
    assert "0 of 5 owners have returned updates" in output and "Kept for the report" in output


def test_a_mistyped_recommendation_or_committee_is_refused_with_the_nearest(store_url: str) -> None:
    output = " ".join(chat("/respond BR-7.9 accepted", '/round open committee:"Housing Scrutny" due:2099-01-01', "/responses").split())
    assert "No recommendation is called BR-7.9. Did you mean" in output
    assert "There is no committee called Housing Scrutny. Did you mean Housing Scrutiny Committee?" in output
    assert "Awaiting a response" in output  # nothing was recorded or opened
