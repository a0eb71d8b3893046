"""Shared test fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from loopback import LoopbackServer


@pytest.fixture
def loopback_server() -> Iterator[LoopbackServer]:
    """A started HTTP server on 127.0.0.1; set `.handler` to answer (see tests/loopback.py)."""
    with LoopbackServer() as server:
        yield server


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The parity harness's measured numbers (tests/parity), when it ran; also under -q."""
    import sys

    parity = sys.modules.get("test_parity")
    summary = getattr(parity, "summary_lines", None)
    lines = summary() if summary is not None else []
    if lines:
        terminalreporter.section("drop-in parity with openai-python")
        for line in lines:
            terminalreporter.write_line(line)
