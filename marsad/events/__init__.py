"""PLOVER events and quotes of Arabic news.

Two stages, each a ``Callable[[NewsDoc], NewsDoc]``: :func:`extract_events` fills
``doc.events`` and :func:`extract_quotes` fills ``doc.quotes``. Run events first: the
quote stage uses the events' parties to resolve dual verbs (``أكدا``).

Example:
    >>> from marsad.doc import NewsDoc, Source
    >>> doc = NewsDoc(source=Source(name="x"), raw="", text="")
    >>> extract_quotes(extract_events(doc)).events
    []
"""

from __future__ import annotations

import logging

from marsad.events.extract import extract_events
from marsad.events.lexicon import LexiconError, load_cues, load_lexicon
from marsad.events.quotes import extract_quotes

__all__ = ["LexiconError", "extract_events", "extract_quotes", "load_cues", "load_lexicon"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
