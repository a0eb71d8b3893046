"""User code: pages, sync and async iteration."""

from __future__ import annotations

from typing_extensions import assert_type

from openai_compat import AsyncOpenAI, OpenAI
from openai_compat.pagination import AsyncCursorPage, AsyncPage, SyncCursorPage, SyncPage
from openai_compat.types import FileObject, Model

client = OpenAI(api_key="sk-probe", base_url="http://127.0.0.1:9/v1")
aclient = AsyncOpenAI(api_key="sk-probe", base_url="http://127.0.0.1:9/v1")


def pages() -> None:
    models = client.models.list()
    assert_type(models, SyncPage[Model])
    for model in models:
        assert_type(model, Model)
    assert_type(models.data, list[Model])
    files = client.files.list()
    assert_type(files, SyncCursorPage[FileObject])
    for file in files:
        assert_type(file, FileObject)
    assert_type(files.has_next_page(), bool)


async def async_pages() -> None:
    async for model in aclient.models.list():
        assert_type(model, Model)
    first = await aclient.models.list()
    assert_type(first, AsyncPage[Model])
    files = await aclient.files.list()
    assert_type(files, AsyncCursorPage[FileObject])
    async for file in aclient.files.list():
        assert_type(file, FileObject)
