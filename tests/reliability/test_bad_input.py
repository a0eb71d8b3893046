"""Bad input: arbitrary bytes and JSON from the server (hypothesis), malformed arguments from the
caller, and base URLs that are not http(s). Documented outcomes only: a parsed result, or
`APIResponseValidationError` / `APIStreamError` / an `APIStatusError` subclass for the server's
bytes; `InvalidArgumentError` (nothing sent) or a faithful request for the caller's arguments."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from faultserver import Connection, FaultServer, SeenRequest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reltools import MakeClient, raises, run
from secret_sweep import SECRETS, SWEEP

from openai_compat import (
    APIResponseValidationError,
    APIStatusError,
    APIStreamError,
    AzureOpenAI,
    BadRequestError,
    InternalServerError,
    InvalidArgumentError,
    OpenAI,
    OpenAIError,
)

MESSAGES = [{"role": "user", "content": "hi"}]
NAN, INF = float("nan"), float("inf")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def fuzz_client() -> Iterator[tuple[OpenAI, FaultServer, dict[str, Any]]]:
    """One server and client for all examples: `reply` holds what the next answer is."""
    reply: dict[str, Any] = {"status": 200, "body": b"{}", "type": "application/json"}

    async def handler(request: SeenRequest, conn: Connection) -> None:
        await conn.respond(reply["status"], reply["body"], {"Content-Type": reply["type"]})

    with FaultServer(handler) as server:
        client = OpenAI(api_key=SECRETS.api_key, base_url=server.url("/v1"), max_retries=0)
        yield client, server, reply
        client.close()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
CHUNK_KEYS = ["id", "object", "created", "model", "choices", "usage", "error", "delta", "index"]
near_valid = st.fixed_dictionaries({}, optional={k: json_values for k in CHUNK_KEYS})
bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(lambda v: json.dumps(v).encode()),
    near_valid.map(lambda v: json.dumps(v).encode()),
)
CALLS = {
    "models.list": lambda c: list(c.models.list()),
    "chat.completions.create": lambda c: c.chat.completions.create(model="m", messages=MESSAGES),
    "embeddings.create": lambda c: c.embeddings.create(model="m", input="x"),
    "files.retrieve": lambda c: c.files.retrieve("file-1"),
}


@FUZZ
@given(
    body=bodies,
    call=st.sampled_from(sorted(CALLS)),
    status=st.sampled_from([200, 200, 400, 429, 500]),
)
def test_arbitrary_response_bodies(
    fuzz_client: tuple[OpenAI, FaultServer, dict[str, Any]], body: bytes, call: str, status: int
) -> None:
    client, _, reply = fuzz_client
    reply.update(status=status, body=body, type="application/json")
    try:
        CALLS[call](client)
    except (APIResponseValidationError, APIStatusError) as exc:
        assert status >= 400 or isinstance(exc, APIResponseValidationError)
        assert str(exc)  # a message, whatever the body
        SWEEP.exception(exc)


sse_bodies = st.one_of(
    st.binary(max_size=400),
    st.lists(
        st.one_of(json_values.map(json.dumps), near_valid.map(json.dumps), st.text(max_size=30)),
        max_size=6,
    ).map(lambda items: "".join(f"data: {item}\n\n" for item in items).encode()),
    st.lists(
        st.sampled_from(
            ["data: ", "event: error\n", "data: [DONE]\n\n", "\r\n", ":c\n", "id: 1\n", "\n"]
        )
    ).map(lambda parts: "".join(parts).encode()),
)


@FUZZ
@given(body=sse_bodies)
def test_arbitrary_stream_bodies(
    fuzz_client: tuple[OpenAI, FaultServer, dict[str, Any]], body: bytes
) -> None:
    client, _, reply = fuzz_client
    reply.update(status=200, body=body, type="text/event-stream")
    stream = client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
    try:
        for _ in stream:
            pass
    except (APIResponseValidationError, APIStreamError) as exc:
        SWEEP.exception(exc)
    assert stream.response.is_closed


# -- malformed arguments --------------------------------------------------------------------------

REFUSED = {  # arguments -> (param named in the error, words of the message)
    "model_int": ({"model": 123}, "model", "valid string"),
    "messages_str": ({"messages": "hi"}, "messages", "valid array"),
    "closed_enum_role": ({"messages": [{"role": "wizard", "content": "x"}]}, "messages", "wizard"),
    "closed_enum_effort": ({"reasoning_effort": "extreme"}, "reasoning_effort", "extreme"),
    "closed_enum_tier": ({"service_tier": "bogus"}, "service_tier", "bogus"),
    "number_as_text": ({"temperature": "0.5"}, "temperature", "valid number"),
    "bool_as_text": ({"stream": "yes"}, "stream", "valid boolean"),
    "bool_for_int": ({"n": True}, "n", "valid integer"),
    "fraction_for_int": ({"n": 1.5}, "n", "integer"),
    "nan": ({"temperature": NAN}, "temperature", "finite"),
    "inf": ({"top_p": INF}, "top_p", "finite"),
    "nan_nested": ({"logit_bias": {"50256": NAN}}, "logit_bias", "finite"),
    "inf_in_tool_schema": (
        {"tools": [{"type": "function", "function": {"name": "f", "parameters": {"maximum": INF}}}]},
        "tools", "finite",
    ),
    "nan_in_extra_body": ({"extra_body": {"top_k": NAN}}, "top_k", "finite"),
    "huge_int": ({"max_tokens": 10**30}, "max_tokens", "64-bit"),
    "over_spec_max": ({"seed": 2**64 - 1}, "seed", "less than"),
    "object": ({"metadata": {"k": object()}}, "metadata", "JSON"),
    "bytes_content": ({"messages": [{"role": "user", "content": b"hi"}]}, "messages", "JSON"),
}  # fmt: skip
# Refused only with `validate_requests=True`: by default they are the server's to judge (a
# compatible server may accept them), as openai-python leaves them.
SPEC_CHECKS = frozenset({
    "model_int", "messages_str", "closed_enum_role", "closed_enum_effort", "closed_enum_tier",
    "number_as_text", "bool_as_text", "bool_for_int", "fraction_for_int", "over_spec_max",
})  # fmt: skip


@pytest.mark.parametrize("case", REFUSED)
async def test_malformed_arguments_are_refused_before_sending(
    case: str, mode: str, server: FaultServer, make_client: MakeClient
) -> None:
    arguments, param, words = REFUSED[case]
    client = make_client(validate_requests=case in SPEC_CHECKS)
    with raises(InvalidArgumentError, match=words) as info:
        await run(
            client.chat.completions.create(**{"model": "m", "messages": MESSAGES, **arguments})
        )
    assert info.value.param == param and param in str(info.value)
    assert server.requests == []


SENT_FAITHFULLY = {  # arguments the spec allows, exactly as they must arrive
    "int_64_bit_max": {"seed": 2**63 - 1},
    "int_for_number": {"temperature": 1},
    "open_model_name": {"model": "my-own/model:7b"},
    "unknown_parameter_via_extra_body": {"extra_body": {"top_k": 20, "min_p": 0.05}},
    "explicit_null": {"temperature": None},
    "unicode": {"messages": [{"role": "user", "content": "h\u00e9llo \U0001f600 \u0000"}]},
}


@pytest.mark.parametrize("case", SENT_FAITHFULLY)
async def test_allowed_arguments_are_sent_faithfully(
    case: str, mode: str, server: FaultServer, make_client: MakeClient
) -> None:
    async def answer(request: SeenRequest, conn: Connection) -> None:
        await conn.respond(400, b'{"error": {"message": "seen"}}')

    server.handler = answer
    arguments = dict(SENT_FAITHFULLY[case])
    extra = arguments.pop("extra_body", {})
    client = make_client(max_retries=0)
    with raises(BadRequestError):
        await run(
            client.chat.completions.create(
                **{"model": "m", "messages": MESSAGES, **arguments}, extra_body=extra or None
            )
        )
    [seen] = server.requests
    assert seen.json() == {"model": "m", "messages": MESSAGES, **arguments, **extra}


@pytest.mark.parametrize("case", sorted(SPEC_CHECKS))
async def test_spec_checks_are_opt_in_by_default_the_value_is_sent(
    case: str, mode: str, server: FaultServer, make_client: MakeClient
) -> None:
    arguments, _, _ = REFUSED[case]
    client = make_client(max_retries=0)
    with raises(InternalServerError):  # sent: the fault server has no handler, so 500
        await run(client.chat.completions.create(**{"model": "m", "messages": MESSAGES, **arguments}))
    [seen] = server.requests
    assert seen.json() == {"model": "m", "messages": MESSAGES, **arguments}


@pytest.mark.parametrize(
    ("file_id", "outcome"),
    [("", "non-empty value for `file_id`"), (None, "must be a string"), ("a/b?c", "/v1/files/a%2Fb%3Fc")],
)
async def test_path_arguments(
    file_id: Any, outcome: str, mode: str, server: FaultServer, make_client: MakeClient
) -> None:
    client = make_client(max_retries=0)
    if outcome.startswith("/"):
        with raises(InternalServerError):  # the fault server has no handler: 500
            await run(client.files.retrieve(file_id))
        assert server.requests[0].path == outcome
    else:
        # an empty id is openai-python's ValueError; InvalidArgumentError is one too
        with raises(ValueError if file_id == "" else InvalidArgumentError, match=outcome):
            await run(client.files.retrieve(file_id))
        assert server.requests == []


# -- base URLs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "base_url",
    ["api.openai.com/v1", "localhost:8000/v1", "ftp://example.com/v1", "ws://127.0.0.1/v1",
     "file:///etc/passwd", "http:///v1", " http://127.0.0.1/v1", "//127.0.0.1/v1", "http://[::1/v1"],
)  # fmt: skip
def test_bad_base_url_is_refused_clearly(base_url: str) -> None:
    with raises(OpenAIError, match="base_url") as info:
        OpenAI(api_key=SECRETS.api_key, base_url=base_url)
    assert repr(base_url) in str(info.value) or base_url in str(info.value)


@pytest.mark.parametrize(
    "endpoint", ["my-resource.openai.azure.com", "ftp://my-resource.openai.azure.com"]
)
def test_azure_endpoint_without_http_scheme_is_refused(endpoint: str) -> None:
    with raises(OpenAIError, match="http"):
        AzureOpenAI(api_key=SECRETS.azure_key, api_version="2024-10-21", azure_endpoint=endpoint)
