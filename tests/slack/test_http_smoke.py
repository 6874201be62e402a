"""First contact: the HTTP app answers signed requests and refuses unsigned ones."""



def test_actions_command_answers_in_the_ack(slack_app, demo) -> None:  # type: ignore[no-untyped-def]
    reply, _ = slack_app.command("/overdue")
    assert reply.status == 200
    assert reply.json["response_type"] == "ephemeral"
    assert "Overdue actions" in reply.blocks_text
