"""Decoding bytes: BOMs, UTF-16 without BOM, Windows-1256, bad input."""

from __future__ import annotations

import codecs

import pytest

from marsad.ingest.encoding import EncodingError, decode_bytes

TEXT = "وصل الوفد إلى العاصمة صباح اليوم، وبدأت المحادثات فوراً.\nسطر ثان: 2024."


def test_decode_bytes_utf8_plain_and_bom() -> None:
    assert decode_bytes(TEXT.encode("utf-8")) == (TEXT, "utf-8")
    assert decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == (TEXT, "utf-8-sig")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_decode_bytes_utf16_with_and_without_bom(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    assert decode_bytes(bom + TEXT.encode(codec)) == (TEXT, codec)
    assert decode_bytes(TEXT.encode(codec)) == (TEXT, codec)


def test_decode_bytes_cp1256_beats_latin_readings() -> None:
    text, encoding = decode_bytes(TEXT.encode("cp1256"))
    assert text == TEXT
    assert encoding == "cp1256"


def test_decode_bytes_latin_text_still_decodes() -> None:
    data = "Café au lait, déjà vu.".encode("cp1252")
    text, _ = decode_bytes(data)
    assert "Caf" in text and "lait" in text


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (codecs.BOM_UTF8, "empty"),
        (bytes(range(0, 32)) * 20 + b"\x89PNG\x00\x00", "binary"),
        (b"\x00\x01\x02\x03\xff\xfe\x00\x07" * 50, "binary"),
    ],
)
def test_decode_bytes_bad_input(data: bytes, code: str) -> None:
    with pytest.raises(EncodingError) as info:
        decode_bytes(data)
    assert info.value.code == code
    assert isinstance(info.value, ValueError)
