"""Steady, the mock server that checks every request against the pinned spec, run on loopback.

Why Steady (`@stdy/cli`, pinned in package-lock.json, installed by `make install`) and not Prism
(`@stoplight/prism-cli`), both measured on the openai pin: Steady loads 288/288 operations in
about a second, rejects a request that breaks the spec with a 400 whose `X-Steady-Error-N-*`
headers say where and why, and streams server-sent events when asked with
`Accept: text/event-stream`. Prism takes 15-22 s and ~230 MB to start, skips request validation
on 9 of the 100 JSON bodies (POST /chat/completions among them) and answers every stream with a
500, so it would check less and cost more. Prism's one extra, `Prefer: code=429` to pick an error
response, is covered by the client's own loopback tests of error bodies and retries.

The server is started from the located pinned spec file (never a copy in the repository) on a
free port of 127.0.0.1, waited for on its health route, and stopped with its whole process group
(the npm wrapper `steady.js` spawns the real binary as a child).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

import httpx

REPO_ROOT = Path(__file__).resolve().parents[2]
STEADY_JS = REPO_ROOT / "node_modules" / "@stdy" / "cli" / "steady.js"
HEALTH_PATH = "/_x-steady/health"
_START_TIMEOUT = 60.0  # seconds: ~1 s is usual, a loaded CI machine may be much slower
_LOG_TAIL = 2000


class MockServerUnavailable(RuntimeError):
    """Node or the pinned mock-server package is missing, or the server would not start."""


def _free_port() -> int:
    # Steady cannot report a port chosen by the OS (`-p 0` prints 0), so ask the OS for one first.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def steady_command(spec: Path, port: int) -> list[str]:
    """The command line; fails with what to do when node or the package is missing."""
    node = shutil.which("node")
    if node is None:
        raise MockServerUnavailable(
            "the conformance tests need Node.js (>= 18) on PATH to run the mock server "
            "(@stdy/cli); install Node, then run `make install`"
        )
    if not STEADY_JS.is_file():
        raise MockServerUnavailable(
            f"the mock server package is not installed ({STEADY_JS} is missing); run "
            "`make install` (it runs `npm ci` from package-lock.json)"
        )
    return [
        node,
        str(STEADY_JS),
        "--host=127.0.0.1",
        f"--port={port}",
        "--quiet",
        "--no-color",
        # Query arrays as openai-python and this client send them: key[]=a&key[]=b.
        "--validator-query-array-format=brackets",
        "--validator-query-object-format=brackets",
        # Multipart arrays and objects the same way: include[]=a, expires_after[anchor]=...
        "--validator-form-array-format=brackets",
        "--validator-form-object-format=brackets",
        "--stream-interval=0",  # no 100 ms pause between streamed events
        "--generator-seed=1",  # the same generated responses on every run
        str(spec),
    ]


class SteadyServer:
    """`with SteadyServer(spec) as server: OpenAI(base_url=server.url, ...)`."""

    def __init__(self, spec: Path) -> None:
        self.spec = spec
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        # A file, not a pipe: nobody reads the output while tests run, and a full pipe blocks.
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        for _attempt in range(3):  # the free port may be taken between asking and binding
            self.port = _free_port()
            command = steady_command(self.spec, self.port)
            self._process = subprocess.Popen(
                command,
                cwd=REPO_ROOT,
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so stop() ends the child too
            )
            if self._wait_ready():
                return
            self.stop()
        raise MockServerUnavailable(
            f"the mock server did not become ready on {self.url}; its output:\n"
            + self.output()[-_LOG_TAIL:]
        )

    def output(self) -> str:
        """What the server printed so far."""
        self._log.seek(0)
        return self._log.read().decode(errors="replace")

    def _wait_ready(self) -> bool:
        assert self._process is not None
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                return False
            try:
                if httpx.get(self.url + HEALTH_PATH, timeout=1.0).status_code == 200:
                    return True
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        return False

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def close(self) -> None:
        """Stop the server and drop its output."""
        self.stop()
        self._log.close()

    def __enter__(self) -> SteadyServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
