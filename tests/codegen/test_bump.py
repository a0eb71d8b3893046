"""Tests of `python -m codegen spec-bump`: the pin moves only after the new spec is fetched,
verified and parsed; a failure anywhere before leaves the pin, the cache and generated/ alone.

Each test works on a temporary spec directory; downloads come from a loopback server.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest
from loopback import LoopbackRequest, LoopbackServer

from codegen.bump import BumpError, bump, main, run_generator
from codegen.errors import PinError, SpecFormatError
from codegen.pins import SPEC_DIR, Pin, load_pin, locate, sha256_of, write_pin

SPECS = Path(__file__).parent / "specs"
OLD_SPEC, NEW_SPEC = SPECS / "pets_old.yaml", SPECS / "pets_new.yaml"
NEW_SHA = sha256_of(NEW_SPEC)
COMMIT = "0123456789abcdef0123456789abcdef01234567"


class Recorder:
    """A stand-in generator that records the pin it saw on disk when it ran."""

    def __init__(self, spec_dir: Path, fail: bool = False) -> None:
        self.spec_dir, self.fail, self.seen = spec_dir, fail, list[str]()

    def __call__(self) -> None:
        self.seen.append(load_pin("pets", self.spec_dir).sha256)
        if self.fail:
            raise RuntimeError("generator crashed")


@pytest.fixture
def spec_dir(tmp_path: Path) -> Path:
    """A spec dir pinning `pets` to pets_old.yaml, which sits in its cache."""
    directory = tmp_path / "spec"
    pin = Pin("pets", "https://example.invalid/pets.yaml", sha256_of(OLD_SPEC), upstream="u")
    (directory / ".cache").mkdir(parents=True)
    write_pin(pin, directory)
    shutil.copy(OLD_SPEC, directory / ".cache" / pin.cache_file.name)
    return directory


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in directory.rglob("*") if p.is_file()
    }


def serve(server: LoopbackServer, body: bytes) -> str:
    def answer(request: LoopbackRequest) -> None:
        request.send_body(200, body, {"Content-Type": "application/yaml"})

    server.handler = answer
    return server.url(f"/{COMMIT}/openapi.yaml")


# --- success -----------------------------------------------------------------------------------


def test_file_bump_moves_pin_caches_spec_then_regenerates(spec_dir: Path) -> None:
    regen = Recorder(spec_dir)
    result = bump("pets", file=NEW_SPEC, spec_dir=spec_dir, regenerate=regen)
    pin = load_pin("pets", spec_dir)
    assert pin.sha256 == NEW_SHA
    assert pin.url == NEW_SPEC.resolve().as_uri()
    assert pin.upstream == "u"  # kept from the old pin
    cached = spec_dir / ".cache" / f"pets-{NEW_SHA[:12]}.yaml"
    assert sha256_of(cached) == NEW_SHA
    assert not list(spec_dir.rglob("*.part"))
    assert regen.seen == [NEW_SHA]  # the generator ran once, after the pin moved
    assert result.report is not None
    assert result.report.operations_added == ["GET /stores"]


def test_url_bump_verifies_sha256_and_records_commit(
    spec_dir: Path, loopback_server: LoopbackServer
) -> None:
    url = serve(loopback_server, NEW_SPEC.read_bytes())
    result = bump("pets", url=url, sha256=NEW_SHA.upper(), spec_dir=spec_dir, regenerate=None)
    pin = load_pin("pets", spec_dir)
    assert (pin.url, pin.sha256, pin.commit, pin.format) == (url, NEW_SHA, COMMIT, "yaml")
    assert not result.regenerated
    assert "0123456: " in result.summary(None)


def test_url_bump_without_sha256_computes_it(
    spec_dir: Path, loopback_server: LoopbackServer
) -> None:
    url = serve(loopback_server, NEW_SPEC.read_bytes())
    bump("pets", url=url, spec_dir=spec_dir, regenerate=None)
    assert load_pin("pets", spec_dir).sha256 == NEW_SHA


def test_same_spec_again_changes_nothing(spec_dir: Path) -> None:
    before = snapshot(spec_dir)
    regen = Recorder(spec_dir)
    result = bump("pets", url=OLD_SPEC.resolve().as_uri(), spec_dir=spec_dir, regenerate=regen)
    assert result.report is None
    assert regen.seen == []
    assert load_pin("pets", spec_dir).url == OLD_SPEC.resolve().as_uri()  # only the url moved
    after = snapshot(spec_dir)
    assert after.keys() == before.keys()
    assert "only the pin's url changed" in result.summary(None)


# --- failures leave everything untouched -------------------------------------------------------


def _untouched(spec_dir: Path, before: dict[str, bytes], regen: Recorder) -> None:
    assert snapshot(spec_dir) == before
    assert regen.seen == []


def test_wrong_sha256_leaves_pin_untouched(spec_dir: Path, loopback_server: LoopbackServer) -> None:
    url = serve(loopback_server, NEW_SPEC.read_bytes())
    before, regen = snapshot(spec_dir), Recorder(spec_dir)
    with pytest.raises(BumpError, match=f"has sha256 {NEW_SHA}, but --sha256 says 0{{64}}"):
        bump("pets", url=url, sha256="0" * 64, spec_dir=spec_dir, regenerate=regen)
    _untouched(spec_dir, before, regen)


def test_unreachable_url_leaves_pin_untouched(spec_dir: Path) -> None:
    before, regen = snapshot(spec_dir), Recorder(spec_dir)
    with pytest.raises(BumpError, match=r"download of http://127\.0\.0\.1:9/x failed"):
        bump("pets", url="http://127.0.0.1:9/x", spec_dir=spec_dir, regenerate=regen)
    _untouched(spec_dir, before, regen)


def test_http_error_leaves_pin_untouched(spec_dir: Path, loopback_server: LoopbackServer) -> None:
    loopback_server.handler = lambda request: request.send_body(404, b"no")
    before, regen = snapshot(spec_dir), Recorder(spec_dir)
    with pytest.raises(BumpError, match="404"):
        bump("pets", url=loopback_server.url("/x.yaml"), spec_dir=spec_dir, regenerate=regen)
    _untouched(spec_dir, before, regen)


def test_not_an_openapi_document_leaves_pin_untouched(spec_dir: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.yaml"
    bogus.write_text("hello: world\n", encoding="utf-8")
    before, regen = snapshot(spec_dir), Recorder(spec_dir)
    with pytest.raises(SpecFormatError, match=r"expected an OpenAPI 3\.0 or 3\.1 document"):
        bump("pets", file=bogus, spec_dir=spec_dir, regenerate=regen)
    _untouched(spec_dir, before, regen)


def test_bad_arguments_are_named(spec_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(BumpError, match="--sha256 must be 64 hex digits, got 'abc'"):
        bump("pets", file=NEW_SPEC, sha256="abc", spec_dir=spec_dir, regenerate=None)
    with pytest.raises(BumpError, match="--url must be an http"):
        bump("pets", url="ftp://x/y.yaml", spec_dir=spec_dir, regenerate=None)
    with pytest.raises(BumpError, match="exactly one of --url or --file"):
        bump("pets", url="https://x", file=NEW_SPEC, spec_dir=spec_dir, regenerate=None)
    with pytest.raises(BumpError, match=r"--file .*missing\.yaml: cannot read"):
        bump("pets", file=tmp_path / "missing.yaml", spec_dir=spec_dir, regenerate=None)
    with pytest.raises(PinError, match="no pin named 'nope'"):
        bump("nope", file=NEW_SPEC, spec_dir=spec_dir, regenerate=None)


def test_failed_regeneration_restores_the_old_pin(spec_dir: Path) -> None:
    old_pin_bytes = (spec_dir / "pets.lock.json").read_bytes()
    regen = Recorder(spec_dir, fail=True)
    with pytest.raises(BumpError, match=r"generator crashed.*old pin pets is restored"):
        bump("pets", file=NEW_SPEC, spec_dir=spec_dir, regenerate=regen)
    assert regen.seen == [NEW_SHA]
    assert (spec_dir / "pets.lock.json").read_bytes() == old_pin_bytes


def test_run_generator_reports_the_exit_status(tmp_path: Path) -> None:
    run_generator([sys.executable, "-c", "pass"], cwd=tmp_path)
    with pytest.raises(BumpError, match="exited with 3"):
        run_generator([sys.executable, "-c", "raise SystemExit(3)"], cwd=tmp_path)
    with pytest.raises(BumpError, match="cannot start the generator"):
        run_generator([str(tmp_path / "no-such-program")], cwd=tmp_path)


# --- command line -------------------------------------------------------------------------------


def test_cli_writes_the_pull_request_description(
    spec_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "spec-diff.md"
    argv = ["pets", "--file", str(NEW_SPEC), "--diff-out", str(out), "--no-regen"]
    assert main([*argv, "--spec-dir", str(spec_dir)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith(f"# Spec bump: pets sha256:{sha256_of(OLD_SPEC)[:12]} → sha256:")
    assert f"- to `{NEW_SPEC.resolve().as_uri()}` (sha256 `{NEW_SHA}`)" in text
    assert "## OpenAPI diff:" in text
    line = capsys.readouterr().out
    assert line.count("\n") == 1
    assert "breaking" in line and f"diff in {out}" in line and "NOT regenerated" in line


def test_cli_failure_exit_status(spec_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["pets", "--url", "http://127.0.0.1:9/x", "--spec-dir", str(spec_dir), "--no-regen"]
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("error: download of http://127.0.0.1:9/x failed")


# --- the real flow on the OpenAI pins ------------------------------------------------------------

OPENAI_OLD_SHA = "b58d6cd94c881bdfd6a940bdc4db009e2c9b455accf8fd6a8b712458bc30c0da"


@pytest.mark.slow
def test_real_file_bump_of_openai(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A copy of the repository's spec dir, its openai pin moved back to the previous spec,
    bumped with --file to the current one."""
    current = load_pin("openai")
    try:
        locate(Pin("openai", "unused", OPENAI_OLD_SHA), download=False)
        new_file = locate(current, download=False)
    except Exception as exc:
        pytest.skip(f"OpenAI spec pins not in the mirror: {exc}")
    spec_dir = tmp_path / "spec"
    shutil.copytree(SPEC_DIR, spec_dir, ignore=shutil.ignore_patterns(".cache"))
    previous = Pin("openai", "https://example.invalid/old.yaml", OPENAI_OLD_SHA, commit="5c044be")
    write_pin(previous, spec_dir)
    out = tmp_path / "spec-diff.md"
    argv = ["openai", "--file", str(new_file), "--diff-out", str(out), "--no-regen"]
    assert main([*argv, "--sha256", current.sha256, "--spec-dir", str(spec_dir)]) == 0
    assert load_pin("openai", spec_dir).sha256 == current.sha256
    assert load_pin("azure-openai", spec_dir) == load_pin("azure-openai")  # others untouched
    cached = spec_dir / ".cache" / f"openai-{current.sha256[:12]}.yaml"
    assert hashlib.sha256(cached.read_bytes()).hexdigest() == current.sha256
    text = out.read_text(encoding="utf-8")
    assert "- non-breaking `POST /content_provenance_checks`" in text
    assert "`geography`: property removed" in text
    assert capsys.readouterr().out.startswith("openai: 5c044be -> sha256:db5d7478feae: ")
