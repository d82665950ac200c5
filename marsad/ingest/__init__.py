"""Ingest: files, folders, globs, URLs and feeds → documents or failed outcomes.

Inputs by extension (CONTRACT): ``.txt`` text dumps, ``.html``/``.htm``,
``.warc``/``.warc.gz``, ``.jsonl``, RSS/Atom as ``.xml`` or by URL. Every input
yields either a :class:`NewsDoc` or an :class:`Outcome` with a reason code;
nothing raises for one bad input.

Example:
    >>> list(iter_documents(["/no/such/file.txt"]))[0].reason
    'not_found'
"""

from __future__ import annotations

import errno
import glob
import logging
import os
import re
import stat
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

from marsad.doc import NewsDoc, Outcome, Source
from marsad.errors import DocumentError, Reason
from marsad.ids import raw_fingerprint
from marsad.ingest.feeds import read_feed, read_warc
from marsad.ingest.html import read_html
from marsad.ingest.jsonl import read_jsonl
from marsad.ingest.text import read_text
from marsad.settings import Settings, load_settings

__all__ = ["SUFFIXES", "iter_documents", "iter_paths"]

logger = logging.getLogger(__name__)

SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}


def _kind(path: str) -> str | None:
    low = path.lower()
    if low.endswith(".warc.gz"):
        return "warc"
    return SUFFIXES.get(os.path.splitext(low)[1])


def iter_paths(inputs: Iterable[str]) -> Iterator[str | Outcome]:
    """Expand folders (recursively, sorted) and globs into file paths.

    A file reached twice (named twice, or through a folder and by name) is
    yielded once; an input that names nothing readable (a missing path, a glob
    that matches nothing, a folder without input files) gives a failed outcome.
    """
    seen: set[str] = set()
    for item in inputs:
        yield from _expand(item, seen)


def _once(path: str, seen: set[str]) -> bool:
    """True the first time ``path`` (resolved) is met."""
    key = path if path.startswith(("http://", "https://")) else os.path.realpath(path)
    if key in seen:
        logger.info("%s: already given, read once", path)
        return False
    seen.add(key)
    return True


def _link_outcome(path: str, p: Path) -> Outcome:
    return Outcome(
        path,
        "failed",
        str(Reason.SYMLINK_LOOP if _is_loop(p) else Reason.NOT_FOUND),
        "a broken or looping symbolic link",
    )


def _expand(item: str, seen: set[str]) -> Iterator[str | Outcome]:
    if item.startswith(("http://", "https://")):
        if _once(item, seen):
            yield item
        return
    if any(ch in item for ch in "*?["):
        matches = sorted(glob.glob(item, recursive=True))
        if not matches:
            yield Outcome(item, "failed", str(Reason.NOT_FOUND), "the glob matched nothing")
        for m in matches:
            yield from _expand(m, seen)
        return
    p = Path(item)
    if p.is_symlink() and not p.exists():
        yield _link_outcome(item, p)
        return
    if p.is_dir():
        yield from _walk(item, seen)
        return
    if not p.exists():
        yield Outcome(item, "failed", str(Reason.NOT_FOUND), None)
        return
    if _once(item, seen):
        yield item


def _walk(folder: str, seen: set[str]) -> Iterator[str | Outcome]:
    """The input files under ``folder``, sorted; files of unknown type are ignored."""
    visited: set[str] = set()
    found = 0
    for root, dirs, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(root)
        if real in visited:
            dirs[:] = []
            yield Outcome(root, "failed", str(Reason.SYMLINK_LOOP), "folder already visited")
            continue
        visited.add(real)
        dirs.sort()
        for f in sorted(files):
            full = os.path.join(root, f)
            fp = Path(full)
            if fp.is_symlink() and not fp.exists():
                yield _link_outcome(full, fp)
            elif _kind(full) is not None:
                found += 1
                if _once(full, seen):
                    yield full
    if not found:
        yield Outcome(
            folder,
            "failed",
            str(Reason.NOT_FOUND),
            "the folder holds no input files (" + " ".join(sorted(SUFFIXES)) + ")",
        )


def _is_loop(p: Path) -> bool:
    try:
        p.resolve(strict=True)
    except RuntimeError:
        return True
    except OSError as e:
        return "loop" in str(e).lower() or getattr(e, "errno", 0) == 40
    return False


