"""OPENAI_LOG output, and that no registered secret ever reaches a log line."""

from __future__ import annotations

import copy
import gc
import http.server
import logging
import threading
from collections.abc import Iterator

import httpx
import pytest

from openai_compat import _logging
from openai_compat._logging import (
    REDACTED,
    Secret,
    SecretFilter,
    get_logger,
    install_secret_filter,
    is_sensitive_name,
    log_request,
    log_response,
    log_retry,
    logger,
    redact_headers,
    redact_secret,
    redact_url,
    register_secret,
    scrub_secrets,
    scrub_text,
    setup_logging,
    unregister_secret,
)

KEY = "sk-proj-Zq81fakefakefake0000test"
AZURE_KEY = "0123456789abcdef0123456789abcdef"
TOKEN = "eyJhbGciOi.fake-jwt.signature42"


@pytest.fixture
def secrets() -> Iterator[list[Secret]]:
    """The client's three kinds of credential, registered for the duration of a test."""
    held = [Secret(KEY), Secret(AZURE_KEY), Secret(TOKEN)]
    yield held
    del held[:]
    gc.collect()


@pytest.fixture(autouse=True)
def pristine_logging(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with setup_logging() not yet run, and leaves loggers as it found them."""
    monkeypatch.setattr(_logging, "_setup_done", False)
    monkeypatch.delenv("OPENAI_LOG", raising=False)
    names = ("openai_compat", "httpx", "httpcore")
    saved = {name: logging.getLogger(name) for name in names}
    state = {name: (lg.level, list(lg.handlers), list(lg.filters)) for name, lg in saved.items()}
    yield
    for name, lg in saved.items():
        level, handlers, filters = state[name]
        lg.setLevel(level)
        lg.handlers[:] = handlers
        lg.filters[:] = filters


def assert_clean(text: str) -> None:
    for secret in (KEY, AZURE_KEY, TOKEN):
        assert secret not in text
    assert REDACTED in text


# --- values ----------------------------------------------------------------------------------


def test_redact_secret_shows_nothing() -> None:
    assert redact_secret(KEY) == REDACTED == "<redacted>"
    assert redact_secret("x") == REDACTED


def test_secret_never_shows_itself() -> None:
    secret = Secret(KEY)
    shown = [
        repr(secret),
        str(secret),
        f"{secret}",
        f"{secret!r}",
        format(secret, ""),
        repr([secret]),
    ]
    for text in shown:
        assert KEY not in text and REDACTED in text
    assert secret.get_secret_value() == KEY
    assert secret == Secret(KEY) and secret != Secret(AZURE_KEY) and secret != KEY
    assert hash(secret) == hash(Secret(KEY))
    assert bool(secret) and not bool(Secret(""))
    assert copy.copy(secret) is secret and copy.deepcopy(secret) is secret


def test_secret_rejects_non_str() -> None:
    with pytest.raises(TypeError, match="Secret value must be a str, got bytes"):
        Secret(b"sk-bytes")  # type: ignore[arg-type]


def test_registration_lives_as_long_as_a_secret_holds_it() -> None:
    value = "sk-lifetime-check-0001"
    first, second = Secret(value), Secret(value)
    assert scrub_secrets(f"x {value} y") == f"x {REDACTED} y"
    del first
    gc.collect()
    assert scrub_secrets(value) == REDACTED  # the second holder keeps it registered
    del second
    gc.collect()
    assert scrub_secrets(value) == value


def test_explicit_registration_is_counted() -> None:
    value = "tok-explicit-0002"
    register_secret(value)
    register_secret(value)
    unregister_secret(value)
    assert scrub_secrets(value) == REDACTED
    unregister_secret(value)
    unregister_secret(value)  # one too many: ignored
    assert scrub_secrets(value) == value


def test_short_values_are_not_registered() -> None:
    register_secret("abc")
    try:
        assert scrub_secrets("abc abcd") == "abc abcd"
    finally:
        unregister_secret("abc")


def test_longest_secret_wins(secrets: list[Secret]) -> None:
    longer = Secret(KEY + "-extended")
    assert scrub_secrets(longer.get_secret_value()) == REDACTED


# --- names, URLs, text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Authorization",
        "Proxy-Authorization",
        "api-key",
        "X-Api-Key",
        "x-goog-api-key",
        "Ocp-Apim-Subscription-Key",
        "Cookie",
        "Set-Cookie",
        "X-Auth-Token",
        "x-client-secret",
        "api_key",
        "key",
        "token",
        "access_token",
        "sig",
    ],
)
def test_sensitive_names(name: str) -> None:
    assert is_sensitive_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "OpenAI-Organization",
        "OpenAI-Project",
        "Content-Type",
        "api-version",
        "x-request-id",
        "User-Agent",
    ],
)
def test_ordinary_names(name: str) -> None:
    assert not is_sensitive_name(name)


def test_redact_headers(secrets: list[Secret]) -> None:
    headers = httpx.Headers(
        [
            ("Authorization", f"Bearer {KEY}"),
            ("api-key", AZURE_KEY),
            ("x-api-key", "short"),
            ("Cookie", "session=abc"),
            ("OpenAI-Organization", "org-123"),
            ("OpenAI-Project", "proj_456"),
            ("X-Echo", f"contains {TOKEN} inside"),
            ("Accept", "application/json"),
            ("Accept", "text/event-stream"),
        ]
    )
    shown = redact_headers(headers)
    assert shown == {
        "authorization": REDACTED,
        "api-key": REDACTED,
        "x-api-key": REDACTED,
        "cookie": REDACTED,
        "openai-organization": "org-123",
        "openai-project": "proj_456",
        "x-echo": f"contains {REDACTED} inside",
        "accept": "application/json, text/event-stream",
    }
    plain = redact_headers({"Authorization": "Basic dXNlcjpwYXNz", "X-Trace": "1"})
    assert plain == {"Authorization": REDACTED, "X-Trace": "1"}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21&api-key=abc123",
            "https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21&api-key=<redacted>",
        ),
        ("http://h/v1/models?api_key=abc&limit=2", "http://h/v1/models?api_key=<redacted>&limit=2"),
        ("http://h/v1/models?key=abc#frag", "http://h/v1/models?key=<redacted>#frag"),
        (
            "http://h/?token=t1;access_token=t2",
            "http://h/?token=<redacted>;access_token=<redacted>",
        ),
        ("http://h/blob?sv=2024&sig=AbC%2Bd", "http://h/blob?sv=2024&sig=<redacted>"),
        ("http://h/blob?sv=2024&sig=AbCd", "http://h/blob?sv=2024&sig=<redacted>"),
        (
            "http://h/v1/files?purpose=batch&token=t",
            "http://h/v1/files?purpose=batch&token=<redacted>",
        ),
        ("http://h/?api%2Dkey=abc", "http://h/?api%2Dkey=<redacted>"),
        ("http://h/?key=", "http://h/?key="),
        ("https://user:hunter22@h:8443/v1", "https://user:<redacted>@h:8443/v1"),
        ("http://h:8000/v1/models?after=key_1", "http://h:8000/v1/models?after=key_1"),
    ],
)
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected
    assert redact_url(httpx.URL(url)) == str(httpx.URL(expected)).replace(
        "%3Credacted%3E", REDACTED
    )


def test_scrub_text_masks_bearer_tokens_but_keeps_prose() -> None:
    assert scrub_text("Authorization: Bearer abc.def-123") == f"Authorization: Bearer {REDACTED}"
    assert scrub_text("Bearer token missing") == "Bearer token missing"


# --- the filter, end to end ------------------------------------------------------------------


def request_with_secrets() -> httpx.Request:
    return httpx.Request(
        "POST",
        f"http://127.0.0.1:9/openai/deployments/d/chat/completions?api-version=1&api-key={AZURE_KEY}",
        headers={"Authorization": f"Bearer {KEY}", "x-custom": TOKEN, "OpenAI-Project": "proj_1"},
    )


def test_debug_logging_never_shows_a_registered_secret(
    secrets: list[Secret], caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_LOG", "debug")
    setup_logging()
    assert logger.level == logging.DEBUG
    request = request_with_secrets()
    response = httpx.Response(401, request=request, headers={"set-cookie": f"s={TOKEN}"})
    with caplog.at_level(logging.DEBUG, logger="openai_compat"):
        logger.info(f"key in the message itself: {KEY}")
        logger.debug("key in an argument: %s / %r", KEY, {"api-key": AZURE_KEY})
        logger.debug("headers as the client might log them: %s", dict(request.headers))
        log_request(request, retries_taken=0)
        log_response(response, retries_taken=1, elapsed=0.25)
        log_retry(request, delay=0.5, retries_taken=0, max_retries=2, cause=f"bad key {KEY}")
        try:
            raise RuntimeError(f"failed with {TOKEN}")
        except RuntimeError:
            logger.exception("request failed for url %s", request.url)
        logger.warning("stack for %s", TOKEN, stack_info=True)
        logger.info("malformed call %s %s", KEY)  # too few args: must not raise, must not leak
    assert len(caplog.records) == 10
    assert_clean(caplog.text)
    for record in caplog.records:
        assert_clean(record.getMessage())
        assert record.args is None  # rendered and dropped: a handler cannot serialise them raw
    assert "proj_1" in caplog.text  # non-secret headers stay visible
    assert (
        "HTTP Request: POST http://127.0.0.1:9/openai/deployments/d/chat/completions" in caplog.text
    )
    assert '"401 Unauthorized" (0.250 s, retries taken: 1)' in caplog.text
    assert "Retrying POST" in caplog.text and "(retry 1 of 2)" in caplog.text


def test_filter_scrubs_traceback_and_stack_text(secrets: list[Secret]) -> None:
    record = logging.LogRecord(
        "openai_compat", logging.ERROR, __file__, 1, "plain %s", ("arg",), exc_info=None
    )
    record.exc_text = f"Traceback ...\nValueError: {KEY}"
    record.stack_info = f"Stack (most recent call last):\n  connect(token={TOKEN!r})"
    assert SecretFilter().filter(record) is True
    assert record.msg == "plain arg" and record.args is None
    assert_clean(record.exc_text)
    assert_clean(record.stack_info)


def test_child_loggers_from_get_logger_are_filtered(
    secrets: list[Secret], caplog: pytest.LogCaptureFixture
) -> None:
    child = get_logger("openai_compat._client")
    with caplog.at_level(logging.INFO, logger="openai_compat._client"):
        child.info("key %s", KEY)
    assert caplog.text.count(REDACTED) == 1
    assert KEY not in caplog.text


def test_filter_is_on_our_logger_even_without_setup(
    secrets: list[Secret], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="openai_compat"):
        logger.warning("an application that configured logging itself: %s", TOKEN)
    assert_clean(caplog.text)


class _QuietHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"object": "list", "data": []}'
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Silence the default stderr access log."""


@pytest.fixture
def server_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_httpx_request_lines_are_filtered_after_install(
    secrets: list[Secret], caplog: pytest.LogCaptureFixture, server_url: str
) -> None:
    install_secret_filter()
    with caplog.at_level(logging.INFO, logger="httpx"), httpx.Client() as client:
        response = client.get(f"{server_url}/v1/models", params={"api-key": AZURE_KEY, "limit": 1})
    assert response.status_code == 200
    assert AZURE_KEY in str(response.request.url)  # the key really was in the URL httpx logged
    assert "HTTP Request: GET" in caplog.text
    assert_clean(caplog.text)


# --- setup_logging ---------------------------------------------------------------------------


def test_no_env_var_configures_nothing() -> None:
    setup_logging(environ={})
    assert logger.level == logging.NOTSET
    assert not logger.handlers


def test_info_level_and_idempotence(caplog: pytest.LogCaptureFixture) -> None:
    setup_logging(environ={"OPENAI_LOG": " INFO "})
    assert logger.level == logging.INFO
    setup_logging(environ={"OPENAI_LOG": "debug"})  # second call: no effect
    assert logger.level == logging.INFO


def test_unknown_value_is_reported_and_ignored(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="openai_compat"):
        setup_logging(environ={"OPENAI_LOG": "verbose"})
    assert "OPENAI_LOG='verbose' is not one of: debug, info; ignored" in caplog.text
    assert logger.level in (logging.NOTSET, logging.WARNING)


def test_own_stderr_handler_when_application_did_not_configure_logging(
    secrets: list[Secret], capsys: pytest.CaptureFixture[str]
) -> None:
    root = logging.getLogger()
    saved = root.handlers
    root.handlers = []  # as in a script that never called logging.basicConfig
    try:
        setup_logging(environ={"OPENAI_LOG": "debug"})
        log_request(request_with_secrets(), retries_taken=2)
        get_logger("openai_compat.sub").debug("child says %s", TOKEN)
    finally:
        root.handlers = saved
    err = capsys.readouterr().err
    assert "openai_compat:" in err and "DEBUG] Sending POST" in err
    assert "(retries taken: 2)" in err and "child says" in err
    assert_clean(err)
    assert len([h for h in logger.handlers if isinstance(h, logging.StreamHandler)]) == 1
