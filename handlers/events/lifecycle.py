"""Uninstalls and revoked tokens: forget the tokens, and keep or delete the data as chosen."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from handlers.context import Services
from store.db import transaction
from store.workspaces import purge_workspace, wants_data_deleted

logger = logging.getLogger(__name__)


def handle_app_uninstalled(context: Mapping[str, Any], services: Services, workspace: str) -> None:
    store = services.installation_store
    if store is not None:
        store.delete_all(enterprise_id=context.get("enterprise_id"), team_id=workspace)
    with transaction(services.session_factory) as session:
        if wants_data_deleted(session, workspace):
            purge_workspace(session, workspace)
            logger.info("uninstalled from %s: tokens and data deleted", workspace)
        else:
            logger.info("uninstalled from %s: tokens deleted, data kept (scrutiny-bot workspace purge removes it)", workspace)


def handle_tokens_revoked(event: Mapping[str, Any], context: Mapping[str, Any], services: Services, workspace: str) -> None:
    store = services.installation_store
    if store is None:
        return
    tokens = event.get("tokens") or {}
    for user_id in tokens.get("oauth", []) or []:
        store.delete_installation(enterprise_id=context.get("enterprise_id"), team_id=workspace, user_id=user_id)
    if tokens.get("bot"):
        store.delete_bot(enterprise_id=context.get("enterprise_id"), team_id=workspace)
    logger.info("tokens revoked in %s", workspace)
