"""The store on SQLite and PostgreSQL: writes, duplicates, idempotency, schema."""

from __future__ import annotations

from marsad.doc import Entity, Event, Mention, NewsDoc, OffsetMap, Outcome, Quote, Source, Span
from marsad.export.document import validate_document
from marsad.ids import content_id
from marsad.store import Store, migrate


def make_doc(name: str, body: str, fp: str | None = None) -> NewsDoc:
    doc = NewsDoc(source=Source(name=name, path=f"/in/{name}"), raw="ترويسة\n" + body)
    doc.text = body
    doc.offsets = OffsetMap()
    doc.offsets.add_run(0, len("ترويسة\n"), len(body))
    doc.id = content_id(body)
    doc.published = "2024-03-05"
    doc.outlet = "صحيفة المرصد"
    start = body.index("سامر")
    doc.entities = [
        Entity(
            id="ar:سامر نبيل",
            type="PERSON",
            name_ar="سامر نبيل",
            mentions=[Mention(start, start + 4, "سامر")],
        ),
        Entity(id="amman", type="LOC", name_ar="عمان", name_en="Amman", country="JOR"),
    ]
    doc.events = [
        Event(
            type="CONSULT",
            evidence=Span(0, len(body)),
            mode="visit",
            actor=["ar:سامر نبيل"],
            recipient=[],
            location="amman",
        )
    ]
    doc.quotes = [Quote(speaker="ar:سامر نبيل", cue="قال", text="التعاون مستمر", start=0, end=5)]
    doc.ext["fingerprint"] = fp or f"fp-{name}"
    return doc


BODY = "زار سامر نبيل العاصمة عمان أمس وبحث التعاون الثنائي."


def test_store_write_and_read_back(store: Store) -> None:
    outs = store.write([make_doc("a.txt", BODY)])
    assert [o.status for o in outs] == ["stored"]
    docs = list(store.iter_documents())
    assert len(docs) == 1
    d = docs[0]
    assert validate_document(d) == []
    assert d["source"]["name"] == "a.txt"
    assert d["events"][0]["reports"] == [d["id"]]
    assert d["entities"][0]["mentions"][0]["text"] == "سامر"


def test_store_same_content_is_another_report_not_a_new_document(store: Store) -> None:
    store.write([make_doc("a.txt", BODY)])
    outs = store.write([make_doc("copy.txt", BODY, fp="fp-copy")])
    assert outs[0].status == "duplicate"
    assert store.count_documents() == 1
    assert store.count_sources() == 2
    assert [d["source"]["name"] for d in store.iter_documents()] == ["a.txt"]
    views = list(store.iter_documents(reports=True))
    assert [d["source"]["name"] for d in views] == ["a.txt", "copy.txt"]
    assert views[0]["id"] == views[1]["id"]
    assert all(validate_document(v) == [] for v in views)


def test_store_known_fingerprints(store: Store) -> None:
    store.write([make_doc("a.txt", BODY)])
    assert store.known_fingerprints(["fp-a.txt", "fp-b.txt"]) == {"fp-a.txt"}


def test_store_failures_recorded_and_cleared(store: Store) -> None:
    store.write([], [Outcome("/in/a.txt", "failed", "undecodable", "bad bytes")])
    assert store.failures()[0]["reason"] == "undecodable"
    store.write([make_doc("a.txt", BODY)])
    assert store.failures() == []


def test_store_stories_and_reports(store: Store) -> None:
    a = make_doc("a.txt", BODY)
    b = make_doc("b.txt", BODY + " وأكد الجانبان أهمية التنسيق.")
    store.write([a, b])
    assert a.id and b.id
    store.set_stories({a.id: "s-1", b.id: "s-1"}, {(a.id, 0): "h-1", (b.id, 0): "h-1"})
    docs = {d["id"]: d for d in store.iter_documents()}
    assert docs[a.id]["story"] == "s-1"
    assert docs[a.id]["events"][0]["reports"] == sorted([a.id, b.id])


def test_store_migrations_match_the_schema_module(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from marsad.store.schema import metadata

    migrate(store.engine)  # a second upgrade is a no-op
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn)
        diff = [d for d in compare_metadata(ctx, metadata) if not _is_fts(d)]
    assert diff == []


def _is_fts(d: object) -> bool:
    text = repr(d)
    return "documents_fts" in text or "ix_documents_search" in text
