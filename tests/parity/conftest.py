"""Prints the parity harness's measured numbers at the end of the run (also under -q)."""

from __future__ import annotations

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from test_parity import summary_lines

    lines = summary_lines()
    if lines:
        terminalreporter.section("drop-in parity with openai-python")
        for line in lines:
            terminalreporter.write_line(line)
