"""Who is asking: their linked owners and whether they are an officer, from the store and Slack."""

from __future__ import annotations

from slack_sdk import WebClient

from handlers.context import Services
from store.links import is_officer, owner_ids_for
from store.permissions import Person


def person_for(services: Services, client: WebClient | None, workspace_id: str, user_id: str) -> Person:
    groups = services.directory.usergroups_of(client, workspace_id, user_id)
    with services.session_factory() as session:
        owner_ids = owner_ids_for(session, workspace_id, user_id, groups)
        officer = (
            user_id in services.configured_officers(workspace_id)
            or (services.officer_usergroup_id is not None and services.officer_usergroup_id in groups)
            or is_officer(session, workspace_id, user_id)
        )
    return Person(
        user_id=user_id,
        name=services.directory.name_of(client, workspace_id, user_id),
        is_officer=officer,
        owner_ids=frozenset(owner_ids),
    )
