"""OpenAI's own Python examples (x-oaiMeta, written for openai-python) run unchanged on the mock.

Each `python` example of the pinned spec is run in-process in a fresh namespace with only what a
drop-in replacement needs changed: the import (`from openai import OpenAI` ->
`from openai_compat import OpenAI`, `openai.types...` -> `openai_compat.types...`), the
`VAR_...` model placeholders, and the environment (`OPENAI_BASE_URL` = the mock, `OPENAI_API_KEY`
= "test", so `OpenAI()` with no arguments talks to the mock). The files an example opens are
created in a scratch working directory. An example runs clean when it raises nothing; the mock
rejecting its request surfaces as a `BadRequestError`, so "clean" also means "valid per the spec".
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import re
import signal
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from conformance_report import REPORT
from mock_server import SteadyServer
from spec_examples import spec_operations
from spec_requests import FILE_BYTES, PLACEHOLDERS

PART = REPORT.part("python", "OpenAI's python examples (import swapped, on the mock)")
EXAMPLES = [
    (f"{spec_op.operation_id}[{title}]", code)
    for spec_op in spec_operations().values()
    for title, code in spec_op.request_examples("python")
]
_TIMEOUT_S = 30  # a hung example fails on its own instead of stalling the run
_FILE_NAME = re.compile(
    r"""["']([\w./-]+\.(?:jsonl|json|png|jpg|jpeg|webp|mp3|mp4|wav|m4a|pdf|txt|csv|zip|md|py|sdp))["']"""
)

# Examples that cannot run clean, each with the reason (the summary lists them too).
_OPENAI_PYTHON_TOO = "the example fails with openai-python too: "
_SPEC = "the example breaks the spec, and the client's request validation refuses it: "
_MOCK = "mock data: "
KNOWN_FAILURES: dict[str, str] = {
    **{
        f"{op}[example 1]": _OPENAI_PYTHON_TOO
        + "list pages are not subscriptable (`completions[0]`)"
        for op in (
            "getChatCompletion",
            "updateChatCompletion",
            "deleteChatCompletion",
            "getChatCompletionMessages",
        )
    },
    **{
        f"{op}[example 1]": _OPENAI_PYTHON_TOO + "two positional ids where the method takes "
        "one (the parent id is keyword-only)"
        for op in (
            "getEvalRun",
            "deleteEvalRun",
            "getEvalRunOutputItems",
            "getEvalRunOutputItem",
            "getConversationItem",
            "deleteConversationItem",
        )
    },
    "cancelEvalRun[example 1]": _OPENAI_PYTHON_TOO + "two positional ids where the method takes "
    "one; and POST /evals/{eval_id}/runs/{run_id} is `evals.runs.update` in this pin's client",
    "DeleteThreadMethod[example 1]": "the example calls `client.beta.chat_kit`; the client names "
    "the resource `beta.chatkit` (codegen/naming.py)",
    "cancelVectorStoreFileBatch[example 1]": _OPENAI_PYTHON_TOO + "the keyword is `batch_id`, "
    "not `file_batch_id`",
    **{
        f"{op}[Functions]": _MOCK + "FunctionTool requires `strict` in the spec, which the "
        "example leaves out; the client sends it (the API defaults it), the mock refuses it"
        for op in ("createResponse", "beta_createResponse")
    },
    **{
        f"{op}[{title}]": _MOCK + "the spec declares no text/event-stream response, so the mock "
        "answers a stream request with JSON, which the client refuses (APIResponseValidationError) "
        "rather than end the stream with no events"
        for op, title in (
            ("createCompletion", "Streaming"),
            ("createThreadAndRun", "Streaming"),
            ("createThreadAndRun", "Streaming with Functions"),
            ("createRun", "Streaming"),
            ("createRun", "Streaming with Functions"),
            ("submitToolOuputsToRun", "Streaming"),
        )
    },
    "createVectorStoreFileBatch[example 1]": _SPEC + "a static chunking_strategy nests its sizes "
    "under `static`; the example puts them beside `type`",
    "createConversationItems[example 1]": "the mock rejects `type: message` items: the spec's "
    "discriminator has no mapping, and by OpenAPI's rule the implicit value is the schema name",
    **{
        f"{op}[{title}]": _MOCK + "the response is a union and the mock generates its first "
        f"variant (CreateTranscriptionResponseJson), which has no `{field}`"
        for op, title, field in (
            ("createTranscription", "Diarization", "segments"),
            ("createTranscription", "Word timestamps", "words"),
            ("createTranscription", "Segment timestamps", "segments"),
        )
    },
    **{
        f"{op}[{title}]": _MOCK + "the generated ImagesResponse leaves out the optional `data`, "
        "and the example reads `data[0]`"
        for op, title in (("createImage", "Generate image"), ("createImageEdit", "Edit image"))
    },
}


