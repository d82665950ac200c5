"""Each report keeps its own metadata: a syndicated copy stored as another
report of the same content has its own outlet, title, author and citations.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("title", sa.Text))
        batch.add_column(sa.Column("author", sa.Text))
        batch.add_column(sa.Column("cites", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("cites")
        batch.drop_column("author")
        batch.drop_column("title")
