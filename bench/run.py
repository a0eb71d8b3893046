"""`make bench`: openai-python, openai_compat and a raw httpx floor, side by side, in one run.

    .bench-venv/bin/python -m bench.run [--rounds N] [--only micro,helpers] [--no-codegen]

Every round runs each implementation's scenario in turn (the order rotates per round), and the
report gives the median of the rounds and the ratio openai_compat / openai-python (for every
row, lower is better: requests per second are compared as time per request). Writes
bench/RESULTS.md, bench/results.json and bench/ratios.png, and refreshes the table in README.md
between the `bench:start` / `bench:end` markers.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from bench import fixtures, report, scenarios
from bench.impls import Impl, all_impls

MiB = 1024 * 1024


@dataclass
class Row:
    """One line of the table: a scenario's samples per implementation."""

    key: str
    label: str
    unit: str  # "ms", "us", "MiB", "req/s", "s"
    goal: float | None = None
    higher_is_better: bool = False
    samples: dict[str, list[float]] = field(default_factory=dict)

    def add(self, impl: str, value: float) -> None:
        self.samples.setdefault(impl, []).append(value)

    def median(self, impl: str) -> float | None:
        values = self.samples.get(impl)
        return statistics.median(values) if values else None

    def ratio(self) -> float | None:
        ours, theirs = self.median("openai_compat"), self.median("openai")
        if ours is None or theirs is None or not ours or not theirs:
            return None
        return theirs / ours if self.higher_is_better else ours / theirs


def _rotate(impls: list[Impl], round_no: int) -> list[Impl]:
    shift = round_no % len(impls)
    return impls[shift:] + impls[:shift]


def _interleaved(
    row: Row,
    impls: list[Impl],
    rounds: int,
    scale: float,
    make: Callable[[Impl], Callable[[], float]],
) -> None:
    measures = {impl.name: make(impl) for impl in impls}
    for round_no in range(rounds):
        for impl in _rotate(impls, round_no):
            gc.collect()
            row.add(impl.name, measures[impl.name]() * scale)
    print(
        f"  {row.label}: "
        + ", ".join(f"{name} {row.median(name):.4g} {row.unit}" for name in measures),
        flush=True,
    )


def cold_rows(impls: list[Impl], rounds: int) -> list[Row]:
    rows = [
        Row("import", "cold import `from X import OpenAI`", "ms", goal=0.25),
        Row("rss_import", "peak RSS after import", "MiB"),
        Row("rss_client", "peak RSS after creating a client", "MiB"),
        Row("client", "creating a client (after import)", "ms"),
    ]
    for impl in impls:
        scenarios.write_bytecode(impl.name)
    for round_no in range(rounds):
        for impl in _rotate(impls, round_no):
            result = scenarios.cold_import(impl.name)
            rows[0].add(impl.name, result["import"] * 1e3)
            rows[1].add(impl.name, result["rss_import"] / MiB)
            rows[2].add(impl.name, result["rss_client"] / MiB)
            rows[3].add(impl.name, result["client"] * 1e3)
    print("  " + ", ".join(f"{i.name} import {rows[0].median(i.name):.0f} ms" for i in impls))
    return rows


def micro_rows(impls: list[Impl], rounds: int) -> list[Row]:
    rows = []
    for count in (1, 10):
        row = Row(
            f"per_call_{count}", f"`chat.completions.create`, {count} message(s)", "us", goal=0.2
        )
        _interleaved(row, impls, rounds, 1e6, lambda i, c=count: scenarios.per_call(i, c))
        rows.append(row)
    bodies = [
        ("parse_chat", "parse a 2 KB chat.completion", "chat", fixtures.completion_2kb(), 0.2),
        (
            "parse_embed_float",
            "parse 100 x 1536 embeddings (float)",
            "embed",
            fixtures.embeddings(encoding="float"),
            None,
        ),
        (
            "parse_embed_b64",
            "parse 100 x 1536 embeddings (base64)",
            "embed",
            fixtures.embeddings(encoding="base64"),
            None,
        ),
    ]
    for key, label, kind, body, goal in bodies:
        unit, scale = ("us", 1e6) if kind == "chat" else ("ms", 1e3)
        row = Row(key, label, unit, goal=goal)
        _interleaved(row, impls, rounds, scale, lambda i, k=kind, b=body: scenarios.parse(i, k, b))
        rows.append(row)
    frames = fixtures.sse_events(1000)
    for key, label, accumulate, goal in (
        ("stream", "stream 1,000 chunks, typed, per chunk", False, 0.2),
        ("accumulate", "stream helper with accumulation, per chunk", True, None),
    ):
        row = Row(key, label, "us", goal=goal)
        _interleaved(
            row,
            impls,
            rounds,
            1e6,
            lambda i, a=accumulate: scenarios.stream_per_chunk(i, frames, accumulate=a),
        )
        rows.append(row)
    return rows


