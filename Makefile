# Quick start: `make build` (set up, build the bundled corpus into output/) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build test install bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Non-editable on purpose: the tests then prove that the installed package finds its data.
install: $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check '.[test]'

build: install
	$(BIN)/npc-kg build --link

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/startup.py

clean:
	rm -rf $(VENV) build src/*.egg-info
