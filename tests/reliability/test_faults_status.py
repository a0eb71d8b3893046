"""Error statuses, retry-after in every form, redirects and content-encoding faults, sync and async.

Delays are never timed: the client logs the delay it chose ("Retrying GET ... in 0.050 s") and the
tests read that line, so "the server's value was obeyed" and "fell back to backoff" are told apart
exactly. The `fast_backoff` fixture makes the fallback 10 ms (x jitter 0.75..1) instead of 0.5 s.
"""

from __future__ import annotations

import email.utils
import re
import time
from typing import Any

import pytest
from faultserver import Connection, FaultServer, SeenRequest, json_body, sequence, status
from reltools import MakeClient, assert_released, raises, run
from secret_sweep import SECRETS

from openai_compat import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    AsyncAzureOpenAI,
    AuthenticationError,
    AzureOpenAI,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    UnprocessableEntityError,
)

MODELS = {
    "object": "list",
    "data": [{"id": "m1", "object": "model", "created": 1, "owned_by": "me"}],
}
COMPLETION = {
    "id": "c1", "object": "chat.completion", "created": 1, "model": "m",
    "choices": [{"index": 0, "finish_reason": "stop",
                 "message": {"role": "assistant", "content": "hi", "refusal": None}}],
}  # fmt: skip
MESSAGES = [{"role": "user", "content": "hi"}]
FALLBACK = (0.0075, 0.01)  # fast_backoff's first delay: 10 ms times jitter in (0.75, 1]

pytestmark = pytest.mark.usefixtures("fast_backoff")


def logged_delays(caplog: pytest.LogCaptureFixture) -> list[float]:
    found = (re.search(r" in ([0-9.]+) s \(retry", r.getMessage()) for r in caplog.records)
    return [float(m.group(1)) for m in found if m and r"Retrying" in m.string]


async def list_ids(client: Any) -> list[str]:
    page = await run(client.models.list())
    return [model.id for model in page.data]


# -- 5xx storms and other statuses ----------------------------------------------------------------


@pytest.mark.parametrize("code", [500, 502, 503, 504, 408, 409])
async def test_storm_then_recovery(
    code: int, mode: str, server: FaultServer, make_client: MakeClient
) -> None:
    server.handler = sequence(*[status(code, retry_ms=0)] * 3, json_body(MODELS))
    client = make_client(max_retries=3)
    assert await list_ids(client) == ["m1"]
    assert len(server.requests) == 4
    await assert_released(client, server)


@pytest.mark.parametrize(
    ("code", "expected"),
    [(500, InternalServerError), (503, InternalServerError), (409, ConflictError)],
)
async def test_storm_longer_than_retry_budget(
    code: int,
    expected: type[APIStatusError],
    mode: str,
    server: FaultServer,
    make_client: MakeClient,
) -> None:
    server.handler = status(code, {"error": {"message": "overloaded", "code": "busy"}}, retry_ms=0)
    client = make_client(max_retries=2)
    with raises(expected, match="overloaded") as info:
        await run(client.chat.completions.create(model="m", messages=MESSAGES))
    assert (info.value.status_code, info.value.code) == (code, "busy")
    assert len(server.requests) == 3
    assert len({r.body for r in server.requests}) == 1  # every attempt sent the same body
    await assert_released(client, server)


@pytest.mark.parametrize(
    ("code", "expected"),
    [(400, BadRequestError), (401, AuthenticationError), (404, NotFoundError),
     (422, UnprocessableEntityError), (418, APIStatusError)],
)  # fmt: skip
async def test_client_errors_are_not_retried(
    code: int,
    expected: type[APIStatusError],
    mode: str,
    server: FaultServer,
    make_client: MakeClient,
) -> None:
    server.handler = status(code, retry_ms=0)
    client = make_client(max_retries=3)
    with raises(expected):
        await list_ids(client)
    assert len(server.requests) == 1
    await assert_released(client, server)


