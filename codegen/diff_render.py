"""Render a `DiffReport` as Markdown for a terminal or a pull-request description.

Every list is sorted, so the same two specs always give the same bytes. The last section
translates the spec changes into public Python names: model classes (named from schema keys
the way datamodel-codegen names them) and client methods (named by `codegen.naming`).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from .diff_model import Change, DiffReport, Severity, Usage
from .diff_names import class_name

LABELS = {
    Severity.BREAKING: "**breaking**",
    Severity.DEPRECATION: "*deprecation*",
    Severity.NON_BREAKING: "non-breaking",
}


def render(report: DiffReport) -> str:
    """The whole report as Markdown, ending with a newline."""
    lines = [f"## OpenAPI diff: `{report.old_label}` → `{report.new_label}`", ""]
    lines += _summary(report)
    lines += _operations(report)
    lines += _schemas(report)
    lines += _python_api(report)
    return "\n".join(lines).rstrip("\n") + "\n"


def summary_line(report: DiffReport) -> str:
    """`3 breaking, 1 deprecation, 120 non-breaking changes`."""
    return (
        f"{report.count(Severity.BREAKING)} breaking, "
        f"{report.count(Severity.DEPRECATION)} deprecation(s), "
        f"{report.count(Severity.NON_BREAKING)} non-breaking change(s)"
    )


def _summary(report: DiffReport) -> list[str]:
    if not report.all_changes():
        return ["No changes to operations or schemas.", ""]
    verdict = "**Breaking changes found.**" if report.has_breaking else "No breaking changes."
    return [f"{verdict} {summary_line(report)}.", ""]


def _change_line(change: Change, indent: str = "") -> str:
    where = f"`{change.location}`: " if change.location else ""
    detail = f": {change.detail}" if change.detail else ""
    return f"{indent}- {LABELS[change.severity]} {where}{change.kind.value}{detail}"


def _grouped(changes: list[Change], heading: Callable[[str], str]) -> list[str]:
    lines: list[str] = []
    ordered = sorted(changes, key=Change.sort_key)
    for subject, group in groupby(ordered, key=lambda c: c.subject):
        lines.append(f"- {heading(subject)}")
        lines += [_change_line(c, "  ") for c in group]
    return lines


def _section(title: str, body: list[str]) -> list[str]:
    return [f"#### {title}", "", *body, ""] if body else []


def _operations(report: DiffReport) -> list[str]:
    def described(key: str, ids: dict[str, str]) -> str:
        return f"`{key}` (`{ids[key]}`)" if ids.get(key) else f"`{key}`"

    added = [
        f"- non-breaking {described(k, report.new_operations)}" for k in report.operations_added
    ]
    removed = [
        f"- {LABELS[Severity.BREAKING]} {described(k, report.old_operations)}"
        for k in report.operations_removed
    ]
    changed = _grouped(report.operation_changes, lambda k: described(k, report.new_operations))
    body = [
        *_section(f"Operations added ({len(added)})", added),
        *_section(f"Operations removed ({len(removed)})", removed),
        *_section(
            f"Operations changed ({len({c.subject for c in report.operation_changes})})", changed
        ),
    ]
    return ["### Operations", "", *body] if body else []


def _schemas(report: DiffReport) -> list[str]:
    def heading(key: str) -> str:
        return f"`{key}` ({report.schema_usage.get(key, Usage.NONE).describe()})"

    added = [f"- non-breaking `{k}`" for k in report.schemas_added]
    removed = [f"- {LABELS[Severity.BREAKING]} `{k}`" for k in report.schemas_removed]
    changed = _grouped(report.schema_changes, heading)
    body = [
        *_section(f"Schemas added ({len(added)})", added),
        *_section(f"Schemas removed ({len(removed)})", removed),
        *_section(f"Schemas changed ({len({c.subject for c in report.schema_changes})})", changed),
    ]
    return ["### Schemas", "", *body] if body else []


def _by_name(line: str) -> tuple[str, str]:
    """Sort key of a "- `name` ..." line: the name first, so `Pet` precedes `PetCreate`."""
    return line.split("`")[1], line


def _worst(changes: list[Change]) -> Severity:
    return max((c.severity for c in changes), key=lambda s: s.rank, default=Severity.NON_BREAKING)


def _python_api(report: DiffReport) -> list[str]:
    lines = ["### Effect on the generated Python API", ""]
    models = _model_lines(report)
    methods, note = _method_lines(report)
    lines += _section("Model classes", models or ["- none"])
    lines += _section("Client methods", [*([note, ""] if note else []), *(methods or ["- none"])])
    return lines


def _model_lines(report: DiffReport) -> list[str]:
    breaking = LABELS[Severity.BREAKING]
    lines = [f"- `{class_name(k)}` removed ({breaking})" for k in report.schemas_removed]
    lines += [f"- `{class_name(k)}` added" for k in report.schemas_added]
    by_schema = sorted(report.schema_changes, key=lambda c: c.subject)
    for key, group in groupby(by_schema, key=lambda c: c.subject):
        lines.append(f"- `{class_name(key)}` changed ({LABELS[_worst(list(group))]})")
    return sorted(lines, key=_by_name)


def _method_lines(report: DiffReport) -> tuple[list[str], str]:
    old, new, note = report.old_methods, report.new_methods, report.naming_note
    breaking = LABELS[Severity.BREAKING]
    lines = [f"- `{new[k]}` added (`{k}`)" for k in report.operations_added]
    lines += [f"- `{old[k]}` removed (`{k}`, {breaking})" for k in report.operations_removed]
    by_op = sorted(report.operation_changes, key=lambda c: c.subject)
    changed = {k: _worst(list(g)) for k, g in groupby(by_op, key=lambda c: c.subject)}
    for key in sorted(set(old) & set(new)):
        if old[key] != new[key]:
            lines.append(f"- `{old[key]}` renamed to `{new[key]}` (`{key}`, {breaking})")
        elif key in changed:
            lines.append(f"- `{new[key]}` changed (`{key}`, {LABELS[changed[key]]})")
    return sorted(lines, key=_by_name), note
