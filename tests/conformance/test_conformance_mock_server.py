"""The mock server helper fails loudly, naming the fix, when Node or the package is missing."""

from __future__ import annotations

from pathlib import Path

import mock_server
import pytest
from mock_server import MockServerUnavailable, steady_command


def test_missing_node_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mock_server.shutil, "which", lambda name: None)
    with pytest.raises(MockServerUnavailable, match=r"Node\.js .* `make install`"):
        steady_command(Path("openapi.yaml"), 4010)


def test_missing_package_names_the_fix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(mock_server, "STEADY_JS", tmp_path / "steady.js")
    with pytest.raises(MockServerUnavailable, match=r"steady\.js is missing.*`npm ci`"):
        steady_command(Path("openapi.yaml"), 4010)


def test_command_reads_the_given_spec_on_loopback() -> None:
    command = steady_command(Path("/specs/openapi.yaml"), 4321)
    assert command[-1] == "/specs/openapi.yaml"
    assert "--host=127.0.0.1" in command
    assert "--port=4321" in command
