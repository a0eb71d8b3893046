"""User code: chunked uploads (`uploads.upload_file_chunked`, a path or bytes)."""

from __future__ import annotations

from pathlib import Path

from typing_extensions import assert_type

from openai_compat import AsyncOpenAI, OpenAI
from openai_compat.types import Upload

client = OpenAI(api_key="sk-probe", base_url="http://127.0.0.1:9/v1")
aclient = AsyncOpenAI(api_key="sk-probe", base_url="http://127.0.0.1:9/v1")


def chunked() -> None:
    upload = client.uploads.upload_file_chunked(
        file=Path("train.jsonl"), mime_type="text/jsonl", purpose="batch", part_size=1024
    )
    assert_type(upload, Upload)
    in_memory = client.uploads.upload_file_chunked(
        file=b"{}\n", filename="train.jsonl", bytes=3, mime_type="text/jsonl", purpose="batch", md5="x"
    )
    assert_type(in_memory.id, str)


async def async_chunked() -> None:
    upload = await aclient.uploads.upload_file_chunked(
        file=Path("train.jsonl"), mime_type="text/jsonl", purpose="fine-tune"
    )
    assert_type(upload, Upload)


def misuse() -> None:
    client.uploads.upload_file_chunked(file=b"{}\n", mime_type="text/jsonl", purpose="batch")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    client.uploads.upload_file_chunked(file=Path("a"), mime_type="text/jsonl", purpose="pictures")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
