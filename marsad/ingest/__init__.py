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

import glob
import logging
import os
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
    """Expand folders (recursively, sorted) and globs into file paths."""
    for item in inputs:
        if item.startswith(("http://", "https://")):
            yield item
            continue
        if any(ch in item for ch in "*?["):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                yield Outcome(item, "failed", str(Reason.NOT_FOUND), "the glob matched nothing")
            for m in matches:
                yield from iter_paths([m]) if os.path.isdir(m) else iter([m])
            continue
        p = Path(item)
        if p.is_symlink() and not p.exists():
            yield Outcome(
                item,
                "failed",
                str(Reason.SYMLINK_LOOP if _is_loop(p) else Reason.NOT_FOUND),
                "a broken or looping symbolic link",
            )
            continue
        if p.is_dir():
            seen: set[str] = set()
            for root, dirs, files in os.walk(p, followlinks=True):
                real = os.path.realpath(root)
                if real in seen:
                    dirs[:] = []
                    yield Outcome(
                        root, "failed", str(Reason.SYMLINK_LOOP), "folder already visited"
                    )
                    continue
                seen.add(real)
                dirs.sort()
                for f in sorted(files):
                    full = os.path.join(root, f)
                    fp = Path(full)
                    if fp.is_symlink() and not fp.exists():
                        yield Outcome(
                            full,
                            "failed",
                            str(Reason.SYMLINK_LOOP if _is_loop(fp) else Reason.NOT_FOUND),
                            "a broken or looping symbolic link",
                        )
                    elif _kind(full) is not None:
                        yield full
            continue
        if not p.exists():
            yield Outcome(item, "failed", str(Reason.NOT_FOUND), None)
            continue
        yield item


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
    size = os.path.getsize(path)
    if size > max_bytes:
        raise DocumentError(Reason.TOO_LARGE, path, f"{size} bytes")
    with open(path, "rb") as fh:
        return fh.read()


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

    Each document carries ``ext["fingerprint"]`` (hash of the bytes read, plus
    the record's name for multi-record files) so that a rerun can skip it
    before any analysis.
    """
    settings = settings or load_settings()
    for item in iter_paths(inputs):
        if isinstance(item, Outcome):
            yield item
            continue
        is_url = item.startswith(("http://", "https://"))
        try:
            if is_url:
                data, ctype = _fetch(item, settings.fetch_timeout, settings.max_bytes)
                kind = _kind(item.split("?")[0]) or (
                    "feed" if ("xml" in ctype or "rss" in ctype) else "html"
                )
                source = Source(name=item, url=item, kind=kind)
            else:
                kind = _kind(item) or "text"
                data = _read_file(item, settings.max_bytes)
                source = Source(name=os.path.basename(item), path=item, kind=kind)
            fingerprint = raw_fingerprint(data)
            for out in _docs_from_bytes(data, kind, source):
                if isinstance(out, NewsDoc):
                    multi = kind in ("jsonl", "feed", "warc")
                    out.ext["fingerprint"] = (
                        raw_fingerprint(fingerprint + out.source.name) if multi else fingerprint
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
        except OSError as e:
            code = Reason.SYMLINK_LOOP if getattr(e, "errno", 0) == 40 else Reason.UNREADABLE
            yield Outcome(item, "failed", str(code), str(e))
