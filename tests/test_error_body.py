"""Error bodies of every shape become `Error code: <status> - <the server's own words>`."""

from __future__ import annotations

import json

import httpx
import pytest

from openai_compat._constants import MAX_ERROR_MESSAGE_CHARS
from openai_compat._error_body import decode_error_body, describe_error_body, error_message
from openai_compat._exceptions import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    UnprocessableEntityError,
    make_status_error,
)
from openai_compat._logging import Secret

JSON = "application/json"


def as_json(value: object) -> bytes:
    return json.dumps(value).encode()


OPENAI_ERROR = {
    "error": {
        "message": "The model `gpt-9` does not exist or you do not have access to it.",
        "type": "invalid_request_error",
        "param": None,
        "code": "model_not_found",
    }
}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (OPENAI_ERROR, "The model `gpt-9` does not exist or you do not have access to it."),
        ({"error": "Model not loaded"}, "Model not loaded"),
        (
            {
                "object": "error",
                "message": "max_tokens must be at least 1, got -3.",
                "type": "BadRequestError",
                "param": None,
                "code": 400,
            },
            "max_tokens must be at least 1, got -3.",
        ),
        ({"detail": "Not authenticated"}, "Not authenticated"),
        (
            {
                "detail": [
                    {"loc": ["body", "messages", 0, "content"], "msg": "Field required"},
                    {"loc": ["body", "temperature"], "msg": "Input should be <= 2"},
                ]
            },
            "body.messages.0.content: Field required; body.temperature: Input should be <= 2",
        ),
        (
            {"message": {"detail": [{"loc": ["query", "limit"], "msg": "not an int"}]}},
            "query.limit: not an int",
        ),
        ({"error": {"message": {"detail": "token limit exceeded"}}}, "token limit exceeded"),
        (
            [{"error": {"code": 400, "message": "API key expired.", "status": "INVALID"}}],
            "API key expired.",
        ),
        (
            {"type": "about:blank", "title": "Bad Request", "detail": "n must be 1"},
            "n must be 1",
        ),
        (
            {"timestamp": 1, "status": 400, "error": "Bad Request", "message": "bad stop"},
            "Bad Request: bad stop",
        ),
        (
            {"error": {"message": "", "code": "quota"}},
            '{"error": {"message": "", "code": "quota"}}',
        ),
        ({"errors": ["first", "second"]}, "first; second"),
        ("just a JSON string", "just a JSON string"),
        (42, "42"),
        ([1, 2], "[1, 2]"),
        ({"unrelated": True}, '{"unrelated": true}'),
    ],
)
def test_json_shapes_give_the_servers_words(body: object, expected: str) -> None:
    message, decoded = error_message(400, as_json(body), JSON)
    assert message == f"Error code: 400 - {expected}"
    assert decoded == body


def test_json_without_json_content_type_is_still_parsed() -> None:
    message, decoded = error_message(404, as_json(OPENAI_ERROR), "text/plain; charset=utf-8")
    assert decoded == OPENAI_ERROR
    assert message.startswith("Error code: 404 - The model `gpt-9` does not exist")


def test_problem_json_content_type() -> None:
    message, _ = error_message(409, b'"busy"', "application/problem+json")
    assert message == "Error code: 409 - busy"


def test_invalid_json_is_kept_as_text() -> None:
    message, decoded = error_message(500, b'{"error": "trunc', JSON)
    assert decoded == '{"error": "trunc'
    assert message == 'Error code: 500 - {"error": "trunc'


def test_plain_text() -> None:
    message, decoded = error_message(503, b"  upstream connect error\n", "text/plain")
    assert (message, decoded) == (
        "Error code: 503 - upstream connect error",
        "upstream connect error",
    )


def test_text_starting_with_bracket_that_is_not_json() -> None:
    message, decoded = error_message(500, b"[WARN] worker crashed", None)
    assert (message, decoded) == (
        "Error code: 500 - [WARN] worker crashed",
        "[WARN] worker crashed",
    )


@pytest.mark.parametrize(
    ("status", "phrase"),
    [(502, "Bad Gateway"), (429, "Too Many Requests"), (599, "Unknown Status")],
)
@pytest.mark.parametrize("raw", [b"", b"   \r\n", b"\xef\xbb\xbf"])
def test_empty_body(status: int, phrase: str, raw: bytes) -> None:
    message, decoded = error_message(status, raw, JSON)
    assert message == f"Error code: {status} - {phrase} (empty body)"
    assert decoded is None


NGINX_502 = b"""<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx/1.25.3</center>
</body>
</html>
"""


def test_html_page_gives_its_title() -> None:
    message, decoded = error_message(502, NGINX_502, "text/html")
    assert message == "Error code: 502 - 502 Bad Gateway"
    assert decoded == NGINX_502.decode().strip()  # the page itself stays available


def test_html_sniffed_without_content_type_and_without_title() -> None:
    page = (
        b"<!DOCTYPE html><html><head><style>p{color:red}</style>"
        b"<script>var token = 1;</script></head><body><p>Service\n   temporarily</p>"
        b"<p>unavailable &amp; overloaded</p></body></html>"
    )
    message, _ = error_message(503, page, None)
    assert message == "Error code: 503 - Service temporarily unavailable & overloaded"


