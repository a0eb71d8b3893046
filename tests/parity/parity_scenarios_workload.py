"""Parity scenarios for `workload_identity=` (openai_compat.auth): the token exchange, the bearer
it gives, caching, refresh after a 401, and the token endpoint's errors. Registered by
parity_scenarios.py (imported at its end).

openai-python always exchanges at https://auth.openai.com/oauth/token; the snippets point the
client's `_workload_identity_auth.token_exchange_url` at the scenario's loopback URL (both
libraries have that attribute), so the n-th scripted reply answers the n-th request, token
endpoint or API alike.
"""

from __future__ import annotations

from typing import Any

from parity_scenarios import chat_completion, ok, scenario, sse

TOKEN = {"access_token": "wi-access-token-1", "expires_in": 3600, "token_type": "Bearer"}
TOKEN_2 = {"access_token": "wi-access-token-2", "expires_in": 3600, "token_type": "Bearer"}
MODEL = ok({"id": "gpt-4o", "object": "model", "created": 1700000000, "owned_by": "openai"})
UNAUTHORIZED = ok({"error": {"message": "Invalid token", "type": "invalid_request_error",
                             "code": "invalid_api_key", "param": None}}, status=401)  # fmt: skip


def _client(cls: str = "OpenAI", token_type: str = "jwt", subject: str = "subject-token-1",
            extra: str = "") -> str:  # fmt: skip
    return f"""c = lib.{cls}(base_url=base + "/v1", workload_identity={{
    "identity_provider_id": "idp_parity", "service_account_id": "sa_parity",
    "provider": {{"token_type": "{token_type}", "get_token": lambda: "{subject}"}}{extra}}})
c._workload_identity_auth.token_exchange_url = base + "/oauth/token"
"""


def _run(body: str, *, cls: str = "OpenAI", **client: Any) -> str:
    close = "await c.close()" if cls == "AsyncOpenAI" else "c.close()"
    indented = "".join("    " + line + "\n" for line in body.strip().splitlines())
    return _client(cls, **client) + f"try:\n{indented}finally:\n    {close}\n"


def _workload(id: str, code: str, replies: list[dict[str, Any]]) -> None:
    scenario(f"workload.{id}", category="auth", client="none", code=code, replies=replies)


# The token is fetched before the first request, sent as the bearer and cached.
for cls, kind in (("OpenAI", "sync"), ("AsyncOpenAI", "async")):
    wait = "await " if kind == "async" else ""
    _workload(f"{kind}.token_sent_and_cached", _run(f"""
first = {wait}c.models.retrieve("gpt-4o")
second = {wait}c.models.retrieve("gpt-4o")
result = [first, second, c.api_key, c.auth_headers]
""", cls=cls), [ok(TOKEN), MODEL])
    _workload(f"{kind}.refreshed_after_401", _run(f"""
result = {wait}c.models.retrieve("gpt-4o")
""", cls=cls), [ok(TOKEN), UNAUTHORIZED, ok(TOKEN_2), MODEL])
    _workload(f"{kind}.401_after_refresh_raises", _run(f"""
result = {wait}c.models.retrieve("gpt-4o")
""", cls=cls), [ok(TOKEN), UNAUTHORIZED, ok(TOKEN_2), UNAUTHORIZED])
    _workload(f"{kind}.oauth_error", _run(f"""
try:
    {wait}c.models.retrieve("gpt-4o")
except lib.OAuthError as e:
    result = {{"class": type(e).__name__, "error": e.error, "status": e.status_code,
              "message": str(e), "body": e.body, "request_id": e.request_id,
              "url": str(e.request.url), "is_auth_error": isinstance(e, lib.AuthenticationError)}}
""", cls=cls), [ok({"error": "invalid_grant", "error_description": "The subject token expired"},
                   status=400)])  # fmt: skip
    _workload(f"{kind}.stream", _run(f"""
stream = {wait}c.chat.completions.create(model="m", messages=[{{"role": "user", "content": "x"}}],
                                       stream=True)
result = [chunk async for chunk in stream] if hasattr(stream, "__aiter__") else list(stream)
""", cls=cls), [ok(TOKEN), sse({"id": "c1", "object": "chat.completion.chunk", "created": 1,
                                "model": "m", "choices": [{"index": 0, "delta": {"content": "hi"},
                                                           "finish_reason": "stop"}]})])  # fmt: skip

