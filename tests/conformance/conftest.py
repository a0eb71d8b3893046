"""Fixtures of the conformance tests: one Steady mock server of the pinned OpenAI spec per session.

If Node or the pinned mock package is missing the tests FAIL (never skip): `make install` installs
both on CI, and a conformance run that silently checks nothing would look like a pass.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conformance_report import REPORT
from mock_server import MockServerUnavailable, SteadyServer

from codegen.pins import load_pin, locate
from openai_compat import OpenAI
from openai_compat._runtime import Operation


class ResponseLog:
    """The last response the client received (an httpx event hook), for the mock's verdict."""

    def __init__(self) -> None:
        self.last: httpx.Response | None = None

    def record(self, response: httpx.Response) -> None:
        self.last = response

    def steady_errors(self) -> str:
        """The mock's validation errors of the last request, one line each ("" when none)."""
        response = self.last
        if response is None:
            return "no response was received"
        headers = response.headers
        count = int(headers.get("x-steady-error-count", "0") or 0)
        lines = [
            f"{headers.get(f'x-steady-error-{n}-code', '?')} at "
            f"{headers.get(f'x-steady-error-{n}-path', '?')}: "
            f"{headers.get(f'x-steady-error-{n}-message', '?')}"
            for n in range(1, count + 1)
        ]
        if not lines and headers.get("x-steady-request-valid") == "false":
            lines.append(f"HTTP {response.status_code}: {response.text[:300]}")
        return "\n".join(lines)


@pytest.fixture(scope="session")
def steady() -> Iterator[SteadyServer]:
    """The mock server, started on a free loopback port from the located pinned spec."""
    server = SteadyServer(locate(load_pin("openai")))
    try:
        server.start()
    except MockServerUnavailable as exc:
        server.close()
        pytest.fail(f"conformance: cannot run the mock server: {exc}", pytrace=False)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def response_log() -> ResponseLog:
    return ResponseLog()


@pytest.fixture(scope="session")
def mock_client(steady: SteadyServer, response_log: ResponseLog) -> Iterator[OpenAI]:
    """One client for the whole run: no retries (a 400 from the mock is the verdict)."""
    http = httpx.Client(event_hooks={"response": [response_log.record]}, timeout=30.0)
    client = OpenAI(
        base_url=steady.url, api_key="test", admin_api_key="test", max_retries=0, http_client=http
    )
    try:
        yield client
    finally:
        client.close()
        http.close()


@pytest.fixture(scope="session")
def generated_operations() -> dict[str, Operation]:
    """operationId -> generated `Operation` of the OpenAI spec."""
    module = importlib.import_module("openai_compat._generated.openai.operations")
    return {op.operation_id: op for op in module.load_operations()}


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for line in REPORT.lines():
        terminalreporter.write_line(line)
