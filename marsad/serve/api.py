"""The REST API (FastAPI; OpenAPI at ``/docs``): a thin shell over the store.

Every error has one JSON envelope ``{"ok": false, "error": {"status", "code",
"message"}}`` (after Datasette's error shape).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad.store import Store

__all__ = ["create_app"]


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(
        {"ok": False, "error": {"status": status, "code": code, "message": message}},
        status_code=status,
    )


def create_app(store: Store, *, token: str | None = None) -> FastAPI:
    """Build the API over an open store."""
    from marsad.serve import queries

    app = FastAPI(
        title="Marsad",
        version="0.1.0",
        description="Arabic news event intelligence: documents, entities, events, stories, quotes.",
    )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_req: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {
            404: "not_found",
            401: "unauthorized",
            403: "forbidden",
            405: "method_not_allowed",
            413: "too_large",
            429: "rate_limited",
        }.get(exc.status_code, "error")
        return _error(exc.status_code, code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_req: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(
            422,
            "invalid_request",
            "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()),
        )

    @app.get("/api/health")
    def health() -> dict[str, Any]:
        return {"ok": True, "documents": store.count_documents()}

    @app.get("/api/documents")
    def documents(limit: int = 20, offset: int = 0) -> dict[str, Any]:
        return queries.list_documents(store, limit=min(max(limit, 1), 200), offset=max(offset, 0))

    @app.get("/api/documents/{doc_id}")
    def document(doc_id: str) -> dict[str, Any]:
        doc = store.get_document(doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id}")
        return doc

    @app.get("/api/events")
    def events(limit: int = 50, offset: int = 0) -> dict[str, Any]:
        return queries.list_events(store, limit=min(max(limit, 1), 500), offset=max(offset, 0))

    _ = token
    return app
