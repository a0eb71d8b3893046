"""Helpers of the provider tests (fixtures are in conftest.py): a fixed signing clock, sync/async
call running, header lookup, and an independent SigV4 check with botocore."""

from __future__ import annotations

import datetime
import hashlib
import inspect
from typing import Any


class FixedClock:
    """botocore's signing clock, fixed; `advance()` moves it (a retry signs at a later time)."""

    def __init__(self, when: datetime.datetime) -> None:
        self.now = when

    def __call__(self, *args: Any, **kwargs: Any) -> datetime.datetime:
        return self.now

    def advance(self, seconds: int) -> None:
        self.now += datetime.timedelta(seconds=seconds)


async def run(value: Any) -> Any:
    """A client call's result: awaited for the async client."""
    return await value if inspect.isawaitable(value) else value


async def close(client: Any) -> None:
    await run(client.close())


def header(request: Any, name: str) -> str | None:
    return next((v for k, v in request.headers.items() if k.lower() == name.lower()), None)


def verify_signature(sent: Any, base: str, *, secret: str, region: str, service: str,
                      token: str | None = None) -> None:  # fmt: skip
    """Re-sign what the server received with botocore itself, at the request's own X-Amz-Date,
    and compare: proves the signature covers exactly the headers and body that were sent."""
    import datetime
    from unittest import mock

    import botocore.auth
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    authorization = header(sent, "Authorization")
    assert authorization is not None
    access_key = authorization.split("Credential=")[1].split("/")[0]
    signed_names = authorization.split("SignedHeaders=")[1].split(",")[0].split(";")
    headers = {k: v for k, v in sent.headers.items() if k.lower() in signed_names}
    assert header(sent, "X-Amz-Content-SHA256") == hashlib.sha256(sent.body).hexdigest()
    when = datetime.datetime.strptime(header(sent, "X-Amz-Date") or "", "%Y%m%dT%H%M%SZ")
    request = AWSRequest(method=sent.method, url=base + sent.path, data=sent.body, headers=headers)
    with mock.patch.object(botocore.auth, "get_current_datetime", lambda *a, **k: when):
        SigV4Auth(Credentials(access_key, secret, token), service, region).add_auth(request)
    assert request.headers["Authorization"] == authorization
