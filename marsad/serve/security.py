"""Hardening of the HTTP edge, as one pure ASGI middleware (no per-request
task switching, unlike ``BaseHTTPMiddleware``):

1. a simple in-process rate limit per client address (token bucket,
   ``settings.rate_limit`` requests per minute; 0 disables it);
2. a request body size limit (``settings.max_body``): a declared
   ``Content-Length`` above it is refused at once, a streamed body as soon as
   it passes the limit;
3. security headers on every response (a strict Content-Security-Policy: the
   web page has no inline script or style and no external resource);
4. any unhandled exception becomes the JSON error envelope (500), so even
   that response carries the headers.

Example:
    >>> guard = Guard(lambda s, r, w: None, rate_limit=0, max_body=10)  # doctest: +SKIP
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["CSP", "SECURITY_HEADERS", "Guard", "error_body"]

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The page loads only its own script, style and (data:) images; nothing may frame it.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
#: Client addresses remembered by the rate limiter before idle ones are
#: dropped; bounds its memory under an address-spraying client (10 000 buckets
#: are about 1 MB).
MAX_BUCKETS = 10_000
#: Seconds in the rate-limit window (the setting is per minute).
WINDOW_S = 60.0

#: Error codes by HTTP status, shared with the API's exception handlers.
CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid_request",
    429: "rate_limited",
    500: "internal_error",
}


def error_body(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    """The one error envelope: ``{"ok": false, "error": {status, code, message}}``."""
    return {
        "ok": False,
        "error": {"status": status, "code": code or CODES.get(status, "error"), "message": message},
    }


class _TooLarge(Exception):
    """The streamed request body passed the limit."""


class _Bucket:
    __slots__ = ("stamp", "tokens")

    def __init__(self, tokens: float, stamp: float) -> None:
        self.tokens = tokens
        self.stamp = stamp


class Guard:
    """The ASGI middleware; see the module docstring.

    Args:
        app: the wrapped ASGI application.
        rate_limit: requests per minute per client address; 0 disables.
        max_body: the largest accepted request body in bytes.
        clock: the time source (monotonic seconds), injectable for tests.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        rate_limit: int,
        max_body: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate_limit < 0:
            raise ValueError("rate_limit must be 0 (off) or a positive number per minute")
        if max_body < 1:
            raise ValueError("max_body must be at least 1 byte")
        self.app = app
        self.rate_limit = rate_limit
        self.max_body = max_body
        self.clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def _allow(self, client: str) -> bool:
        now = self.clock()
        cap = float(self.rate_limit)
        bucket = self._buckets.get(client)
        if bucket is None:
            if len(self._buckets) >= MAX_BUCKETS:
                self._prune(now)
            bucket = self._buckets[client] = _Bucket(cap, now)
        bucket.tokens = min(cap, bucket.tokens + (now - bucket.stamp) * cap / WINDOW_S)
        bucket.stamp = now
        if bucket.tokens < 1.0:
            return False
        bucket.tokens -= 1.0
        return True

    def _prune(self, now: float) -> None:
        """Drop buckets that have refilled completely (idle for a window)."""
        idle = [k for k, b in self._buckets.items() if now - b.stamp >= WINDOW_S]
        for k in idle:
            del self._buckets[k]
        if len(self._buckets) >= MAX_BUCKETS:  # all busy: forget the oldest half
            for k in sorted(self._buckets, key=lambda k: self._buckets[k].stamp)[
                : MAX_BUCKETS // 2
            ]:
                del self._buckets[k]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_secure(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _v in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *(h for h in SECURITY_HEADERS if h[0] not in names),
                ]
            await send(message)

        # 1. rate limit
        client = (scope.get("client") or ("unknown", 0))[0]
        if self.rate_limit and not self._allow(str(client)):
            await _send_error(
                send_secure, 429, "too many requests; slow down", retry_after=self._retry_after()
            )
            return
        # 2. body size: declared, then streamed
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _send_error(send_secure, 400, "invalid Content-Length header")
                    return
                if declared > self.max_body:
                    await _send_error(send_secure, 413, self._too_large_message())
                    return
        seen = 0

        async def receive_limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge
            return message

        # 3. + 4. headers on whatever the app answers, the envelope on a crash
        try:
            await self.app(scope, receive_limited, send_secure)
        except _TooLarge:
            if not started:
                await _send_error(send_secure, 413, self._too_large_message())
        except Exception:
            logger.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await _send_error(send_secure, 500, "internal server error")

    def _retry_after(self) -> int:
        """Whole seconds until one request is allowed again."""
        return max(1, math.ceil(WINDOW_S / self.rate_limit))

    def _too_large_message(self) -> str:
        return f"the request body is larger than {self.max_body} bytes (settings: max_body)"


async def _send_error(
    send: Send, status: int, message: str, *, retry_after: int | None = None
) -> None:
    body = json.dumps(error_body(status, message), ensure_ascii=False).encode("utf-8")
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if retry_after is not None:
        headers.append((b"retry-after", str(retry_after).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
