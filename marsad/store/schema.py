"""The store's tables (SQLAlchemy Core). Changes go through a migration in
``marsad/store/migrations/versions`` as well; a test checks that the two agree."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = ["documents", "entities", "events", "failures", "metadata", "quotes", "sources"]

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("source_name", Text, nullable=False),
    Column("title", Text),
    Column("published", String(10), index=True),
    Column("outlet", Text, index=True),
    Column("author", Text),
    Column("story_id", String(64), index=True),
    Column("raw", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("search_text", Text, nullable=False),
    Column("offsets", JSON, nullable=False),
    Column("data", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("fingerprint", String(64), primary_key=True),
    Column(
        "doc_id",
        String(64),
        ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("name", Text, nullable=False),
    Column("path", Text),
    Column("url", Text),
    Column("outlet", Text),
    Column("published", String(10)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # this report's own metadata (a syndicated copy has its own outlet and title)
    Column("title", Text),
    Column("author", Text),
    Column("cites", JSON),
)

entities = Table(
    "entities",
    metadata,
    Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_id", String(200), primary_key=True),
    Column("type", String(8), nullable=False, index=True),
    Column("name_ar", Text, nullable=False),
    Column("name_en", Text),
    Column("country", String(3)),
    Column("roles", JSON, nullable=False),
    Column("mentions", Integer, nullable=False),
)
Index("ix_entities_entity_id", entities.c.entity_id)

events = Table(
    "events",
    metadata,
    Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("type", String(16), nullable=False, index=True),
    Column("mode", String(32)),
    Column("actor", JSON, nullable=False),
    Column("recipient", JSON, nullable=False),
    Column("location", String(200), index=True),
    Column("date", String(10), index=True),
    Column("status", String(16), nullable=False),
    Column("context", JSON, nullable=False),
    Column("topics", JSON, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("evidence_text", Text, nullable=False),
    Column("happening_id", String(64), index=True),
)

quotes = Table(
    "quotes",
    metadata,
    Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("speaker", String(200), index=True),
    Column("cue", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

failures = Table(
    "failures",
    metadata,
    Column("source", Text, primary_key=True),
    Column("reason", String(32), nullable=False, index=True),
    Column("message", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
