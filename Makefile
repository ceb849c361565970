# Two commands for a new user: `make build` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
# Writable places for tools that want a home (Jupyter kernels, matplotlib caches).
CACHE := $(CURDIR)/.cache
export HOME := $(CACHE)/home
export MPLCONFIGDIR := $(CACHE)/matplotlib
export IPYTHONDIR := $(CACHE)/ipython
export JUPYTER_PLATFORM_DIRS := 1
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_CACHE_DIR := $(CACHE)/uv
export MPLBACKEND := Agg
# Python caches the bytecode it compiles (in .venv and __pycache__/, both gitignored), even
# where the environment says not to: otherwise every test process would compile pandas,
# great-expectations and the rest from source again.
unexport PYTHONDONTWRITEBYTECODE
# Where exports and releases are written (gitignored); the port `make serve` listens on.
DIST := dist
PORT := 8001

.PHONY: build test lint format bench mutation validate clean export serve release screenshots

$(VENV)/.installed: pyproject.toml uv.lock
	@mkdir -p "$(HOME)" "$(MPLCONFIGDIR)" "$(IPYTHONDIR)"
	test -x "$(PY)" || "$(PYTHON)" -m venv "$(VENV)"
	"$(PY)" -m pip install --quiet "uv==$(UV_VERSION)"
	"$(VENV)/bin/uv" sync --frozen --inexact --all-extras --group dev --quiet
	@touch "$@"

## build: install, build the tables, validate them, publish data/ and every generated file,
## and write the website to site/ (open site/index.html)
build: $(VENV)/.installed
	"$(PY)" -m dataset build
	"$(PY)" -m dataset site

## screenshots: write the site and save docs/screenshots/ (needs Chromium)
screenshots: $(VENV)/.installed
	"$(PY)" -m dataset site --screenshots

## test: lint, then pytest: unit and data tests, both validation gates on data/ (validate --gx),
## notebooks, the website in Chromium, the wheel and sdist installed
test: $(VENV)/.installed
	"$(PY)" -m ruff check .
	"$(PY)" -m ruff format --check .
	"$(PY)" -m pytest

validate: $(VENV)/.installed
	"$(PY)" -m dataset validate --gx

format: $(VENV)/.installed
	"$(PY)" -m ruff check --fix .
	"$(PY)" -m ruff format .

## export: CSV (with datapackage.json), Excel workbook and SQLite database in dist/
export: $(VENV)/.installed
	"$(PY)" -m dataset export --out "$(DIST)"

## serve: export, then browse the SQLite export with Datasette on http://127.0.0.1:$(PORT)/
serve: $(VENV)/.installed
	"$(PY)" -m dataset serve --out "$(DIST)" --port "$(PORT)"

## release: wheel, sdist and exports in dist/, with dist/SHA256SUMS over them
release: $(VENV)/.installed
	rm -rf "$(DIST)"
	"$(VENV)/bin/uv" build --quiet --out-dir "$(DIST)"
	"$(PY)" -m dataset export --out "$(DIST)"
	cd "$(DIST)" && find . -type f ! -name SHA256SUMS ! -name '.*' -printf '%P\n' \
	  | LC_ALL=C sort | xargs -d '\n' sha256sum > SHA256SUMS
	@echo "release files and checksums in $(DIST)/"

bench: $(VENV)/.installed
	"$(PY)" bench/run.py

## mutation: mutmut over the checking, publishing and integrity code (slow; not run by CI);
## the score and the survivors, with reasons, are in MUTATION.md
mutation: $(VENV)/.installed
	rm -rf mutants
	"$(VENV)/bin/mutmut" run --max-children 2 || true
	"$(VENV)/bin/mutmut" results --all true | tee mutants/results.txt

clean:
	rm -rf "$(VENV)" "$(CACHE)" validation/docs site mutants
