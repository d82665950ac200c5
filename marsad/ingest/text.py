"""Plain text dumps (the seeds' form): bytes → one :class:`NewsDoc`."""

from __future__ import annotations

from marsad.doc import NewsDoc, Source
from marsad.errors import DocumentError, Reason
from marsad.ingest.encoding import EncodingError, decode_bytes

__all__ = ["read_text"]


def read_text(data: bytes, source: Source) -> NewsDoc:
    """Decode a text dump into a document whose ``raw`` is the page text.

    Raises:
        DocumentError: empty, binary or undecodable bytes.
    """
    try:
        text, encoding = decode_bytes(data)
    except EncodingError as e:
        raise DocumentError(Reason(e.code), source.name, str(e)) from e
    doc = NewsDoc(source=source, raw=text)
    doc.ext["encoding"] = encoding
    return doc
