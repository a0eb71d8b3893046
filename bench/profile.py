"""Profile one scenario of one implementation with pyinstrument (installed in .bench-venv).

    .bench-venv/bin/python -m bench.profile call1 [--impl openai_compat] [--calls 3000]

Scenarios: call1, call10 (chat.completions.create through the in-memory transport), parse
(2 KB chat.completion), stream (1,000-chunk stream, typed). For a sampling view of a running
process use py-spy instead: `.bench-venv/bin/py-spy record -o out.svg -- <the same command>`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from bench import fixtures
from bench.impls import Impl, all_impls


def _scenario(impl: Impl, name: str) -> Callable[[], object]:
    if name in ("call1", "call10"):
        client = impl.sync_client(impl.mock(fixtures.SMALL_COMPLETION))
        msgs = fixtures.messages(1 if name == "call1" else 10)
        return lambda: impl.create(client, msgs)
    if name == "parse":
        parser, body = impl.parser("chat"), fixtures.completion_2kb()
        return lambda: parser(body)
    if name == "stream":
        client = impl.sync_client(impl.mock(fixtures.sse_events(1000)))
        msgs = fixtures.messages(1)
        return lambda: impl.stream(client, msgs)
    raise SystemExit(f"unknown scenario {name!r}: expected call1, call10, parse or stream")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("scenario")
    parser.add_argument("--impl", default="openai_compat", help="openai, openai_compat or floor")
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    impls = {impl.name: impl for impl in all_impls()}
    if args.impl not in impls:
        raise SystemExit(f"--impl must be one of {', '.join(impls)}, got {args.impl!r}")
    op = _scenario(impls[args.impl], args.scenario)
    for _ in range(20):  # warm-up: imports and caches are not what we profile
        op()
    from pyinstrument import Profiler

    with Profiler(interval=0.0001) as profiler:
        for _ in range(args.calls if args.scenario != "stream" else max(1, args.calls // 200)):
            op()
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
