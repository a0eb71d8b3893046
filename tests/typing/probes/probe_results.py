"""User code: everyday results and their types (responses, embeddings, models, files, images)."""

from __future__ import annotations

from typing_extensions import assert_type

from openai_compat import OpenAI
from openai_compat.types import (
    CompletionUsage,
    CreateEmbeddingResponse,
    Embedding,
    FileObject,
    ImagesResponse,
    Model,
    ModelDeleted,
)
from openai_compat.types.responses import Response

client = OpenAI(api_key="sk-probe", base_url="http://127.0.0.1:9/v1")


def results() -> None:
    embeddings = client.embeddings.create(model="e", input="hello")
    assert_type(embeddings, CreateEmbeddingResponse)
    assert_type(embeddings.data[0], Embedding)
    assert_type(embeddings.model, str)
    model = client.models.retrieve("m")
    assert_type(model, Model)
    assert_type(model.id, str)
    assert_type(client.models.delete("m"), ModelDeleted)
    assert_type(client.files.retrieve("file-1"), FileObject)
    assert_type(client.images.generate(prompt="a cat"), ImagesResponse)
    response = client.responses.create(model="m", input="hi")
    assert_type(response, Response)
    assert_type(response.output_text, str)
    completion = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    assert_type(completion.usage, CompletionUsage | None)
    if completion.usage is not None:
        assert_type(completion.usage.total_tokens, int)


def omitted_arguments() -> None:
    # openai-python's signatures take `omit` for any optional parameter.
    from openai_compat import omit

    completion = client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": "hi"}], temperature=omit
    )
    assert_type(completion.usage, CompletionUsage | None)
    response = client.responses.create(model="m", input="hi", instructions=omit)
    assert_type(response, Response)
    parsed = client.chat.completions.parse(
        model="m", messages=[{"role": "user", "content": "hi"}], seed=omit
    )
    assert_type(parsed.id, str)
