"""`bedrock()`: Amazon Bedrock's OpenAI-compatible endpoints, as openai-python 3.54 configures them.

Endpoints: "mantle" (`https://bedrock-mantle.{region}.api.aws/openai/v1`, the default) or
"runtime" (`https://bedrock-runtime.{region}.amazonaws.com/openai/v1`, other DNS suffixes for
the China, EU sovereign and isolated partitions); `base_url` or AWS_BEDROCK_BASE_URL replaces it.

Authentication, first match wins:
1. `api_key=` (a Bedrock API key, sent as a bearer token), or `token_provider=` (called before
   every attempt; may be async on AsyncOpenAI);
2. AWS_BEARER_TOKEN_BEDROCK, unless `api_key=None` was passed or an AWS mode below was chosen;
3. SigV4 with one of `access_key_id`/`secret_access_key`/`session_token`, `profile`,
   `credential_provider`, or else botocore's default credential chain (needs the
   `openai-compat[bedrock]` extra). Every attempt is signed anew; signed requests never
   follow redirects (a redirect target must be signed for itself).
Region: `region`, else AWS_REGION / AWS_DEFAULT_REGION, else (SigV4) the profile's region.
"""

from __future__ import annotations

import os
import re
from collections.abc import Awaitable, Callable
from typing import Any, Literal

import httpx

from .._exceptions import OpenAIError
from .._runtime import NOT_GIVEN, NotGiven
from ._core import Provider, ProviderRuntime, SecretTracker, same_origin
from ._sigv4 import NO_CREDENTIALS, NO_REGION, AwsCredentialsProvider, AwsSigner

__all__ = ["BedrockEndpoint", "BedrockTokenProvider", "bedrock"]

BedrockEndpoint = Literal["mantle", "runtime"]
BedrockTokenProvider = Callable[[], "str | Awaitable[str]"]

_REGION = re.compile(r"^[a-z]{2,8}(?:-[a-z0-9]+)+-\d+$")


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def normalize_base_url(value: str | httpx.URL) -> httpx.URL:
    """The API root: no trailing slash, and a pasted `.../responses` URL cut back to its root."""
    url = httpx.URL(str(value))
    path = url.path.rstrip("/")
    found = re.search(r"/responses(?:/.*)?$", path)
    if found is not None:
        path = path[: found.start()]
    return url.copy_with(path=path or "/")


def dns_suffixes(region: str) -> tuple[str, str]:
    """(runtime suffix, mantle suffix) of the AWS partition a region belongs to."""
    for prefix, suffixes in (
        ("cn-", ("amazonaws.com.cn", "api.amazonwebservices.com.cn")),
        ("eusc-", ("amazonaws.eu", "api.amazonwebservices.eu")),
        ("us-iso-", ("c2s.ic.gov", "api.aws.ic.gov")),
        ("us-isob-", ("sc2s.sgov.gov", "api.aws.scloud")),
        ("eu-isoe-", ("cloud.adc-e.uk", "api.cloud-aws.adc-e.uk")),
        ("us-isof-", ("csp.hci.ic.gov", "api.aws.hci.ic.gov")),
    ):
        if region.startswith(prefix):
            return suffixes
    return "amazonaws.com", "api.aws"


def parse_bedrock_host(host: str) -> tuple[BedrockEndpoint, str] | None:
    """("mantle" | "runtime", region) for an AWS-owned Bedrock hostname, else None."""
    service, dot, rest = host.removesuffix(".").lower().partition(".")
    region, dot2, suffix = rest.partition(".")
    if not dot or not dot2 or _REGION.fullmatch(region) is None:
        return None
    if service == "bedrock-mantle" and suffix == "api.aws":
        return "mantle", region
    if service in ("bedrock-runtime", "bedrock-runtime-fips") and suffix in dns_suffixes(region):
        return "runtime", region
    return None


def _check_region(region: str | None) -> None:
    if region is not None and _REGION.fullmatch(region) is None:
        raise OpenAIError(
            "The Bedrock AWS `region` is invalid. Use a standard AWS region such as `us-east-1`."
        )


def _check_canonical(url: httpx.URL, *, endpoint: BedrockEndpoint, region: str | None) -> None:
    """An AWS hostname must be HTTPS and agree with the endpoint and region configured."""
    found = parse_bedrock_host(url.host)
    if found is None:
        return
    family, host_region = found
    if url.scheme != "https":
        raise OpenAIError("Canonical Amazon Bedrock endpoints require HTTPS.")
    if family != endpoint:
        raise OpenAIError(
            f"The Bedrock {family} hostname does not match the selected `{endpoint}` endpoint. "
            f"Set `endpoint='{family}'` to use this hostname."
        )
    if region is not None and host_region != region:
        raise OpenAIError(
            f"The Bedrock endpoint region `{host_region}` does not match the configured AWS region `{region}`."
        )


def default_base_url(endpoint: BedrockEndpoint, region: str) -> httpx.URL:
    host = (
        f"bedrock-runtime.{region}.{dns_suffixes(region)[0]}"
        if endpoint == "runtime"
        else f"bedrock-mantle.{region}.api.aws"
    )
    return normalize_base_url(f"https://{host}/openai/v1")


