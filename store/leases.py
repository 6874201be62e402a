"""Claims with a lease: how several clock processes share work without doing it twice.

A row of work (a digest delivery, a reminder) is claimed by writing state "claimed" and a
`lease_until`; the claimant renews the lease while it works and finishes the row when done. A
claimant that dies leaves the row claimed with a lease that runs out, and whoever next finds it
so takes it over. Taking over is one conditional UPDATE, so of two processes trying at once
exactly one wins.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, update
from sqlalchemy.orm import Session

from store.db import rows_changed


def lease_expired(model: type[Any], now: datetime) -> ColumnElement[bool]:
    """Rows of `model` claimed by a process whose lease has run out."""
    return and_(model.state == "claimed", model.lease_until < now)


def take_over(session: Session, model: type[Any], row_id: int, now: datetime, **values: Any) -> bool:
    """Take the expired claim on one row, setting `values` (a new lease, the new claimant): True
    if this process won it, False if another took it first or its claimant renewed in time."""
    return rows_changed(session, update(model).where(model.id == row_id, lease_expired(model, now)).values(**values)) == 1
