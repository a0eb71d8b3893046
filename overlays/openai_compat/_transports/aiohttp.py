"""The async clients' default transport: HTTP/1.1 on aiohttp, without httpx's connection pool.

`AioHttpClient` (public as `DefaultAioHttpClient`) sends an `httpx.Request` with aiohttp and hands
back an `httpx.Response` whose body is read from aiohttp as it arrives. httpx's types stay the
currency of the rest of the package (exceptions carry `.request` / `.response` as before, the body
is decoded by httpx's decoders, so gzip/deflate/brotli and corrupt bodies behave the same on both
transports); only the wire moved. httpx's async pool bounds throughput near a few hundred calls
per second on one core; aiohttp's does not.

aiohttp costs ~200 ms to import, so this module imports it on the first request, not before:
`from openai_compat import AsyncOpenAI` stays as fast as the sync client.

Behaviour kept from the httpx transport: timeouts (connect, read, pool; aiohttp has no write
timeout of its own: a body the server stops reading is bounded by the read timeout, whose clock
runs while the body is sent), redirects followed by `_redirects` with every credential dropped on
leaving the origin, proxies from the environment (`HTTP(S)_PROXY`, `NO_PROXY`) when `trust_env`,
TLS verification with httpx's context (certifi, or `SSL_CERT_FILE` / `SSL_CERT_DIR`), aiohttp's
errors raised as the httpx exceptions the client translates, and no "Unclosed client session":
a client dropped without `aclose()` is closed when collected.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import sys
import weakref
from collections.abc import AsyncIterator, Mapping
from typing import TYPE_CHECKING, Any

import httpx

from .._constants import DEFAULT_CONNECTION_LIMITS, DEFAULT_TIMEOUT
from .._http import ORIGIN_EXTENSION, origin, timeout_dict
from ._redirects import REDIRECT_STATUSES, redirect_request

if TYPE_CHECKING:
    import aiohttp

__all__ = ["AioHttpClient"]

_DEFAULT_MAX_REDIRECTS = 20
# What httpx advertises by default, so that servers compress alike for both transports.
_ACCEPT_ENCODING = ", ".join(httpx._decoders.SUPPORTED_DECODERS)  # pyright: ignore[reportAttributeAccessIssue]
_HTTP11 = {"http_version": b"HTTP/1.1"}


class AioHttpClient:
    """An async HTTP client on aiohttp with the interface the clients use of `httpx.AsyncClient`:
    `build_request`, `send(request, stream=True)`, `aclose()`, `headers`, `timeout`, `is_closed`.

    The keyword arguments are httpx's (`timeout`, `limits`, `follow_redirects`, `max_redirects`,
    `headers`, `verify`, `cert`, `proxy`, `trust_env`); `DefaultAioHttpClient(...)` takes the
    same, with openai-python's defaults.
    """

    def __init__(
        self,
        *,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        limits: httpx.Limits = DEFAULT_CONNECTION_LIMITS,
        follow_redirects: bool = True,
        max_redirects: int = _DEFAULT_MAX_REDIRECTS,
        headers: Mapping[str, str] | None = None,
        verify: ssl.SSLContext | str | bool = True,
        cert: Any = None,
        proxy: str | httpx.URL | None = None,
        trust_env: bool = True,
    ) -> None:
        self.timeout = httpx.Timeout(timeout)
        self.limits = _checked_limits(limits)
        self.follow_redirects = follow_redirects
        self.max_redirects = max_redirects
        self.headers = httpx.Headers({"Accept-Encoding": _ACCEPT_ENCODING})
        self.headers.update(headers or {})
        self.trust_env = trust_env
        self._verify = verify
        self._cert = cert
        self._proxy = str(proxy) if proxy is not None else None
        # Proxies from the environment, read once with the first session (aiohttp's own
        # trust_env would look them up, and netrc, in a thread on every request).
        self._env_proxies: dict[str, str] | None = None if trust_env else {}
        self._proxies_by_origin: dict[tuple[str, str], tuple[Any, Any]] = {}
        self._ssl: ssl.SSLContext | bool | None = None
        self._session: aiohttp.ClientSession | None = None
        self._session_loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        self._timeouts: dict[object, aiohttp.ClientTimeout] = {}
        self._urls: dict[str, Any] = {}  # yarl URLs by text: paths repeat, parsing does not
        # Closes the session when this client is collected unclosed. The finalizer holds the
        # session strongly, so aiohttp's own __del__ (which reports "Unclosed client session")
        # cannot run first, even when the client dies in a reference cycle.
        self._finalizer: weakref.finalize[Any, Any] | None = None

    # -- the httpx.AsyncClient surface the clients use ------------------------------------------

    @property
    def is_closed(self) -> bool:
        return self._closed

    @property
    def ssl_context(self) -> ssl.SSLContext | bool:
        """The TLS settings of https requests: False when `verify=False`, else a context that
        verifies certificates and host names (made on the first https request)."""
        ssl_settings = self._ssl
        if ssl_settings is None:
            ssl_settings = self._ssl = _ssl_context(self._verify, self._cert, self.trust_env)
        return ssl_settings

    def build_request(
        self,
        method: str,
        url: httpx.URL | str,
        *,
        params: Any = None,
        headers: Mapping[str, str] | None = None,
        content: bytes | None = None,
        data: Any = None,
        files: Any = None,
        timeout: float | httpx.Timeout | None = None,
    ) -> httpx.Request:
        merged = httpx.Headers(self.headers)
        merged.update(headers or {})
        return httpx.Request(
            method, url, params=params, headers=merged, content=content, data=data, files=files,
            extensions={"timeout": timeout_dict(self.timeout if timeout is None else timeout)},
        )  # fmt: skip

    async def send(
        self, request: httpx.Request, *, stream: bool = False, follow_redirects: Any = None
    ) -> httpx.Response:
        """Send `request` (following redirects unless told not to); with `stream=True` the body
        is left to be read. `follow_redirects` overrides the client's setting for this request,
        as httpx's does (signed provider requests pass False)."""
        follow = follow_redirects if isinstance(follow_redirects, bool) else self.follow_redirects
        if self._closed:
            raise RuntimeError("Cannot send a request, as the client has been closed.")
        session = self._current_session()
        if ORIGIN_EXTENSION not in request.extensions:
            request.extensions[ORIGIN_EXTENSION] = origin(request.url)
        history: list[httpx.Response] = []
        while True:
            response = await self._send_once(session, request)
            if not follow or response.status_code not in REDIRECT_STATUSES:
                break
            next_request = redirect_request(request, response)
            if next_request is None:
                break
            await _discard(response)
            if len(history) >= self.max_redirects:
                raise httpx.TooManyRedirects("Exceeded maximum allowed redirects.", request=request)
            history.append(response)
            request = next_request
        response.history = history
        if not stream:
            try:
                await response.aread()
            except BaseException:
                await response.aclose()
                raise
        return response

    async def aclose(self) -> None:
        self._closed = True
        session, self._session = self._session, None
        if self._finalizer is not None:
            self._finalizer.detach()
        if session is not None:
            await session.close()

    async def __aenter__(self) -> AioHttpClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # -- aiohttp --------------------------------------------------------------------------------

    def _current_session(self) -> aiohttp.ClientSession:
        """The session of the running loop (an aiohttp session belongs to one loop)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise RuntimeError(
                "the async clients' default transport (aiohttp) runs on asyncio only; under "
                "another event loop (trio) set OPENAI_COMPAT_ASYNC_TRANSPORT=httpx or pass "
                "http_client=httpx.AsyncClient()"
            ) from None
        session = self._session
        if session is not None and self._session_loop is loop and not session.closed:
            return session
        if session is not None:  # the client moved to another loop (a second asyncio.run)
            if self._finalizer is not None:
                self._finalizer.detach()
            _close_later(session, self._session_loop)
        import aiohttp

        connector = aiohttp.TCPConnector(
            limit=self.limits.max_connections or 0,
            limit_per_host=0,
            keepalive_timeout=self.limits.keepalive_expiry or 0.0,
            enable_cleanup_closed=sys.version_info < (3, 12, 7),
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            auto_decompress=False,  # httpx's decoders read the body: one behaviour for both
            trust_env=False,  # proxies from the environment: see _proxy_for
            cookie_jar=aiohttp.CookieJar(unsafe=True, quote_cookie=False),  # IP hosts too, as httpx
            skip_auto_headers=("User-Agent", "Accept-Encoding", "Accept"),
            max_field_size=65536,
            max_line_size=65536,
            requote_redirect_url=False,
        )
        # aiohttp quietly resends an idempotent request once when a kept-alive connection drops;
        # the client's retry policy (backoff, retry count header, logging) is the only one.
        self._session._retry_connection = False
        self._session_loop = loop
        self._finalizer = weakref.finalize(self, _close_later, self._session, loop)
        return self._session

    def _client_timeout(self, request: httpx.Request) -> aiohttp.ClientTimeout:
        values = request.extensions.get("timeout") or timeout_dict(self.timeout)
        key = (values.get("connect"), values.get("read"), values.get("pool"))
        cached = self._timeouts.get(key)
        if cached is None:
            import aiohttp

            connect, read, pool = key
            # aiohttp's `connect` covers waiting for a pooled connection and opening one.
            waiting = None if pool is None or connect is None else pool + connect
            cached = aiohttp.ClientTimeout(
                total=None, connect=waiting, sock_connect=connect, sock_read=read
            )
            if len(self._timeouts) < 64:
                self._timeouts[key] = cached
        return cached

    def _proxy_for(self, url: httpx.URL) -> tuple[Any, Any]:
        """(proxy URL, its credentials) for `url`: `proxy=` if given, else HTTP(S)_PROXY unless
        NO_PROXY names the host; (None, None) to connect directly."""
        key = (url.scheme, url.host)
        found = self._proxies_by_origin.get(key)
        if found is None:
            import aiohttp
            import yarl

            address = self._proxy
            if self._env_proxies is None:
                import urllib.request  # loaded by aiohttp already

                self._env_proxies = urllib.request.getproxies_environment()
            if address is None and self._env_proxies:
                address = self._env_proxies.get(url.scheme) or self._env_proxies.get("all")
                bypass: Any = getattr(urllib.request, "proxy_bypass_environment")  # noqa: B009 - untyped
                if address and bypass(url.host, self._env_proxies):
                    address = None
            found = (None, None)
            if address:
                proxy = yarl.URL(address if "://" in address else f"http://{address}")
                auth = None
                if proxy.user is not None:
                    auth = aiohttp.BasicAuth(proxy.user, proxy.password or "")
                    proxy = proxy.with_user(None)
                found = (proxy, auth)
            if len(self._proxies_by_origin) < 256:
                self._proxies_by_origin[key] = found
        return found

    async def _send_once(
        self, session: aiohttp.ClientSession, request: httpx.Request
    ) -> httpx.Response:
        import aiohttp

        url = request.url
        text = str(url)
        target = self._urls.get(text)
        if target is None:
            import yarl

            if len(self._urls) >= 256:
                self._urls.clear()
            target = self._urls[text] = yarl.URL(text, encoded=True)
        headers = _wire_headers(tuple(request.headers.raw))
        proxy, proxy_auth = self._proxy_for(url)
        try:
            content = request.content
        except httpx.RequestNotRead:  # multipart: the files were read already, this joins them
            content = request.read()
        try:
            reply = await session.request(
                request.method,
                target,
                headers=headers,
                data=content or None,
                allow_redirects=False,
                timeout=self._client_timeout(request),
                ssl=self.ssl_context if url.scheme == "https" else True,
                proxy=proxy,
                proxy_auth=proxy_auth,
            )
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError, ValueError) as exc:
            raise transport_error(exc, request, reading=False) from exc
        return _Response(
            reply.status,
            headers=reply.raw_headers,
            stream=_ResponseBody(reply, request),
            request=request,
            extensions={**_HTTP11, "reason_phrase": (reply.reason or "").encode()},
        )


class _Response(httpx.Response):
    """An `httpx.Response` whose whole-body read goes straight to aiohttp when there is no
    content encoding to undo (most JSON answers): httpx's chunk pipeline costs more than the
    read itself at the request rates aiohttp reaches."""

    async def aread(self) -> bytes:
        body = self.stream
        if (
            hasattr(self, "_content")
            or not isinstance(body, _ResponseBody)
            or self.is_stream_consumed
            or "content-encoding" in self.headers
        ):
            return await super().aread()
        try:
            content = await body.read_all()
        finally:
            self.is_stream_consumed = True
            await self.aclose()
        self._content = content
        return content


class _ResponseBody(httpx.AsyncByteStream):
    """The body of an aiohttp response as httpx reads it: chunks as they arrive, aiohttp's
    errors as httpx's, and the connection back to the pool (or closed, if the body was left
    unread) on `aclose()`."""

    __slots__ = ("_reply", "_request")

    def __init__(self, reply: aiohttp.ClientResponse, request: httpx.Request) -> None:
        self._reply = reply
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        import aiohttp

        content = self._reply.content
        try:
            while True:
                chunk = await content.readany()
                if not chunk:
                    return
                yield chunk
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            self._reply.close()  # a broken connection is not reused
            raise transport_error(exc, self._request, reading=True) from exc
        except BaseException:  # cancelled mid-body: the rest of the body will not come
            self._reply.close()
            raise

    async def read_all(self) -> bytes:
        import aiohttp

        try:
            return await self._reply.read()
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            self._reply.close()
            raise transport_error(exc, self._request, reading=True) from exc
        except BaseException:
            self._reply.close()
            raise

    async def aclose(self) -> None:
        self._reply.release()


def transport_error(
    exc: BaseException, request: httpx.Request, *, reading: bool
) -> httpx.TransportError:
    """aiohttp's exception as the httpx one the client knows how to retry and report."""
    import aiohttp

    message = str(exc) or type(exc).__name__
    error: type[httpx.TransportError]
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        error = httpx.ConnectTimeout
    elif isinstance(exc, asyncio.TimeoutError):  # sock_read, and aiohttp's other timeouts
        error = httpx.ReadTimeout
    elif isinstance(exc, aiohttp.ClientHttpProxyError):
        error = httpx.ProxyError
    elif isinstance(exc, aiohttp.ClientConnectorError):  # refused, DNS, TLS, proxy unreachable
        error = httpx.ConnectError
    elif isinstance(exc, aiohttp.InvalidURL):
        error = httpx.UnsupportedProtocol
    elif isinstance(exc, _PROTOCOL_ERRORS(aiohttp)):  # a response aiohttp could not parse
        error = httpx.RemoteProtocolError
    elif isinstance(exc, ValueError):  # a request aiohttp refuses to send (bad header value)
        error = httpx.LocalProtocolError
    else:
        error = httpx.ReadError if reading else httpx.WriteError
    return error(message, request=request)


