"""Comparing what the two libraries observed, and matching differences against the listed ones."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["ABSENT", "Diff", "Difference", "diff_values", "scenario_diffs"]

ABSENT = "<absent>"


@dataclass(frozen=True)
class Diff:
    """One place where the two libraries disagree in one scenario."""

    scenario: str
    path: str  # e.g. "requests[0].headers.user-agent", "error.message", "result.dict.usage"
    reference: Any  # openai-python's value (ABSENT when it has none there)
    ours: Any

    def __str__(self) -> str:
        return f"{self.scenario}: {self.path}: openai={self.reference!r} openai_compat={self.ours!r}"


@dataclass(frozen=True)
class Difference:
    """A difference kept on purpose (or owned by other work), with the reason.

    `path` is a regular expression matched (fullmatch) against `Diff.path`, `scenarios` against
    the scenario id. `reference` / `ours`, when given, must also match the values (compared as
    `repr` against a regular expression), so an entry covers exactly the difference it explains.
    """

    name: str
    reason: str
    path: str
    scenarios: str = ".*"
    reference: str | None = None
    ours: str | None = None

    def covers(self, diff: Diff) -> bool:
        return (
            re.fullmatch(self.scenarios, diff.scenario) is not None
            and re.fullmatch(self.path, diff.path) is not None
            and (self.reference is None or re.fullmatch(self.reference, repr(diff.reference), re.S) is not None)
            and (self.ours is None or re.fullmatch(self.ours, repr(diff.ours), re.S) is not None)
        )  # fmt: skip


def diff_values(path: str, reference: Any, ours: Any) -> list[tuple[str, Any, Any]]:
    """Every (path, reference, ours) where two JSON-like values differ, leaves first."""
    if isinstance(reference, dict) and isinstance(ours, dict):
        found: list[tuple[str, Any, Any]] = []
        for key in sorted(set(reference) | set(ours), key=str):
            sub = f"{path}.{key}" if path else str(key)
            found += diff_values(sub, reference.get(key, ABSENT), ours.get(key, ABSENT))
        return found
    if isinstance(reference, list) and isinstance(ours, list):
        found = []
        for index in range(max(len(reference), len(ours))):
            left = reference[index] if index < len(reference) else ABSENT
            right = ours[index] if index < len(ours) else ABSENT
            found += diff_values(f"{path}[{index}]", left, right)
        return found
    if reference == ours and type(reference) is type(ours):
        return []
    return [(path, reference, ours)]


def scenario_diffs(
    scenario: str,
    reference: dict[str, Any],
    ours: dict[str, Any],
) -> list[Diff]:
    """`reference` / `ours`: {"outcome": driver output, "requests": recorded requests}."""
    return [Diff(scenario, p, r, o) for p, r, o in diff_values("", reference, ours)]
