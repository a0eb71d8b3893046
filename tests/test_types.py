"""`openai_compat.types`: openai-python's modules, names and kinds, loaded lazily.

The full comparison with the committed name map is tests/codegen/test_dropin_types.py; these are
the behaviours users meet: names, reprs, TypedDicts that are dicts, lazy imports, clear errors.
"""

from __future__ import annotations

import pickle
import subprocess
import sys

import pydantic
import pytest
import typing_extensions

import openai_compat.types as types
import openai_compat.types.chat as chat
import openai_compat.types.fine_tuning as fine_tuning
import openai_compat.types.graders as graders


def test_openai_python_names_are_the_generated_models() -> None:
    from openai_compat._generated.openai.models.chat_completion import (
        ChatCompletion as Generated,
    )
    from openai_compat.types import ChatCompletion
    from openai_compat.types.chat import ChatCompletion as ChatChatCompletion
    from openai_compat.types.chat.chat_completion import ChatCompletion as Home

    assert ChatCompletion is ChatChatCompletion is Home is Generated
    assert "ChatCompletion" in dir(chat) and "ChatCompletionMessageParam" in dir(chat)
    assert "Batch" in dir(types) and "chat" in dir(types)


def test_same_short_name_in_two_modules_reads_as_openai_names_it() -> None:
    from openai_compat.types.chat.chat_completion import Choice
    from openai_compat.types.chat.chat_completion_chunk import Choice as ChunkChoice
    from openai_compat.types.chat.chat_completion_chunk import ChoiceDelta

    assert Choice is not ChunkChoice
    assert Choice.__name__ == ChunkChoice.__name__ == "Choice"
    chunk_choice = ChunkChoice.model_validate(
        {"delta": {"content": "hi"}, "index": 0, "finish_reason": None}
    )
    assert repr(chunk_choice).startswith("Choice(delta=ChoiceDelta(")
    assert isinstance(chunk_choice.delta, ChoiceDelta)
    assert pickle.loads(pickle.dumps(chunk_choice)) == chunk_choice  # found under its name


@pytest.mark.parametrize(
    ("module", "name", "data"),
    [
        (
            "chat",
            "ChatCompletion",
            {"id": "c1", "choices": [], "created": 1, "model": "m", "object": "chat.completion"},
        ),
        (
            "chat",
            "ChatCompletionChunk",
            {
                "id": "c1",
                "choices": [],
                "created": 1,
                "model": "m",
                "object": "chat.completion.chunk",
            },
        ),
        (
            "",
            "CreateEmbeddingResponse",
            {
                "data": [],
                "model": "m",
                "object": "list",
                "usage": {"prompt_tokens": 1, "total_tokens": 1},
            },
        ),
        (
            "responses",
            "Response",
            {
                "id": "r1",
                "object": "response",
                "created_at": 1,
                "model": "m",
                "output": [],
                "status": "completed",
                "parallel_tool_calls": True,
                "tool_choice": "auto",
                "tools": [],
                "metadata": None,
                "temperature": None,
                "top_p": None,
                "error": None,
                "incomplete_details": None,
                "instructions": None,
            },
        ),
    ],
)
def test_reprs_of_common_results_read_as_openai_python(
    module: str, name: str, data: dict[str, object]
) -> None:
    cls = getattr(getattr(types, module) if module else types, name)
    value = cls.model_validate(data)
    first = next(iter(data))  # the field openai-python's repr of it starts with
    assert repr(value).startswith(f"{name}({first}=")
    assert type(value).__name__ == name


def test_param_types_are_typed_dicts_a_plain_dict_is() -> None:
    from openai_compat.types.chat import (
        ChatCompletionToolParam,
        ChatCompletionUserMessageParam,
    )
    from openai_compat.types.shared import Reasoning

    assert typing_extensions.is_typeddict(ChatCompletionUserMessageParam)
    assert typing_extensions.is_typeddict(ChatCompletionToolParam)
    message: ChatCompletionUserMessageParam = {"role": "user", "content": "hi"}
    assert message["content"] == "hi" and type(message) is dict
    assert ChatCompletionUserMessageParam.__required_keys__ >= {"role", "content"}
    assert issubclass(Reasoning, pydantic.BaseModel)


def test_request_unions_are_aliases_not_classes() -> None:
    from openai_compat.types.chat import ChatCompletionMessageParam
    from openai_compat.types.responses import ResponseInputParam

    for alias in (ChatCompletionMessageParam, ResponseInputParam):
        assert not isinstance(alias, type)


def test_spec_names_stay_importable() -> None:
    from openai_compat._generated.openai import models
    from openai_compat.types import CreateChatCompletionRequest

    assert CreateChatCompletionRequest is models.CreateChatCompletionRequest
    assert types.azure_models.CreateChatCompletionResponse.__name__ == (
        "CreateChatCompletionResponse"
    )


def test_unknown_names_fail_clearly() -> None:
    with pytest.raises(AttributeError, match=r"openai_compat\.types' has no attribute 'Nope'"):
        types.Nope  # noqa: B018
    with pytest.raises(AttributeError, match=r"types\.chat' has no attribute 'Nope'"):
        chat.Nope  # noqa: B018


def _modules_after(code: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; {code}; print('\\n'.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split()


def test_importing_types_loads_no_model() -> None:
    loaded = _modules_after("import openai_compat.types, openai_compat.types.chat")
    assert not [m for m in loaded if "._generated.openai.models." in m]


def test_one_types_module_loads_only_the_models_it_names() -> None:
    loaded = _modules_after("from openai_compat.types.chat.chat_completion import ChatCompletion")
    models = [m for m in loaded if "._generated.openai.models." in m]
    assert "openai_compat._generated.openai.models.chat_completion" in models
    assert 0 < len(models) < 60, models  # its fields' models, not the ~1,800 of the spec
    assert not [m for m in loaded if m.startswith("openai_compat.types.responses")]


def test_fine_tuning_method_models_build_the_request_openai_python_examples_send() -> None:
    from openai_compat.types.fine_tuning import ReinforcementHyperparameters, ReinforcementMethod
    from openai_compat.types.graders import StringCheckGrader

    grader = StringCheckGrader(
        name="g", type="string_check", input="{{a}}", operation="eq", reference="{{b}}"
    )
    method = ReinforcementMethod(
        grader=grader, hyperparameters=ReinforcementHyperparameters(reasoning_effort="medium")
    )
    assert method.to_dict()["grader"]["type"] == "string_check"
    assert types.fine_tuning is fine_tuning and types.graders is graders