def _own_authorization(request: httpx.Request, base_url: httpx.URL, verb: str) -> None:
    """The provider authenticates: no caller Authorization header, and only its own origin."""
    if "authorization" in request.headers:
        raise OpenAIError(
            "Bedrock provider authentication cannot be combined with a custom `Authorization` header."
        )
    if not same_origin(request.url, base_url):
        raise OpenAIError(
            f"Refusing to {verb} a Bedrock request for an origin other than the configured provider URL."
        )


def _body(request: httpx.Request) -> bytes:
    try:
        return request.read()
    except (httpx.StreamConsumed, httpx.RequestNotRead, RuntimeError) as exc:
        raise OpenAIError(
            "Bedrock SigV4 authentication requires a replayable request body. "
            "Buffer the body before sending or use bearer authentication."
        ) from exc


def _checked_token(token: object) -> str:
    if not isinstance(token, str) or not token.strip():
        raise OpenAIError("The Bedrock bearer credential provider must return a non-empty string.")
    return token


class _Bearer:
    """`Authorization: Bearer <token>`, the token resolved before every attempt."""

    def __init__(self, token: BedrockTokenProvider, base_url: httpx.URL) -> None:
        self._token = token
        self._base_url = base_url
        self._secrets = SecretTracker()

    def _call(self) -> object:
        try:
            return self._token()
        except OpenAIError:
            raise
        except Exception as exc:
            raise OpenAIError("Failed to resolve a bearer credential for Bedrock.") from exc

    def prepare(self, request: httpx.Request) -> None:
        _own_authorization(request, self._base_url, "authenticate")
        token = self._call()
        if isinstance(token, Awaitable):
            close = getattr(token, "close", None)
            if callable(close):
                close()  # never leave an un-awaited coroutine behind
            raise OpenAIError("An async Bedrock token provider requires `AsyncOpenAI`.")
        request.headers["Authorization"] = f"Bearer {self._secrets.seen(_checked_token(token))}"

    async def aprepare(self, request: httpx.Request) -> None:
        _own_authorization(request, self._base_url, "authenticate")
        token = self._call()
        if isinstance(token, Awaitable):
            try:
                token = await token
            except OpenAIError:
                raise
            except Exception as exc:
                raise OpenAIError("Failed to resolve a bearer credential for Bedrock.") from exc
        request.headers["Authorization"] = f"Bearer {self._secrets.seen(_checked_token(token))}"


class _SigV4:
    """Signs every attempt (botocore may block on credential look-ups: async runs it in a thread)."""

    def __init__(self, make_signer: Callable[[], AwsSigner], base_url: httpx.URL,
                 endpoint: BedrockEndpoint) -> None:  # fmt: skip
        self._make_signer = make_signer
        self._signer: AwsSigner | None = None
        self._base_url = base_url
        self._endpoint = endpoint

    def _checked_body(self, request: httpx.Request, signer: AwsSigner) -> bytes:
        _own_authorization(request, self._base_url, "sign")
        found = parse_bedrock_host(request.url.host)
        if found is not None:
            family, region = found
            if family != self._endpoint:
                raise OpenAIError(
                    f"The Bedrock {family} hostname does not match the selected `{self._endpoint}` endpoint."
                )
            if region != signer.region:
                raise OpenAIError(
                    f"The Bedrock endpoint region `{region}` does not match the SigV4 region `{signer.region}`."
                )
        return _body(request)

    def _sign(self, request: httpx.Request) -> None:
        if self._signer is None:
            self._signer = self._make_signer()
        body = self._checked_body(request, self._signer)
        signed = self._signer.sign(
            method=request.method, url=str(request.url), headers=request.headers, body=body
        )
        for name in [n for n in request.headers if n.lower() not in {k.lower() for k in signed}]:
            del request.headers[name]
        request.headers.update(signed)

    def prepare(self, request: httpx.Request) -> None:
        self._sign(request)

    async def aprepare(self, request: httpx.Request) -> None:
        import anyio.to_thread

        await anyio.to_thread.run_sync(self._sign, request)


