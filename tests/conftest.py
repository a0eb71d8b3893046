"""Shared test fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings
from loopback import LoopbackServer

# Wall time is not what a test asserts: on a loaded 2-core CI machine Hypothesis's speed checks
# (input generation "too slow", per-example deadlines) fail tests whose property holds.
settings.register_profile(
    "openai-compat", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("openai-compat")

# The module-level client's settings (`openai_compat.api_key = ...`) and the client made from
# them on first use (`openai_compat.chat` creates it: even `hasattr` does) are process state.
_MODULE_CLIENT_STATE = (
    "_client", "api_key", "admin_api_key", "organization", "project", "webhook_secret",
    "base_url", "timeout", "max_retries", "default_headers", "default_query", "http_client",
    "api_type", "api_version", "azure_endpoint", "azure_ad_token", "azure_ad_token_provider",
)  # fmt: skip


@pytest.fixture(autouse=True)
def _no_module_client_left_behind() -> Iterator[None]:
    """Each test starts and ends with the module-level client state it found, so a client one
    test makes (with its settings and environment) is never the one another test uses."""
    import openai_compat

    module = vars(openai_compat)
    saved = {name: module[name] for name in _MODULE_CLIENT_STATE if name in module}
    yield
    client = module.get("_client")
    if client is not saved.get("_client") and callable(getattr(client, "close", None)):
        client.close()  # the module-level client is a sync OpenAI / AzureOpenAI
    for name in _MODULE_CLIENT_STATE:
        if name in saved:
            module[name] = saved[name]
        else:
            module.pop(name, None)


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
