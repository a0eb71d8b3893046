"""The retry policy: which responses and transport errors are retried, and how long we wait."""

from __future__ import annotations

import email.utils
import random
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest

from openai_compat._constants import (
    INITIAL_RETRY_DELAY,
    MAX_RETRY_AFTER,
    MAX_RETRY_DELAY,
    RETRY_COUNT_HEADER,
)
from openai_compat._retry import (
    NON_RETRYABLE_TRANSPORT_ERRORS,
    RETRYABLE_TRANSPORT_ERRORS,
    RetryState,
    parse_retry_after,
    retry_delay,
    should_retry_exception,
    should_retry_response,
)

NOW = 1_800_000_000.0  # a fixed "current time" for HTTP-date headers


# --- should_retry_response -------------------------------------------------------------------


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504, 529, 599])
def test_retryable_statuses(status: int) -> None:
    assert should_retry_response(status, {}) is True


@pytest.mark.parametrize("status", [200, 301, 400, 401, 403, 404, 410, 413, 422, 499])
def test_non_retryable_statuses(status: int) -> None:
    assert should_retry_response(status, {}) is False


@pytest.mark.parametrize("value", ["true", "TRUE", " true "])
def test_x_should_retry_true_forces_retry(value: str) -> None:
    assert should_retry_response(400, httpx.Headers({"x-should-retry": value})) is True


@pytest.mark.parametrize("value", ["false", "False"])
def test_x_should_retry_false_forbids_retry(value: str) -> None:
    assert should_retry_response(503, httpx.Headers({"x-should-retry": value})) is False
    assert should_retry_response(429, {"X-Should-Retry": value}) is False  # plain dict, any case


def test_x_should_retry_garbage_falls_back_to_status() -> None:
    assert should_retry_response(503, {"x-should-retry": "maybe"}) is True
    assert should_retry_response(400, {"x-should-retry": "1"}) is False


# --- parse_retry_after -----------------------------------------------------------------------


def http_date(timestamp: float) -> str:
    return email.utils.formatdate(timestamp, usegmt=True)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "250.5"}, 0.2505),
        ({"retry-after-ms": "0"}, 0.0),
        ({"retry-after-ms": "-20"}, -0.02),
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "2.75"}, 2.75),
        ({"retry-after": " 7 "}, 7.0),
        ({"retry-after": "-5"}, -5.0),
        ({"retry-after": "3600"}, 3600.0),
        ({"Retry-After": "4"}, 4.0),  # plain dict with canonical capitalisation
        # The ms header wins over the seconds one; a garbage ms header falls through to it.
        ({"retry-after-ms": "100", "retry-after": "9"}, 0.1),
        ({"retry-after-ms": "soon", "retry-after": "9"}, 9.0),
    ],
)
def test_parse_retry_after_numbers(headers: dict[str, str], expected: float) -> None:
    assert parse_retry_after(headers, now=NOW) == pytest.approx(expected)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"retry-after": ""},
        {"retry-after": "soon"},
        {"retry-after": "nan"},
        {"retry-after": "inf"},
        {"retry-after-ms": "nan"},
        {"retry-after-ms": "-inf"},
        {"retry-after": "Mon, 99 Foo 2020 25:61:00 GMT"},
        {"retry-after-ms": "x"},
    ],
)
def test_parse_retry_after_unusable(headers: dict[str, str]) -> None:
    assert parse_retry_after(headers, now=NOW) is None


def test_parse_retry_after_none_headers() -> None:
    assert parse_retry_after(None) is None


def test_parse_retry_after_http_date_future_and_past() -> None:
    assert parse_retry_after({"retry-after": http_date(NOW + 30)}, now=NOW) == pytest.approx(30.0)
    assert parse_retry_after({"retry-after": http_date(NOW - 30)}, now=NOW) == pytest.approx(-30.0)


def test_parse_retry_after_http_date_without_zone_is_utc() -> None:
    # "-0000" is RFC 5322's "UTC, origin zone unknown": Python parses it to a naive datetime.
    stamp = email.utils.formatdate(NOW + 12)[:-5] + "-0000"
    assert parse_retry_after({"retry-after": stamp}, now=NOW) == pytest.approx(12.0)


def test_parse_retry_after_uses_clock_when_now_omitted() -> None:
    far_future = http_date(4_000_000_000)  # year 2096: positive whatever today is
    value = parse_retry_after({"retry-after": far_future})
    assert value is not None and value > 0