_WIRE_HEADERS: dict[tuple[tuple[bytes, bytes], ...], list[tuple[str, str]]] = {}


def _wire_headers(raw: tuple[tuple[bytes, bytes], ...]) -> list[tuple[str, str]]:
    """The request's headers as aiohttp takes them: names as given (httpx keeps them raw),
    without Host (aiohttp sets it from the URL). Cached: the same sets repeat."""
    headers = _WIRE_HEADERS.get(raw)
    if headers is None:
        headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, value in raw
            if name.lower() != b"host"
        ]
        if len(_WIRE_HEADERS) >= 512:
            _WIRE_HEADERS.clear()
        _WIRE_HEADERS[raw] = headers
    return headers


def _PROTOCOL_ERRORS(aiohttp: Any) -> tuple[type[Exception], ...]:
    return (
        aiohttp.ServerDisconnectedError,
        aiohttp.ClientPayloadError,
        aiohttp.ClientResponseError,
    )


async def _discard(response: httpx.Response) -> None:
    """Read and drop a redirect's body so that its connection can be reused."""
    try:
        await response.aread()
    except httpx.HTTPError:
        pass
    finally:
        await response.aclose()


def _checked_limits(limits: object) -> httpx.Limits:
    if isinstance(limits, httpx.Limits):
        return limits
    # httpx2.Limits (or any object with the same three attributes)
    try:
        return httpx.Limits(
            max_connections=limits.max_connections,  # type: ignore[attr-defined]
            max_keepalive_connections=limits.max_keepalive_connections,  # type: ignore[attr-defined]
            keepalive_expiry=limits.keepalive_expiry,  # type: ignore[attr-defined]
        )
    except AttributeError:
        raise TypeError(f"limits must be an httpx.Limits, got {type(limits).__name__}") from None


