"""The same client sessions through openai-python 3.54 (.ref-venv) and openai_compat, each in its
own interpreter, against the same kind of loopback WebSocket server: the frames the server
receives must be byte-identical, and the events the client gets back equal, field for field."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from ws_scenarios import serve_by_path
from ws_server import ConnectionRecord, WebSocketServer

HERE = Path(__file__).parent
REF_PYTHON = HERE.parent.parent / ".ref-venv" / "bin" / "python"
SESSIONS = ["voice", "text", "beta", "error", "drop", "azure_key", "azure_ad"]
COMPARED_HEADERS = ("authorization", "api-key", "openai-beta", "x-trace")

Outcome = tuple[dict[str, Any], ConnectionRecord]


def run_sessions(python: str, lib: str, mode: str) -> dict[str, Outcome]:
    """Every session through `lib`, one connection each, in one interpreter."""
    with WebSocketServer(serve_by_path) as server:
        done = subprocess.run(
            [python, str(HERE / "ws_driver.py"), lib, mode, str(server.port), *SESSIONS],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    assert done.returncode == 0, f"{lib} driver failed:\n{done.stderr[-3000:]}"
    assert not server.errors, server.errors
    outcomes = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(outcomes) == len(server.records) == len(SESSIONS)
    return dict(zip(SESSIONS, zip(outcomes, server.records, strict=True), strict=True))


@pytest.fixture(scope="module", params=["sync", "async"])
def both(request: pytest.FixtureRequest) -> dict[str, tuple[Outcome, Outcome]]:
    if not REF_PYTHON.exists():
        pytest.fail(f"{REF_PYTHON} is missing: run `make install` (it creates the reference venv)")
    theirs = run_sessions(str(REF_PYTHON), "openai", request.param)
    ours = run_sessions(sys.executable, "openai_compat", request.param)
    return {name: (ours[name], theirs[name]) for name in SESSIONS}


def _request(record: ConnectionRecord) -> tuple[str, list[tuple[str, str]], dict[str, str]]:
    url = urlsplit(record.path)
    headers = {k.lower(): v for k, v in record.headers.items() if k.lower() in COMPARED_HEADERS}
    return url.path, sorted(parse_qsl(url.query, keep_blank_values=True)), headers


@pytest.mark.parametrize("session", SESSIONS)
def test_same_session_same_frames_and_events(
    both: dict[str, tuple[Outcome, Outcome]], session: str
) -> None:
    (ours, our_record), (theirs, their_record) = both[session]
    assert our_record.frames == their_record.frames  # byte for byte, in order
    assert len(our_record.frames) > 0
    assert _request(our_record) == _request(their_record)
    assert [e["type"] for e in ours["events"]] == [e["type"] for e in theirs["events"]]
    assert ours["events"] == theirs["events"]
    assert len(ours["events"]) > 0
    if session == "drop":
        # openai-python lets the websockets error through; ours is also an APIConnectionError.
        assert "ConnectionClosedError" in theirs["error"]
        assert ours["error"][0] == "WebSocketConnectionError"
        assert {"ConnectionClosedError", "APIConnectionError"} <= set(ours["error"])
    else:
        assert theirs["error"] is None and ours["error"] is None
