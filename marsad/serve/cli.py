"""``marsad``: the command line (typer + rich), a thin shell over the library.

Exit codes (CONTRACT): 0 success; 1 some inputs failed (each named on stderr
with its reason, the rest stored); 2 usage error.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from marsad.doc import Outcome
from marsad.errors import ConfigError, StoreError

#: Seconds between progress bar redraws (drawn from the items, without a thread).
REFRESH_S = 0.1

app = typer.Typer(
    name="marsad",
    help="Marsad (مرصد): read Arabic news offline and tell who met, visited, phoned, agreed with or "
    "accused whom; where, when, with proof.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLAlchemy URL (sqlite:///x.db, postgresql://…); default $MARSAD_DB or sqlite:///marsad.db.",
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="A TOML file overlaying the default settings.", exists=True),
]


class What(StrEnum):
    documents = "documents"
    events = "events"
    entities = "entities"
    quotes = "quotes"
    stories = "stories"
    graph = "graph"


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    graphml = "graphml"


def _open(db: str | None):  # type: ignore[no-untyped-def]
    from marsad.store import Store

    try:
        return Store.open(db)
    except StoreError as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from e


def _settings(config: Path | None):  # type: ignore[no-untyped-def]
    from marsad.settings import load_settings

    try:
        return load_settings(config)
    except ConfigError as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from e


@app.command()
def process(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders, globs, URLs or feeds (.txt .html .warc .warc.gz .jsonl .xml)."
        ),
    ],
    db: DbOption = None,
    config: ConfigOption = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="Run the stages on Dask: 'local' (a local cluster) or a scheduler address tcp://host:8786.",
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", help="Workers of a --dask local cluster.")
    ] = 2,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Local worker processes for the stages (0: one per core; 1: none). "
            "Default: the settings' pipeline.jobs (0).",
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log each stage at INFO.")
    ] = False,
) -> None:
    """Ingest and analyse INPUTS; idempotent: a document already stored is skipped."""
    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    from marsad.process import process as run

    settings = _settings(config)
    if jobs is not None:
        settings = dataclasses.replace(settings, jobs=jobs)
    store = _open(db)
    analyser = None
    client = None
    if dask:
        from marsad.scale.dask import DaskAnalyser

        client_analyser = DaskAnalyser.connect(dask, settings, workers=workers)
        analyser = client_analyser
        client = client_analyser
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not err.is_terminal,
        transient=True,
        # no refresh thread: worker processes are forked from a single-threaded process
        auto_refresh=False,
    )
    failures: list[Outcome] = []
    try:
        with progress:
            task = progress.add_task("processing", total=None)

            shown = [0.0]

            def on_item(o: Outcome) -> None:
                progress.advance(task)
                if time.monotonic() - shown[0] > REFRESH_S:
                    progress.refresh()
                    shown[0] = time.monotonic()
                if o.status == "failed":
                    failures.append(o)

            summary = run(inputs, store, settings, on_item=on_item, analyser=analyser)
    finally:
        if client is not None:
            client.close()
        store.close()
    for f in summary.failed:
        err.print(f"failed: {f.source}: {f.reason}" + (f" ({f.message})" if f.message else ""))
    out.print(summary.line())
    raise typer.Exit(1 if summary.failed else 0)


@app.command()
def export(
    what: Annotated[What, typer.Option("--what", help="What to write.")] = What.documents,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.jsonl,
    db: DbOption = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Output file (default: standard output).")
    ] = None,
) -> None:
    """Write what is stored: documents (the contract's JSON), events, entities, quotes, stories, graph."""
    from marsad.export.tables import ExportError
    from marsad.export.tables import export as run

    store = _open(db)
    try:
        run(store, what.value, fmt.value, output)
    except ExportError as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from e
    finally:
        store.close()


@app.command(name="eval")
def evaluate(
    gold_dir: Annotated[
        Path,
        typer.Argument(
            help="A folder of gold JSON files (CONTRACT format).", exists=True, file_okay=False
        ),
    ],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score what is stored against gold files: precision, recall and F1 per task."""
    from marsad.eval.score import load_gold, score

    try:
        gold = load_gold(gold_dir)
    except ValueError as e:
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(2) from e
    store = _open(db)
    try:
        report = score(gold, store.iter_documents(reports=True))
    finally:
        store.close()
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(report.format_table())


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            "--token", envvar="MARSAD_TOKEN", help="Token that enables the ingest endpoints."
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", help="Server processes (one per core serves more clients).")
    ] = 1,
) -> None:
    """Serve the REST API (OpenAPI at /docs) and the web page."""
    import os

    import uvicorn

    from marsad.serve.api import create_app

    store = _open(db)
    out.print(f"Marsad on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)")
    if workers > 1:
        store.close()
        os.environ["MARSAD_DB"] = str(db or os.environ.get("MARSAD_DB") or "sqlite:///marsad.db")
        if token:
            os.environ["MARSAD_TOKEN"] = token
        uvicorn.run(
            "marsad.serve.api:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )
        return
    uvicorn.run(create_app(store, token=token), host=host, port=port, log_level="warning")


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="The fresh SQLite file to create.")] = Path(
        "marsad-demo.db"
    ),
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Only build the database.")] = False,
) -> None:
    """Process the bundled sample corpus into a fresh embedded database and serve it."""
    from importlib import resources

    from marsad.process import process as run

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    corpus = resources.files("marsad") / "demo" / "corpus"
    url = f"sqlite:///{db}"
    store = _open(url)
    summary = run([str(corpus)], store)
    store.close()
    out.print(f"demo: {summary.line()} → {db}")
    if not no_serve:
        serve(db=url, host=host, port=port, token=None, workers=1)


def main() -> None:
    """Console-script entry point: usage errors exit 2 (click's convention)."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
