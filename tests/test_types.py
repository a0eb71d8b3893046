"""`openai_compat.types` and `openai_compat.types.chat`: openai-python's type names resolve to the
generated models, lazily, and unknown names fail clearly."""

from __future__ import annotations

import subprocess
import sys

import pytest

import openai_compat.types as types
import openai_compat.types.chat as chat
import openai_compat.types.fine_tuning as fine_tuning
import openai_compat.types.graders as graders
from openai_compat._generated.openai import models


@pytest.mark.parametrize(
    ("module", "aliases"),
    [
        (types, types.OPENAI_PYTHON_NAMES),
        (chat, chat.CHAT_NAMES),
        (fine_tuning, fine_tuning.FINE_TUNING_NAMES),
        (graders, graders.GRADER_NAMES),
    ],
)
def test_every_alias_is_a_generated_model(module: object, aliases: dict[str, str]) -> None:
    for alias, schema in aliases.items():
        assert getattr(module, alias) is getattr(models, schema), alias


def test_spec_names_and_openai_python_names_meet() -> None:
    from openai_compat.types import ChatCompletion, CreateChatCompletionResponse
    from openai_compat.types.chat import ChatCompletion as ChatChatCompletion

    assert ChatCompletion is CreateChatCompletionResponse is ChatChatCompletion
    assert "ChatCompletion" in dir(types) and "ChatCompletionMessageParam" in dir(chat)


def test_unknown_names_fail_clearly() -> None:
    with pytest.raises(AttributeError, match=r"openai_compat\.types' has no attribute 'Nope'"):
        types.Nope  # noqa: B018
    with pytest.raises(AttributeError, match=r"types\.chat' has no attribute 'Nope'"):
        chat.Nope  # noqa: B018


def test_importing_types_loads_no_model() -> None:
    code = (
        "import sys, openai_compat.types, openai_compat.types.chat; "
        "print(any('._generated.openai.models.' in m for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


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
