"""The public surface: `__all__` of openai_compat, and what importing it (and making a client) loads."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import openai_compat

# What openai-python users import from `openai` and expect to find under the same names.
OPENAI_PYTHON_NAMES = [
    "OpenAI", "AsyncOpenAI", "AzureOpenAI", "AsyncAzureOpenAI",
    "OpenAIError", "APIError", "APIStatusError", "APIConnectionError", "APITimeoutError",
    "APIResponseValidationError", "BadRequestError", "AuthenticationError",
    "PermissionDeniedError", "NotFoundError", "ConflictError", "UnprocessableEntityError",
    "RateLimitError", "InternalServerError",
    "NOT_GIVEN", "NotGiven", "Omit", "omit", "not_given", "Stream", "AsyncStream", "BaseModel",
    "DefaultHttpxClient", "DefaultAsyncHttpxClient", "DefaultHttpx2Client",
    "DefaultAsyncHttpx2Client", "DefaultAioHttpClient",
]  # fmt: skip


def test_every_name_in_all_is_importable() -> None:
    for name in openai_compat.__all__:
        assert getattr(openai_compat, name) is not None, name
    assert sorted(openai_compat.__all__) == sorted(set(openai_compat.__all__))
    assert set(dir(openai_compat)) >= set(openai_compat.__all__)


@pytest.mark.parametrize("name", OPENAI_PYTHON_NAMES)
def test_openai_python_public_names_exist(name: str) -> None:
    assert name in openai_compat.__all__
    exec(f"from openai_compat import {name}", {})


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        openai_compat.Nope  # noqa: B018


def test_exported_exceptions_form_the_openai_python_tree() -> None:
    oc = openai_compat
    assert issubclass(oc.APIError, oc.OpenAIError)
    assert issubclass(oc.APIStatusError, oc.APIError)
    assert issubclass(oc.APIConnectionError, oc.APIError)
    assert issubclass(oc.APITimeoutError, oc.APIConnectionError)
    assert issubclass(oc.APIResponseValidationError, oc.APIError)
    for name in ("BadRequestError", "AuthenticationError", "PermissionDeniedError",
                 "NotFoundError", "ConflictError", "UnprocessableEntityError",
                 "RateLimitError", "InternalServerError"):  # fmt: skip
        assert issubclass(getattr(oc, name), oc.APIStatusError), name
    assert issubclass(oc.InvalidArgumentError, TypeError)
    assert issubclass(oc.InvalidArgumentError, oc.OpenAIError)


_PROBE = r"""
import json, sys
before = set(sys.modules)
import openai_compat
after_import = set(sys.modules)
from openai_compat import OpenAI, AsyncOpenAI, AzureOpenAI, AsyncAzureOpenAI
OpenAI(api_key="k", base_url="http://127.0.0.1:9/v1")
AsyncOpenAI(api_key="k", base_url="http://127.0.0.1:9/v1")
AzureOpenAI(api_key="k", azure_endpoint="http://127.0.0.1:9", api_version="2024-10-21")
after_client = set(sys.modules)
client = OpenAI(api_key="k", base_url="http://127.0.0.1:9/v1")
client.chat.completions  # a resource: its module, still no model
after_resource = set(sys.modules)
print(json.dumps({k: sorted(v - before) for k, v in
      {"import": after_import, "client": after_client, "resource": after_resource}.items()}))
"""


def _model_or_pydantic(modules: list[str]) -> list[str]:
    return [
        m for m in modules
        if m == "pydantic" or m.startswith("pydantic.") or ".models." in m
        or m.endswith(".models") or m.endswith("._model")
    ]  # fmt: skip


def test_import_and_client_creation_load_no_model_and_no_pydantic() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = json.loads(out.stdout)
    assert _model_or_pydantic(loaded["import"]) == []
    assert _model_or_pydantic(loaded["client"]) == []
    # A resource loads its own module and no model (pydantic may come with the stream helpers).
    assert [m for m in loaded["resource"] if "._generated." in m and ".models" in m] == []
    # The resource classes are built on first use, not when the client is made.
    assert not [m for m in loaded["client"] if "_generated.openai.resources." in m]
    assert "openai_compat._generated.openai.resources.chat" in loaded["resource"]
    # Generated modules loaded at all stay a handful (openai-python loads hundreds).
    generated = [m for m in loaded["resource"] if m.startswith("openai_compat._generated")]
    assert len(generated) < 12, generated
