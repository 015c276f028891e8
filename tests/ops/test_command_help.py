"""`--help` for every command says the environment variables, exit codes and an example; `--version` works."""

from __future__ import annotations

import subprocess

import pytest

from tests.ops.cli import SCRUTINY


def scrutiny(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*SCRUTINY, *args], capture_output=True, text=True)


@pytest.mark.parametrize("command", [[], ["run"], ["demo-data"]], ids=["scrutiny", "run", "demo-data"])
def test_help_gives_exit_codes_and_an_example(command):
    result = scrutiny(*command, "--help")
    assert result.returncode == 0
    assert "exit codes:" in result.stdout and "  2  " in result.stdout
    assert "example:" in result.stdout and "scrutiny " in result.stdout.split("example:")[1]


@pytest.mark.parametrize("command", [[], ["run"]], ids=["scrutiny", "run"])
def test_help_lists_the_environment(command):
    shown = scrutiny(*command, "--help").stdout
    for variable in ("SCRUTINY_RAW_DIR", "SCRUTINY_DATA_DIR", "SCRUTINY_LA_CODE", "SCRUTINY_HISTORY_MONTHS"):
        assert variable in shown


def test_version():
    from importlib.metadata import version

    result = scrutiny("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"scrutiny {version('scrutiny')}"
