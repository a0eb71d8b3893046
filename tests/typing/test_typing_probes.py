"""The type contract: user code in probes/ (written as openai-python users write it) type-checks
under mypy --strict and pyright with every `assert_type` holding and every misuse flagged.

Each probe is also checked against openai-python 3.54.0 (`.ref-venv`, imports renamed), so the
probes cannot drift from what the reference SDK promises: a probe that openai-python fails is a
wrong probe, not a bar for us.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
PROBES = sorted((HERE / "probes").glob("probe_*.py"))
REF_PYTHON = ROOT / ".ref-venv" / "bin" / "python"
PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"
MYPY_FLAGS = ["--strict", "--warn-unused-ignores", "--no-incremental", "--hide-error-context"]

pytestmark = pytest.mark.slow

# Probe lines that do not hold yet, with the reason; each must still fail under both checkers
# (so the list cannot go stale) and nothing else may.
KNOWN_GAPS: dict[str, str] = {}


def _failing_lines(output: str) -> set[str]:
    """`probe_x.py:N` of every error either checker reports."""
    pattern = r"(probe_\w+\.py):(\d+)(?::\d+)?(?: - |: )error"
    return {f"{name}:{line}" for name, line in re.findall(pattern, output)}


def _probe_copy(tmp_path: Path, package: str) -> Path:
    """The probes as a fresh folder, with `openai_compat` renamed to `package`."""
    out = tmp_path / package
    out.mkdir()
    for probe in PROBES:
        (out / probe.name).write_text(probe.read_text().replace("openai_compat", package))
    shutil.copy(HERE / "pyrightconfig.json", out / "pyrightconfig.json")
    return out


def _run(command: list[str], cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MYPY", "PYTHONPATH"))}
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    return result.stdout + result.stderr


def _mypy(folder: Path, python: Path) -> str:
    return _run(
        [sys.executable, "-m", "mypy", *MYPY_FLAGS, "--python-executable", str(python), "."],
        folder,
    )


def _pyright(folder: Path, python: Path) -> str:
    if not PYRIGHT.exists():
        pytest.fail(f"pyright is missing at {PYRIGHT}: run `make install` (npm ci installs it)")
    return _run([str(PYRIGHT), "--pythonpath", str(python), "."], folder)


def test_there_are_enough_probes() -> None:
    checks = sum(
        len(re.findall(r"assert_type\(|# type: ignore\[", probe.read_text())) for probe in PROBES
    )
    assert checks >= 40, checks


def test_probes_hold_under_mypy(tmp_path: Path) -> None:
    output = _mypy(_probe_copy(tmp_path, "openai_compat"), Path(sys.executable))
    assert _failing_lines(output) == set(KNOWN_GAPS), output


def test_probes_hold_under_pyright(tmp_path: Path) -> None:
    output = _pyright(_probe_copy(tmp_path, "openai_compat"), Path(sys.executable))
    assert _failing_lines(output) == set(KNOWN_GAPS), output


@pytest.mark.skipif(not REF_PYTHON.exists(), reason="no .ref-venv: run `make install`")
def test_probes_are_what_openai_python_promises(tmp_path: Path) -> None:
    folder = _probe_copy(tmp_path, "openai")
    mypy_output = _mypy(folder, REF_PYTHON)
    assert "Success: no issues found" in mypy_output, mypy_output
    pyright_output = _pyright(folder, REF_PYTHON)
    assert re.search(r"^0 errors", pyright_output, re.M), pyright_output