def swap_imports(code: str) -> str:
    """The example as a user of openai_compat would write it."""
    code = re.sub(
        r"^(\s*)from openai(\.[\w.]+)? import", r"\1from openai_compat\2 import", code, flags=re.M
    )
    code = re.sub(r"^(\s*)import openai\s*$", r"\1import openai_compat as openai", code, flags=re.M)
    for placeholder, value in PLACEHOLDERS.items():
        code = code.replace(placeholder, value)
    return code


def make_files(code: str, directory: Path) -> None:
    """Create every file the example names (relative paths only), with small test content."""
    for name in set(_FILE_NAME.findall(code)):
        if name.startswith(("/", "..", "http")):
            continue
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(FILE_BYTES)


@contextlib.contextmanager
def example_environment(steady: SteadyServer, directory: Path) -> Iterator[io.StringIO]:
    saved_env = {
        k: os.environ.get(k) for k in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_ADMIN_KEY")
    }
    cwd = Path.cwd()
    output = io.StringIO()

    def timed_out(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"the example ran for more than {_TIMEOUT_S} s")

    previous = signal.signal(signal.SIGALRM, timed_out)
    os.environ.update(OPENAI_BASE_URL=steady.url, OPENAI_API_KEY="test", OPENAI_ADMIN_KEY="test")
    os.chdir(directory)
    signal.alarm(_TIMEOUT_S)
    try:
        with contextlib.redirect_stdout(output):
            yield output
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        os.chdir(cwd)
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_example(code: str, steady: SteadyServer, directory: Path) -> None:
    code = swap_imports(code)
    make_files(code, directory)
    script = directory / "example.py"
    opened: list[Any] = []

    def tracked_open(*args: Any, **kwargs: Any) -> Any:
        handle = open(*args, **kwargs)  # noqa: SIM115 - closed after the example
        opened.append(handle)
        return handle

    # `open` is tracked because the examples never close the files they open.
    namespace: dict[str, Any] = {
        "__name__": "__main__",
        "__file__": str(script),
        "open": tracked_open,
    }
    with example_environment(steady, directory), warnings.catch_warnings():
        # The examples open files and never close them; that is theirs, not the client's.
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            exec(compile(code, str(script), "exec"), namespace)
        finally:
            _close_clients(namespace)
            for handle in opened:
                handle.close()
            namespace.clear()
            gc.collect()


@pytest.mark.parametrize(("name", "code"), EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_python_example_runs_clean(
    name: str, code: str, steady: SteadyServer, tmp_path: Path
) -> None:
    if name in KNOWN_FAILURES:
        # Run it anyway: a listed failure that starts passing must leave the list.
        try:
            run_example(code, steady, tmp_path)
        except Exception:
            PART.failed[name] = KNOWN_FAILURES[name]
            pytest.xfail(KNOWN_FAILURES[name])
        pytest.fail(f"{name} runs clean now; remove it from KNOWN_FAILURES")
    try:
        run_example(code, steady, tmp_path)
    except BaseException as exc:
        PART.failed[name] = f"{type(exc).__name__}: {exc}"
        raise
    PART.passed.append(name)


def _close_clients(namespace: dict[str, Any]) -> None:
    # The examples never close their clients; closing them here keeps ResourceWarnings away.
    for value in namespace.values():
        close = getattr(value, "close", None)
        if type(value).__name__ in ("OpenAI", "AsyncOpenAI") and callable(close):
            result = close()
            if hasattr(result, "close"):
                result.close()  # an un-awaited coroutine of AsyncOpenAI.close
