"""Coverage-guided fuzzing of the readers, the cleaner and the whole pipeline
(atheris, libFuzzer for Python). On demand only; atheris is not a dependency::

    .venv/bin/pip install atheris
    .venv/bin/python bench/fuzz_atheris.py -atheris_runs=100000
    .venv/bin/python bench/fuzz_atheris.py -max_total_time=60     # a time budget
    .venv/bin/python bench/fuzz_atheris.py corpus_dir/ -max_total_time=600

Each input's first byte picks the target: ``read_text``, ``read_html`` or
``read_jsonl`` on the remaining bytes, each followed by ``clean_document`` on
what it read; or the whole pipeline (ingest → stages) on them as a ``.txt``
file. Only :class:`marsad.errors.DocumentError` is an accepted way to refuse
an input; any other exception is a finding (libFuzzer writes the input to
``crash-<sha1>``). The pipeline runs the stages ``clean, metadata, segment``
by default; set ``MARSAD_FUZZ_STAGES=all`` for every stage.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris  # type: ignore[import-untyped]

with atheris.instrument_imports():
    from marsad.clean import clean_document
    from marsad.doc import NewsDoc, Source
    from marsad.errors import DocumentError
    from marsad.ingest.html import read_html
    from marsad.ingest.jsonl import read_jsonl
    from marsad.ingest.text import read_text
    from marsad.pipeline import Pipeline
    from marsad.settings import load_settings

#: The early stages: ingest and cleaning decide what a bad input becomes.
EARLY = ("clean", "metadata", "segment")
_TMP = Path(tempfile.mkdtemp(prefix="marsad-fuzz-"))
_PIPELINE = Pipeline(
    load_settings()
    if os.environ.get("MARSAD_FUZZ_STAGES") == "all"
    else load_settings(stages=EARLY),
    raise_errors=True,
)


def _clean(doc: NewsDoc) -> None:
    out = clean_document(doc)
    for i in range(len(out.text)):
        if out.offsets.is_copied(i) and doc.raw[out.offsets.to_raw(i)] != out.text[i]:
            raise AssertionError(f"offset {i} does not map back to raw")


def _pipeline(data: bytes) -> None:
    from marsad.ingest import iter_documents

    path = _TMP / "input.txt"
    path.write_bytes(data)
    for item in iter_documents([str(path)], _PIPELINE.settings):
        if isinstance(item, NewsDoc):
            _PIPELINE(item)


def test_one_input(data: bytes) -> None:
    """The libFuzzer entry point."""
    if not data:
        return
    target, body = data[0] % 4, data[1:]
    source = Source(name="fuzz")
    try:
        if target == 0:
            _clean(read_text(body, source))
        elif target == 1:
            _clean(read_html(body, source))
        elif target == 2:
            text = body.decode("utf-8", errors="replace")
            for item in read_jsonl(text, "fuzz.jsonl"):
                if isinstance(item, NewsDoc):
                    _clean(item)
        else:
            _pipeline(body)
    except DocumentError:
        pass


_SEEDS: tuple[tuple[int, str], ...] = (
    (
        0,
        "عنوان الخبر\n\nزار الوفـ.ـد مدينة حمص أمس الأربعاء وبحث مع المسؤولين ملفات كثيرة.\nاكتب تعليق\n",
    ),
    (
        1,
        "<html><body><article><h1>خبر</h1><p>اجتمع الطرفان في 14 تشرين الأول 2020 وبحثا الملفات.</p>"
        "</article></body></html>",
    ),
    (2, '{"id": "a", "text": "نص الخبر هنا", "published": "2020-10-14"}\n{"html": "<p>نص</p>"}\n'),
    (3, "قال الوزير إن الاجتماع سيعقد يوم الخميس المقبل في دمشق بحضور ممثلين عن الأمم المتحدة.\n"),
)


def _seed_corpus() -> str:
    folder = _TMP / "seeds"
    folder.mkdir(exist_ok=True)
    for i, (target, text) in enumerate(_SEEDS):
        (folder / f"seed{i}").write_bytes(bytes([target]) + text.encode("utf-8"))
    return str(folder)


def main() -> None:
    """Run the fuzzer with libFuzzer's command-line flags (a small seed corpus
    of original text is used when no corpus folder is given)."""
    argv = list(sys.argv)
    if not any(not a.startswith("-") for a in argv[1:]):
        argv.append(_seed_corpus())
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
