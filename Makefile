# Quick start: `make build` (set up, build the bundled corpus into output/) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build test install browser virtuoso bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Non-editable on purpose: the tests then prove that the installed package finds its data.
# setuptools' build/ folder is removed first: it keeps files deleted from the source (a removed
# shape would still be installed and checked).
install: $(BIN)/python
	rm -rf build
	$(BIN)/python -m pip install --quiet --disable-pip-version-check '.[test]'

# The browser tests render pages in Debian's headless Chromium.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

# The store tests also load into Debian's Virtuoso open source (virtuoso-t, isql-vt).
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1 || { \
	  echo "installing Debian's virtuoso-opensource for the store tests"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null; fi; }

build: install
	$(BIN)/npc-kg build

test: install browser virtuoso
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/startup.py

clean:
	rm -rf $(VENV) build src/*.egg-info
