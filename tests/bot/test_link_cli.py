"""`scrutiny-bot link` and `officers add` take only Slack user ids, and say what a link replaces."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bot.cli import main
from store.links import linked_users, officer_ids
from store.owners import resolve_owner
from tests.conftest import WORKSPACE


@pytest.fixture
def cli(demo, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATABASE_URL", demo.url)

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, [*args, "--workspace", WORKSPACE])
        return result.exit_code, result.output

    return run


def links_of(db, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        owner = resolve_owner(session, WORKSPACE, name)
        return linked_users(session, WORKSPACE, [owner.id]).get(owner.id, [])


@pytest.mark.parametrize("bogus", ["bogus", "notanid", "u0123abcd", "C0123ABCD", "U01", "U0123 ABCD", "<@>"])
def test_link_refuses_what_is_no_slack_user_id_and_says_the_form(cli, demo, bogus: str) -> None:  # type: ignore[no-untyped-def]
    code, output = cli("link", bogus, "Priya Raman")
    assert code != 0 and "looks like U0123ABCD" in output
    assert links_of(demo, "Priya Raman") == []


def test_link_says_which_link_it_replaces(cli, demo) -> None:  # type: ignore[no-untyped-def]
    assert cli("link", "U0PRIYA01", "Priya Raman")[0] == 0
    code, output = cli("link", "U0PRIYA02", "Priya Raman")
    assert code == 0 and "This replaces the link to U0PRIYA01" in output
    assert links_of(demo, "Priya Raman") == ["U0PRIYA02"]


def test_linking_the_same_person_again_says_nothing_changed(cli, demo) -> None:  # type: ignore[no-untyped-def]
    cli("link", "U0PRIYA01", "Priya Raman")
    code, output = cli("link", "<@U0PRIYA01>", "Priya Raman")
    assert code == 0 and "already linked" in output and "replaces" not in output


def test_officers_add_refuses_what_is_no_user_id_and_adds_nothing(cli, demo) -> None:  # type: ignore[no-untyped-def]
    code, output = cli("officers", "add", "U0GOOD01", "notanid")
    assert code != 0 and "'notanid' is not a Slack user id" in output and "looks like U0123ABCD" in output
    with demo.session() as session:
        assert officer_ids(session, WORKSPACE) == []


def test_officers_add_takes_user_ids(cli, demo) -> None:  # type: ignore[no-untyped-def]
    code, output = cli("officers", "add", "U0GOOD01", "W0GRID001")
    assert code == 0 and "U0GOOD01" in output
    with demo.session() as session:
        assert sorted(officer_ids(session, WORKSPACE)) == ["U0GOOD01", "W0GRID001"]
