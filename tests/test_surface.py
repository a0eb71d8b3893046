"""openai_compat's top level has every name openai-python 3.54.0's top level has (`dir(openai)`,
read from the reference venv), except the ones listed below with the reason they are out of
scope here. A name openai-python adds or drops fails this test until it is classified."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import openai_compat

REFERENCE = Path(__file__).resolve().parents[1] / ".ref-venv" / "bin" / "python"

_OLD_API = "openai<1 API shims: openai-python keeps them only to raise APIRemovedInV1 when used"
_NOT_IN_SPEC = "a resource the pinned OpenAPI spec does not have (appears with a spec bump)"
OUT_OF_SCOPE = {
    **dict.fromkeys(("Audio", "ChatCompletion", "Completion", "Customer", "Deployment", "Edit",
                     "Embedding", "Engine", "ErrorObject", "File", "FineTune", "FineTuningJob",
                     "Image", "Model", "Moderation"), _OLD_API),
    "bedrock_token_provider": "Amazon Bedrock module setting (see BedrockOpenAI)",
    "ComputerToolset": "local computer-use tooling, not an HTTP API client feature",
    "AsyncComputerToolset": "local computer-use tooling, not an HTTP API client feature",
    "ComputerDriver": "local computer-use tooling, not an HTTP API client feature",
    "AsyncComputerDriver": "local computer-use tooling, not an HTTP API client feature",
    "resources": "openai-python's resource classes module; ours are generated (openai_compat._generated)",
    "override": "typing_extensions.override leaking from openai's namespace, not API",
    "live": _NOT_IN_SPEC,
    "decisions": _NOT_IN_SPEC,
    "safety": _NOT_IN_SPEC,
}


def _reference_names() -> list[str]:
    if not REFERENCE.exists():
        pytest.fail("needs `make install` (the .ref-venv with openai-python 3.54.0)")
    code = "import json, openai; print(json.dumps(sorted(n for n in dir(openai) if not n.startswith('_'))))"
    out = subprocess.run([str(REFERENCE), "-c", code], capture_output=True, text=True, check=True)
    return list(json.loads(out.stdout))


NAMES = _reference_names() if REFERENCE.exists() else []


@pytest.mark.parametrize("name", NAMES)
def test_top_level_name_of_openai_python(name: str) -> None:
    if name in OUT_OF_SCOPE:
        pytest.skip(f"out of scope: {OUT_OF_SCOPE[name]}")
    assert hasattr(openai_compat, name), f"openai_compat has no {name!r} (openai-python has it)"


def test_the_auth_module_has_openai_auths_names() -> None:
    code = "import json, openai.auth as a; print(json.dumps(sorted(a.__all__)))"
    out = subprocess.run([str(REFERENCE), "-c", code], capture_output=True, text=True, check=True)
    import openai_compat.auth as auth

    assert sorted(auth.__all__) == json.loads(out.stdout)
    for name in auth.__all__:
        assert getattr(auth, name) is not None


def test_the_classification_is_not_stale() -> None:
    listed = set(OUT_OF_SCOPE)
    assert not listed - set(NAMES), "listed names openai-python no longer has"
    assert not set(OUT_OF_SCOPE) & {n for n in NAMES if hasattr(openai_compat, n)}, (
        "now provided: remove from OUT_OF_SCOPE"
    )


def test_every_exception_class_is_exported_with_openai_pythons_hierarchy() -> None:
    hierarchy = {
        "OAuthError": "AuthenticationError",
        "LengthFinishReasonError": "OpenAIError",
        "ContentFilterFinishReasonError": "OpenAIError",
        "WebSocketConnectionClosedError": "OpenAIError",
        "WebSocketQueueFullError": "OpenAIError",
        "InvalidWebhookSignatureError": "ValueError",
        "APITimeoutError": "APIConnectionError",
        "RateLimitError": "APIStatusError",
    }
    for name, base in hierarchy.items():
        parent = getattr(openai_compat, base, None) or {"ValueError": ValueError}[base]
        assert issubclass(getattr(openai_compat, name), parent), name


def test_exception_constructors_take_openai_pythons_arguments() -> None:
    import httpx

    completion = type("C", (), {"usage": "usage(total_tokens=3)"})()
    error = openai_compat.LengthFinishReasonError(completion=completion)
    assert error.completion is completion and "length limit" in str(error)
    assert openai_compat.ContentFilterFinishReasonError().completion is None
    closed = openai_compat.WebSocketConnectionClosedError("closed", unsent_messages=["a", b"b", b"\xff"])
    assert closed.unsent_messages == ["a", "b"] and closed.unsent_frames == ["a", b"b", b"\xff"]
    request = httpx.Request("POST", "https://auth.example/token")
    response = httpx.Response(401, request=request)
    oauth = openai_compat.OAuthError(
        response=response, body={"error": "invalid_grant", "error_description": "expired"}
    )
    assert (str(oauth), oauth.error, oauth.status_code) == ("expired", "invalid_grant", 401)


def test_module_level_settings_exist_with_openai_pythons_defaults() -> None:
    # In a fresh interpreter: a module-level client another test made writes resolved settings
    # back to the module, as openai-python's does.
    code = """
import openai_compat as oc
for name in ("api_key", "admin_api_key", "organization", "project", "webhook_secret",
             "base_url", "default_headers", "default_query", "http_client",
             "azure_ad_token", "azure_ad_token_provider", "api_type", "api_version", "azure_endpoint"):
    assert getattr(oc, name) is None, name
assert oc.timeout == oc.DEFAULT_TIMEOUT
assert oc.max_retries == oc.DEFAULT_MAX_RETRIES == 2
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_OPENAI_"))}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_submodules_as_openai_pythons() -> None:
    from openai_compat import pagination, version
    from openai_compat.lib import azure

    assert version.VERSION == openai_compat.VERSION == openai_compat.__version__
    assert pagination.SyncCursorPage is openai_compat.SyncPage
    assert pagination.AsyncConversationCursorPage is openai_compat.AsyncPage
    assert azure.AzureOpenAI is openai_compat.AzureOpenAI
    assert azure.AzureADTokenProvider is not None and azure.AsyncAzureADTokenProvider is not None


def test_file_from_path(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_bytes(b"{}\n")
    assert openai_compat.file_from_path(str(path)) == ("data.jsonl", b"{}\n")
