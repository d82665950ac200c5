"""The period a document can be dated to from the dated offices of the people
it names with a role.

A text that calls Amir-Abdollahian "وزير الخارجية الإيراني" was written while
he held that office (2021-08-25 … 2024-05-19): this bounds an undated report,
and keeps two visits of the same envoy years apart in different stories.

Example:
    >>> implied_period({"entities": []})
    (None, None)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marsad.arabic.normalize import match_key

__all__ = ["implied_period", "role_matches"]

#: A role phrase must share at least this many leading words with an office
#: title to date the text by it ("وزير الخارجية" is two words; one word such
#: as "الرئيس" is too vague to date anything).
MIN_ROLE_WORDS = 2


def role_matches(role: str, office_title: str) -> bool:
    """True when the role as written is the office (one is a word-prefix of the
    other, at least :data:`MIN_ROLE_WORDS` words): "وزير الخارجية الإيراني"
    matches "وزير الخارجية الإيراني", "مساعد وزير الخارجية" does not match
    "وزير الخارجية"."""
    a, b = match_key(role).split(), match_key(office_title).split()
    n = min(len(a), len(b))
    return n >= MIN_ROLE_WORDS and a[:n] == b[:n]


def implied_period(doc: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(earliest, latest) date the document can describe, from the knowledge
    base's dated offices of the people named with a role; (None, None) when no
    role dates the text."""
    from marsad.entities.kb import default_kb

    kb = default_kb()
    start: str | None = None
    end: str | None = None
    for ent in doc.get("entities", []):
        if not isinstance(ent, Mapping) or ent.get("type") != "PERSON":
            continue
        entry = kb.get(str(ent.get("id")))
        if entry is None:
            continue
        for role in ent.get("roles", []):
            hits = [
                o
                for o in entry.offices
                if any(role_matches(role, t) for t in (o.role_ar, *o.role_variants_ar))
            ]
            if len(hits) != 1:
                continue  # no office or an ambiguous one: it dates nothing
            office = hits[0]
            if office.start and (start is None or office.start > start):
                start = office.start
            if office.end and (end is None or office.end < end):
                end = office.end
    return start, end
