# openai-compat developer commands. `make install` then `make test` on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install gen check test lint typecheck bench spec-bump clean

install:  ## create .venv with the package (editable) and every dev/test dependency
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent; fi

gen:  ## regenerate generated/ from the pins in spec/
	$(PY) -m codegen gen

check:  ## fail when generated/ differs from what the pins produce, or a pin's hash is wrong
	$(PY) -m codegen check

test:  ## the whole test suite
	$(PY) -m pytest -q

lint:  ## ruff on hand-written code
	$(PY) -m ruff check codegen overlays tests bench
	$(PY) -m ruff format --check codegen overlays

typecheck:  ## mypy --strict on codegen/ and overlays/
	$(PY) -m mypy

spec-bump:  ## make spec-bump NAME=openai URL=... [SHA256=...]  or  NAME=openai FILE=path
	@test -n "$(NAME)" || (echo "usage: make spec-bump NAME=openai URL=... [SHA256=...] | FILE=..." >&2; exit 2)
	$(PY) -m codegen spec-bump $(NAME) $(if $(URL),--url $(URL)) $(if $(SHA256),--sha256 $(SHA256)) $(if $(FILE),--file $(FILE)) --diff-out spec-diff.md

clean:
	rm -rf build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
