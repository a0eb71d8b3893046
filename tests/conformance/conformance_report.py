"""The conformance summary printed at the end of the run: passed/total per part, and each failure
or limitation by name with its reason."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class Part:
    """One part of the run (operations, streams, python examples, azure)."""

    title: str
    passed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


class Report:
    def __init__(self) -> None:
        self.parts: dict[str, Part] = {}

    def part(self, key: str, title: str) -> Part:
        return self.parts.setdefault(key, Part(title))

    def lines(self) -> list[str]:
        if not self.parts:
            return []
        out = ["", "=" * 30 + " conformance summary " + "=" * 30]
        for part in self.parts.values():
            total = len(part.passed) + len(part.failed)
            if not total:  # a part whose tests were not selected in this run
                continue
            out.append(f"{part.title}: {len(part.passed)}/{total} passed")
            for name, reason in sorted(part.failed.items()):
                out.append(f"  FAILED {name}: {_one_line(reason)}")
            for note, names in sorted(part.notes.items()):
                shown = ", ".join(sorted(names)[:8]) + (" ..." if len(names) > 8 else "")
                out.append(f"  note ({len(names)}): {note}: {shown}")
        return out


def _one_line(text: str, limit: int = 400) -> str:
    text = " | ".join(line.strip() for line in text.strip().splitlines() if line.strip())
    return text if len(text) <= limit else text[: limit - 3] + "..."


REPORT = Report()
