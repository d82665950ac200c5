"""Shared fixtures: the ground-truth folder, stores on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.store import Store

REPO = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() == "true"


def shared_dir() -> Path:
    """``$MARSAD_SHARED`` or ``<repo>/../shared``."""
    return Path(os.environ.get("MARSAD_SHARED") or REPO.parent / "shared").resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ground-truth folder; skips (outside CI) when it is absent."""
    d = shared_dir()
    if not (d / "seeds").is_dir():
        if IN_CI:
            pytest.fail(f"the shared folder {d} is missing in CI")
        pytest.skip(f"the shared folder {d} is absent (set MARSAD_SHARED)")
    return d


def _pg_available() -> str | None:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        with psycopg.connect(_ADMIN, connect_timeout=3):
            return None
    except Exception as e:
        return f"PostgreSQL at 127.0.0.1:5432 is not reachable: {e}"


_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


@pytest.fixture(scope="session")
def pg_ok() -> None:
    """Skip (outside CI) or fail (in CI) when PostgreSQL is not reachable."""
    why = _pg_available()
    if why:
        if IN_CI:
            pytest.fail(why)
        pytest.skip(why)


@pytest.fixture
def pg_url(pg_ok: None) -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    import psycopg

    name = f"marsad_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated store on SQLite (a file) and on PostgreSQL."""
    if request.param == "sqlite":
        s = Store.open(f"sqlite:///{tmp_path / 'm.db'}")
    else:
        s = Store.open(request.getfixturevalue("pg_url"))
    yield s
    s.close()
