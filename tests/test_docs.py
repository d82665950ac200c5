"""The README and ``--help`` stay true (after sqlite-utils' test_docs.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from marsad.registry import STAGES
from marsad.serve.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
COMMAND = typer.main.get_command(app)
COMMANDS = getattr(COMMAND, "commands", {})


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_docs_every_command_is_in_the_readme(name: str) -> None:
    assert f"`marsad {name}" in README


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_docs_every_option_is_in_the_readme(name: str) -> None:
    cmd = COMMANDS[name]
    row = next(line for line in README.splitlines() if line.startswith(f"| `marsad {name}"))
    for param in cmd.params:
        if getattr(param, "param_type_name", "") == "option" and param.name != "help":
            assert any(opt in row for opt in param.opts), f"{name}: {param.opts} not in the README"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_docs_every_command_has_help(name: str) -> None:
    assert (COMMANDS[name].help or "").strip()


@pytest.mark.parametrize("name", sorted(STAGES))
def test_docs_every_stage_is_documented(name: str) -> None:
    assert STAGES[name].doc
    assert re.search(rf"\*\*{name}\*\*", README), f"stage {name} missing from the README pipeline"


def test_docs_two_setup_commands() -> None:
    assert "bash run.sh demo" in README and "bash run.sh test" in README
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash run.sh test" in ci