def bedrock(
    *,
    endpoint: BedrockEndpoint | None = None,
    region: str | None = None,
    base_url: str | httpx.URL | NotGiven | None = NOT_GIVEN,
    api_key: str | NotGiven | None = NOT_GIVEN,
    token_provider: BedrockTokenProvider | None = None,
    access_key_id: str | None = None,
    secret_access_key: str | None = None,
    session_token: str | None = None,
    profile: str | None = None,
    credential_provider: AwsCredentialsProvider | None = None,
) -> Provider:
    """Amazon Bedrock (Mantle or Runtime) for `OpenAI(provider=bedrock(...))`; see the module doc."""
    if endpoint is not None and endpoint not in ("mantle", "runtime"):
        raise OpenAIError("The Bedrock `endpoint` must be either `mantle` or `runtime`.")
    region_given = _clean(region)
    if region is not None and region_given is None:
        raise OpenAIError("The Bedrock AWS `region` must not be empty.")
    _check_region(region_given)

    configured_url: httpx.URL | None
    if isinstance(base_url, NotGiven):
        from_env = _clean(os.environ.get("AWS_BEDROCK_BASE_URL"))
        configured_url = normalize_base_url(from_env) if from_env else None
    elif base_url is None:
        configured_url = None
    else:
        if isinstance(base_url, str) and not base_url.strip():
            raise OpenAIError("The Bedrock `base_url` must not be empty.")
        configured_url = normalize_base_url(base_url)
    host_family = parse_bedrock_host(configured_url.host) if configured_url is not None else None
    family: BedrockEndpoint = endpoint or (host_family[0] if host_family else "mantle")

    profile_given = _clean(profile)
    if profile is not None and profile_given is None:
        raise OpenAIError("The Bedrock AWS `profile` must not be empty.")
    if (access_key_id is None) != (secret_access_key is None) or (
        session_token is not None and access_key_id is None
    ):
        raise OpenAIError(
            "Static AWS credentials require both `access_key_id` and `secret_access_key`. "
            "A `session_token` may only be used with both."
        )
    if access_key_id is not None and (
        not access_key_id.strip() or not (secret_access_key or "").strip()
    ):
        raise OpenAIError(
            "Static AWS credentials require non-empty `access_key_id` and `secret_access_key` values."
        )
    if session_token is not None and not session_token.strip():
        raise OpenAIError("A static AWS `session_token` must not be empty when provided.")

    key_given = isinstance(api_key, str)
    if key_given and not str(api_key).strip():
        raise OpenAIError("The Bedrock bearer credential must not be empty.")
    if not isinstance(api_key, (str, NotGiven)) and api_key is not None:
        raise OpenAIError(
            f"The Bedrock `api_key` must be a str, got {type(api_key).__name__}; pass a "
            "callable as `token_provider=`."
        )
    if key_given and token_provider is not None:
        raise OpenAIError(
            "The `api_key` and `token_provider` options are mutually exclusive. Configure only one."
        )
    bearer = key_given or token_provider is not None
    aws_modes = sum(
        (access_key_id is not None, profile_given is not None, credential_provider is not None)
    )
    if aws_modes > 1:
        raise OpenAIError(
            "Bedrock authentication is ambiguous. Configure exactly one explicit AWS mode: static credentials, "
            "profile, or credential provider."
        )
    if bearer and aws_modes:
        raise OpenAIError(
            "Bedrock authentication is ambiguous. Configure exactly one explicit mode: bearer credential, "
            "static AWS credentials, profile, or credential provider."
        )
    env_bearer = (
        not bearer
        and not aws_modes
        and api_key is not None  # api_key=None: "do not use AWS_BEARER_TOKEN_BEDROCK"
        and bool(os.environ.get("AWS_BEARER_TOKEN_BEDROCK"))
    )
    # A bearer request to an explicit URL needs no region; everything else looks in the env.
    if region_given is None and (configured_url is None or not (bearer or env_bearer)):
        region_given = _clean(os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"))
        _check_region(region_given)
    if configured_url is not None:
        _check_canonical(configured_url, endpoint=family, region=region_given)

    static_key = str(api_key) if key_given else None
    service = "bedrock" if family == "runtime" else "bedrock-mantle"

    def environment_token() -> str:
        token = os.environ.get("AWS_BEARER_TOKEN_BEDROCK")
        if not token:
            raise OpenAIError(NO_CREDENTIALS)
        return token

    def configure() -> ProviderRuntime:
        token: BedrockTokenProvider | None = None
        if static_key is not None:
            key: str = static_key
            token = lambda: key  # noqa: E731
        elif token_provider is not None:
            token = token_provider
        elif env_bearer:
            token = environment_token
        region = region_given
        if token is not None:
            if configured_url is not None:
                url = configured_url
            elif region is not None:
                url = default_base_url(family, region)
            else:
                raise OpenAIError(NO_REGION)
            auth: Any = _Bearer(token, url)
            follow = True
        else:
            from ._sigv4 import new_session, session_region

            session = None  # made on first use when the region is known (as openai-python)
            if region is None:
                session = new_session(profile_given)
                region = session_region(session)
            if region is None:
                raise OpenAIError(NO_REGION)
            _check_region(region)
            url = configured_url or default_base_url(family, region)
            _check_canonical(url, endpoint=family, region=region)
            signing_region = region

            def make_signer() -> AwsSigner:
                return AwsSigner(
                    region=signing_region, service=service, profile=profile_given,
                    access_key_id=access_key_id, secret_access_key=secret_access_key,
                    session_token=session_token, credential_provider=credential_provider,
                    session=session,
                )  # fmt: skip

            auth = _SigV4(make_signer, url, family)
            follow = False
        return ProviderRuntime(
            name="bedrock", base_url=url, prepare=auth.prepare, aprepare=auth.aprepare,
            follow_redirects=follow, region=region,
        )  # fmt: skip

    return Provider("bedrock", configure)