def _fetch(url: str, timeout: float, max_bytes: int) -> tuple[bytes, str]:
    req = urllib.request.Request(url, headers={"User-Agent": "marsad/0.1 (+offline news reader)"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        data = resp.read(max_bytes + 1)
        ctype = resp.headers.get("Content-Type", "")
    if len(data) > max_bytes:
        raise DocumentError(Reason.TOO_LARGE, url)
    return data, ctype


def _read_file(path: str, max_bytes: int) -> bytes:
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        # A FIFO would block the run forever, a device never end.
        raise DocumentError(
            Reason.UNREADABLE, path, "not a regular file (a FIFO, socket or device)"
        )
    if st.st_size > max_bytes:
        raise DocumentError(Reason.TOO_LARGE, path, f"{st.st_size} bytes")
    with open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while we looked
        raise DocumentError(Reason.TOO_LARGE, path, f"more than {max_bytes} bytes")
    return data


_UNSAFE_RE = re.compile("[\x00\ud800-\udfff]")


def _safe(value: str) -> str:
    """Drop NUL characters (no database stores them in text) and replace lone
    surrogates (from a JSON ``\\ud800`` escape; not encodable) with U+FFFD."""
    if not _UNSAFE_RE.search(value):
        return value
    return _UNSAFE_RE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", value)


def _sanitise(doc: NewsDoc) -> NewsDoc:
    """Make every string of an ingested document storable (see :func:`_safe`)."""
    doc.raw = _safe(doc.raw)
    if doc.raw_html is not None:
        doc.raw_html = _safe(doc.raw_html)
    src = doc.source
    for name in ("name", "path", "url", "outlet", "published", "title", "record_id", "crawled"):
        value = getattr(src, name, None)
        if isinstance(value, str):
            setattr(src, name, _safe(value))
    return doc


def _docs_from_bytes(data: bytes, kind: str, source: Source) -> Iterator[NewsDoc | Outcome]:
    name = source.name
    if kind == "text":
        yield read_text(data, source)
    elif kind == "html":
        yield read_html(data, source)
    elif kind == "jsonl":
        text, _enc = _decode(data, name)
        yield from read_jsonl(text, source.path or name)
    elif kind == "feed":
        yield from read_feed(data, source.path or name)
    elif kind == "warc":
        yield from read_warc(data, source.path or name)
    else:
        raise DocumentError(Reason.UNSUPPORTED, name)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    from marsad.ingest.encoding import EncodingError, decode_bytes

    try:
        return decode_bytes(data)
    except EncodingError as e:
        raise DocumentError(Reason(e.code), name, str(e)) from e


def iter_documents(
    inputs: Iterable[str], settings: Settings | None = None
) -> Iterator[NewsDoc | Outcome]:
    """Read every input; yield documents and failed outcomes, in input order.

    Each document carries ``ext["fingerprint"]`` (hash of the bytes read and
    the input's name, plus the record's name for multi-record files) so that a
    rerun can skip it before any analysis.
    """
    settings = settings or load_settings()
    for item in iter_paths(inputs):
        if isinstance(item, Outcome):
            yield _safe_outcome(item)
            continue
        for out in _read_input(item, settings):
            yield _sanitise(out) if isinstance(out, NewsDoc) else _safe_outcome(out)


#: The reason for an unexpected reader error, by input kind (a reader bug must
#: not end the batch: the input is reported, the others go on).
_CRASH_REASON: dict[str, Reason] = {
    "text": Reason.UNDECODABLE,
    "html": Reason.BAD_HTML,
    "jsonl": Reason.BAD_JSON,
    "feed": Reason.BAD_FEED,
    "warc": Reason.BAD_WARC,
}


def _read_input(item: str, settings: Settings) -> Iterator[NewsDoc | Outcome]:
    """One input's documents and failures; never raises for a bad input."""
    is_url = item.startswith(("http://", "https://"))
    kind = _kind(item.split("?")[0]) or ("html" if is_url else "text")
    try:
        if is_url:
            data, ctype = _fetch(item, settings.fetch_timeout, settings.max_bytes)
            kind = _kind(item.split("?")[0]) or (
                "feed" if ("xml" in ctype or "rss" in ctype) else "html"
            )
            source = Source(name=item, url=item, kind=kind)
        else:
            data = _read_file(item, settings.max_bytes)
            source = Source(name=os.path.basename(item), path=item, kind=kind)
        if not data:
            raise DocumentError(Reason.EMPTY, item, "the input has no bytes")
        # The bytes and the input's name: a copy under another name is another
        # report (a source of its own), a rerun of the same input is skipped.
        fingerprint = raw_fingerprint(raw_fingerprint(data) + "\n" + _safe(source.name))
        multi = kind in ("jsonl", "feed", "warc")
        for out in _docs_from_bytes(data, kind, source):
            if isinstance(out, NewsDoc):
                record = _safe(out.source.name)
                out.ext["fingerprint"] = (
                    raw_fingerprint(fingerprint + "#" + record) if multi else fingerprint
                )
            yield out
    except DocumentError as e:
        yield Outcome(item, "failed", e.code, e.detail)
    except urllib.error.URLError as e:
        yield Outcome(item, "failed", str(Reason.FETCH_FAILED), str(e.reason)[:200])
    except PermissionError as e:
        yield Outcome(item, "failed", str(Reason.UNREADABLE), str(e))
    except IsADirectoryError as e:
        yield Outcome(item, "failed", str(Reason.UNSUPPORTED), str(e))
    except OSError as e:  # includes timeouts and resets while fetching a URL
        if is_url:
            code = Reason.FETCH_FAILED
        elif getattr(e, "errno", 0) == errno.ELOOP:
            code = Reason.SYMLINK_LOOP
        else:
            code = Reason.UNREADABLE
        yield Outcome(item, "failed", str(code), str(e)[:300])
    except Exception as e:  # the per-input policy: report, go on
        logger.exception("%s: the %s reader failed", item, kind)
        yield Outcome(
            item, "failed", str(_CRASH_REASON.get(kind, Reason.UNREADABLE)), repr(e)[:300]
        )


def _safe_outcome(out: Outcome) -> Outcome:
    out.source = _safe(out.source)
    if out.message is not None:
        out.message = _safe(out.message)
    return out