_workload("id_token_type", _run('result = c.models.retrieve("gpt-4o")', token_type="id",
                                subject="gcp-id-token"), [ok(TOKEN), MODEL])  # fmt: skip
_workload("retry_reuses_token", _run('result = c.models.retrieve("gpt-4o")'),
          [ok(TOKEN), ok({"error": {"message": "busy"}}, status=500), MODEL])
_workload("chat_completion", _run("""
result = c.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
"""), [ok(TOKEN), ok(chat_completion())])
_workload("caller_authorization_sent_as_given", _run("""
result = c.models.retrieve("gpt-4o", extra_headers={"Authorization": "Bearer caller-own"})
"""), [MODEL])
_workload("with_options_exchanges_for_the_copy", _run("""
copy = c.with_options(timeout=30)
copy._workload_identity_auth.token_exchange_url = base + "/oauth/token"
result = [c.models.retrieve("gpt-4o"), copy.models.retrieve("gpt-4o"), copy.workload_identity is c.workload_identity]
"""), [ok(TOKEN), MODEL, ok(TOKEN_2), MODEL])
_workload("with_options_api_key_replaces_identity", _run("""
copy = c.with_options(api_key="sk-copy-parity")
result = [copy.models.retrieve("gpt-4o"), copy.workload_identity]
"""), [MODEL])
_workload("refresh_buffer_larger_than_lifetime", _run("""
result = [c.models.retrieve("gpt-4o"), c.models.retrieve("gpt-4o")]
""", extra=', "refresh_buffer_seconds": 5000'), [ok({**TOKEN, "expires_in": 7200}), MODEL])
for status, body in ((400, {"error": "invalid_subject_token"}), (401, None), (403, {"error": "x"})):
    _workload(f"oauth_status_{status}", _run('result = c.models.retrieve("gpt-4o")'),
              [ok(body, status=status) if body is not None else {"status": status, "text": ""}])
for name, reply in {
    "exchange_500": ok({"error": "server_error"}, status=500),
    "exchange_429": ok({"error": "slow_down"}, status=429),
    "exchange_empty_body": {"status": 200, "text": ""},
    "exchange_not_json": {"status": 200, "text": "<html>", "content_type": "text/html"},
    "exchange_json_list": ok([TOKEN]),
    "exchange_no_access_token": ok({"expires_in": 3600}),
    "exchange_no_expires_in": ok({"access_token": "wi-access-token-1"}),
    "exchange_expired_on_arrival": ok({"access_token": "wi-access-token-1", "expires_in": 0}),
}.items():
    _workload(name, _run('result = c.models.retrieve("gpt-4o")'), [reply])
_workload("empty_subject_token", _run('result = c.models.retrieve("gpt-4o")', subject=""), [])
_workload("unsupported_token_type", _run('result = c.models.retrieve("gpt-4o")',
                                         token_type="saml"), [])  # fmt: skip
