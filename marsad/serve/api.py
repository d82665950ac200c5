"""The REST API (FastAPI; OpenAPI at ``/openapi.json``, browsable at ``/docs``)
and the web page at ``/``: a thin shell over the store and the pipeline.

Read-only by default. ``POST /api/documents`` (ingest) needs a bearer token:
without one configured it answers 403, with a wrong one 401. Every error has
one JSON envelope ``{"ok": false, "error": {"status", "code", "message"}}``
(after Datasette's error shape). Rate limit, body limit and security headers
live in :mod:`marsad.serve.security`; CORS is closed unless origins are given.

Example:
    >>> from fastapi.testclient import TestClient
    >>> from marsad.store import Store
    >>> client = TestClient(create_app(Store.open("sqlite:///marsad.db")))
    >>> client.get("/api/health").json()["ok"]  # doctest: +SKIP
    True
"""

from __future__ import annotations

import functools
import hmac
import json
import logging
import threading
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, ParamSpec, TypeVar

import anyio
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy import select
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad.doc import NewsDoc
from marsad.export.graph import actor_graph
from marsad.settings import Settings, load_settings
from marsad.store import Store
from marsad.store import schema as t

from . import queries
from .security import Guard, error_body

__all__ = ["IngestRequest", "app_from_env", "create_app"]

logger = logging.getLogger(__name__)

#: Largest page any list returns (a page of 200 small rows is ~100 KB of JSON).
MAX_LIMIT = 200
#: A date filter: a year, a month or a day.
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"

#: Threads that run store queries at once: SQLAlchemy's default pool keeps 5
#: connections, and more threads than that would open and close an overflow
#: connection per request. (bench/load_api.py showed no throughput change
#: between 5 and anyio's default 40: one process is CPU-bound first.)
DB_THREADS = 5

P = ParamSpec("P")
R = TypeVar("R")

