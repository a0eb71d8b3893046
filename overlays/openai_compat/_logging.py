"""Library logging (`OPENAI_LOG=debug|info`) and the redaction that keeps secrets out of it.

Three layers, so that no single mistake leaks a key:

1. By name: `redact_headers` masks every header whose name says it is a credential
   (Authorization, api-key, x-api-key, Cookie, anything containing key/token/secret/auth...), and
   `redact_url` masks such query parameters and URL passwords.
2. By value: the client registers each api key / Azure key / token it holds (`Secret` does it for
   its lifetime); `SecretFilter` replaces a registered value wherever it appears in a record's
   message, arguments, traceback or stack, even inside a server's echo of it.
3. By shape: the filter also masks `Bearer <token>` and credential-named query parameters in any
   URL that appears in the text, registered or not.

The registry is weak in the sense that matters: a value is forgotten when the last `Secret`
holding it is garbage collected (Python strings cannot be weakly referenced themselves).

Like openai-python, nothing is printed unless OPENAI_LOG is set: `setup_logging()` (called once by
the client) then adds a stderr handler, unless the application has configured logging itself, in
which case our records just flow to its handlers at the requested level.
"""

from __future__ import annotations

import hmac
import logging
import os
import re
import threading
import weakref
from collections.abc import Mapping
from typing import Final, final
from urllib.parse import unquote_plus

import httpx

from ._constants import LOG_ENV_VAR

__all__ = [
    "MIN_SECRET_LENGTH",
    "REDACTED",
    "Secret",
    "SecretFilter",
    "get_logger",
    "install_secret_filter",
    "is_sensitive_name",
    "log_request",
    "log_response",
    "log_retry",
    "logger",
    "redact_headers",
    "redact_secret",
    "redact_url",
    "register_secret",
    "scrub_secrets",
    "scrub_text",
    "setup_logging",
    "unregister_secret",
]

REDACTED: Final = "<redacted>"

MIN_SECRET_LENGTH: Final = 4
"""Shorter values are not registered: masking every "ab" in every log line would make logs
unreadable, and such a value guards nothing. Headers carrying them are still masked by name."""

logger: Final = logging.getLogger("openai_compat")

_LEVELS: Final = {"debug": logging.DEBUG, "info": logging.INFO}
_LOG_FORMAT: Final = "[%(asctime)s - %(name)s:%(lineno)d - %(levelname)s] %(message)s"
# Header and query-parameter names that carry credentials (matched anywhere in the name).
_SENSITIVE_NAME: Final = re.compile(
    r"key|token|secret|auth|cookie|passw|signature|credential|^sig$", re.IGNORECASE
)
# Gate for the query-parameter pass: any text holding a sensitive name contains one of these
# (substring tests on lowered text are ~20x faster than a case-insensitive regex alternation).
_SENSITIVE_WORDS: Final = ("key", "token", "secret", "auth", "cookie", "passw", "credential", "sig")
_QUERY_PARAM: Final = re.compile(r"(?P<lead>[?&;](?P<name>[^=&#?\s]+)=)(?P<value>[^&#;\s\"'<>]*)")
_URL_PASSWORD: Final = re.compile(r"(?P<lead>://[^/\s:@]*:)[^/\s@]+@")
# A token has a digit or punctuation in it: "Bearer token missing" stays readable.
_BEARER: Final = re.compile(
    r"\b(?P<scheme>bearer|basic)\s+(?=[A-Za-z]*[0-9._~+/=-])[A-Za-z0-9._~+/=-]{4,}", re.I
)

# Reentrant: a `Secret` collected by the garbage collector while this lock is held (a collection
# can start inside re.compile below) unregisters itself from its finalizer on the same thread.
_lock = threading.RLock()
_secret_counts: dict[str, int] = {}
_secret_pattern: re.Pattern[str] | None = None
_setup_done = False


