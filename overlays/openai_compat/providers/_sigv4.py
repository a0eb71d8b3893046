"""AWS Signature Version 4 for Bedrock, done by botocore (the `openai-compat[bedrock]` extra).

botocore is imported only when a client signs, so `import openai_compat` never pays for it.
Credentials are looked up before every signature: a credential provider or botocore's default
chain may rotate them (instance roles, SSO), and a retry must carry a fresh signature anyway
because X-Amz-Date is part of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from .. import _logging
from .._exceptions import OpenAIError
from ._core import SecretTracker

__all__ = ["AwsCredentialsProvider", "AwsSigner", "load_botocore", "sign_headers"]

AwsCredentialsProvider = Callable[[], object]

# The messages are openai-python's (3.54), so code that matches on them keeps working.
MISSING_EXTRA = (
    "Bedrock AWS authentication requires optional AWS dependencies. "
    "Install them with `pip install openai-compat[bedrock]` and try again."
)
NO_REGION = (
    "Bedrock requires an AWS region. Pass `region` to `bedrock(...)`, or set `AWS_REGION` or "
    "`AWS_DEFAULT_REGION`."
)
NO_CREDENTIALS = (
    "Could not find credentials for Bedrock. Pass a bearer credential or AWS credentials to "
    "`bedrock(...)`, set `AWS_BEARER_TOKEN_BEDROCK`, or configure the default AWS credential chain."
)
RESOLVE_FAILED = (
    "Failed to resolve AWS credentials for Bedrock. Verify your AWS profile, environment variables, "
    "or runtime identity configuration and try again."
)
# Headers a signature owns: removed before signing so that a retry never signs the last one's.
SIGNING_HEADERS = ("authorization", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token")


def load_botocore() -> Any:
    """The botocore modules (auth, awsrequest, credentials, session), or a clear error."""
    try:
        import botocore.auth
        import botocore.awsrequest
        import botocore.credentials
        import botocore.session
    except ImportError as exc:
        raise OpenAIError(MISSING_EXTRA) from exc
    return botocore


def sign_headers(
    credentials: object, *, service: str, region: str, method: str, url: str,
    headers: Mapping[str, str], body: bytes | None,
) -> dict[str, str]:  # fmt: skip
    """`headers` plus the SigV4 ones (X-Amz-Date, Authorization, X-Amz-Security-Token), signed
    by botocore's `SigV4Auth` for `service` in `region` at botocore's current time."""
    botocore = load_botocore()
    request = botocore.awsrequest.AWSRequest(
        method=method, url=url, data=body, headers=dict(headers)
    )
    botocore.auth.SigV4Auth(credentials, service, region).add_auth(request)
    return dict(request.headers.items())


class AwsSigner:
    """Signs Bedrock requests with one of: static keys, a profile, a credential provider, or
    botocore's default credential chain (environment, shared files, SSO, instance roles...)."""

    def __init__(
        self, *, region: str, service: str, profile: str | None = None,
        access_key_id: str | None = None, secret_access_key: str | None = None,
        session_token: str | None = None, credential_provider: AwsCredentialsProvider | None = None,
        session: Any = None,
    ) -> None:  # fmt: skip
        botocore = load_botocore()
        self.region = region
        self.service = service
        self._provider = credential_provider
        self._static = (
            botocore.credentials.Credentials(access_key_id, secret_access_key, session_token)
            if access_key_id is not None
            else None
        )
        self._session = session if session is not None else new_session(profile)
        self._secrets = SecretTracker()
        if secret_access_key:
            _logging.register_secret(secret_access_key)

    def __repr__(self) -> str:
        return f"AwsSigner(service={self.service!r}, region={self.region!r})"

    def _credentials(self) -> object:
        if self._provider is not None:
            found = self._provider()
        else:
            found = self._static or self._session.get_credentials()
        if found is None:
            raise OpenAIError(NO_CREDENTIALS)
        frozen = getattr(found, "get_frozen_credentials", None)
        return frozen() if callable(frozen) else found

    def sign(
        self, *, method: str, url: str, headers: Mapping[str, str], body: bytes
    ) -> dict[str, str]:
        """The request's headers, signed (the payload hash goes in X-Amz-Content-SHA256)."""
        unsigned = {k: v for k, v in headers.items() if k.lower() not in SIGNING_HEADERS}
        unsigned["X-Amz-Content-SHA256"] = hashlib.sha256(body).hexdigest()
        try:
            signed = sign_headers(
                self._credentials(), service=self.service, region=self.region,
                method=method, url=url, headers=unsigned, body=body,
            )  # fmt: skip
            token = signed.get("X-Amz-Security-Token")
            if token:  # a server echoing headers back must not show it in an error
                self._secrets.seen(token)
            return signed
        except OpenAIError:
            raise
        except Exception as exc:  # botocore's own errors may quote config files: not shown
            raise OpenAIError(RESOLVE_FAILED) from exc


def new_session(profile: str | None) -> Any:
    botocore = load_botocore()
    try:
        return botocore.session.Session(profile=profile)
    except Exception as exc:
        raise OpenAIError(RESOLVE_FAILED) from exc


def session_region(session: Any) -> str | None:
    """The region of the session's profile (`region = ...` in ~/.aws/config), if any."""
    try:
        region = session.get_config_variable("region")
    except Exception as exc:
        raise OpenAIError(RESOLVE_FAILED) from exc
    return region.strip() if isinstance(region, str) and region.strip() else None
