"""Fixtures of the generator's tests: the pinned specs, and generated packages made importable.

A package generated into a temporary folder is mounted as `openai_compat._generated.<package>`
by adding that folder to the `openai_compat._generated` package's `__path__` - the same import
path the committed packages have, so generated code and the runtime's `resolve_model` find it
exactly as they find `openai_compat._generated.openai`, with no test-only hook in production.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import openai_compat._generated as generated_root
from codegen.document import read_document
from codegen.pins import REPO_ROOT, load_pin, locate
from openai_compat import _request

INLINE_SPECS = Path(__file__).parent / "inline_specs"
# Pins of published spec versions other than the current ones (history, the previous pin):
# found like the real pins, by hash, through OPENAI_COMPAT_SPEC_MIRROR and the loader's roots.
HISTORY_PINS = Path(__file__).parent / "history_pins"


def _pinned_spec(name: str) -> Path:
    # Found by hash in the mirror; tests never download.
    return locate(load_pin(name), download=False)


def _history_spec(name: str) -> Path:
    return locate(load_pin(name, HISTORY_PINS), download=False)


@pytest.fixture(scope="session")
def history_spec() -> Callable[[str], Path]:
    """`history_spec("openai-2024-12-18")`: the file of a history pin, located by the loader."""
    return _history_spec


@pytest.fixture(scope="session")
def pinned_spec() -> Callable[[str], Path]:
    """`pinned_spec("openai")`: the file of a pinned spec."""
    return _pinned_spec


@pytest.fixture(scope="session")
def openai_document() -> dict[str, Any]:
    """The pinned OpenAI spec, parsed once per session (~2 s)."""
    return read_document(_pinned_spec("openai"))


@pytest.fixture(scope="session")
def azure_document() -> dict[str, Any]:
    return read_document(_pinned_spec("azure-openai"))


@pytest.fixture(scope="session")
def codegen_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """`codegen_cli("generate", "--spec", ...)`: the generator's command line in a subprocess."""
    return _run_codegen


def _run_codegen(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    """`python -m codegen ARGS` in a subprocess, as a developer runs it."""
    return subprocess.run(
        [sys.executable, "-m", "codegen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def _forget(package: str) -> None:
    prefix = f"{generated_root.__name__}.{package}"
    for name in [m for m in sys.modules if m == prefix or m.startswith(prefix + ".")]:
        del sys.modules[name]
    for key in [
        k
        for k in _request._model_cache
        if _request._SPEC_PACKAGES.get(k[0], k[0].replace("-", "_")) == package
    ]:
        del _request._model_cache[key]


@pytest.fixture
def mount_generated() -> Iterator[Callable[[Path, str], None]]:
    """`mount(out_dir, package)`: make `out_dir/<package>` importable as `openai_compat._generated.<package>`.

    Undone after the test: the folder leaves `__path__`, and the package's modules and cached
    model classes are forgotten, so another test can mount a different package of that name.
    """
    mounted: list[tuple[str, str]] = []

    def mount(out_dir: Path, package: str) -> None:
        committed = Path(generated_root.__file__).parent / package
        if committed.exists():
            raise ValueError(f"package {package!r} would shadow the committed generated/{package}")
        generated_root.__path__.append(str(out_dir))
        mounted.append((str(out_dir), package))
        _forget(package)

    yield mount
    for folder, package in mounted:
        generated_root.__path__.remove(folder)
        _forget(package)
