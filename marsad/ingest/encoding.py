"""Decode the bytes of a text input, with Arabic-aware checks.

Order of tries:

1. Empty input → :class:`EncodingError` ``empty``.
2. A byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE).
3. UTF-16 without a BOM: Arabic and ASCII text in UTF-16 has one byte of
   each pair almost always ``0x00`` or ``0x06``; that pattern picks LE or BE.
4. NUL or other control bytes in quantity → ``binary``.
5. UTF-8: strict; else without a character cut at the end; else with a
   few invalid bytes replaced (:data:`UTF8_ERROR_RATIO`).
6. Single-byte candidates (Windows-1256, ISO-8859-6, and charset-normalizer's
   best guess): the decoding with the highest share of Arabic letters among
   its letters wins, so cp1256 beats a Latin-1/cp1252 reading of the same
   bytes (which has no Arabic letter at all).

Example:
    >>> decode_bytes("سلام".encode("cp1256"))
    ('سلام', 'cp1256')
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

__all__ = ["EncodingError", "decode_bytes"]

#: Share of control bytes (other than tab, newline, CR, FF) above which the
#: input is binary: text files have none; 5% tolerates a stray escape code.
BINARY_CONTROL_RATIO = 0.05
#: Share of even (or odd) positions holding 0x00 or 0x06 in UTF-16 Arabic or
#: ASCII text: ~1.0 in practice; 0.7 leaves room for punctuation and Latin.
UTF16_PATTERN_RATIO = 0.7
#: A decoding whose letters are at least this share Arabic is taken as Arabic
#: text (news pages: > 0.8; Latin-1 mojibake of Arabic: 0.0).
ARABIC_RATIO_MIN = 0.3
#: A decoded text with more replacement/control characters than this share
#: is rejected.
BAD_CHAR_RATIO = 0.02

#: A UTF-8 file may hold at most this share of invalid bytes (a disk or
#: transfer error, a cut) and still be read as UTF-8; cp1256 Arabic read as
#: UTF-8 has nearly every non-ASCII byte invalid (share ~0.5).
UTF8_ERROR_RATIO = 0.001
#: ... and at least this many valid multi-byte characters per invalid byte.
UTF8_MIN_VALID_PER_ERROR = 50

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SINGLE_BYTE = ("cp1256", "iso8859_6")
_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER_RE = re.compile(r"[^\W\d_]")
_BAD_RE = re.compile("[\ufffd\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_BYTES = frozenset(range(0, 32)) - {9, 10, 12, 13}
_CONTROL_DELETE = bytes(sorted(_CONTROL_BYTES))  # for bytes.translate (counted in C)


class EncodingError(ValueError):
    """Bytes that cannot be read as text; ``code`` says why
    (``empty``, ``binary`` or ``undecodable``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _arabic_ratio(text: str) -> float:
    letters = len(_LETTER_RE.findall(text))
    if not letters:
        return 0.0
    return len(_ARABIC_RE.findall(text)) / letters


def _bad_ratio(text: str) -> float:
    return len(_BAD_RE.findall(text)) / max(1, len(text))


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with its few invalid bytes replaced by U+FFFD, when the valid
    multi-byte characters far outnumber them (a damaged UTF-8 file, not a
    single-byte encoding, whose Arabic letters are almost never valid UTF-8)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ch > "\x7f") - bad
    if bad <= len(data) * UTF8_ERROR_RATIO and multibyte >= UTF8_MIN_VALID_PER_ERROR * bad:
        return text
    return None


def _utf16_guess(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even = data[0::2]
    odd = data[1::2]

    def share(bs: bytes) -> float:
        return (bs.count(0x00) + bs.count(0x06)) / len(bs)

    if share(odd) >= UTF16_PATTERN_RATIO and share(even) < UTF16_PATTERN_RATIO:
        return "utf-16-le"
    if share(even) >= UTF16_PATTERN_RATIO and share(odd) < UTF16_PATTERN_RATIO:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` and name the encoding used.

    Args:
        data: the bytes of a text file.

    Returns:
        ``(text, encoding)``; a BOM is not part of ``text``.

    Raises:
        EncodingError: ``code`` is ``empty`` (no bytes, or only a BOM),
            ``binary`` (control bytes, not text) or ``undecodable``.
    """
    if not data:
        raise EncodingError("empty", "the input is empty")
    # 2. BOM.
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(name.replace("-sig", ""))
            except UnicodeDecodeError as e:
                raise EncodingError("undecodable", f"invalid {name} after its BOM") from e
            if not text:
                raise EncodingError("empty", "the input holds only a byte-order mark")
            return text.lstrip("\ufeff"), name
    # 3. UTF-16 without BOM.
    guess = _utf16_guess(data)
    if guess is not None:
        try:
            text = data.decode(guess)
        except UnicodeDecodeError:
            text = ""
        if text and _bad_ratio(text) <= BAD_CHAR_RATIO:
            return text, guess
    # 4. Binary.
    controls = len(data) - len(data.translate(None, _CONTROL_DELETE))
    if controls / len(data) > BINARY_CONTROL_RATIO:
        raise EncodingError("binary", "the input holds control bytes: binary data, not text")
    # 5. UTF-8, also when cut mid-character or with a few corrupt bytes.
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data" and e.end == len(data):
            try:  # cut inside the last character: drop its first bytes
                return data[: e.start].decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly, "utf-8"
    # 6. Single-byte candidates, Arabic-aware.
    candidates: list[tuple[float, str, str]] = []
    for name in _SINGLE_BYTE:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _bad_ratio(text) <= BAD_CHAR_RATIO:
            candidates.append((_arabic_ratio(text), name, text))
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        text = str(best)
        if _bad_ratio(text) <= BAD_CHAR_RATIO:
            candidates.append((_arabic_ratio(text), best.encoding, text))
    arabic = [c for c in candidates if c[0] >= ARABIC_RATIO_MIN]
    if arabic:
        _ratio, name, text = max(arabic, key=lambda c: c[0])
        return text, name
    if best is not None and best.encoding and candidates:
        return str(best), best.encoding
    raise EncodingError("undecodable", "no text encoding reads these bytes")
