"""Pinned specs: `spec/NAME.lock.json` names an upstream URL and a sha256; this module finds the file.

A pinned spec is found by its hash, in order, in: `$OPENAI_COMPAT_SPEC_MIRROR`, the shared mirror
`../shared/specs` beside the repository, and the gitignored download cache `spec/.cache/`. If none
has it and the machine can reach the URL, the file is downloaded into the cache and its hash
checked before it is kept. Spec files are never committed.
"""

from __future__ import annotations

import hashlib
import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .errors import PinError, SpecNotFoundError

REPO_ROOT = Path(__file__).resolve().parent.parent
SPEC_DIR = REPO_ROOT / "spec"
CACHE_DIR = SPEC_DIR / ".cache"
MIRROR_ENV = "OPENAI_COMPAT_SPEC_MIRROR"
_SPEC_SUFFIXES = (".yaml", ".yml", ".json")
_PIN_FIELDS = ("name", "url", "sha256")


@dataclass(frozen=True)
class Pin:
    """One pinned spec, as written in spec/NAME.lock.json."""

    name: str
    url: str
    sha256: str
    commit: str = ""
    upstream: str = ""
    format: str = "yaml"

    @property
    def cache_file(self) -> Path:
        suffix = ".json" if self.format == "json" else ".yaml"
        return CACHE_DIR / f"{self.name}-{self.sha256[:12]}{suffix}"


def pin_names(spec_dir: Path = SPEC_DIR) -> list[str]:
    """Names of every pin in spec/, sorted."""
    return sorted(p.name.removesuffix(".lock.json") for p in spec_dir.glob("*.lock.json"))


def load_pin(name: str, spec_dir: Path = SPEC_DIR) -> Pin:
    """Read spec/NAME.lock.json."""
    path = spec_dir / f"{name}.lock.json"
    if not path.is_file():
        known = ", ".join(pin_names(spec_dir)) or "none"
        raise PinError(f"no pin named {name!r}: {path} does not exist (pins: {known})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PinError(f"{path}: cannot read the pin as JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise PinError(f"{path}: expected a JSON object, got {type(data).__name__}")
    missing = [f for f in _PIN_FIELDS if not isinstance(data.get(f), str) or not data.get(f)]
    if missing:
        raise PinError(f"{path}: missing or empty field(s) {', '.join(missing)}")
    sha = data["sha256"].lower()
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise PinError(f"{path}: sha256 must be 64 hex digits, got {data['sha256']!r}")
    return Pin(
        name=data["name"],
        url=data["url"],
        sha256=sha,
        commit=str(data.get("commit", "")),
        upstream=str(data.get("upstream", "")),
        format=str(data.get("format", "yaml")),
    )


def write_pin(pin: Pin, spec_dir: Path = SPEC_DIR) -> Path:
    """Write spec/NAME.lock.json (keys in a fixed order, so the diff is one line per change)."""
    path = spec_dir / f"{pin.name}.lock.json"
    data = {
        "name": pin.name,
        "upstream": pin.upstream,
        "commit": pin.commit,
        "url": pin.url,
        "sha256": pin.sha256,
        "format": pin.format,
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def search_roots() -> list[Path]:
    """Where pinned specs are looked for, in order."""
    roots: list[Path] = []
    mirror = os.environ.get(MIRROR_ENV)
    if mirror:
        roots.append(Path(mirror))
    roots.append(REPO_ROOT.parent / "shared" / "specs")
    roots.append(CACHE_DIR)
    return roots


def _candidates(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.suffix in _SPEC_SUFFIXES and p.is_file())


def locate(pin: Pin, *, download: bool = True) -> Path:
    """The path of a file whose sha256 is the pin's; downloads into the cache as a last resort."""
    looked: list[str] = []
    wrong: list[str] = []
    for root in search_roots():
        files = _candidates(root)
        looked.append(f"{root} ({len(files)} spec files)" if root.is_dir() else f"{root} (absent)")
        for path in files:
            actual = sha256_of(path)
            if actual == pin.sha256:
                return path
            # A file where this spec's files live (the mirror's NAME/ folder, or its cache
            # name) with another hash: the pin or the file is wrong; say which hash is there.
            if path.name == pin.cache_file.name or pin.name in path.relative_to(root).parts:
                wrong.append(f"{path} has sha256 {actual}")
    if download:
        try:
            return _download(pin)
        except SpecNotFoundError as exc:
            looked.append(str(exc))
    detail = "\n  ".join(looked)
    if wrong:
        detail += "\n  Files of this spec with another sha256:\n  " + "\n  ".join(wrong)
    raise SpecNotFoundError(
        f"spec {pin.name!r}: no file with sha256 {pin.sha256} found.\n  Looked in:\n  {detail}"
    )


def _download(pin: Pin) -> Path:
    target = pin.cache_file
    try:
        with urllib.request.urlopen(pin.url, timeout=30) as response:
            data: bytes = response.read()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise SpecNotFoundError(f"download of {pin.url} failed: {exc}") from exc
    actual = hashlib.sha256(data).hexdigest()
    if actual != pin.sha256:
        raise SpecNotFoundError(
            f"download of {pin.url} has sha256 {actual}, expected {pin.sha256}; not kept"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".part")
    tmp.write_bytes(data)
    tmp.replace(target)
    return target