def register_secret(value: str) -> None:
    """Mask `value` in every record that passes a `SecretFilter` until it is unregistered.

    Registrations are counted: two clients sharing a key each register it, and it stays masked
    until both unregister.
    """
    if len(value) < MIN_SECRET_LENGTH:
        return
    with _lock:
        _secret_counts[value] = _secret_counts.get(value, 0) + 1
        _rebuild_pattern()


def unregister_secret(value: str) -> None:
    """Undo one `register_secret(value)`; unknown values are ignored."""
    with _lock:
        count = _secret_counts.get(value)
        if count is None:
            return
        if count > 1:
            _secret_counts[value] = count - 1
        else:
            del _secret_counts[value]
            _rebuild_pattern()


def _rebuild_pattern() -> None:
    global _secret_pattern
    # Longest first, so that a secret containing another is masked whole.
    ordered = sorted(_secret_counts, key=len, reverse=True)
    _secret_pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None


def scrub_secrets(text: str) -> str:
    """`text` with every registered secret replaced by `<redacted>`."""
    pattern = _secret_pattern
    return pattern.sub(REDACTED, text) if pattern is not None else text


def scrub_text(text: str) -> str:
    """`scrub_secrets`, plus bearer tokens, URL passwords and credential query parameters."""
    text = scrub_secrets(text)
    # Cheap substring gates first: this runs on every record, and most match none of the regexes.
    lowered = text.lower()
    if "bearer" in lowered or "basic" in lowered:
        text = _BEARER.sub(lambda m: f"{m['scheme']} {REDACTED}", text)
    if "@" in text:
        text = _URL_PASSWORD.sub(lambda m: f"{m['lead']}{REDACTED}@", text)
    # A credential parameter's name contains a sensitive word, unless it is percent-encoded.
    if "=" in text and ("%" in text or any(word in lowered for word in _SENSITIVE_WORDS)):
        text = _QUERY_PARAM.sub(_mask_query_param, text)
    return text


def _mask_query_param(match: re.Match[str]) -> str:
    if match["value"] and is_sensitive_name(unquote_plus(match["name"])):
        return f"{match['lead']}{REDACTED}"
    return match[0]


def is_sensitive_name(name: str) -> bool:
    """Whether a header or query parameter of this name carries a credential."""
    return _SENSITIVE_NAME.search(name) is not None


def redact_secret(value: str) -> str:
    """What to show instead of a secret: nothing of it, not even a prefix or its length."""
    del value  # deliberately unused: the output must not depend on the secret
    return REDACTED


def redact_url(url: str | httpx.URL) -> str:
    """The URL for a log line: credential query parameters and any password masked."""
    return scrub_text(str(url))


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """A copy of `headers` fit for a log line: credentials masked by name and by value.

    Repeated headers (possible in `httpx.Headers`) are joined with ", " as HTTP allows.
    """
    items = headers.multi_items() if isinstance(headers, httpx.Headers) else headers.items()
    shown: dict[str, str] = {}
    for name, value in items:
        masked = REDACTED if is_sensitive_name(name) else scrub_text(value)
        shown[name] = f"{shown[name]}, {masked}" if name in shown else masked
    return shown


