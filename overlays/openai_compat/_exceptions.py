"""Every error this package raises, as one tree.

    OpenAIError                      base of everything below; also raised for bad configuration
    ├── InvalidArgumentError         a caller's argument cannot be sent (also a TypeError and a
    │                                ValueError, what openai-python raises there); nothing was sent
    ├── LengthFinishReasonError      a parse helper hit the length limit (has `.completion`)
    ├── ContentFilterFinishReasonError  a parse helper's completion was filtered
    ├── SubjectTokenProviderError    a workload-identity token could not be obtained
    ├── WebSocketConnectionClosedError  a WebSocket closed with messages unsent (`.unsent_messages`)
    ├── WebSocketQueueFullError      the outgoing WebSocket queue is over its byte limit
    └── APIError                     something went wrong talking to the server
        ├── APIResponseValidationError   the body is not JSON, or not the kind the operation returns
        ├── APIStatusError               the server answered 4xx/5xx
        │   ├── BadRequestError              400
        │   ├── AuthenticationError          401
        │   │   └── OAuthError                   an OAuth token endpoint refused (`.error`)
        │   ├── PermissionDeniedError        403
        │   ├── NotFoundError                404
        │   ├── ConflictError                409
        │   ├── UnprocessableEntityError     422
        │   ├── RateLimitError               429
        │   └── InternalServerError          >= 500
        ├── APIConnectionError           no response (refused, reset, DNS, TLS, dropped mid-stream)
        │   └── APITimeoutError              the request timed out
        └── APIStreamError               the server sent an error event inside an SSE stream

    InvalidWebhookSignatureError (a ValueError, as in openai-python)  a webhook's signature is wrong

An error `uploads.upload_file_chunked()` raises after its Upload was created carries
`.upload_progress` (`openai_compat.lib.uploads.UploadProgress`) for `resume=`; elsewhere it is None.

A WebSocket that drops (any close but a normal one) raises `WebSocketConnectionError`, an
`APIConnectionError` defined in `openai_compat._realtime` (it is also the `websockets` library's
`ConnectionClosedError`, so code written for openai-python that catches that keeps working).

Names, constructors and attributes follow openai-python so that
`except openai_compat.RateLimitError` is a drop-in. Messages never contain credentials: headers are not part of any message.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, Literal

import httpx
from typing_extensions import override

from ._error_body import describe_error_body, error_message
from ._logging import scrub_secrets

if TYPE_CHECKING:
    from .lib.uploads import UploadProgress

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APIStreamError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ContentFilterFinishReasonError",
    "InternalServerError",
    "InvalidArgumentError",
    "InvalidWebhookSignatureError",
    "LengthFinishReasonError",
    "NotFoundError",
    "OAuthError",
    "OpenAIError",
    "PermissionDeniedError",
    "RateLimitError",
    "SubjectTokenProviderError",
    "UnprocessableEntityError",
    "WebSocketConnectionClosedError",
    "WebSocketQueueFullError",
    "make_status_error",
    "status_error_class",
]


class OpenAIError(Exception):
    """Base class of every error raised by openai_compat."""

    # Set on the error a failed `uploads.upload_file_chunked()` raises: pass it as `resume=`.
    upload_progress: UploadProgress | None = None


class InvalidArgumentError(OpenAIError, TypeError, ValueError):
    """An argument given by the caller cannot be sent; nothing was sent.

    Also a TypeError and a ValueError: openai-python raises one of those for the same mistakes
    (an object without a JSON encoding, NaN), so code written for it catches this too."""

    def __init__(self, message: str, *, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


class APIError(OpenAIError):
    """An error while talking to the API: carries the request and, when there is one, the body."""

    message: str
    request: httpx.Request
    body: object | None
    code: str | None
    param: str | None
    type: str | None

    def __init__(self, message: str, request: httpx.Request, *, body: object | None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        # As in openai-python: the error object itself when the body wraps it in "error",
        # so `e.body["message"]` reads the server's message.
        self.body = body
        error = body if isinstance(body, dict) else {}
        self.code = _str_or_none(error.get("code"))
        self.param = _str_or_none(error.get("param"))
        self.type = _str_or_none(error.get("type"))

    @override
    def __str__(self) -> str:
        return self.message


class APIResponseValidationError(APIError):
    """The response body is not JSON, or JSON of the wrong kind for the operation."""

    response: httpx.Response
    status_code: int

    def __init__(
        self, response: httpx.Response, body: object | None, *, message: str | None = None
    ) -> None:
        super().__init__(
            message or "Data returned by API invalid for expected schema.",
            response.request,
            body=body,
        )
        self.response = response
        self.status_code = response.status_code

    @property
    def request_id(self) -> str | None:
        """The server's x-request-id, to quote when reporting a problem."""
        request_id: str | None = self.response.headers.get("x-request-id")
        return request_id

    @property
    def headers(self) -> httpx.Headers:
        """The response headers (as on `APIStatusError`)."""
        return self.response.headers


class APIStatusError(APIError):
    """The server answered with a 4xx or 5xx status."""

    response: httpx.Response
    status_code: int
    request_id: str | None

    def __init__(self, message: str, *, response: httpx.Response, body: object | None) -> None:
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("x-request-id")

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.response.headers


class BadRequestError(APIStatusError):
    """400 Bad Request."""

    status_code: Literal[400]


class AuthenticationError(APIStatusError):
    """401 Unauthorized."""

    status_code: Literal[401]


class PermissionDeniedError(APIStatusError):
    """403 Forbidden."""

    status_code: Literal[403]


class NotFoundError(APIStatusError):
    """404 Not Found."""

    status_code: Literal[404]


