# Two entry points (see README): `make demo` runs Kabar on the bundled samples; `make test` runs the suite.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLES ?= ../shared/samples/lavrov-wonsan-2025
DB ?= kabar.db

.PHONY: demo test install install-test sysdeps lint clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test,postgres,batch]'

demo: install
	$(BIN)/kabar run $(SAMPLES) --db $(DB)
	$(BIN)/kabar stories --db $(DB)
	$(BIN)/kabar report top --db $(DB) --output kabar-report.html

lint: install-test
	$(BIN)/ruff check src tests tools bench

sysdeps:
	bash tools/install-system-deps.sh

test: install-test sysdeps lint
	$(BIN)/pytest

clean:
	rm -f $(DB) $(DB)-wal $(DB)-shm kabar-report.html
