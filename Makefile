# Two commands set everything up on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: serve test build check docs clean browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## Build every release of the sample portal and serve it with live reload of the default release.
serve: $(STAMP)
	$(BIN)/supportal serve --all -a $(HOST):$(PORT)

## Install what is missing (venv, packages, Debian chromium) and run the whole suite.
test: $(STAMP) browser
	$(BIN)/python -m pytest

browser:
	@bash .ci/ensure-chromium

build: $(STAMP)
	$(BIN)/supportal build --strict

check: $(STAMP)
	$(BIN)/supportal check

## The authoring guide, built with Supportal itself.
docs: $(STAMP)
	$(BIN)/supportal build --strict -f docs/mkdocs.yml -d site-docs

clean:
	rm -rf site site-docs .supportal-cache