def helper_rows(impls: list[Impl], rounds: int) -> list[Row]:
    rows = []
    row = Row("event_loop", "`chat.completions.stream` event loop, per chunk", "us", goal=0.2)
    frames = fixtures.sse_events(1000)
    _interleaved(row, impls, rounds, 1e6, lambda i: scenarios.event_loop_per_chunk(i, frames))
    rows.append(row)
    row = Row("responses_stream", "`responses.stream`, per event", "us", goal=0.2)
    events = fixtures.response_events(1000)
    _interleaved(row, impls, rounds, 1e6, lambda i: scenarios.responses_stream_per_event(i, events))
    rows.append(row)
    row = Row("parse_call", "`chat.completions.parse(response_format=Model)`", "us", goal=0.2)
    _interleaved(row, impls, rounds, 1e6, scenarios.parse_per_call)
    rows.append(row)
    return rows


def concurrency_rows(impls: list[Impl], rounds: int) -> list[Row]:
    """The async rows over loopback (the floor is raw aiohttp here: see bench/impls.py)."""
    calls = Row(
        "concurrency",
        "2,000 async requests, concurrency 100, loopback",
        "req/s",
        goal=0.2,
        higher_is_better=True,
    )
    streams = Row(
        "streams",
        "1,000 concurrent async streams of 100 chunks, loopback",
        "chunks/s",
        goal=0.2,
        higher_is_better=True,
    )
    rss = Row("rss_streams", "peak RSS, 1,000 concurrent async streams", "MiB", goal=1.0)
    first = Row("first_call", "first call of a new AsyncOpenAI (transport import included)", "ms")
    server = scenarios.Server()
    try:
        _interleaved(
            calls, impls, rounds, 1.0,
            lambda i: lambda: scenarios.requests_per_second(i, server.url),
        )  # fmt: skip
        for round_no in range(rounds):
            for impl in _rotate(impls, round_no):
                result = scenarios.concurrent_streams(impl.name, server.url)
                streams.add(impl.name, result["chunks_per_s"])
                rss.add(impl.name, result["peak_rss"] / MiB)
                first.add(impl.name, scenarios.first_call_seconds(impl.name, server.url) * 1e3)
        for row in (streams, rss, first):
            print(
                f"  {row.label}: "
                + ", ".join(f"{i.name} {row.median(i.name):.4g} {row.unit}" for i in impls),
                flush=True,
            )
    finally:
        server.close()
    return [calls, streams, rss, first]


def realtime_row(impls: list[Impl], rounds: int) -> Row:
    row = Row(
        "realtime",
        f"realtime: typed server events over one WebSocket, loopback, per event "
        f"({scenarios.REALTIME_EVENTS:,} per answer)",
        "us",
        goal=0.2,
    )
    server = scenarios.WebSocketServer()
    try:
        _interleaved(row, impls, rounds, 1e6, lambda i: scenarios.realtime_per_event(i, server.url))
    finally:
        server.close()
    return row


def codegen_row(python: str, rounds: int) -> Row:
    row = Row("codegen", "`make gen` wall time (both specs)", "s")
    for _ in range(rounds):
        row.add("openai_compat", scenarios.codegen_seconds(python))
    print(f"  {row.label}: {row.median('openai_compat'):.1f} s")
    return row


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--rounds", type=int, default=7, help="rounds of the micro benchmarks")
    parser.add_argument("--import-rounds", type=int, default=7, help="fresh interpreters per impl")
    parser.add_argument("--concurrency-rounds", type=int, default=3)
    parser.add_argument(
        "--codegen-python",
        default=".venv/bin/python",
        help="the project venv's python (it has the generator's dependencies)",
    )
    parser.add_argument("--no-codegen", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated: import,micro,helpers,concurrency,realtime,codegen")
    parser.add_argument("--no-write", action="store_true", help="print only")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    only = set(filter(None, args.only.split(",")))
    impls = all_impls()
    rows: list[Row] = []
    if not only or "import" in only:
        print("cold import...", flush=True)
        rows += cold_rows(impls, args.import_rounds)
    if not only or "micro" in only:
        print("per call, parsing, streaming...", flush=True)
        rows += micro_rows(impls, args.rounds)
    if not only or "helpers" in only:
        print("helpers: stream events, responses.stream, parse()...", flush=True)
        rows += helper_rows(impls, args.rounds)
    if not only or "concurrency" in only:
        print("concurrency over loopback...", flush=True)
        rows += concurrency_rows(impls, args.concurrency_rounds)
    if not only or "realtime" in only:
        print("realtime over WebSocket...", flush=True)
        rows.append(realtime_row(impls, args.rounds))
    if not args.no_codegen and (not only or "codegen" in only):
        print("codegen...", flush=True)
        rows.append(codegen_row(args.codegen_python, 1))
    table = report.render(rows, [impl.name for impl in impls])
    print("\n" + table)
    if not args.no_write:
        if only:  # a partial run refreshes its own rows and keeps the others
            report.write_partial(rows, table)
        else:
            report.write(rows, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
