"""Alembic environment: run with a connection passed in ``config.attributes``."""

from __future__ import annotations

from alembic import context

from marsad.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the programmatic path is supported
    raise RuntimeError("marsad migrations run through marsad.store.migrate(engine)")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
