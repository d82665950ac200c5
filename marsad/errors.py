"""One coded catalogue of errors and reason codes (after spaCy's ``errors.py``).

A rejected document is a *result with a reason code*, not an exception that
escapes the batch: stages raise :class:`DocumentError` with a code, and the
pipeline's error policy turns it into an :class:`marsad.doc.Outcome`.

Example:
    >>> err = DocumentError(Reason.EMPTY, "a.txt")
    >>> err.code
    'empty'
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["ConfigError", "DocumentError", "MarsadError", "Reason", "StoreError", "message"]


class Reason(StrEnum):
    """Reason codes for documents that were not stored (stable, documented)."""

    EMPTY = "empty"
    BINARY = "binary"
    UNDECODABLE = "undecodable"
    TOO_LARGE = "too_large"
    NOT_ARABIC = "not_arabic"
    TOO_SHORT = "too_short"
    BAD_HTML = "bad_html"
    BAD_JSON = "bad_json"
    BAD_RECORD = "bad_record"
    BAD_WARC = "bad_warc"
    BAD_FEED = "bad_feed"
    UNREADABLE = "unreadable"
    NOT_FOUND = "not_found"
    UNSUPPORTED = "unsupported"
    FETCH_FAILED = "fetch_failed"
    SYMLINK_LOOP = "symlink_loop"
    DUPLICATE = "duplicate"
    ALREADY_STORED = "already_stored"
    STAGE_FAILED = "stage_failed"


_MESSAGES: dict[Reason, str] = {
    Reason.EMPTY: "the input has no content",
    Reason.BINARY: "the input is binary data, not text",
    Reason.UNDECODABLE: "the bytes could not be decoded as UTF-8, UTF-16 or Windows-1256",
    Reason.TOO_LARGE: "the input is larger than the configured limit (settings: max_bytes)",
    Reason.NOT_ARABIC: "the text is not Arabic (too few Arabic letters)",
    Reason.TOO_SHORT: "nothing of substance is left after cleaning",
    Reason.BAD_HTML: "the HTML could not be parsed",
    Reason.BAD_JSON: "a JSONL line is not valid JSON",
    Reason.BAD_RECORD: "a JSONL record lacks 'text' or 'html', or a field has the wrong type",
    Reason.BAD_WARC: "the WARC file is malformed",
    Reason.BAD_FEED: "the RSS/Atom feed could not be parsed",
    Reason.UNREADABLE: "the file could not be read (permissions or I/O error)",
    Reason.NOT_FOUND: "no such file, folder or glob match",
    Reason.UNSUPPORTED: "unsupported input type",
    Reason.FETCH_FAILED: "the URL could not be fetched",
    Reason.SYMLINK_LOOP: "a symbolic link loop",
    Reason.DUPLICATE: "the same content is already stored (recorded as another report)",
    Reason.ALREADY_STORED: "this input was already processed",
    Reason.STAGE_FAILED: "a pipeline stage failed on this document",
}


def message(code: Reason) -> str:
    """The human message for a reason code."""
    return _MESSAGES[code]


class MarsadError(Exception):
    """Base class of Marsad's exceptions."""


class ConfigError(MarsadError, ValueError):
    """A setting or pipeline configuration is invalid."""


class StoreError(MarsadError):
    """The store could not be opened or written."""


class DocumentError(MarsadError):
    """One document cannot be processed; carries a :class:`Reason` code."""

    def __init__(self, code: Reason, source: str, detail: str | None = None) -> None:
        self.code = str(code)
        self.reason = code
        self.source = source
        self.detail = detail
        text = f"{source}: {code} ({message(code)})"
        if detail:
            text += f": {detail}"
        super().__init__(text)
