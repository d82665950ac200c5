"""Stable identifiers: document content ids and entity slugs.

Example:
    >>> slugify("Sergey Lavrov")
    'sergey-lavrov'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from marsad.arabic.normalize import match_key

__all__ = ["content_id", "raw_fingerprint", "slugify"]

_SLUG_RE = re.compile(r"[^a-z0-9]+")


def content_id(text: str) -> str:
    """The document id: a hash of the cleaned text's matching key, so the same
    body with other chrome or other white space gets the same id."""
    return hashlib.sha256(match_key(text).encode("utf-8")).hexdigest()[:20]


def raw_fingerprint(data: str | bytes) -> str:
    """A hash of an input as read, to skip inputs already processed."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


def slugify(name: str) -> str:
    """Lowercase ASCII slug of an English name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _SLUG_RE.sub("-", ascii_name.lower()).strip("-")