@final
class Secret:
    """A credential that never shows itself: `repr`, `str` and f-strings give `<redacted>`.

    Creating one registers the value with the log filter; it is unregistered when the object is
    garbage collected. `get_secret_value()` is the one way to read it (e.g. to build a header).
    """

    __slots__ = ("__weakref__", "_value")

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"Secret value must be a str, got {type(value).__name__}")
        self._value = value
        register_secret(value)
        weakref.finalize(self, unregister_secret, value)

    def get_secret_value(self) -> str:
        """The secret itself."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{REDACTED}')"

    def __str__(self) -> str:
        return REDACTED

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        # Constant time, so that comparing keys cannot leak them through timing.
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash(self._value)

    # Immutable: copies can share the object (and its registration) instead of re-registering.
    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Secret:
        return self


class SecretFilter(logging.Filter):
    """Scrubs secrets from every record it sees (see `scrub_text`); never drops a record.

    The message is rendered with its arguments and then scrubbed, and the arguments are dropped:
    an argument (a dict of headers, an exception) may hold a secret that a handler which serializes
    arguments separately would otherwise print.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call must not crash the caller; logging would report it
            message = f"{record.msg} {record.args!r}"
        record.msg = scrub_text(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            # Render the traceback now so it can be scrubbed; formatters reuse exc_text.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub_text(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub_text(record.stack_info)
        return True


_SECRET_FILTER: Final = SecretFilter()


def _add_filter(target: logging.Logger | logging.Handler) -> None:
    if _SECRET_FILTER not in target.filters:
        target.addFilter(_SECRET_FILTER)


# Our own logger is always filtered, even before (or without) setup_logging(): an application
# that configures logging itself sees our records too.
_add_filter(logger)


def get_logger(name: str) -> logging.Logger:
    """A logger for a runtime module, carrying the secret filter.

    Logger filters do not apply to records of child loggers, so every module that logs must get its
    logger here (or use `logger`), not from `logging.getLogger` directly.
    """
    child = logging.getLogger(name)
    _add_filter(child)
    return child


def install_secret_filter() -> None:
    """Filter our logger and httpx's/httpcore's, whose request lines contain URLs."""
    for name in ("openai_compat", "httpx", "httpcore"):
        _add_filter(logging.getLogger(name))


def setup_logging(environ: Mapping[str, str] | None = None) -> None:
    """Once per process: install the secret filter and apply OPENAI_LOG (`debug` or `info`).

    Without OPENAI_LOG nothing is configured. An unknown value is reported once as a warning and
    otherwise ignored: a typo in an environment variable must not break the client.
    """
    global _setup_done
    with _lock:
        if _setup_done:
            return
        _setup_done = True
    install_secret_filter()
    raw = (os.environ if environ is None else environ).get(LOG_ENV_VAR, "").strip()
    if not raw:
        return
    level = _LEVELS.get(raw.lower())
    if level is None:
        logger.warning("%s=%r is not one of: debug, info; ignored", LOG_ENV_VAR, raw)
        return
    _configure(level)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler setup_logging adds; a class of its own so it is never added twice."""


def _configure(level: int) -> None:
    logger.setLevel(level)
    if logging.getLogger().handlers:
        return  # the application configured logging: our records propagate to its handlers
    if not any(isinstance(handler, _StderrHandler) for handler in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter(_LOG_FORMAT))
        # On the handler too: records of child loggers reach it without passing our logger's filter.
        _add_filter(handler)
        logger.addHandler(handler)


def log_request(request: httpx.Request, *, retries_taken: int = 0) -> None:
    """DEBUG, before sending: method, URL and headers, all redacted."""
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "Sending %s %s (retries taken: %d) headers=%s",
            request.method,
            redact_url(request.url),
            retries_taken,
            redact_headers(request.headers),
        )


def log_response(response: httpx.Response, *, retries_taken: int, elapsed: float) -> None:
    """INFO: `HTTP Request: POST <url> "200 OK" (0.412 s, retries taken: 1)`; headers at DEBUG."""
    if not logger.isEnabledFor(logging.INFO):
        return
    request = response.request
    logger.info(
        'HTTP Request: %s %s "%d %s" (%.3f s, retries taken: %d)',
        request.method,
        redact_url(request.url),
        response.status_code,
        response.reason_phrase,
        elapsed,
        retries_taken,
    )
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("Response headers: %s", redact_headers(response.headers))


def log_retry(
    request: httpx.Request, *, delay: float, retries_taken: int, max_retries: int, cause: str
) -> None:
    """INFO: which request is retried, why, after how long, and how many retries remain."""
    logger.info(
        "Retrying %s %s in %.3f s (retry %d of %d) after: %s",
        request.method,
        redact_url(request.url),
        delay,
        retries_taken + 1,
        max_retries,
        cause,
    )
