# Racine — the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
export RACINE_DATA_DIR ?= $(CURDIR)/var
POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/racine
PYTEST_ARGS ?=

.PHONY: demo test install dev lint format test-sqlite test-postgres messages screenshot bench-suite bench-iati bench-load bench-upload bench-sanctions-index bench-sanctions-quality bench-exchange-inbox bench-exchange-api bench-exchange-ingest bench-intel-resolution bench-intel-trends clean help

help:
	@echo "make demo   install, migrate, load the demo data and serve http://127.0.0.1:8000"
	@echo "make test   lint and the whole suite on SQLite and PostgreSQL (with Chromium)"

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(PIP) install -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/racine demo

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/racine manage makemigrations --check --dry-run

format: dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint test-sqlite test-postgres

test-sqlite: dev
	RACINE_DATABASE_URL= $(BIN)/pytest -n 2 $(PYTEST_ARGS)

# PostgreSQL at RACINE_DATABASE_URL if set, else the local server. Under CI=true an
# unreachable server fails the run; elsewhere this pass is skipped with a warning.
test-postgres: dev
	@url="$${RACINE_DATABASE_URL:-$(POSTGRES_URL)}"; \
	case "$$url" in postgres*) ;; *) url="$(POSTGRES_URL)";; esac; \
	if $(BIN)/python tests/tools/check_services.py --postgres "$$url"; then \
		RACINE_DATABASE_URL="$$url" $(BIN)/pytest -n 2 $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then echo "FAILED: PostgreSQL is required under CI" >&2; exit 1; \
	else echo "WARNING: PostgreSQL pass skipped (no server at $$url)" >&2; fi

# Regenerate the translation catalogues after changing interface strings, then translate them.
messages: dev
	cd src/racine && ../../$(BIN)/racine manage makemessages --locale fr --locale es --locale en --no-obsolete --add-location file
	cd src/racine && ../../$(BIN)/racine manage compilemessages

# Benchmarks (bench/): each prints its figure.
bench-suite: dev
	$(BIN)/python bench/suite_duration.py

# Screening index at 1,000,000 names: build time, memory, load time, p95, batch throughput.
bench-sanctions-index: dev
	$(BIN)/python bench/sanctions_index.py

# Screening quality side by side with nomenklatura logic-v1/logic-v2 and a rapidfuzz baseline.
bench-sanctions-quality: dev
	$(BIN)/python bench/sanctions_quality.py

# Issue 10: person-record resolution beside Splink's example models (precision, recall, F1,
# time); BENCH_DATASETS=fake_1000,historical_50k,febrl1,febrl2,febrl3 to choose;
# BENCH_RECORDS=1000000 for the scale run (generated records: time and peak memory).
bench-intel-resolution: dev
	$(BIN)/python bench/intel_resolution.py

# Issue 10: route and trend queries over 10,000,000 generated seizure rows (each < 2 s);
# BENCH_ROWS=… to change the size.
bench-intel-trends: dev
	$(BIN)/python bench/intel_trends.py

# Issue 7: a 15,000-activity IATI file (BENCH_ACTIVITIES; BENCH_DATABASE_URL for PostgreSQL).
bench-iati: dev
	$(BIN)/python bench/iati_import.py

# Issue 7: dashboard/home ratio and 50 clients for BENCH_SECONDS (60) on SQLite and PostgreSQL
# (BENCH_POSTGRES_URL, dropped and recreated; BENCH_DATABASES=sqlite for one; BENCH_PORT).
bench-load: dev
	$(BIN)/python bench/load.py

# Issue 9: a partner officer's inbox (first page and count) with 1,000,000 items stored, on
# SQLite and PostgreSQL (BENCH_POSTGRES_URL prefix; generated databases kept, versioned).
bench-exchange-inbox: dev
	$(BIN)/python bench/exchange_inbox.py

# Issue 9: 50 API clients reading and writing exchange items for BENCH_SECONDS (60) against
# `racine serve`; every acknowledged write checked afterwards (BENCH_DATABASES, BENCH_PORT).
bench-exchange-api: dev
	$(BIN)/python bench/exchange_api.py
# Issue 9: bulk ingest of 20,000 seizure reports (BENCH_REPORTS) as JSON Lines, CSV and XLSX,
# on SQLite and on PostgreSQL (BENCH_POSTGRES_URL, dropped and created); prints reports per second.
bench-exchange-ingest: dev
	$(BIN)/python bench/exchange_ingest.py

bench-upload: dev
	$(BIN)/python bench/upload_memory.py

screenshot: dev
	$(BIN)/python docs/screenshot.py docs/home.png

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