def _ssl_context(verify: ssl.SSLContext | str | bool, cert: Any, trust_env: bool) -> Any:
    if isinstance(verify, ssl.SSLContext):
        return verify
    if verify is False:
        return False
    if isinstance(verify, str):
        context = ssl.create_default_context(cafile=verify)
    else:
        # httpx's own context: certifi, or SSL_CERT_FILE / SSL_CERT_DIR from the environment.
        context = httpx.create_ssl_context(trust_env=trust_env)
    if cert is not None:
        if isinstance(cert, str):
            context.load_cert_chain(cert)
        else:
            context.load_cert_chain(*cert)
    return context


_CLOSING: set[asyncio.Task[None]] = set()


def _close_later(session: aiohttp.ClientSession, loop: asyncio.AbstractEventLoop | None) -> None:
    """Close a session without awaiting: on its loop if that is running, else at once."""
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if loop is not None and running is loop:
        # The loop holds tasks weakly: keep a reference until the close is done.
        task = loop.create_task(session.close())
        _CLOSING.add(task)
        task.add_done_callback(_CLOSING.discard)
        return
    # Its loop is gone or not ours to use: drop the sockets now (nothing can be awaited).
    connector = session.connector
    session.detach()
    if connector is None:
        return
    if loop is not None and loop.is_closed():
        # close() needs the loop; close the sockets themselves so that none is left to warn.
        for protocols in list(connector._conns.values()):
            for protocol, _ in protocols:
                transport: Any = protocol.transport
                sock = getattr(transport, "_sock", None)
                if sock is not None:
                    with contextlib.suppress(Exception):
                        sock.close()
                        transport._sock = None
    with contextlib.suppress(Exception):
        connector._close()  # the sync half of close(): no awaitable left behind