WEB = Path(str(resources.files("marsad") / "serve" / "web"))

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]
DateQ = Annotated[
    str | None, Query(pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD.")
]
Text = Annotated[str | None, Query(max_length=300)]


class IngestRequest(BaseModel):
    """One article to analyse and store (the JSONL record of the contract)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="The article as plain text.")
    html: str | None = Field(None, description="The article page as HTML.")
    id: str | None = Field(None, max_length=300, description="Your id (the source name).")
    url: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=300)
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    title: str | None = Field(None, max_length=2000)

    @model_validator(mode="after")
    def _has_content(self) -> IngestRequest:
        if not (self.text or "").strip() and not (self.html or "").strip():
            raise ValueError("give the article as 'text' or 'html'")
        return self


def _envelope(status: int, message: str, code: str | None = None, **kw: Any) -> JSONResponse:
    return JSONResponse(error_body(status, message, code), status_code=status, **kw)


class _Ingest:
    """The write side: one pipeline, one writer at a time (STYLE rule 9)."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._lock = threading.Lock()
        self._pipeline: Any = None

    def __call__(self, req: IngestRequest) -> tuple[int, dict[str, Any]]:
        from marsad.ids import raw_fingerprint
        from marsad.ingest.jsonl import read_jsonl
        from marsad.pipeline import Pipeline
        from marsad.stories import update_stories

        record = req.model_dump(exclude_none=True)
        line = json.dumps(record, ensure_ascii=False, sort_keys=True)
        fp = raw_fingerprint(line)
        item = next(iter(read_jsonl(line, "api")))
        if not isinstance(item, NewsDoc):
            return 422, error_body(422, item.message or "bad record", item.reason)
        item.source.path = None
        if req.id is None:
            item.source.name = f"api:{fp[:16]}"
        item.ext["fingerprint"] = fp
        with self._lock:
            if self.store.known_fingerprints([fp]):
                with self.store.engine.connect() as conn:
                    doc_id = conn.execute(
                        select(t.sources.c.doc_id).where(t.sources.c.fingerprint == fp)
                    ).scalar_one()
                return 200, {"ok": True, "status": "already_stored", "id": doc_id}
            if self._pipeline is None:
                self._pipeline = Pipeline(self.settings)
            res = self._pipeline.run_one(item)
            if res.doc is None:
                out = res.outcome
                return 422, error_body(422, out.message or str(out.reason), out.reason)
            outcome = self.store.write([res.doc])[0]
            if outcome.status == "stored" and outcome.doc_id:
                update_stories(self.store, self.settings, [outcome.doc_id])
        doc_id = outcome.doc_id or res.doc.id
        return (201 if outcome.status == "stored" else 200), {
            "ok": True,
            "status": outcome.status,
            "id": doc_id,
            "document": self.store.get_document(str(doc_id)),
        }


def app_from_env() -> FastAPI:
    """The app over ``$MARSAD_DB`` with ``$MARSAD_TOKEN`` (the factory that
    ``marsad serve --workers N`` gives each server process)."""
    import os

    return create_app(Store.open(os.environ.get("MARSAD_DB")), token=os.environ.get("MARSAD_TOKEN"))


def create_app(
    store: Store,
    *,
    token: str | None = None,
    settings: Settings | None = None,
    cors_origins: Sequence[str] = (),
) -> FastAPI:
    """Build the API and the web page over an open store.

    Args:
        store: the open store (shared by all requests).
        token: the bearer token that enables ``POST /api/documents``; None
            keeps the API read-only (403).
        settings: ``rate_limit`` (per minute per client; 0 disables) and
            ``max_body`` (bytes) come from here; defaults when None.
        cors_origins: origins allowed to call the API from a browser; empty
            (the default) sends no CORS headers at all.
    """
    settings = settings or load_settings()
    app = FastAPI(
        title="Marsad",
        version="0.1.0",
        description="Arabic news event intelligence: documents, entities, events, stories, "
        "quotes. Every error answers "
        '`{"ok": false, "error": {"status", "code", "message"}}`.',
        docs_url=None,
        redoc_url=None,
    )
    ingest = _Ingest(store, settings)
    limiter = anyio.CapacityLimiter(DB_THREADS)

    async def db(fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        """Run blocking store work on a worker thread, at most DB_THREADS at once."""
        return await anyio.to_thread.run_sync(
            functools.partial(fn, *args, **kwargs), limiter=limiter
        )

    # --- errors --------------------------------------------------------------

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_req: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _envelope(exc.status_code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_req: Request, exc: RequestValidationError) -> JSONResponse:
        parts = [f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in exc.errors()]
        return _envelope(422, "; ".join(parts) or "invalid request")

    # --- the web page ----------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(WEB / "docs.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=WEB), name="static")

    # --- read ------------------------------------------------------------------

    @app.get("/api/health", tags=["meta"])
    async def health() -> dict[str, Any]:
        """Liveness and what is stored."""
        return {
            "ok": True,
            "documents": await db(store.count_documents),
            "sources": await db(store.count_sources),
            "database": store.dialect,
            "ingest": token is not None,
        }

    @app.get("/api/documents", tags=["documents"])
    async def documents(
        outlet: Text = None,
        published_from: DateQ = None,
        published_to: DateQ = None,
        story: Text = None,
        sort: Literal["-published", "published", "title", "-title", "outlet", "-outlet"] = (
            "-published"
        ),
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Documents (without full text), filtered by outlet, dates and story."""
        return await db(
            queries.list_documents,
            store,
            outlet=outlet,
            published_from=published_from,
            published_to=published_to,
            story=story,
            sort=sort,
            limit=limit,
            offset=offset,
        )

    @app.get("/api/documents/{doc_id}", tags=["documents"])
    async def document(doc_id: str) -> dict[str, Any]:
        """One document in the contract's JSON shape."""
        doc = await db(store.get_document, doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        return doc

    @app.get("/api/search", tags=["documents"])
    async def search(
        q: Annotated[str, Query(min_length=1, max_length=300, description="Words to find.")],
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Full-text search, Arabic-normalised (أ/ا, ة/ه, ى/ي, tashkeel do not matter)."""
        try:
            return await db(queries.search, store, q, limit=limit, offset=offset)
        except ValueError as e:
            raise RequestValidationError(
                [{"loc": ("query", "q"), "msg": str(e), "type": "value_error"}]
            ) from e

    @app.get("/api/entities", tags=["entities"])
    async def entities(
        type: Literal["PERSON", "ORG", "LOC", "MISC"] | None = None,
        country: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None,
        q: Text = None,
        sort: Literal["-documents", "documents", "name", "-name"] = "-documents",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Entities with the numbers of documents and events naming them."""
        return await db(
            queries.list_entities,
            store,
            type=type,
            country=country,
            q=q,
            sort=sort,
            limit=limit,
            offset=offset,
        )

    @app.get("/api/entities/{entity_id}", tags=["entities"])
    async def entity(entity_id: str) -> dict[str, Any]:
        """One entity: its roles over time and its events."""
        found = await db(queries.get_entity, store, entity_id)
        if found is None:
            raise HTTPException(404, f"no entity {entity_id!r}")
        return found

    @app.get("/api/events", tags=["events"])
    async def events(
        actor: Text = None,
        recipient: Text = None,
        participant: Text = None,
        type: Annotated[str | None, Query(pattern=r"^[A-Z]{3,16}$")] = None,
        mode: Text = None,
        place: Text = None,
        status: Literal["reported", "future", "hypothetical", "negated"] | None = None,
        date_from: DateQ = None,
        date_to: DateQ = None,
        outlet: Text = None,
        story: Text = None,
        doc: Text = None,
        sort: Literal["-date", "date"] = "-date",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Events; dates filter and sort on the event's date, else its document's."""
        return await db(
            queries.list_events,
            store,
            actor=actor,
            recipient=recipient,
            participant=participant,
            type=type,
            mode=mode,
            place=place,
            status=status,
            date_from=date_from,
            date_to=date_to,
            outlet=outlet,
            story=story,
            doc_id=doc,
            sort=sort,
            limit=limit,
            offset=offset,
        )

    @app.get("/api/stories", tags=["stories"])
    async def stories(limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
        """Stories: reports of one happening, most recently seen first."""
        return await db(queries.list_stories, store, limit=limit, offset=offset)

    @app.get("/api/stories/{story_id}", tags=["stories"])
    async def story(story_id: str) -> dict[str, Any]:
        """One story: reports, outlets, agencies cited, first/last seen, happenings."""
        found = await db(queries.get_story, store, story_id)
        if found is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return found

    @app.get("/api/quotes", tags=["quotes"])
    async def quotes(
        speaker: Text = None, doc: Text = None, limit: Limit = 50, offset: Offset = 0
    ) -> dict[str, Any]:
        """Quotes, filtered by speaker (an entity id) or document."""
        return await db(
            queries.list_quotes, store, speaker=speaker, doc_id=doc, limit=limit, offset=offset
        )

    @app.get("/api/graph", tags=["events"])
    async def graph(
        limit_nodes: Annotated[int | None, Query(ge=1, le=5000)] = None,
    ) -> dict[str, Any]:
        """The actor network: nodes (entities) and edges weighted by happenings."""
        return await db(actor_graph, store, limit_nodes=limit_nodes)

    # --- write (token) ---------------------------------------------------------------

    schema = IngestRequest.model_json_schema()

    @app.post(
        "/api/documents",
        tags=["documents"],
        status_code=201,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": schema}},
            },
            "security": [{"bearer": []}],
        },
    )
    async def add_document(request: Request) -> Response:
        """Analyse one article and store it (needs ``Authorization: Bearer TOKEN``)."""
        if token is None:
            raise HTTPException(403, "ingest is disabled: start the server with --token")
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            value.strip().encode(), token.encode()
        ):
            raise HTTPException(
                401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"}
            )
        try:
            req = IngestRequest.model_validate_json(await request.body())
        except ValidationError as e:
            parts = [
                f"{'.'.join(map(str, err['loc'])) or 'body'}: {err['msg']}" for err in e.errors()
            ]
            return _envelope(422, "; ".join(parts))
        status, body = await db(ingest, req)
        return JSONResponse(body, status_code=status)

    # --- the edge: CORS (closed by default), then the guard outermost ----------------

    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(Guard, rate_limit=settings.rate_limit, max_body=settings.max_body)
    return app
