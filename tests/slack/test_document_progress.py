"""The document's own progress notes on the action card."""

from datetime import date

from store.importer import import_plan
from tests.conftest import NOW, WORKSPACE, ActionSpec, parsed_plan


def test_the_action_card_shows_the_progress_the_document_reported(slack_app, db) -> None:  # type: ignore[no-untyped-def]
    parsed = parsed_plan("Letters review", [ActionSpec("4", "Revise the letter.", ["Linda Mann"])], document_date=date(2025, 12, 1))
    parsed.recommendations[0].actions[0].comments = "Draft with legal; expected back in January."
    with db.session_factory.begin() as session:
        import_plan(session, WORKSPACE, parsed, now=NOW, code="LR")
    reply, _ = slack_app.command("/action", "LR-4")
    assert "*Progress in the document* (1 Dec 2025)\n> Draft with legal; expected back in January." in reply.blocks_text
