"""/actions on the imported seed plans, through signed HTTP requests: names typed as people type them."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import WORKSPACE

ACTION_PLANS = ("000", "001", "002")


@pytest.fixture
def seeded(db, seeds: Path, now: datetime):  # type: ignore[no-untyped-def]
    from store.importer import import_plan
    from store.importing import read_document

    with db.session_factory.begin() as session:
        for prefix in ACTION_PLANS:
            import_plan(session, WORKSPACE, read_document(next(seeds.glob(f"{prefix}_*.txt"))), now=now)
    return db


def linda_handles(db) -> set[str]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from store.models import Action, ActionOwner, Owner

    with db.session_factory() as session:
        return set(
            session.scalars(
                select(Action.handle)
                .join(ActionOwner, ActionOwner.action_id == Action.id)
                .join(Owner, Owner.id == ActionOwner.owner_id)
                .where(Owner.workspace_id == WORKSPACE, Owner.name == "Linda Mann")
            )
        )


def listed(reply) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    title = reply.json["blocks"][0]["text"]["text"]
    counted = re.match(r"([\d,]+) actions?", reply.json["blocks"][1]["elements"][0]["text"])
    assert counted is not None, reply.json["blocks"][1]
    total = int(counted.group(1).replace(",", ""))
    return title, total


@pytest.mark.parametrize("typed", ["owner:Linda Mann", "owner:linda mann", "owner:LINDA MANN", 'owner:"Linda Mann"', "owner:Linda"])
def test_an_unquoted_full_name_lists_that_owners_actions(slack_app, seeded, typed: str) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/actions", typed)
    title, total = listed(reply)
    assert title == "Actions owned by Linda Mann"
    assert total == len(linda_handles(seeded)) > 0


def test_words_after_a_full_name_are_searched_within_that_owners_actions(slack_app, seeded) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/actions", "owner:Linda Mann equipment status:all")
    title, _total = listed(reply)
    assert title.startswith("Actions owned by Linda Mann") and "mentioning “equipment”" in title


def test_a_plan_named_by_its_subject_runs_on_over_the_words(slack_app, seeded) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/actions", "plan:integrated occupational therapy")
    title, total = listed(reply)
    assert title.startswith("Actions in CAIO") and "mentioning" not in title and total > 0


def test_a_misspelt_alias_from_the_document_is_still_diane(slack_app, seeded) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/actions", "owner:Diane Browm")
    assert listed(reply)[0] == "Actions owned by Diane Brown"


def test_a_near_miss_of_an_unquoted_full_name_offers_the_owner_without_losing_the_other_words(slack_app, seeded) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/actions", 'owner:"Lynda Man" equipment')
    buttons = [e for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons and '"q":"equipment owner:\\"Linda Mann\\""' in buttons[0]["value"]


def test_without_owner_removes_a_name_that_ran_over_several_words() -> None:
    from handlers.replies import without_owner

    assert without_owner("owner:Lynda Man equipment status:open", "Lynda Man") == "equipment status:open"
    assert without_owner('owner:"Linda Mann" equipment') == "equipment"
