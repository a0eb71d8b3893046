"""Run Bedrock / Vertex scenarios with an SDK and print what happened, as JSON.

    python parity_driver.py openai < scenarios.json        (openai-python, in .ref-venv)
    python parity_driver.py openai_compat < scenarios.json (this library)

The same code drives both SDKs (the drop-in claim): only the imported package differs. Each
scenario names a client class, a provider factory and its arguments, the environment, and one
call; the result is the client's base URL and the call's outcome (or the error raised, by class
name and message). botocore's signing clock is fixed so that both sign at the same instant.
"""

from __future__ import annotations

import datetime
import importlib
import json
import os
import sys
from typing import Any


def _fix_clock() -> None:
    import botocore.auth

    botocore.auth.get_current_datetime = lambda *a, **k: datetime.datetime(2015, 8, 30, 12, 36, 0)


def _arguments(raw: dict[str, Any]) -> dict[str, Any]:
    arguments = dict(raw)
    for name in ("token_provider", "bedrock_token_provider"):
        if arguments.get(name) == "counter":
            issued = iter(range(100))
            arguments[name] = lambda issued=issued: f"token-{next(issued)}"
        elif arguments.get(name) == "async-counter":
            counter = iter(range(100))

            async def token(counter: Any = counter) -> str:
                return f"async-token-{next(counter)}"

            arguments[name] = token
    return arguments


async def _call(client: Any, call: str | None) -> None:
    """The scenario's call on an async client."""
    if call == "models":
        await client.models.list()
    elif call == "chat":
        await client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    await client.close()


def _run(sdk: Any, scenario: dict[str, Any]) -> dict[str, Any]:
    outcome: dict[str, Any] = {"base_url": None, "error": None}
    saved = dict(os.environ)
    os.environ.update(scenario.get("env", {}))
    try:
        factory = scenario.get("provider")
        kwargs = dict(scenario.get("client", {}))
        if factory:
            providers = importlib.import_module(f"{sdk.__name__}.providers")
            kwargs["provider"] = getattr(providers, factory)(**_arguments(scenario.get("args", {})))
        else:
            kwargs.update(_arguments(scenario.get("args", {})))
        client = getattr(sdk, scenario.get("class", "OpenAI"))(max_retries=1, **kwargs)
        outcome["base_url"] = str(client.base_url).rstrip("/")
        call = scenario.get("call")
        if scenario.get("class", "").startswith("Async"):
            import asyncio

            asyncio.run(_call(client, call))
        elif call == "models":
            client.models.list()
        elif call == "chat":
            client.chat.completions.create(
                model="m", messages=[{"role": "user", "content": "hi"}]
            )
        client.close()
    except Exception as exc:
        outcome["error"] = [type(exc).__name__, str(exc), getattr(exc, "status_code", None)]
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return outcome


def main() -> None:
    sdk = importlib.import_module(sys.argv[1])
    _fix_clock()
    scenarios = json.load(sys.stdin)
    print(json.dumps([_run(sdk, scenario) for scenario in scenarios]))


if __name__ == "__main__":
    main()
