"""The CLI end to end, per the contract: process (idempotent), export, eval,
exit codes — on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.export.document import validate_document
from marsad.serve.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'x.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


def test_cli_process_seeds_is_idempotent_and_exports_valid_documents(shared: Path, db: str) -> None:
    code, out, err = run("process", str(shared / "seeds"), "--db", db)
    assert code == 0, err
    assert out.startswith("5 stored")
    code, out, _ = run("process", str(shared / "seeds"), "--db", db)
    assert code == 0
    assert "nothing new" in out
    code, out, _ = run("export", "--what", "documents", "--db", db)
    assert code == 0
    lines = [json.loads(x) for x in out.splitlines()]
    assert len(lines) == 5
    for d in lines:
        assert validate_document(d) == []
        for key in ("text", "removed", "entities", "events", "quotes"):
            assert key in d
    code, out, _ = run("eval", str(shared / "gold" / "seeds"), "--db", db, "--json")
    assert code == 0
    report = json.loads(out)
    for task in ("cleaning", "metadata", "entities", "events", "quotes", "stories"):
        assert {"precision", "recall", "f1"} <= set(report["tasks"][task])


def test_cli_export_tables_and_graph(shared: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert run("process", str(shared / "seeds"), "--db", db)[0] == 0
    for what in ("events", "entities", "quotes", "stories"):
        code, out, err = run("export", "--what", what, "--format", "csv", "--db", db)
        assert code == 0, err
        rows = list(csv.DictReader(io.StringIO(out)))
        if what == "stories":
            assert len(rows) == 5
        target = tmp_path / f"{what}.parquet"
        code, _, err = run(
            "export", "--what", what, "--format", "parquet", "--db", db, "-o", str(target)
        )
        assert code == 0, err
        assert target.stat().st_size > 0
    code, out, _ = run("export", "--what", "graph", "--format", "graphml", "--db", db)
    assert code == 0
    assert out.startswith("<?xml") and "<graphml" in out


def test_cli_exit_codes(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text(
        "التقى وزير الخارجية الأردني نظيره العراقي في عمان أمس، وبحث الجانبان العلاقات الثنائية "
        "والتعاون في مجالات الطاقة والنقل، وأكدا أهمية التنسيق المستمر بين البلدين.\n",
        encoding="utf-8",
    )
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    code, out, err = run("process", str(tmp_path / "in"), "--db", db)
    assert code == 1
    assert "empty.txt" in err and "empty" in err
    assert out.startswith("1 stored")
    code, _, _ = run("export", "--what", "documents", "--format", "csv", "--db", db)
    assert code == 2  # documents come as JSONL only
    code, _, _ = run("process", "--no-such-option")
    assert code == 2


def test_cli_help_lists_every_contract_command() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for cmd in ("process", "export", "eval", "serve", "demo"):
        assert cmd in out
