"""Scoring stored documents against gold files (``marsad eval``).

Example:
    >>> from marsad.eval import score
    >>> score([], []).to_dict()["files_scored"]
    0
"""

from __future__ import annotations

from marsad.eval.score import (
    TASKS,
    Accuracy,
    EvalReport,
    FileResult,
    GoldEntity,
    GoldError,
    GoldEvent,
    GoldFile,
    GoldQuote,
    TaskScore,
    load_gold,
    score,
)

__all__ = [
    "TASKS",
    "Accuracy",
    "EvalReport",
    "FileResult",
    "GoldEntity",
    "GoldError",
    "GoldEvent",
    "GoldFile",
    "GoldQuote",
    "TaskScore",
    "load_gold",
    "score",
]
