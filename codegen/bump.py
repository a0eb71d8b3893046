"""`python -m codegen spec-bump NAME (--url URL [--sha256 HEX] | --file PATH)`: move a pin.

Order matters so that a failure leaves the old pin and generated/ untouched: the new spec is
fetched, hashed, checked against `--sha256`, parsed and diffed against the old one *before*
anything is written. Only then is it stored in the cache (`spec/.cache/`, named by the pin), the
pin rewritten, and the generator run (`python -m codegen gen`, in a subprocess so this module does
not depend on the generator's Python API). If the generator fails, the old pin is put back.
The diff is written as Markdown suitable for a pull-request description.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .diff import diff_documents
from .diff_model import DiffReport
from .diff_render import render, summary_line
from .document import read_document
from .errors import CodegenError
from .pins import REPO_ROOT, SPEC_DIR, Pin, load_pin, locate, sha256_of, write_pin

__all__ = ["BumpError", "BumpResult", "bump", "main", "run_generator"]

GENERATOR_COMMAND = (sys.executable, "-m", "codegen", "gen")
DOWNLOAD_TIMEOUT = 60.0
_SHA256 = re.compile(r"[0-9a-f]{64}")
_COMMIT_IN_URL = re.compile(r"/([0-9a-f]{40})/")

Regenerate = Callable[[], None]


class BumpError(CodegenError):
    """A spec bump could not be done; the old pin is still in place."""


@dataclass(frozen=True)
class BumpResult:
    """What a bump did: the pins before and after, and the diff between their specs."""

    old: Pin
    new: Pin
    report: DiffReport | None
    regenerated: bool

    def summary(self, diff_out: Path | None) -> str:
        """One line for the terminal."""
        if self.report is None:
            moved = "; only the pin's url changed" if self.new.url != self.old.url else ""
            return f"{self.new.name}: already pinned to sha256 {self.new.sha256[:12]}{moved}"
        where = f"; diff in {diff_out}" if diff_out else ""
        regen = "; generated/ regenerated" if self.regenerated else "; generated/ NOT regenerated"
        return (
            f"{self.new.name}: {_version(self.old)} -> {_version(self.new)}: "
            f"{summary_line(self.report)}{where}{regen}"
        )


def run_generator(command: Sequence[str] = GENERATOR_COMMAND, cwd: Path = REPO_ROOT) -> None:
    """Run the generator in a subprocess; its output goes to the terminal."""
    try:
        done = subprocess.run(list(command), cwd=cwd, check=False)
    except OSError as exc:
        raise BumpError(f"cannot start the generator {' '.join(command)!r}: {exc}") from exc
    if done.returncode != 0:
        raise BumpError(f"the generator {' '.join(command)!r} exited with {done.returncode}")


def bump(
    name: str,
    *,
    url: str | None = None,
    file: Path | None = None,
    sha256: str | None = None,
    spec_dir: Path = SPEC_DIR,
    regenerate: Regenerate | None = run_generator,
) -> BumpResult:
    """Pin `name` to the spec at `url` or `file`; `regenerate=None` skips the generator."""
    expected = _checked_sha256(sha256)
    old_pin = load_pin(name, spec_dir)
    data, pin_url = _fetch(url, file)
    actual = hashlib.sha256(data).hexdigest()
    if expected is not None and actual != expected:
        raise BumpError(
            f"{pin_url} has sha256 {actual}, but --sha256 says {expected}; pin unchanged"
        )
    new_pin = _new_pin(old_pin, pin_url, actual)
    if actual == old_pin.sha256:  # same bytes: at most the recorded URL changes
        if new_pin != old_pin:
            write_pin(new_pin, spec_dir)
        return BumpResult(old_pin, new_pin, None, regenerated=False)
    cache_dir = spec_dir / ".cache"
    report = _cache_and_diff(data, old_pin, new_pin, cache_dir)
    write_pin(new_pin, spec_dir)
    if regenerate is not None:
        _regenerate_or_restore(regenerate, old_pin, spec_dir)
    return BumpResult(old_pin, new_pin, report, regenerated=regenerate is not None)


def _cache_and_diff(data: bytes, old_pin: Pin, new_pin: Pin, cache_dir: Path) -> DiffReport:
    """Parse and diff the new spec from a staged file; keep it in the cache only if both work."""
    staged = _stage(data, cache_dir / f"{new_pin.cache_file.name}.part")
    try:
        report = diff_documents(
            read_document(_old_spec(old_pin, cache_dir)),
            read_document(staged),
            f"{old_pin.name} {_version(old_pin)}",
            f"{new_pin.name} {_version(new_pin)}",
        )
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    staged.replace(cache_dir / new_pin.cache_file.name)
    return report


def _checked_sha256(sha256: str | None) -> str | None:
    if sha256 is None:
        return None
    value = sha256.strip().lower()
    if not _SHA256.fullmatch(value):
        raise BumpError(f"--sha256 must be 64 hex digits, got {sha256!r}")
    return value


def _fetch(url: str | None, file: Path | None) -> tuple[bytes, str]:
    """The new spec's bytes, and the URL to record in the pin (a file:// URL for --file)."""
    if url is not None and file is None:
        return _download(url), url
    if file is not None and url is None:
        return _read(file), file.resolve().as_uri()
    raise BumpError("give exactly one of --url or --file")


