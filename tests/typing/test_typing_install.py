"""A user script outside the checkout, checked by mypy and pyright against the editable install:
both resolve `openai_compat` (a plain path entry, no import hook) and see its real types, so a
typo is an error and a wrong expectation is reported, not silently `Any`."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from test_typing_probes import MYPY_FLAGS, PYRIGHT, ROOT, _run

pytestmark = pytest.mark.slow

USER_SCRIPT = '''\
from typing_extensions import assert_type

from openai_compat import AsyncOpenAI, OpenAI

client = OpenAI(api_key="sk-user", base_url="http://127.0.0.1:9/v1")
assert_type(client.with_options(max_retries=0), OpenAI)
raw = client.models.with_raw_response.retrieve("m")
assert_type(raw.status_code, int)
assert_type(raw.headers.get("x-request-id"), str | None)


async def main() -> None:
    async with AsyncOpenAI(api_key="sk-user") as aclient:
        assert_type(aclient, AsyncOpenAI)
'''
# Two mistakes a checker that really sees the package must report.
MISTAKES = '''
client.models.retreive("m")
assert_type(client.max_retries, str)
'''


def _user_folder(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "user_project"
    folder.mkdir()
    (folder / "script.py").write_text(text)
    (folder / "pyrightconfig.json").write_text('{"typeCheckingMode": "standard"}')
    assert ROOT not in folder.parents  # outside the checkout: only the install can resolve it
    return folder


def _mypy(folder: Path) -> str:
    return _run([sys.executable, "-m", "mypy", *MYPY_FLAGS, "script.py"], folder)


def _pyright(folder: Path) -> str:
    if not PYRIGHT.exists():
        pytest.fail(f"pyright is missing at {PYRIGHT}: run `make install` (npm ci installs it)")
    return _run([str(PYRIGHT), "--pythonpath", sys.executable, "script.py"], folder)


def test_the_install_is_a_plain_path_entry() -> None:
    import openai_compat

    assert Path(openai_compat.__file__).parent == ROOT / "overlays" / "openai_compat"
    assert (ROOT / "overlays" / "openai_compat" / "_generated").resolve() == ROOT / "generated"


def test_mypy_resolves_openai_compat_from_a_user_script(tmp_path: Path) -> None:
    output = _mypy(_user_folder(tmp_path, USER_SCRIPT))
    assert "Success: no issues found" in output, output


def test_pyright_resolves_openai_compat_from_a_user_script(tmp_path: Path) -> None:
    output = _pyright(_user_folder(tmp_path, USER_SCRIPT))
    assert re.search(r"^0 errors", output, re.M), output


def test_both_checkers_report_mistakes_in_a_user_script(tmp_path: Path) -> None:
    folder = _user_folder(tmp_path, USER_SCRIPT + MISTAKES)
    mypy_output = _mypy(folder)
    assert "import-not-found" not in mypy_output, mypy_output
    assert '"Models" has no attribute "retreive"' in mypy_output, mypy_output
    assert 'Expression is of type "int", not "str"' in mypy_output, mypy_output
    pyright_output = _pyright(folder)
    assert "reportMissingImports" not in pyright_output, pyright_output
    assert 'Cannot access attribute "retreive"' in pyright_output, pyright_output
    assert re.search(r"^2 errors", pyright_output, re.M), pyright_output
