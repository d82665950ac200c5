"""Marsad (مرصد): Arabic-first, offline news event intelligence.

Read Arabic news as the web delivers it and tell who met, visited, phoned,
agreed with or accused whom; where, when, about what; who said what; which
outlets reported it — every answer pointing at the sentence that states it.

Example:
    >>> from marsad import Pipeline, Store, process
    >>> store = Store.open("sqlite://")
    >>> process(["/no/such/file.txt"], store).failed[0].reason
    'not_found'
"""

from __future__ import annotations

import logging

from marsad.doc import Entity, Event, Mention, NewsDoc, Outcome, Quote, Source, Span
from marsad.pipeline import Pipeline
from marsad.process import ProcessSummary, process
from marsad.settings import Settings, load_settings
from marsad.store import Store

__all__ = [
    "Entity",
    "Event",
    "Mention",
    "NewsDoc",
    "Outcome",
    "Pipeline",
    "ProcessSummary",
    "Quote",
    "Settings",
    "Source",
    "Span",
    "Store",
    "load_settings",
    "process",
]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