def test_huge_html_is_bounded() -> None:
    page = b"<html><body>" + b"<p>word</p>" * 100_000 + b"</body></html>"
    message, _ = error_message(500, page, "text/html; charset=utf-8")
    assert len(message) < MAX_ERROR_MESSAGE_CHARS + 100


def test_invalid_utf8_is_replaced_not_raised() -> None:
    message, decoded = error_message(400, b"bad \xff\xfe bytes", "text/plain")
    assert message == "Error code: 400 - bad \ufffd\ufffd bytes"
    assert decoded == "bad \ufffd\ufffd bytes"


def test_invalid_utf8_inside_json_string() -> None:
    message, decoded = error_message(400, b'{"error": {"message": "caf\xe9"}}', JSON)
    assert message == "Error code: 400 - caf\ufffd"
    assert decoded == {"error": {"message": "caf\ufffd"}}


def test_declared_charset_is_honoured() -> None:
    body = '{"error": "clé invalide"}'.encode("latin-1")
    message, _ = error_message(401, body, "application/json; charset=ISO-8859-1")
    assert message == "Error code: 401 - clé invalide"


def test_unknown_charset_falls_back_to_utf8() -> None:
    message, _ = error_message(400, "déjà".encode(), "text/plain; charset=x-made-up")
    assert message == "Error code: 400 - déjà"


def test_huge_message_is_truncated_but_body_kept_whole() -> None:
    long_message = "x" * 50_000
    message, decoded = error_message(400, as_json({"error": {"message": long_message}}), JSON)
    prefix = "Error code: 400 - "
    assert message == f"{prefix}{'x' * MAX_ERROR_MESSAGE_CHARS}... [48000 more characters]"
    assert decoded == {"error": {"message": long_message}}


def test_huge_plain_text_is_truncated() -> None:
    message, decoded = error_message(500, b"y" * 1_000_000, None)
    assert message.endswith("... [998000 more characters]")
    assert isinstance(decoded, str) and len(decoded) == 1_000_000


def test_long_validation_list_is_summarised() -> None:
    detail = [{"loc": ["body", f"f{i}"], "msg": "bad"} for i in range(30)]
    message, _ = error_message(422, as_json({"detail": detail}), JSON)
    assert message.endswith("body.f19: bad; ... (10 more)")


def test_absurdly_nested_json_does_not_crash() -> None:
    raw = b"[" * 100_000 + b"]" * 100_000
    message, decoded = error_message(400, raw, JSON)
    assert message.startswith("Error code: 400 - [[[[")
    assert isinstance(decoded, str)


def test_deep_but_valid_nesting_falls_back_to_json_text() -> None:
    body: object = "deep message"
    for _ in range(20):
        body = {"error": body}
    message, _ = error_message(500, as_json(body), JSON)
    assert message.startswith('Error code: 500 - {"error": {"error":')


def test_describe_accepts_already_decoded_values() -> None:
    assert describe_error_body(418, {"error": "teapot"}) == "Error code: 418 - teapot"
    assert describe_error_body(400, {"bad": {1, 2}}).startswith("Error code: 400 - {")
    cyclic: list[object] = []
    cyclic.append(cyclic)
    assert describe_error_body(400, cyclic) == "Error code: 400 - [[...]]"
    assert describe_error_body(400, "") == "Error code: 400 - Bad Request (no message in body)"


def test_decode_error_body_kinds() -> None:
    assert decode_error_body(b'{"a": 1}', None) == {"a": 1}
    assert decode_error_body(b"12", JSON) == 12
    assert decode_error_body(b"12", "text/plain") == "12"
    assert decode_error_body(b"", None) is None


# --- make_status_error -----------------------------------------------------------------------


def response(status: int, content: bytes, content_type: str = JSON) -> httpx.Response:
    request = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")
    headers = {"content-type": content_type, "x-request-id": "req_123"}
    return httpx.Response(status, content=content, headers=headers, request=request)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (404, NotFoundError),
        (418, APIStatusError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (503, InternalServerError),
    ],
)
def test_make_status_error_from_bytes(status: int, cls: type[APIStatusError]) -> None:
    resp = response(status, as_json(OPENAI_ERROR))
    error = make_status_error(resp, resp.content)
    assert type(error) is cls
    assert str(error).startswith(f"Error code: {status} - The model `gpt-9` does not exist")
    assert error.body == OPENAI_ERROR["error"]  # the inner object, as in openai-python
    assert (error.code, error.type, error.param) == (
        "model_not_found",
        "invalid_request_error",
        None,
    )
    assert error.status_code == status and error.request_id == "req_123"


def test_make_status_error_from_decoded_body() -> None:
    resp = response(500, b"ignored")
    error = make_status_error(resp, {"object": "error", "message": "CUDA OOM", "code": 500})
    assert str(error) == "Error code: 500 - CUDA OOM"
    assert error.code == "500"


def test_make_status_error_html() -> None:
    resp = response(502, NGINX_502, "text/html")
    error = make_status_error(resp, resp.content)
    assert str(error) == "Error code: 502 - 502 Bad Gateway"


def test_make_status_error_never_repeats_a_registered_key() -> None:
    key = Secret("sk-proj-abcdef0123456789")
    echoed = {"error": {"message": f"Incorrect API key provided: {key.get_secret_value()}."}}
    resp = response(401, as_json(echoed))
    error = make_status_error(resp, resp.content)
    assert key.get_secret_value() not in str(error)
    assert str(error) == "Error code: 401 - Incorrect API key provided: <redacted>."
