# Two commands for people: `make run` and `make test`. Everything else is reached through them.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FRONTEND_STAMP := frontend/dist/index.html
APT_STAMP := .venv/.apt-installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
FRONTEND_SRC := $(shell find frontend/src frontend/index.html frontend/package.json frontend/package-lock.json frontend/vite.config.ts frontend/tsconfig.json -type f 2>/dev/null)

.PHONY: install run test lint unit integration e2e infra-test bench synth deploy docs clean

install: $(STAMP) $(FRONTEND_STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[local,dev,infra]'
	@touch $@

$(FRONTEND_STAMP): $(FRONTEND_SRC)
	cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build

# Debian packages the tests need: chromium for the browser tests, mosquitto for MQTT, wrk for the benchmarks.
$(APT_STAMP): | $(STAMP)
	@command -v chromium >/dev/null && command -v mosquitto >/dev/null && command -v wrk >/dev/null || \
	  { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium mosquitto wrk; }
	@touch $@

# The platform, plus a demo factory (`mdap edge simulate`: OPC UA + Modbus TCP on loopback) and an edge collector
# reading it into the raw zone of the same data directory; both stop (SIGTERM) when the platform does.
EDGE_DEMO := edge_greengrass/collector/demo.yaml
run: install
	@$(BIN)/mdap edge simulate >$(VENV)/edge-simulate.log 2>&1 & sim=$$!; \
	 $(BIN)/mdap edge run --config $(EDGE_DEMO) >$(VENV)/edge-collector.log 2>&1 & col=$$!; \
	 trap 'kill -TERM $$col $$sim 2>/dev/null; wait $$col $$sim 2>/dev/null' EXIT INT TERM; \
	 $(BIN)/mdap run

lint: $(STAMP) $(FRONTEND_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	cd frontend && node scripts/api-types.mjs --check --python ../$(BIN)/python

# Layered by speed (fast layers first, one pytest run). Benchmarks run only with `make bench`.
TEST_LAYERS := tests/unit tests/integration tests/conformance tests/e2e tests/infra

test: install $(APT_STAMP) lint
	cd frontend && npm test --silent
	$(BIN)/pytest -m "not bench" $(foreach d,$(TEST_LAYERS),$(wildcard $(d)))

bench: install $(APT_STAMP)
	$(BIN)/pytest tests/bench -m bench -s -p no:cacheprovider

# docs/program.md is generated from the code (rules, policy settings, calendar, ASL workflows).
docs: $(STAMP)
	$(BIN)/python -m mdap.program.docs

synth: $(STAMP)
	$(BIN)/python -m infra.synth

deploy: install
	$(BIN)/python -m infra.deploy

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist cdk.out .mdap
