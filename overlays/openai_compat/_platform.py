"""The `X-Stainless-*` headers openai-python sends with every request, computed the same way.

Gateways and OpenAI-compatible servers log them (language, OS, architecture, runtime), so a
switch of library should not change what their dashboards see. The package version is ours and
the User-Agent names this library: those two say honestly which client made the request.
"""

from __future__ import annotations

import functools
import sys

__all__ = ["async_library", "platform_headers"]


@functools.cache
def platform_headers(version: str) -> dict[str, str]:
    import platform  # on first use: `from openai_compat import OpenAI` stays cheap

    return {
        "X-Stainless-Lang": "python",
        "X-Stainless-Package-Version": version,
        "X-Stainless-OS": _os_name(),
        "X-Stainless-Arch": _architecture(),
        "X-Stainless-Runtime": _safe(platform.python_implementation),
        "X-Stainless-Runtime-Version": _safe(platform.python_version),
    }


def async_library() -> str:
    """`X-Stainless-Async` of an async client: "async:asyncio" inside a running event loop."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return "async:false"
    return "async:asyncio"


def _safe(read: object) -> str:
    try:
        return str(read())  # type: ignore[operator]
    except Exception:
        return "unknown"


def _os_name() -> str:
    import platform

    try:
        system = platform.system().lower()
        name = platform.platform().lower()
    except Exception:
        return "Unknown"
    if "iphone" in name or "ipad" in name:
        return "iOS"
    named = {"darwin": "MacOS", "windows": "Windows", "freebsd": "FreeBSD", "openbsd": "OpenBSD"}
    if system in named:
        return named[system]
    if "android" in name:
        return "Android"
    if system == "linux":
        try:
            distro = platform.freedesktop_os_release().get("ID", "").lower()
        except OSError:
            distro = ""
        return {"freebsd": "FreeBSD", "openbsd": "OpenBSD"}.get(distro, "Linux")
    return f"Other:{name}" if name else "Unknown"


def _architecture() -> str:
    import platform

    try:
        machine = platform.machine().lower()
    except Exception:
        return "unknown"
    if machine in ("arm64", "aarch64"):
        return "arm64"
    if machine == "arm":
        return "arm"
    if machine == "x86_64":
        return "x64"
    if sys.maxsize <= 2**32:
        return "x32"
    return f"other:{machine}" if machine else "unknown"