_workload("api_key_and_identity", """
result = lib.OpenAI(api_key="sk-parity", base_url=base + "/v1", workload_identity={
    "identity_provider_id": "i", "service_account_id": "s",
    "provider": {"token_type": "jwt", "get_token": lambda: "t"}})
""", [])
_workload("invalid_identity", """
result = lib.OpenAI(base_url=base + "/v1", workload_identity={"identity_provider_id": "i"})
""", [])
_workload("env_api_key_ignored", """
import os
os.environ["OPENAI_API_KEY"] = "sk-env-parity"
try:
""" + "".join("    " + line + "\n" for line in _run('result = c.models.retrieve("gpt-4o")').splitlines()) + """\
finally:
    del os.environ["OPENAI_API_KEY"]
""", [ok(TOKEN), MODEL])
_workload("x509_identity", """
result = lib.OpenAI(base_url=base + "/v1", workload_identity=lib.auth.x509_workload_identity(
    identity_provider_id="idp", service_account_id="sa"))
""", [])
# X.509 (mTLS) identities: what construction accepts and refuses (the exchange itself goes to a
# fixed mTLS URL openai-python will not send elsewhere: tests/client/test_workload_identity_x509.py
# covers it over loopback mTLS).
_X509 = 'lib.auth.x509_workload_identity(identity_provider_id="idp", service_account_id="sa")'
for name, arguments in {
    "default_mtls_base_url": f"workload_identity={_X509}",
    "https_base_url": f'base_url="https://127.0.0.1:8443/v1", workload_identity={_X509}',
    "data_residency_eu": f'data_residency="eu", workload_identity={_X509}',
    "data_residency_without_mtls_host": f'data_residency="jp", workload_identity={_X509}',
    "with_api_key": f'api_key="sk-parity", workload_identity={_X509}',
    "with_provider_key": 'workload_identity={"type": "x509", "identity_provider_id": "i", '
                         '"service_account_id": "s", "provider": {}}',
    "unknown_key": 'workload_identity={"type": "x509", "identity_provider_id": "i", '
                   '"service_account_id": "s", "audience": "x"}',
    "empty_id": 'workload_identity={"type": "x509", "identity_provider_id": "", '
                '"service_account_id": "s"}',
    "negative_buffer": 'workload_identity=lib.auth.x509_workload_identity('
                       'identity_provider_id="i", service_account_id="s", refresh_buffer_seconds=-1)',
}.items():
    _workload(f"x509_{name}", f"""
import os
os.environ.pop("OPENAI_BASE_URL", None)
c = lib.OpenAI({arguments})
result = [str(c.base_url), c.api_key, c.auth_headers, c.workload_identity]
c.close()
""", [])

# Azure clients take the option and authenticate with their own credentials; X.509 is refused.
scenario("workload.azure_ignores_identity", category="auth", client="none", code="""
c = lib.AzureOpenAI(azure_endpoint=base, api_version="2024-10-21", api_key="azure-parity-key",
                    workload_identity={"identity_provider_id": "i", "service_account_id": "s",
                                       "provider": {"token_type": "jwt", "get_token": lambda: "t"}})
try:
    result = c.chat.completions.create(model="dep", messages=[{"role": "user", "content": "x"}])
finally:
    c.close()
""", replies=[ok(chat_completion())])
scenario("workload.azure_x509_refused", category="auth", client="none", code="""
result = lib.AzureOpenAI(azure_endpoint=base, api_version="2024-10-21", api_key="k",
                         workload_identity=lib.auth.x509_workload_identity(
                             identity_provider_id="i", service_account_id="s"))
""")
# A workload-identity token is never sent over a WebSocket.
_workload("realtime_refused", _run("""
try:
    with c.realtime.connect(model="gpt-realtime") as connection:
        result = "connected"
except lib.OpenAIError as e:
    result = [type(e).__name__, str(e)]
"""), [])
_workload("async_realtime_refused", _run("""
try:
    async with c.realtime.connect(model="gpt-realtime") as connection:
        result = "connected"
except lib.OpenAIError as e:
    result = [type(e).__name__, str(e)]
""", cls="AsyncOpenAI"), [])
# With an X.509 identity even the beta endpoints' caller-owned Authorization is refused.
_workload("x509_realtime_refused", f"""
c = lib.OpenAI(base_url="https://127.0.0.1:9/v1", workload_identity={_X509})
result = []
for beta in (False, True):
    try:
        target = c.beta.realtime if beta else c.realtime
        with target.connect(model="gpt-realtime", extra_headers={{"Authorization": "Bearer own"}}):
            result.append("connected")
    except lib.OpenAIError as e:
        result.append([type(e).__name__, str(e)])
c.close()
""", [])

# X.509 side by side. openai-python sends the exchange only to its pinned
# https://mtls.auth.openai.com/oauth/token and API requests only to the configured mTLS origin,
# through the caller's `http_client` (which would hold the client certificate). Here that
# client's transport forwards those https requests, as they are, to the scenario's loopback
# server over plain HTTP (no certificate: the mTLS handshake itself is covered by
# tests/client/test_workload_identity_x509.py); both libraries keep their default URLs.
_X509_FORWARD = '''
import httpx2
class Forward(httpx2.{base}):
    def __init__(self):
        self.inner = httpx2.{inner}()
    {define} {handle}(self, request):
        url = httpx2.URL(base + request.url.raw_path.decode())
        content = {wait}request.{read}()
        return {wait}self.inner.{handle}(httpx2.Request(request.method, url, headers=request.headers, content=content))
c = lib.{cls}(http_client=httpx2.{client}(transport=Forward()), max_retries={retries},
    workload_identity=lib.auth.x509_workload_identity(identity_provider_id="idp_x509", service_account_id="sa_x509"))
'''