def _download(url: str) -> bytes:
    if not url.startswith(("https://", "http://", "file://")):
        raise BumpError(f"--url must be an http(s):// or file:// URL, got {url!r}")
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response:
            data: bytes = response.read()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise BumpError(f"download of {url} failed: {exc}; pin unchanged") from exc
    return data


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as exc:
        raise BumpError(f"--file {file}: cannot read: {exc}; pin unchanged") from exc


def _new_pin(old: Pin, url: str, sha256: str) -> Pin:
    commit = _COMMIT_IN_URL.search(url)
    fmt = "json" if url.split("?")[0].endswith(".json") else "yaml"
    return replace(
        old, url=url, sha256=sha256, commit=commit.group(1) if commit else "", format=fmt
    )


def _version(pin: Pin) -> str:
    return pin.commit[:7] if pin.commit else f"sha256:{pin.sha256[:12]}"


def _stage(data: bytes, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _old_spec(pin: Pin, cache_dir: Path) -> Path:
    """The old pin's spec: in this spec dir's cache, else wherever `locate` finds it."""
    cached = cache_dir / pin.cache_file.name
    if cached.is_file() and sha256_of(cached) == pin.sha256:
        return cached
    return locate(pin)


def _regenerate_or_restore(regenerate: Regenerate, old_pin: Pin, spec_dir: Path) -> None:
    try:
        regenerate()
    except BaseException as exc:
        write_pin(old_pin, spec_dir)
        raise BumpError(
            f"regeneration failed ({exc}); the old pin {old_pin.name} is restored, but generated/ "
            "may be partly rewritten: run `git checkout -- generated/` or `make gen`"
        ) from exc


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m codegen spec-bump",
        description="Pin a spec to a new version, regenerate, and write the spec diff.",
    )
    parser.add_argument("name", metavar="NAME", help="pin name, e.g. openai")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--url", help="download the new spec from this URL")
    source.add_argument("--file", type=Path, help="take the new spec from this file")
    parser.add_argument("--sha256", help="expected sha256 of the new spec (checked)")
    parser.add_argument("--diff-out", type=Path, help="write the Markdown diff to this file")
    parser.add_argument("--no-regen", action="store_true", help="do not run the generator")
    parser.add_argument("--spec-dir", type=Path, default=SPEC_DIR, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str]) -> int:
    """Entry point of `python -m codegen spec-bump`; 0 on success, 2 on failure."""
    args = _parser().parse_args(argv)
    try:
        result = bump(
            args.name,
            url=args.url,
            file=args.file,
            sha256=args.sha256,
            spec_dir=args.spec_dir,
            regenerate=None if args.no_regen else run_generator,
        )
        if result.report is not None and args.diff_out is not None:
            args.diff_out.write_text(_description(result), encoding="utf-8")
    except CodegenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: --diff-out {args.diff_out}: cannot write: {exc}", file=sys.stderr)
        return 2
    print(result.summary(args.diff_out))
    return 0


def _description(result: BumpResult) -> str:
    """The pull-request description: what moved, then the spec diff."""
    assert result.report is not None
    old, new = result.old, result.new
    head = [
        f"# Spec bump: {new.name} {_version(old)} → {_version(new)}",
        "",
        f"- from `{old.url}` (sha256 `{old.sha256}`)",
        f"- to `{new.url}` (sha256 `{new.sha256}`)",
        "",
    ]
    return "\n".join(head) + render(result.report)


if __name__ == "__main__":  # pragma: no cover - the lead's __main__ routes here
    sys.exit(main(sys.argv[1:]))
