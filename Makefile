# The front door. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO   := samples/intake.yml
# The demo mailbox covers 2026-W48..W50; its clock is pinned inside them so the home page's
# "this week" has posts whenever it is built (`make site DEMO_NOW=` uses the real clock).
DEMO_NOW ?= 2026-12-02T10:00:00+03:00

.DEFAULT_GOAL := help
.PHONY: help site test test-fast lint typecheck bench-intake bench-latency bench-site bench-plans golden clean clean-demo system-deps

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/intake: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

$(VENV): $(BIN)/intake ## create the virtualenv and install intake with test and dev extras

# The demo office approves one proposal by editing its file (samples/decisions.yml); the second
# run notices that decision (audit trail, the unit's notice in the outbox) and builds.
site: $(BIN)/intake ## build the demo site from samples/ (no server, no network) into site/
	INTAKE_NOW=$(DEMO_NOW) $(BIN)/intake --config $(DEMO) run
	$(BIN)/python samples/decide.py $(DEMO)
	INTAKE_NOW=$(DEMO_NOW) $(BIN)/intake --config $(DEMO) run

system-deps: ## install Dovecot, Chromium and axe-core when missing (needs root or sudo)
	./tests/install-system-deps.sh

test: $(BIN)/intake system-deps ## run the whole suite against real Dovecot, SMTP and Chromium
	$(BIN)/pytest

test-fast: $(BIN)/intake ## unit tests only (no servers, no browser)
	$(BIN)/pytest -m "not imap and not smtp and not browser"

lint: $(BIN)/intake ## ruff and mypy --strict
	$(BIN)/ruff check intake tests bench
	$(BIN)/ruff format --check intake tests bench
	$(BIN)/mypy

bench-intake: $(BIN)/intake system-deps ## fetch budgets on Dovecot: 10,000-mail backlog, 2,000-plan chain, no new mail
	$(BIN)/python bench/bench_intake.py

bench-latency: $(BIN)/intake system-deps ## intake watch: a unit's mail to its rebuilt page, one year of data
	$(BIN)/python bench/bench_latency.py

bench-site: $(BIN)/intake ## site build time and size on 1 and 5 years of synthetic data
	$(BIN)/python bench/bench_site.py

bench-plans: $(BIN)/intake ## how many plans of bench/plans-corpus/ are understood exactly
	$(BIN)/python bench/plan_corpus.py

golden: $(BIN)/intake ## regenerate golden files (review the diff!)
	INTAKE_REGENERATE_GOLDEN=1 $(BIN)/pytest -m "not imap and not smtp and not browser" -q

clean-demo: ## forget the demo: generated pages, submissions, ledger, site
	rm -rf docs/submissions docs/calendar docs/agenda docs/approved docs/office docs/units docs/reshares docs/guide docs/index.md site .intake/demo outbox/demo

clean: clean-demo ## also remove the virtualenv and caches
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache test-artifacts .bench