class ConflictError(APIStatusError):
    """409 Conflict."""

    status_code: Literal[409]


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity."""

    status_code: Literal[422]


class RateLimitError(APIStatusError):
    """429 Too Many Requests."""

    status_code: Literal[429]


class InternalServerError(APIStatusError):
    """A 5xx status."""


class APIConnectionError(APIError):
    """No usable response: the connection failed, was reset, or dropped mid-body or mid-stream."""

    def __init__(self, *, message: str = "Connection error.", request: httpx.Request) -> None:
        super().__init__(message, request, body=None)


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or pool)."""

    def __init__(self, request: httpx.Request) -> None:
        super().__init__(message="Request timed out.", request=request)


class APIStreamError(APIError):
    """The server reported an error inside an event stream, after the events before it."""


class OAuthError(AuthenticationError):
    """An OAuth token endpoint refused: `.error` is its error code, the message its description."""

    error: str | None

    def __init__(self, *, response: httpx.Response, body: object | None) -> None:
        message = "OAuth authentication error."
        error = None
        if isinstance(body, dict):
            error = body.get("error")
            description = body.get("error_description")
            if isinstance(description, str) and description:
                message = description
        super().__init__(message, response=response, body=body)
        self.error = error if isinstance(error, str) else None


class SubjectTokenProviderError(OpenAIError):
    """A workload-identity subject token could not be obtained."""

    def __init__(self, message: str, *, response: httpx.Response | None = None) -> None:
        super().__init__(message)
        self.response = response


class LengthFinishReasonError(OpenAIError):
    """A parse helper could not parse the content: the completion stopped at the length limit."""

    def __init__(self, *, completion: Any) -> None:
        message = "Could not parse response content as the length limit was reached"
        usage = getattr(completion, "usage", None)
        if usage:
            message += f" - {usage!r}"
        super().__init__(message)
        self.completion = completion


class ContentFilterFinishReasonError(OpenAIError):
    """A parse helper could not parse the content: the content filter rejected the request."""

    def __init__(self, *, completion: Any | None = None) -> None:
        super().__init__(
            "Could not parse response content as the request was rejected by the content filter"
        )
        self.completion = completion


class InvalidWebhookSignatureError(ValueError):
    """A webhook's signature does not match the one computed with the secret."""


class _WebSocketRecovery:
    """The unsent messages, kept off the exception's attributes so that printing or logging the
    exception's `vars()` never dumps them (they can hold audio and user text)."""

    __slots__ = ("frames", "messages")

    def __init__(self, frames: list[str] | list[str | bytes], messages: list[str]) -> None:
        self.frames = frames
        self.messages = messages

    def __repr__(self) -> str:
        return "<WebSocket messages not sent: redacted>"


class WebSocketConnectionClosedError(OpenAIError):
    """The WebSocket closed while messages were still waiting to be sent.

    `unsent_frames` holds them in order (text and binary); `unsent_messages` the text ones,
    binary frames that are UTF-8 included as text. Resend them on a new connection if wanted.
    """

    def __init__(self, message: str, *, unsent_messages: list[str] | list[str | bytes]) -> None:
        super().__init__(message)
        texts: list[str] = []
        for data in unsent_messages:
            if isinstance(data, str):
                texts.append(data)
            else:
                with contextlib.suppress(UnicodeDecodeError):  # opaque binary: in unsent_frames
                    texts.append(bytes(data).decode("utf-8"))
        self._recovery = _WebSocketRecovery(unsent_messages, texts)

    @property
    def unsent_messages(self) -> list[str]:
        return self._recovery.messages

    @unsent_messages.setter
    def unsent_messages(self, messages: list[str]) -> None:
        if hasattr(self, "_recovery"):
            self._recovery.messages = messages
        else:
            self._recovery = _WebSocketRecovery([], messages)

    @property
    def unsent_frames(self) -> list[str] | list[str | bytes]:
        return self._recovery.frames

    @unsent_frames.setter
    def unsent_frames(self, frames: list[str] | list[str | bytes]) -> None:
        self._recovery.frames = frames


class WebSocketQueueFullError(OpenAIError):
    """A message would exceed the byte budget of the send queue (`max_queue_size`); it was
    not queued."""


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    """The exception class for an HTTP error status."""
    if status_code >= 500:
        return InternalServerError
    return _STATUS_CLASSES.get(status_code, APIStatusError)


def make_status_error(response: httpx.Response, body: object) -> APIStatusError:
    """The exception for an error response: the class by status, the message in the server's words.

    `body` is the raw body (`bytes`, the usual case: the shell has read it) or an already decoded
    value. Registered secrets are scrubbed from the message, since some servers echo the key they
    rejected; the decoded body is kept whole on `.body`.
    """
    content_type = response.headers.get("content-type")
    if isinstance(body, (bytes, bytearray, memoryview)):
        message, decoded = error_message(response.status_code, bytes(body), content_type)
        if decoded is None:  # an empty body: its text, "", as openai-python keeps it
            decoded = ""
    else:
        decoded = body
        message = describe_error_body(response.status_code, body, content_type=content_type)
    error_class = status_error_class(response.status_code)
    return error_class(scrub_secrets(message), response=response, body=error_body(decoded))


def error_body(decoded: object) -> object:
    """What `.body` holds, as in openai-python: the value of `"error"` when the body is an object
    that has one (`{"error": {...}}` -> the inner object, `{"error": "text"}` -> the text), else
    the decoded body itself."""
    if isinstance(decoded, dict) and "error" in decoded:
        return decoded["error"]
    return decoded


def _str_or_none(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)
