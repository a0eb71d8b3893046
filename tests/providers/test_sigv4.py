"""SigV4 as Bedrock requests use it: AWS's documented example signature on fixed credentials and
clock, and the signer's headers against botocore's own `SigV4Auth` applied directly."""

from __future__ import annotations

import hashlib

import pytest
from provider_helpers import FixedClock

from openai_compat import OpenAIError
from openai_compat.providers._sigv4 import AwsSigner, sign_headers

# AWS's documented example ("Create a signed AWS API request", General Reference, Signature
# Version 4 examples): IAM ListUsers, us-east-1, 2015-08-30T12:36:00Z, these example keys.
EXAMPLE_ACCESS_KEY = "AKIDEXAMPLE"
EXAMPLE_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
EXAMPLE_URL = "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"
EXAMPLE_HEADERS = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
EXAMPLE_AUTHORIZATION = (
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date, "
    "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
)


def _credentials(token: str | None = None) -> object:
    from botocore.credentials import Credentials

    return Credentials(EXAMPLE_ACCESS_KEY, EXAMPLE_SECRET_KEY, token)


def test_the_documented_example_signature(clock: FixedClock) -> None:
    signed = sign_headers(
        _credentials(), service="iam", region="us-east-1", method="GET", url=EXAMPLE_URL,
        headers=EXAMPLE_HEADERS, body=b"",
    )  # fmt: skip
    assert signed["X-Amz-Date"] == "20150830T123600Z"
    assert signed["Authorization"] == EXAMPLE_AUTHORIZATION
    assert signed["Content-Type"] == EXAMPLE_HEADERS["Content-Type"]


def test_a_different_secret_or_time_changes_the_signature(clock: FixedClock) -> None:
    from botocore.credentials import Credentials

    other = sign_headers(
        Credentials(EXAMPLE_ACCESS_KEY, EXAMPLE_SECRET_KEY + "x"), service="iam",
        region="us-east-1", method="GET", url=EXAMPLE_URL, headers=EXAMPLE_HEADERS, body=b"",
    )  # fmt: skip
    assert other["Authorization"] != EXAMPLE_AUTHORIZATION
    clock.advance(1)
    later = sign_headers(
        _credentials(), service="iam", region="us-east-1", method="GET", url=EXAMPLE_URL,
        headers=EXAMPLE_HEADERS, body=b"",
    )  # fmt: skip
    assert later["X-Amz-Date"] == "20150830T123601Z"
    assert later["Authorization"] != EXAMPLE_AUTHORIZATION


def test_the_bedrock_signer_matches_botocores_own(clock: FixedClock) -> None:
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest

    body = b'{"model":"m","messages":[]}'
    url = "https://bedrock-mantle.us-east-1.api.aws/openai/v1/chat/completions"
    headers = {"Content-Type": "application/json", "Host": "bedrock-mantle.us-east-1.api.aws"}
    signer = AwsSigner(region="us-east-1", service="bedrock-mantle",
                       access_key_id=EXAMPLE_ACCESS_KEY, secret_access_key=EXAMPLE_SECRET_KEY,
                       session_token="session-token")  # fmt: skip
    ours = signer.sign(method="POST", url=url, headers=headers, body=body)

    reference = AWSRequest(method="POST", url=url, data=body, headers={
        **headers, "X-Amz-Content-SHA256": hashlib.sha256(body).hexdigest()})  # fmt: skip
    SigV4Auth(_credentials("session-token"), "bedrock-mantle", "us-east-1").add_auth(reference)
    assert ours == dict(reference.headers.items())
    assert ours["X-Amz-Security-Token"] == "session-token"
    assert "/us-east-1/bedrock-mantle/aws4_request" in ours["Authorization"]
    assert "x-amz-content-sha256" in ours["Authorization"]  # the payload hash is signed


def test_a_previous_signature_is_never_signed_again(clock: FixedClock) -> None:
    signer = AwsSigner(region="us-east-1", service="bedrock", access_key_id="AKID",
                       secret_access_key="secret")  # fmt: skip
    url = "https://bedrock-runtime.us-east-1.amazonaws.com/openai/v1/models"
    first = signer.sign(method="GET", url=url, headers={"Host": "h"}, body=b"")
    again = signer.sign(method="GET", url=url, headers=first, body=b"")
    assert again == first


def test_a_credential_provider_is_asked_at_every_signature(clock: FixedClock) -> None:
    from botocore.credentials import Credentials

    issued: list[str] = []

    def provider() -> object:
        issued.append(f"AKID{len(issued)}")
        return Credentials(issued[-1], "secret")

    signer = AwsSigner(region="us-west-2", service="bedrock-mantle", credential_provider=provider)
    url = "https://bedrock-mantle.us-west-2.api.aws/openai/v1/models"
    one = signer.sign(method="GET", url=url, headers={}, body=b"")
    two = signer.sign(method="GET", url=url, headers={}, body=b"")
    assert "Credential=AKID0/" in one["Authorization"]
    assert "Credential=AKID1/" in two["Authorization"]


def test_no_credentials_is_openai_pythons_error(clock: FixedClock) -> None:
    signer = AwsSigner(region="us-east-1", service="bedrock-mantle", credential_provider=lambda: None)
    with pytest.raises(OpenAIError, match="Could not find credentials for Bedrock"):
        signer.sign(method="GET", url="https://example.com/", headers={}, body=b"")


def test_a_failing_credential_provider_does_not_show_its_error(clock: FixedClock) -> None:
    def provider() -> object:
        raise RuntimeError("secret=hunter2 in /home/me/.aws/credentials")

    signer = AwsSigner(region="us-east-1", service="bedrock-mantle", credential_provider=provider)
    with pytest.raises(OpenAIError, match="Failed to resolve AWS credentials") as caught:
        signer.sign(method="GET", url="https://example.com/", headers={}, body=b"")
    assert "hunter2" not in str(caught.value)
