"""Differential test: every scenario of parity_scenarios.py runs through openai-python 3.54.0
(.ref-venv) and through openai_compat (.venv), each in its own process, against one scripted
loopback server. Requests on the wire, results, errors and warnings must be identical, except
for the differences listed (with their reasons) in parity_differences.py - and each listed
difference must still occur, so the list cannot go stale.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from parity_compare import Diff, scenario_diffs
from parity_differences import DELIBERATE, DIFFERENCES, PENDING
from parity_scenarios import SCENARIOS, categories
from parity_server import ScriptedServer

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("parity_driver.py")
INTERPRETERS = {
    "openai": ROOT / ".ref-venv" / "bin" / "python",
    "openai_compat": ROOT / ".venv" / "bin" / "python",
}
REQUIRED_CATEGORIES = (
    "chat", "streams", "responses", "embeddings", "completions", "images", "audio", "files",
    "uploads", "batches", "pagination", "errors", "retries", "azure", "client",
)  # fmt: skip


@dataclass
class ParityRun:
    """Both libraries' observations and the comparison, computed once per session."""

    diffs: dict[str, list[Diff]] = field(default_factory=dict)
    unlisted: dict[str, list[Diff]] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)  # difference name -> diffs it covers
    outcomes: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def identical(self) -> int:
        return sum(1 for d in self.diffs.values() if not d)


_RUN: list[ParityRun] = []


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("OPENAI_", "AZURE_OPENAI_", "PYTHON"))}  # fmt: skip
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _run_libraries() -> ParityRun:
    missing = [str(p) for p in INTERPRETERS.values() if not p.exists()]
    if missing:
        pytest.fail(f"parity harness needs `make install` (missing {', '.join(missing)})")
    scripts = {s["id"]: s["replies"] for s in SCENARIOS}
    with ScriptedServer(scripts) as server, tempfile.TemporaryDirectory() as tmp:
        spec_path = Path(tmp) / "spec.json"
        spec_path.write_text(json.dumps({"server": server.base_url, "scenarios": SCENARIOS}))
        processes = {
            lib: subprocess.Popen(
                [str(python), str(DRIVER), lib, str(spec_path), str(Path(tmp) / f"{lib}.json")],
                cwd=tmp, env=_clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            )
            for lib, python in INTERPRETERS.items()
        }  # fmt: skip
        try:
            for lib, process in processes.items():
                _, err = process.communicate(timeout=150)
                if process.returncode != 0:
                    pytest.fail(f"parity driver for {lib} failed:\n{err.decode()[-4000:]}")
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.kill()
                    process.communicate()
        outcomes = {lib: json.loads((Path(tmp) / f"{lib}.json").read_text()) for lib in INTERPRETERS}
    run = ParityRun(matched={d.name: 0 for d in DIFFERENCES})
    for s in SCENARIOS:
        sid = s["id"]
        observed = {
            lib: {"outcome": outcomes[lib][sid], "requests": server.requests[lib].get(sid, [])}
            for lib in INTERPRETERS
        }
        run.outcomes[sid] = observed
        diffs = scenario_diffs(sid, observed["openai"], observed["openai_compat"])
        run.diffs[sid] = diffs
        run.unlisted[sid] = []
        for diff in diffs:
            covering = [d for d in DIFFERENCES if d.covers(diff)]
            for d in covering:
                run.matched[d.name] += 1
            if not covering:
                run.unlisted[sid].append(diff)
    dump = os.environ.get("PARITY_DUMP")
    if dump:  # for a person investigating: every observation and every diff, as JSON
        Path(dump).write_text(json.dumps({
            "outcomes": run.outcomes,
            "diffs": {sid: [str(d) for d in diffs] for sid, diffs in run.diffs.items()},
        }, indent=1, default=repr))  # fmt: skip
    return run


@pytest.fixture(scope="session")
def parity() -> ParityRun:
    if not _RUN:
        _RUN.append(_run_libraries())
    return _RUN[0]


def test_enough_scenarios_in_every_area() -> None:
    assert len(SCENARIOS) >= 200
    counts = categories()
    assert not [c for c in REQUIRED_CATEGORIES if not counts.get(c)], counts


def test_driver_did_not_break(parity: ParityRun) -> None:
    broken = {
        sid: lib
        for sid, observed in parity.outcomes.items()
        for lib, seen in observed.items()
        if "driver_error" in seen["outcome"]
    }
    assert not broken, broken


@pytest.mark.parametrize("sid", [s["id"] for s in SCENARIOS])
def test_scenario_matches_openai_python(parity: ParityRun, sid: str) -> None:
    unlisted = parity.unlisted[sid]
    assert not unlisted, "differences not listed in parity_differences.py:\n" + "\n".join(
        str(d) for d in unlisted
    )


@pytest.mark.parametrize("name", [d.name for d in DIFFERENCES])
def test_listed_difference_still_holds(parity: ParityRun, name: str) -> None:
    assert parity.matched[name] > 0, (
        f"listed difference {name!r} no longer occurs in any scenario: remove it from "
        "parity_differences.py (the libraries now agree)"
    )


def summary_lines() -> list[str]:
    """For the terminal summary (conftest.py): the measured drop-in numbers."""
    if not _RUN:
        return []
    run = _RUN[0]
    identity = {d.name for d in DELIBERATE[:2]}  # User-Agent and package version: every request
    deliberate = {d.name for d in DELIBERATE}

    def names(sid: str) -> set[str]:
        return {d.name for diff in run.diffs[sid] for d in DIFFERENCES if d.covers(diff)}

    counts = {"identical": 0, "identity": 0, "deliberate": 0, "pending": 0, "unlisted": 0}
    for sid, diffs in run.diffs.items():
        found = names(sid)
        if run.unlisted[sid]:
            counts["unlisted"] += 1
        elif not diffs:
            counts["identical"] += 1
        elif found <= identity:
            counts["identity"] += 1
        elif found <= deliberate:
            counts["deliberate"] += 1
        else:
            counts["pending"] += 1
    lines = [
        f"parity: {len(SCENARIOS)} scenarios against openai-python 3.54.0: "
        f"{counts['identical'] + counts['identity']} identical "
        f"({counts['identical']} to the byte, {counts['identity']} apart from the User-Agent and "
        f"package-version headers), {counts['deliberate']} differing only by deliberate "
        f"differences, {counts['pending']} by open (listed) differences, "
        f"{counts['unlisted']} with unlisted differences",
        f"parity: {len(DELIBERATE)} deliberate and {len(PENDING)} open listed differences "
        "(tests/parity/parity_differences.py):",
    ]
    lines += [f"  - {d.name} ({run.matched.get(d.name, 0)} places): {d.reason}" for d in DIFFERENCES]
    return lines


if __name__ == "__main__":  # pragma: no cover - manual inspection: python test_parity.py SID...
    sys.exit(pytest.main([__file__, "-q", *(f"-k {a}" for a in sys.argv[1:])]))
