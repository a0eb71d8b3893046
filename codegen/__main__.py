"""`python -m codegen COMMAND`: gen | generate | check | names | diff | spec-bump."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import CodegenError


def _cmd_gen(_: argparse.Namespace) -> int:
    from .generate import generate_all

    reports = generate_all()
    for report in reports:
        print("\n".join(report.lines()))
    return 0 if all(r.complete for r in reports) else 1


def _cmd_generate(args: argparse.Namespace) -> int:
    from .generate import generate

    name = args.name or Path(args.spec).stem
    report = generate(Path(args.spec), Path(args.out), name)
    print("\n".join(report.lines()))
    if args.docs:
        from .docs import write_spec_docs

        write_spec_docs(Path(args.docs), Path(args.spec), name, Path(args.out))
    return 0 if report.complete else 1


def _cmd_names(_: argparse.Namespace) -> int:
    from .refnames.methods import MAP_FILE, write_map

    summary = write_map()["summary"]
    print(f"{MAP_FILE.name}: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.items())))
    return 0


def _cmd_check(_: argparse.Namespace) -> int:
    from .check import check

    return check()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "diff":
        from .diff import main as diff_main

        return diff_main(argv[1:])
    if argv and argv[0] == "spec-bump":
        from .bump import main as bump_main

        return bump_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m codegen")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("gen", help="regenerate generated/ from the pins in spec/").set_defaults(
        func=_cmd_gen
    )
    one = sub.add_parser("generate", help="generate from any OpenAPI 3.0/3.1 file into any folder")
    one.add_argument("--spec", required=True, help="the OpenAPI file (YAML or JSON)")
    one.add_argument("--out", required=True, help="output folder")
    one.add_argument("--name", help="spec name (default: the file's stem)")
    one.add_argument("--docs", help="also write its reference docs (Markdown) into this folder")
    one.set_defaults(func=_cmd_generate)
    sub.add_parser(
        "check", help="fail when generated/ differs from what the pins produce"
    ).set_defaults(func=_cmd_check)
    sub.add_parser(
        "names", help="rewrite spec/openai-python-*.json from openai-python in .ref-venv"
    ).set_defaults(func=_cmd_names)
    sub.add_parser("diff", help="python -m codegen diff OLD NEW [--fail-on-breaking]")
    sub.add_parser("spec-bump", help="python -m codegen spec-bump NAME --url URL | --file PATH")
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except CodegenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