@pytest.mark.parametrize(("code", "header", "requests"), [(503, "false", 1), (400, "true", 2)])
async def test_x_should_retry_overrides_the_status(
    code: int, header: str, requests: int, mode: str, server: FaultServer, make_client: MakeClient
) -> None:
    server.handler = sequence(
        status(code, retry_ms=0, headers={"x-should-retry": header}), json_body(MODELS)
    )
    client = make_client(max_retries=3)
    if requests == 1:
        with raises(InternalServerError):
            await list_ids(client)
    else:
        assert await list_ids(client) == ["m1"]
    assert len(server.requests) == requests
    await assert_released(client, server)


# -- 429 and retry-after --------------------------------------------------------------------------


def http_date(offset: float) -> str:
    return email.utils.formatdate(time.time() + offset, usegmt=True)


# headers of the 429 -> the delay the client must choose: a number (obeyed exactly) or a range
RETRY_AFTER_FORMS: dict[str, tuple[dict[str, str], float | tuple[float, float]]] = {
    "ms": ({"retry-after-ms": "50"}, 0.05),
    "ms_zero": ({"retry-after-ms": "0"}, 0.0),
    "ms_float": ({"retry-after-ms": "12.5"}, 0.0125),
    "seconds_int_zero": ({"retry-after": "0"}, 0.0),
    "seconds_float": ({"retry-after": "0.05"}, 0.05),
    "ms_wins_over_seconds": ({"retry-after-ms": "20", "retry-after": "5"}, 0.02),
    "bad_ms_then_seconds": ({"retry-after-ms": "soon", "retry-after": "0.03"}, 0.03),
    "http_date_future": ({"retry-after": http_date(2)}, (0.5, 2.0)),
    "http_date_past": ({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, FALLBACK),
    "garbage": ({"retry-after": "soon"}, FALLBACK),
    "negative": ({"retry-after": "-1"}, FALLBACK),
    "nan": ({"retry-after": "nan"}, FALLBACK),
    "inf_ms": ({"retry-after-ms": "inf"}, FALLBACK),
    "none": ({}, FALLBACK),
}


@pytest.mark.parametrize("form", RETRY_AFTER_FORMS)
async def test_429_retry_after_forms(
    form: str,
    mode: str,
    server: FaultServer,
    make_client: MakeClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    headers, expected = RETRY_AFTER_FORMS[form]
    if form == "http_date_future":  # computed now, not at import time
        headers = {"retry-after": http_date(2)}
    server.handler = sequence(status(429, headers=headers), json_body(MODELS))
    client = make_client(max_retries=1)
    assert await list_ids(client) == ["m1"]
    assert len(server.requests) == 2
    [delay] = logged_delays(caplog)
    if isinstance(expected, tuple):
        assert expected[0] <= delay <= expected[1]
    else:
        assert delay == pytest.approx(expected, abs=0.0005)
    await assert_released(client, server)


async def test_429_asking_for_more_than_two_minutes_is_raised_at_once(
    mode: str, server: FaultServer, make_client: MakeClient
) -> None:
    # as openai-python: a retry-after over 120 s is not waited for, nor retried
    server.handler = sequence(status(429, headers={"retry-after": "3600"}), json_body(MODELS))
    client = make_client(max_retries=1)
    with pytest.raises(RateLimitError):
        await list_ids(client)
    assert len(server.requests) == 1
    await assert_released(client, server)


async def test_429_until_the_budget_is_spent(
    mode: str, server: FaultServer, make_client: MakeClient
) -> None:
    body = {
        "error": {
            "message": "Rate limit reached",
            "type": "requests",
            "code": "rate_limit_exceeded",
        }
    }
    server.handler = status(429, body, retry_ms=1, headers={"x-request-id": "req-429"})
    client = make_client(max_retries=2)
    with raises(RateLimitError, match="Rate limit reached") as info:
        await list_ids(client)
    assert (info.value.code, info.value.request_id) == ("rate_limit_exceeded", "req-429")
    assert len(server.requests) == 3
    await assert_released(client, server)


# -- redirects ----------------------------------------------------------------------------------


def redirect(code: int, location: str) -> Any:
    async def handler(request: SeenRequest, conn: Connection) -> None:
        if request.path.startswith("/moved"):
            body = MODELS if request.method == "GET" else COMPLETION
            await json_body(body)(request, conn)
        else:
            await conn.respond(code, b"", {"Location": location})

    return handler


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
async def test_get_redirects_are_followed(
    code: int, mode: str, server: FaultServer, make_client: MakeClient
) -> None:
    server.handler = redirect(code, "/moved/v1/models")
    client = make_client()
    assert await list_ids(client) == ["m1"]
    assert [(r.method, r.path) for r in server.requests] == [
        ("GET", "/v1/models"),
        ("GET", "/moved/v1/models"),
    ]
    await assert_released(client, server)


@pytest.mark.parametrize("code", [307, 308])
async def test_post_redirect_keeps_method_and_body(
    code: int, mode: str, server: FaultServer, make_client: MakeClient
) -> None:
    server.handler = redirect(code, "/moved/v1/chat/completions")
    client = make_client()
    completion = await run(client.chat.completions.create(model="m", messages=MESSAGES))
    assert completion.choices[0].message.content == "hi"
    first, second = server.requests
    assert (second.method, second.path) == ("POST", "/moved/v1/chat/completions")
    assert second.body == first.body and second.json() == {"model": "m", "messages": MESSAGES}
    assert second.headers["content-type"] == "application/json"
    await assert_released(client, server)


async def test_redirect_loop_is_a_connection_error(
    mode: str, server: FaultServer, make_client: MakeClient
) -> None:
    server.handler = redirect(302, "/v1/models")
    client = make_client(max_retries=2)
    with raises(APIConnectionError, match="redirect"):
        await list_ids(client)
    assert len(server.requests) == 21  # httpx's limit of 20 redirects; a loop is not retried
    await assert_released(client, server)


@pytest.mark.parametrize("kind", ["openai", "azure_key", "azure_ad_token"])
async def test_cross_origin_redirect_drops_credentials(
    kind: str, mode: str, server: FaultServer, make_client: MakeClient
) -> None:
    with FaultServer() as other:
        other.handler = json_body(MODELS)
        server.handler = redirect(307, other.url("/v1/models"))
        if kind == "openai":
            client = make_client()
        else:
            azure = AzureOpenAI if mode == "sync" else AsyncAzureOpenAI
            credential = (
                {"api_key": SECRETS.azure_key}
                if kind == "azure_key"
                else {"azure_ad_token": SECRETS.ad_token}
            )
            client = azure(api_version="2024-10-21", base_url=server.url("/openai"), **credential)
        try:
            assert await list_ids(client) == ["m1"]
        finally:
            await run(client.close())
        [original], [redirected] = server.requests, other.requests
        credential_headers = {"authorization", "api-key"}
        sent, forwarded = set(original.headers), set(redirected.headers)  # names, never values
        assert credential_headers & sent
        assert not credential_headers & forwarded


# -- content-encoding ---------------------------------------------------------------------------


async def test_gzip_body_is_decoded(
    mode: str, server: FaultServer, make_client: MakeClient
) -> None:
    server.handler = json_body(MODELS, gzipped=True)
    client = make_client()
    assert await list_ids(client) == ["m1"]
    await assert_released(client, server)


async def test_corrupt_gzip_body(mode: str, server: FaultServer, make_client: MakeClient) -> None:
    async def corrupt(request: SeenRequest, conn: Connection) -> None:
        await conn.respond(200, b"\x1f\x8b\x08\x00not-really-gzip", {"Content-Encoding": "gzip"})

    server.handler = corrupt
    client = make_client(max_retries=2)
    with raises(APIResponseValidationError, match="decod"):
        await list_ids(client)
    assert len(server.requests) == 1  # the same bytes would come again: not retried
    await assert_released(client, server)
