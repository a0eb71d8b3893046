"""What the sync client's import and construction leave unloaded (fresh interpreters): asyncio
(~9 ms) is for the async clients, which load it themselves."""

from __future__ import annotations

import json
import subprocess
import sys

_PROBE = r"""
import json, sys
from openai_compat import OpenAI
client = OpenAI(api_key="k", base_url="http://127.0.0.1:9/v1")
client.chat.completions
print(json.dumps(sorted(m for m in sys.modules if m == "asyncio" or m.startswith("asyncio."))))
"""


def test_the_sync_client_does_not_load_asyncio() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(out.stdout) == []
