"""Fast tagging with trained crfsuite models: state scores summed from cached vectors.

A linear-chain CRF scores label ``y`` at token ``t`` with the sum of the
weights ``w(a, y)`` of the token's attributes ``a`` (its *state score*), plus
label-to-label transition weights. python-crfsuite takes every token as a list
of attribute strings and looks each one up, which costs more than the decoding
itself: about 40 attributes a token, most of them properties of the word form
alone (the same every time the word comes back).

This module keeps the models' weights as a matrix so that a caller can add up
state scores from vectors it caches (per word form) and from the few
attributes that depend on the context, then hands the scores back to
crfsuite for decoding (Viterbi and marginals stay crfsuite's). A score row
``s`` (one value per label) is passed as ``L`` real-valued *basis*
attributes: ``L`` attributes of the model whose weight rows ``B`` are
linearly independent, with values ``c = s B^-1``, so that crfsuite's own sum
``c B`` gives back ``s`` (to rounding: the basis is chosen by pivoted
Gram-Schmidt, so ``B`` is well conditioned).

Example:
    >>> import pycrfsuite
    >>> from marsad.entities.ner import DEFAULT_MODEL_PATH
    >>> tagger = pycrfsuite.Tagger()
    >>> _ = tagger.open(str(DEFAULT_MODEL_PATH))
    >>> weights = CrfWeights.from_models([tagger])
    >>> feats = [["b", "w=" + "\\u0641\\u064a"], ["b", "BOS"]]
    >>> scores = np.stack([weights.vector(f) for f in feats])
    >>> weights.models[0].decode(scores, [(0, 2)])[0][0] == tagger.tag(feats)
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

import numpy as np
import pycrfsuite

__all__ = ["BasisDecoder", "CrfWeights"]

#: Largest condition number accepted for a basis; pivoted Gram-Schmidt over the
#: shipped models' weights gives well under 100, so rounding stays near 1e-13.
MAX_BASIS_CONDITION = 1e6


@dataclass(frozen=True, slots=True)
class BasisDecoder:
    """Decodes state-score rows of one model with crfsuite.

    Attributes:
        tagger: the opened crfsuite model.
        labels: its labels, in the order of the score columns.
        columns: the model's columns in :attr:`CrfWeights.matrix`.
        names: the basis attributes.
        inverse: ``B^-1`` for the basis weight rows ``B`` (labels x labels).
    """

    tagger: pycrfsuite.Tagger
    labels: tuple[str, ...]
    columns: slice
    names: tuple[str, ...]
    inverse: np.ndarray

    def decode(
        self, scores: np.ndarray, bounds: Sequence[tuple[int, int]]
    ) -> list[tuple[list[str], list[float]]]:
        """Viterbi labels and their marginal probabilities for each ``[lo, hi)`` row range.

        Args:
            scores: state scores, one row per token, one column per label of
                :attr:`labels` (the model's columns of a summed vector).
            bounds: the token range of each sequence (sentence).
        """
        coeffs = (scores @ self.inverse).tolist()
        names = self.names
        out: list[tuple[list[str], list[float]]] = []
        tagger = self.tagger
        for lo, hi in bounds:
            if hi <= lo:
                out.append(([], []))
                continue
            tagger.set(
                pycrfsuite.ItemSequence(
                    [dict(zip(names, row, strict=True)) for row in coeffs[lo:hi]]
                )
            )
            tags: list[str] = tagger.tag()
            out.append((tags, [float(tagger.marginal(t, i)) for i, t in enumerate(tags)]))
        return out


class CrfWeights:
    """State weights of one or more crfsuite models side by side.

    Row ``i`` of :attr:`matrix` holds attribute ``i``'s weights: model 0's
    labels first, then model 1's, and so on (each model's
    :attr:`BasisDecoder.columns`). An attribute that no model weighs has no
    row and adds nothing, as in crfsuite.
    """

    def __init__(
        self, taggers: Sequence[pycrfsuite.Tagger], names: Sequence[str], matrix: np.ndarray
    ) -> None:
        """Weights ``matrix`` (one row per attribute of ``names``, then an all-zero row;
        one column per label of each of ``taggers`` in turn, in ``tagger.labels()``
        order). :meth:`from_models` builds them from the models, :meth:`load` reads them
        from a file written by :meth:`save`."""
        labels = [tuple(t.labels()) for t in taggers]
        width = sum(len(ls) for ls in labels)
        if matrix.shape != (len(names) + 1, width) or matrix[-1].any():
            raise ValueError("CRF weights: matrix does not fit the attributes and labels")
        self.index: dict[str, int] = {a: i for i, a in enumerate(names)}
        # the last row is all zeros: every group of :meth:`vectors` holds it, so none is empty
        self.matrix = matrix
        self.width = width
        models: list[BasisDecoder] = []
        col = 0
        for tagger, ls in zip(taggers, labels, strict=True):
            block = slice(col, col + len(ls))
            basis = _basis(matrix[:, block])
            rows = matrix[basis, block]  # (the zero row is never chosen)
            if np.linalg.cond(rows) > MAX_BASIS_CONDITION:  # pragma: no cover - model defect
                raise ValueError("CRF model: no well-conditioned attribute basis")
            models.append(
                BasisDecoder(tagger, ls, block, tuple(names[i] for i in basis), np.linalg.inv(rows))
            )
            col += len(ls)
        self.models: tuple[BasisDecoder, ...] = tuple(models)

    @classmethod
    def from_models(cls, taggers: Sequence[pycrfsuite.Tagger]) -> CrfWeights:
        """Read the weights out of the models (``Tagger.info``: ~0.6 s a model)."""
        infos = [t.info() for t in taggers]
        names = sorted({a for info in infos for a, _ in info.state_features})
        index = {a: i for i, a in enumerate(names)}
        matrix = np.zeros((len(names) + 1, sum(len(t.labels()) for t in taggers)))
        col = 0
        for tagger, info in zip(taggers, infos, strict=True):
            lab = {y: col + j for j, y in enumerate(tagger.labels())}
            for (attr, y), w in info.state_features.items():
                matrix[index[attr], lab[y]] = w
            col += len(lab)
        return cls(taggers, names, matrix)

    def save(self, path: Path, digest: str) -> None:
        """Write the weights (non-zero entries) and attribute names to an ``.npz`` file,
        with ``digest`` naming the models they were read from."""
        rows, cols = np.nonzero(self.matrix)
        names = sorted(self.index, key=self.index.__getitem__)
        labels = "\n".join("\t".join(m.labels) for m in self.models)
        with path.open("wb") as fh:
            np.savez_compressed(
                fh,
                digest=np.array(digest),
                names=np.array("\n".join(names)),
                labels=np.array(labels),
                shape=np.array(self.matrix.shape),
                rows=rows.astype(np.int32),
                cols=cols.astype(np.int8),
                values=self.matrix[rows, cols],
            )

    @classmethod
    def load(cls, path: Path, taggers: Sequence[pycrfsuite.Tagger], digest: str) -> CrfWeights:
        """Read :meth:`save`'s file; raises ``ValueError`` when it was written for other
        models (``digest`` or labels differ)."""
        with np.load(path) as data:
            if str(data["digest"]) != digest:
                raise ValueError(f"{path} was written for other models")
            labels = [tuple(line.split("\t")) for line in str(data["labels"]).split("\n")]
            if labels != [tuple(t.labels()) for t in taggers]:
                raise ValueError(f"{path}: labels differ from the models'")
            matrix = np.zeros(tuple(data["shape"]))
            matrix[data["rows"], data["cols"]] = data["values"]
            names = str(data["names"]).split("\n")
        return cls(taggers, names, matrix)

    def ids(self, attrs: Iterable[str]) -> list[int]:
        """Row numbers of the weighed attributes among ``attrs`` (duplicates kept)."""
        get = self.index.get
        return [i for i in map(get, attrs) if i is not None]

    def ids_or_zero(self, attrs: Iterable[str]) -> list[int]:
        """Row numbers of ``attrs``, the all-zero last row for those no model weighs."""
        return list(map(self.index.get, attrs, repeat(len(self.matrix) - 1)))

    def vector(self, attrs: Iterable[str]) -> np.ndarray:
        """The summed weights of ``attrs`` (all models' columns); duplicates count twice."""
        total: np.ndarray = self.vectors([attrs])[0]
        return total

    def vectors(self, groups: Sequence[Iterable[str]]) -> np.ndarray:
        """:meth:`vector` of each group of attributes, as the rows of one array."""
        rows: list[int] = []
        starts: list[int] = []
        zero = len(self.matrix) - 1
        for attrs in groups:
            starts.append(len(rows))
            rows.append(zero)
            rows.extend(self.ids(attrs))
        return np.add.reduceat(self.matrix[rows], starts)


def _basis(weights: np.ndarray) -> list[int]:
    """Rows of ``weights`` (attributes x labels) spanning the label space, chosen by
    pivoted Gram-Schmidt: each time the row with the largest part orthogonal to those
    already chosen."""
    residual = weights.copy()
    chosen: list[int] = []
    for _ in range(weights.shape[1]):
        norms = np.einsum("ij,ij->i", residual, residual)
        best = int(np.argmax(norms))
        if norms[best] <= 0.0:  # pragma: no cover - a model with a dead label
            raise ValueError("CRF model: state weights do not span every label")
        chosen.append(best)
        unit = residual[best] / np.sqrt(norms[best])
        residual -= np.outer(residual @ unit, unit)
    return chosen