# --- retry_delay -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after": "0"}, 0.0),  # inclusive lower bound: retry at once
        ({"retry-after": "120"}, 120.0),  # inclusive upper bound
        ({"retry-after": "119.5"}, 119.5),
    ],
)
def test_retry_delay_obeys_usable_header(headers: dict[str, str], expected: float) -> None:
    assert retry_delay(0, 2, headers, random.Random(1), now=NOW) == pytest.approx(expected)


def test_retry_delay_obeys_future_http_date() -> None:
    headers = {"retry-after": http_date(NOW + 45)}
    assert retry_delay(0, 2, headers, now=NOW) == pytest.approx(45.0)


@pytest.mark.parametrize(
    "headers",
    [
        {"retry-after": "-1"},
        {"retry-after": "120.001"},
        {"retry-after": "3600"},
        {"retry-after-ms": "-5"},
        {"retry-after-ms": "121000"},
        {"retry-after": "garbage"},
        {"retry-after": http_date(NOW - 10)},  # a date in the past
        {"retry-after": http_date(NOW + 600)},  # more than MAX_RETRY_AFTER away
    ],
)
def test_retry_delay_ignores_unusable_header(headers: dict[str, str]) -> None:
    delay = retry_delay(0, 2, headers, random.Random(7), now=NOW)
    assert INITIAL_RETRY_DELAY * 0.75 < delay <= INITIAL_RETRY_DELAY


def test_backoff_sequence_bounds() -> None:
    rng = random.Random(1234)
    for attempt in range(10):
        nominal = min(INITIAL_RETRY_DELAY * 2**attempt, MAX_RETRY_DELAY)
        for _ in range(200):
            delay = retry_delay(attempt, 10, None, rng)
            assert nominal * 0.75 < delay <= nominal


def test_backoff_is_reproducible_with_seeded_rng() -> None:
    first = [retry_delay(n, 6, {}, random.Random(42)) for n in range(6)]
    second = [retry_delay(n, 6, {}, random.Random(42)) for n in range(6)]
    assert first == second
    # Same draw, so the ratio between successive delays is exactly the doubling until the cap.
    assert first[1] == pytest.approx(first[0] * 2)
    assert first[4] == first[5]  # capped


def test_backoff_never_overflows_for_huge_budgets() -> None:
    delay = retry_delay(5000, 10_000, None, random.Random(0))
    assert MAX_RETRY_DELAY * 0.75 < delay <= MAX_RETRY_DELAY


def test_backoff_extremes_of_jitter() -> None:
    class Fixed(random.Random):
        def __init__(self, value: float) -> None:
            super().__init__()
            self.value = value

        def random(self) -> float:
            return self.value

    assert retry_delay(0, 1, None, Fixed(0.0)) == INITIAL_RETRY_DELAY
    assert retry_delay(0, 1, None, Fixed(0.999999)) == pytest.approx(INITIAL_RETRY_DELAY * 0.75)


@pytest.mark.parametrize(("taken", "budget"), [(-1, 2), (2, 2), (0, 0), (0, -1)])
def test_retry_delay_rejects_out_of_budget(taken: int, budget: int) -> None:
    with pytest.raises(ValueError, match=r"max_retries|retries_taken"):
        retry_delay(taken, budget, None)


def test_max_retry_after_constant_matches_policy() -> None:
    assert MAX_RETRY_AFTER == 120.0


# --- RetryState ------------------------------------------------------------------------------


def test_retry_state_walks_its_budget() -> None:
    state = RetryState(max_retries=2)
    assert state.remaining == 2
    assert state.request_headers() == {RETRY_COUNT_HEADER: "0"}
    assert state.retry_response(503, {})
    assert not state.retry_response(400, {})
    state = state.next()
    assert state.retries_taken == 1 and state.remaining == 1
    assert state.request_headers() == {"x-stainless-retry-count": "1"}
    assert state.delay({"retry-after": "3"}) == 3.0
    state = state.next()
    assert state.remaining == 0
    assert not state.retry_response(503, {})
    assert not state.retry_exception(httpx.ConnectError("refused"))
    with pytest.raises(ValueError, match=r"retries_taken must be in 0\.\.2, got 3"):
        state.next()


def test_retry_state_zero_budget_never_retries() -> None:
    state = RetryState(max_retries=0)
    assert not state.retry_response(503, {"x-should-retry": "true"})


