"""`python -m codegen diff OLD NEW`: what changed between two OpenAPI specs, for a client user.

Prints Markdown listing operations and schemas added, removed and changed, each change
classified as breaking, deprecation or non-breaking (rules in `codegen.diff_model.RULES`), and
ends with the effect on the generated Python API. OLD and NEW are spec files, pin names
(`openai`), or pin files (`path/to/openai.lock.json`, e.g. a base branch's pin).

Exit status: 0; 1 with `--fail-on-breaking` when a breaking change is found; 2 on bad input.

Written here rather than on a diff tool: measured on the OpenAI spec pair, the candidates were
unreachable, refused OpenAPI 3.1, failed to install, took 13 minutes, or missed changes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .diff_model import Change, DiffReport, Kind, Severity, Usage
from .diff_names import method_namer
from .diff_operations import Operations, compare_operation
from .diff_render import render, summary_line
from .diff_schema import SchemaComparer, Site, iter_schema_keys
from .diff_usage import schema_usage
from .document import read_document, resolve_spec
from .errors import CodegenError
from .pins import SPEC_DIR, load_pin, locate, sha256_of

__all__ = ["diff_documents", "diff_files", "main", "render", "spec_path"]

PIN_SUFFIX = ".lock.json"


def diff_documents(
    old: dict[str, Any], new: dict[str, Any], old_label: str = "old", new_label: str = "new"
) -> DiffReport:
    """Compare two parsed OpenAPI documents."""
    report = DiffReport(old_label, new_label)
    _diff_operations(report, old, new)
    _diff_schemas(report, old, new)
    return report


def diff_files(old: Path, new: Path, old_label: str = "", new_label: str = "") -> DiffReport:
    """Compare two spec files; labels default to `name (sha256 prefix)`."""
    return diff_documents(
        read_document(old),
        read_document(new),
        old_label or _label(old),
        new_label or _label(new),
    )


def spec_path(spec: str) -> Path:
    """A spec file, a pin name, or a pin file (`*.lock.json`) -> the spec file it means."""
    return _resolve(spec)[0]


def _resolve(spec: str) -> tuple[Path, str]:
    """The spec file an argument means, and a label: `openai f85dbe2` for a pin."""
    candidate = Path(spec)
    if candidate.name.endswith(PIN_SUFFIX) and candidate.is_file():
        pin = load_pin(candidate.name.removesuffix(PIN_SUFFIX), spec_dir=candidate.parent)
    elif not candidate.is_file() and (SPEC_DIR / f"{spec}{PIN_SUFFIX}").is_file():
        pin = load_pin(spec)
    else:
        path = resolve_spec(spec)
        return path, _label(path)
    return locate(pin), f"{pin.name} {pin.commit[:7] or 'sha256:' + pin.sha256[:12]}"


def _label(path: Path) -> str:
    return f"{path.name} sha256:{sha256_of(path)[:12]}"


def _diff_operations(report: DiffReport, old: dict[str, Any], new: dict[str, Any]) -> None:
    old_ops, new_ops = Operations(old), Operations(new)
    report.old_operations = old_ops.operation_ids()
    report.new_operations = new_ops.operation_ids()
    report.operations_added = sorted(set(new_ops.by_key) - set(old_ops.by_key))
    report.operations_removed = sorted(set(old_ops.by_key) - set(new_ops.by_key))
    comparer = SchemaComparer(dict(iter_schema_keys(new)))
    for key in sorted(set(old_ops.by_key) & set(new_ops.by_key)):
        report.operation_changes += compare_operation(
            key, old_ops.by_key[key], new_ops.by_key[key], comparer
        )
    namer, report.naming_note = method_namer()
    report.old_methods = {k: namer(k, i) for k, i in report.old_operations.items()}
    report.new_methods = {k: namer(k, i) for k, i in report.new_operations.items()}
    for key in sorted(set(report.old_methods) & set(report.new_methods)):
        before, after = report.old_methods[key], report.new_methods[key]
        if before != after:
            detail = f"`{before}` -> `{after}`"
            renamed = Change(key, "", Kind.METHOD_RENAMED, Severity.BREAKING, detail)
            report.operation_changes.append(renamed)


def _diff_schemas(report: DiffReport, old: dict[str, Any], new: dict[str, Any]) -> None:
    old_schemas, new_schemas = dict(iter_schema_keys(old)), dict(iter_schema_keys(new))
    report.schemas_added = sorted(set(new_schemas) - set(old_schemas))
    report.schemas_removed = sorted(set(old_schemas) - set(new_schemas))
    old_usage, new_usage = schema_usage(old), schema_usage(new)
    # A schema's usage in either spec counts: a change is judged for everyone it can affect.
    report.schema_usage = {
        key: old_usage.get(key, Usage.NONE) | new_usage.get(key, Usage.NONE)
        for key in sorted(set(old_schemas) | set(new_schemas))
    }
    comparer = SchemaComparer(new_schemas)
    for key in sorted(set(old_schemas) & set(new_schemas)):
        site = Site(key, "", report.schema_usage[key])
        report.schema_changes += comparer.compare(old_schemas[key], new_schemas[key], site)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m codegen diff",
        description="Markdown report of the changes between two OpenAPI specs.",
    )
    parser.add_argument("old", metavar="OLD", help="spec file, pin name, or *.lock.json file")
    parser.add_argument("new", metavar="NEW", help="spec file, pin name, or *.lock.json file")
    parser.add_argument(
        "--fail-on-breaking", action="store_true", help="exit 1 when a breaking change is found"
    )
    parser.add_argument(
        "--output", metavar="FILE", type=Path, help="write the Markdown here instead of stdout"
    )
    return parser


def main(argv: list[str]) -> int:
    """Entry point of `python -m codegen diff`."""
    args = _parser().parse_args(argv)
    try:
        (old, old_label), (new, new_label) = _resolve(args.old), _resolve(args.new)
        report = diff_files(old, new, old_label, new_label)
    except CodegenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    markdown = render(report)
    if args.output is None:
        sys.stdout.write(markdown)
    else:
        try:
            args.output.write_text(markdown, encoding="utf-8")
        except OSError as exc:
            print(f"error: --output {args.output}: cannot write: {exc}", file=sys.stderr)
            return 2
        print(f"{summary_line(report)}; written to {args.output}")
    return 1 if args.fail_on_breaking and report.has_breaking else 0


if __name__ == "__main__":  # pragma: no cover - the lead's __main__ routes here
    sys.exit(main(sys.argv[1:]))
