"""`make check`: prove that `generated/` is exactly what the pins produce.

Regenerates every pinned spec into a temporary folder and compares it with the committed tree,
file by file. Any difference - a hand edit, a stale generation, a pin whose hash no file matches
- fails with the difference shown. Nothing in the repository is written.
"""

from __future__ import annotations

import difflib
import filecmp
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from .docs import DOCS_DIR, write_reference
from .errors import CodegenError
from .generate import GENERATED_DIR, generate_all
from .pins import SPEC_DIR
from .refnames.methods import MAP_FILE, check_map

_MAX_DIFF_LINES = 200
# Other generated trees compared the same way: name -> (committed folder, writer into a folder).
EXTRA_TREES: dict[str, tuple[Path, Callable[[Path], None]]] = {
    "docs/reference": (DOCS_DIR, write_reference),
}


def _files(root: Path) -> set[str]:
    return {
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".gen-")
    }


def compare_trees(expected: Path, actual: Path, label: str) -> list[str]:
    """Differences between two folders, as human-readable lines (empty when identical)."""
    problems: list[str] = []
    want, have = _files(expected), _files(actual)
    problems += [f"{label}/{name}: missing (the pins produce it)" for name in sorted(want - have)]
    problems += [
        f"{label}/{name}: not produced by the pins (hand-added?)" for name in sorted(have - want)
    ]
    for name in sorted(want & have):
        a, b = expected / name, actual / name
        if filecmp.cmp(a, b, shallow=False):
            continue
        diff = difflib.unified_diff(
            b.read_text(errors="replace").splitlines(),
            a.read_text(errors="replace").splitlines(),
            f"{label}/{name} (committed)",
            f"{label}/{name} (regenerated)",
            lineterm="",
        )
        problems.append(f"{label}/{name}: differs")
        problems += list(diff)[:_MAX_DIFF_LINES]
    return problems


def check(generated_dir: Path = GENERATED_DIR, spec_dir: Path = SPEC_DIR) -> int:
    """0 when generated/ (and the extra trees) match what the pins in `spec_dir` produce; 1 otherwise."""
    try:
        with tempfile.TemporaryDirectory(prefix="openai-compat-check-") as tmp:
            fresh = Path(tmp) / "generated"
            generate_all(fresh, spec_dir=spec_dir)
            problems = compare_trees(fresh, generated_dir, "generated")
            if (spec_dir / MAP_FILE.name).is_file():  # the name map matches the pinned spec
                problems += check_map(spec_dir / MAP_FILE.name, spec_dir)
            for label, (committed, write) in sorted(EXTRA_TREES.items()):
                target = Path(tmp) / label
                write(target)
                problems += compare_trees(target, committed, label)
    except CodegenError as exc:
        print(f"make check: {exc}", file=sys.stderr)
        return 1
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(
            "\nmake check: generated code differs from what the pinned specs produce. "
            "Run `make gen` and commit the result (never edit generated/ by hand).",
            file=sys.stderr,
        )
        return 1
    print("make check: generated/ matches the pinned specs")
    return 0