def test_retry_state_rejects_negative_budget() -> None:
    with pytest.raises(ValueError, match="max_retries must be >= 0, got -1"):
        RetryState(max_retries=-1)


# --- should_retry_exception ------------------------------------------------------------------


def test_every_httpx_transport_error_is_classified() -> None:
    """A new httpx TransportError subclass must be placed in one list or the other on purpose."""

    def subclasses(cls: type[BaseException]) -> set[type[BaseException]]:
        found = set(cls.__subclasses__())
        for sub in list(found):
            found |= subclasses(sub)
        return found

    leaves = {cls for cls in subclasses(httpx.TransportError) if cls.__module__.startswith("httpx")}
    classified = set(RETRYABLE_TRANSPORT_ERRORS) | set(NON_RETRYABLE_TRANSPORT_ERRORS)
    intermediate = {httpx.TimeoutException, httpx.NetworkError, httpx.ProtocolError}
    assert leaves - intermediate == classified
    assert not set(RETRYABLE_TRANSPORT_ERRORS) & set(NON_RETRYABLE_TRANSPORT_ERRORS)


@pytest.mark.parametrize("exc_type", RETRYABLE_TRANSPORT_ERRORS)
def test_retryable_transport_errors(exc_type: type[httpx.TransportError]) -> None:
    assert should_retry_exception(exc_type("boom"))


@pytest.mark.parametrize(
    "exc",
    [
        httpx.UnsupportedProtocol("ftp"),
        httpx.LocalProtocolError("bad header"),
        httpx.ProxyError("407"),
        httpx.DecodingError("gzip"),
        httpx.TooManyRedirects("loop"),
        httpx.InvalidURL("bad"),
        ValueError("not transport"),
        KeyboardInterrupt(),
    ],
)
def test_non_retryable_exceptions(exc: BaseException) -> None:
    assert not should_retry_exception(exc)


# Real failures over loopback: the classification must hold for what httpx actually raises.


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # nothing listens here any more


@pytest.fixture
def hanging_up_server() -> Iterator[tuple[int, threading.Event]]:
    """Accepts, reads the request, then closes without a byte of response."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.05)  # closing a socket does not wake a blocked accept() on Linux
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                conn.recv(65536)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1], stop
    stop.set()
    thread.join(timeout=5)
    listener.close()


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts and never answers, so a short read timeout fires."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    done = threading.Event()

    def serve() -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        accepted.append(conn)
        done.wait(10)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    done.set()
    listener.close()
    thread.join(timeout=5)
    for conn in accepted:
        conn.close()


def raised_by(url: str, **kwargs: object) -> BaseException:
    with httpx.Client(timeout=httpx.Timeout(5.0, read=0.2)) as client:
        try:
            client.post(url, content=b"{}", **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            return exc
        except httpx.InvalidURL as exc:
            return exc
    raise AssertionError(f"POST {url} did not fail")


def test_real_connection_refused_is_retried(closed_port: int) -> None:
    exc = raised_by(f"http://127.0.0.1:{closed_port}/v1/chat/completions")
    assert isinstance(exc, httpx.ConnectError)
    assert should_retry_exception(exc)


def test_real_hang_up_without_response_is_retried(
    hanging_up_server: tuple[int, threading.Event],
) -> None:
    port, _ = hanging_up_server
    exc = raised_by(f"http://127.0.0.1:{port}/v1/chat/completions")
    assert isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError)
    assert should_retry_exception(exc)


def test_real_read_timeout_is_retried(silent_server: int) -> None:
    exc = raised_by(f"http://127.0.0.1:{silent_server}/v1/models")
    assert isinstance(exc, httpx.ReadTimeout)
    assert should_retry_exception(exc)


def test_real_unsupported_scheme_is_not_retried() -> None:
    exc = raised_by("ftp://127.0.0.1/v1/models")
    assert isinstance(exc, httpx.UnsupportedProtocol)
    assert not should_retry_exception(exc)


def test_real_invalid_header_is_not_retried(
    hanging_up_server: tuple[int, threading.Event],
) -> None:
    port, _ = hanging_up_server
    exc = raised_by(f"http://127.0.0.1:{port}/", headers={"x-bad": "a\r\nb"})
    assert isinstance(exc, httpx.LocalProtocolError)
    assert not should_retry_exception(exc)
