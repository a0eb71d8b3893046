# openai-compat developer commands. `make install` then `make test` on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# openai-python 3.54.0 in its own venv: the reference we read names from and compare behaviour with.
REF_VENV := .ref-venv
REF_PY := $(REF_VENV)/bin/python
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install names gen check test conformance lint typecheck typecheck-pyright bench spec-bump clean refnames-types

install:  ## create .venv with the package (editable) and every dev/test dependency
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent; fi
	$(PYTHON) -m venv $(REF_VENV)
	$(REF_PY) -m pip install --quiet --upgrade pip
	$(REF_PY) -m pip install --quiet -r reference/requirements.txt

names:  ## rewrite the openai-python name map (spec/openai-python-*.json) from .ref-venv; then `make gen`
	$(PY) -m codegen names

gen:  ## regenerate generated/ from the pins in spec/
	$(PY) -m codegen gen

refnames-types:  ## rewrite spec/openai-python-3.54.0.types.json from openai-python in .ref-venv (then `make gen`)
	$(PY) -m codegen.refnames.types --ref-python $(REF_PY)

check:  ## fail when generated/ differs from what the pins produce, or a pin's hash is wrong
	$(PY) -m codegen check

test:  ## the whole test suite
	$(PY) -m pytest -q

conformance:  ## only the conformance run (part of `make test`): every operation against a mock of the pinned spec
	$(PY) -m pytest -q tests/conformance

lint:  ## ruff on hand-written code
	$(PY) -m ruff check codegen overlays tests bench
	$(PY) -m ruff format --check codegen overlays

typecheck:  ## mypy --strict on codegen/ and overlays/ (generated tree included), then pyright basic
	$(PY) -m mypy
	$(MAKE) --no-print-directory typecheck-pyright

typecheck-pyright:  ## pyright (basic mode) over the public package, generated tree included
	node_modules/.bin/pyright --pythonpath $(PY) -p pyrightconfig.basic.json

BENCH_VENV := .bench-venv
BENCH_PY := $(BENCH_VENV)/bin/python

# Its own venv so openai-python never leaks into the library's environment; not part of test/CI.
$(BENCH_VENV)/.installed: bench/requirements.txt pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_PY) -m pip install --quiet --upgrade pip
	$(BENCH_PY) -m pip install --quiet -r bench/requirements.txt -e .
	touch $@

bench: $(BENCH_VENV)/.installed  ## speed and memory side by side with openai-python (BENCH_ARGS=--rounds 3)
	$(BENCH_PY) -m bench.run $(BENCH_ARGS)

spec-bump:  ## make spec-bump NAME=openai URL=... [SHA256=...]  or  NAME=openai FILE=path
	@test -n "$(NAME)" || (echo "usage: make spec-bump NAME=openai URL=... [SHA256=...] | FILE=..." >&2; exit 2)
	$(PY) -m codegen spec-bump $(NAME) $(if $(URL),--url $(URL)) $(if $(SHA256),--sha256 $(SHA256)) $(if $(FILE),--file $(FILE)) --diff-out spec-diff.md

clean:
	rm -rf build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