def _x509_run(body: str, *, cls: str = "OpenAI", retries: int = 2) -> str:
    sync = cls == "OpenAI"
    setup = _X509_FORWARD.format(
        base="BaseTransport" if sync else "AsyncBaseTransport",
        inner="HTTPTransport" if sync else "AsyncHTTPTransport",
        define="def" if sync else "async def",
        handle="handle_request" if sync else "handle_async_request",
        read="read" if sync else "aread",
        wait="" if sync else "await ",
        cls=cls, client="Client" if sync else "AsyncClient", retries=retries,
    )  # fmt: skip
    close = "c.close()" if sync else "await c.close()"
    indented = "".join("    " + line + "\n" for line in body.strip().splitlines())
    return setup + f"try:\n{indented}finally:\n    {close}\n"


FAST = {"retry-after-ms": "1"}
for cls, kind in (("OpenAI", "sync"), ("AsyncOpenAI", "async")):
    wait = "await " if kind == "async" else ""
    get = f'{wait}c.models.retrieve("gpt-4o")'
    _workload(f"x509.{kind}.token_sent_and_cached", _x509_run(f"""
result = [{get}, {get}, str(c.base_url), c.api_key, c.auth_headers]
""", cls=cls), [ok(TOKEN), MODEL])
    _workload(f"x509.{kind}.refreshed_after_401", _x509_run(f"result = {get}", cls=cls),
              [ok(TOKEN), UNAUTHORIZED, ok(TOKEN_2), MODEL])
    _workload(f"x509.{kind}.oauth_error", _x509_run(f"""
try:
    {get}
except lib.OAuthError as e:
    result = {{"class": type(e).__name__, "error": e.error, "status": e.status_code,
              "body": e.body, "url": str(e.request.url)}}
""", cls=cls), [ok({"error": "invalid_grant", "error_description": "not bound"}, status=400)])
    _workload(f"x509.{kind}.transient_exchange_retried", _x509_run(f"result = {get}", cls=cls),
              [ok({"error": "busy"}, 503, **FAST), ok({}, 429, **FAST), ok(TOKEN), MODEL])
    _workload(f"x509.{kind}.exchange_gives_up", _x509_run(f"result = {get}", cls=cls),
              [ok({"error": "down"}, 500, **FAST)] * 3)
    _workload(f"x509.{kind}.stream", _x509_run(f"""
stream = {wait}c.chat.completions.create(model="m", messages=[{{"role": "user", "content": "x"}}],
                                       stream=True)
result = [chunk async for chunk in stream] if hasattr(stream, "__aiter__") else list(stream)
""", cls=cls), [ok(TOKEN), sse({"id": "c1", "object": "chat.completion.chunk", "created": 1,
                                "model": "m", "choices": [{"index": 0, "delta": {"content": "hi"},
                                                           "finish_reason": "stop"}]})])  # fmt: skip
for name, reply in {
    "not_bearer": ok({**TOKEN, "token_type": "mac"}),
    "bad_token_chars": ok({**TOKEN, "access_token": "has spaces"}),
    "negative_expires_in": ok({**TOKEN, "expires_in": -1}),
    "refused_401_no_body": {"status": 401, "text": ""},
}.items():
    _workload(f"x509.{name}", _x509_run('result = c.models.retrieve("gpt-4o")'), [reply])
_workload("x509.no_retries_with_max_retries_0", _x509_run('result = c.models.retrieve("gpt-4o")', retries=0),
          [ok({"error": "down"}, 500, **FAST), ok(TOKEN), MODEL])
_workload("x509.api_key_header_refused", _x509_run(
    'result = c.models.retrieve("gpt-4o", extra_headers={"api-key": "k"})'), [ok(TOKEN), MODEL])
_workload("x509.api_redirect_not_followed", _x509_run('result = c.models.retrieve("gpt-4o")', retries=0),
          [ok(TOKEN), ok({"error": {"message": "moved"}}, 307, Location="https://mtls.api.openai.com/v1/x")])
