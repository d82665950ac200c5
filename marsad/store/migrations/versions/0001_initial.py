"""The initial schema: documents, sources, entities, events, quotes, failures,
and full-text search over the Arabic matching key.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("source_name", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.String(10), index=True),
        sa.Column("outlet", sa.Text, index=True),
        sa.Column("author", sa.Text),
        sa.Column("story_id", sa.String(64), index=True),
        sa.Column("raw", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("offsets", sa.JSON, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
    )
    op.create_table(
        "sources",
        sa.Column("fingerprint", sa.String(64), primary_key=True),
        sa.Column(
            "doc_id",
            sa.String(64),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("path", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("published", sa.String(10)),
        sa.Column("created_at", _TS, nullable=False),
    )
    op.create_table(
        "entities",
        sa.Column(
            "doc_id",
            sa.String(64),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("entity_id", sa.String(200), primary_key=True),
        sa.Column("type", sa.String(8), nullable=False, index=True),
        sa.Column("name_ar", sa.Text, nullable=False),
        sa.Column("name_en", sa.Text),
        sa.Column("country", sa.String(3)),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
    )
    op.create_index("ix_entities_entity_id", "entities", ["entity_id"])
    op.create_table(
        "events",
        sa.Column(
            "doc_id",
            sa.String(64),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("idx", sa.Integer, primary_key=True),
        sa.Column("type", sa.String(16), nullable=False, index=True),
        sa.Column("mode", sa.String(32)),
        sa.Column("actor", sa.JSON, nullable=False),
        sa.Column("recipient", sa.JSON, nullable=False),
        sa.Column("location", sa.String(200), index=True),
        sa.Column("date", sa.String(10), index=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("context", sa.JSON, nullable=False),
        sa.Column("topics", sa.JSON, nullable=False),
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("evidence_text", sa.Text, nullable=False),
        sa.Column("happening_id", sa.String(64), index=True),
    )
    op.create_table(
        "quotes",
        sa.Column(
            "doc_id",
            sa.String(64),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("idx", sa.Integer, primary_key=True),
        sa.Column("speaker", sa.String(200), index=True),
        sa.Column("cue", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )
    op.create_table(
        "failures",
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("reason", sa.String(32), nullable=False, index=True),
        sa.Column("message", sa.Text),
        sa.Column("created_at", _TS, nullable=False),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # FTS5 over the matching key (OFFLINE.md: FTS5 needs normalised text).
        op.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5(doc_id UNINDEXED, body, tokenize='unicode61')"
        )
    elif bind.dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_documents_search ON documents USING gin (to_tsvector('simple', search_text))"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS documents_fts")
    for name in ("failures", "quotes", "events", "entities", "sources", "documents"):
        op.drop_table(name)
