# ocpi-cpo: make run | make test | make bench | make migrate | make db-stop
# Without DATABASE_URL the targets start a PostgreSQL cluster of the project's own (scripts/db.sh, in .pgdata/).
SHELL := /bin/bash
.DEFAULT_GOAL := help

HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_TOKEN ?= your-token
DEMO_COUNTRY ?= DE
DEMO_PARTY ?= ABC
SWIFT ?= swift
CONFIG ?= debug

ifeq ($(strip $(DATABASE_URL)),)
OWN_CLUSTER := 1
RUN_DATABASE_URL := $(shell scripts/db.sh url ocpi)
TEST_DATABASE_URL := $(shell scripts/db.sh url ocpi_test)
BENCH_ADMIN_URL := $(shell scripts/db.sh url postgres)
else
OWN_CLUSTER :=
RUN_DATABASE_URL := $(DATABASE_URL)
TEST_DATABASE_URL := $(DATABASE_URL)
BENCH_ADMIN_URL := $(DATABASE_URL)
endif
# Seconds per load run of `make bench`, and its clients.
BENCH_DURATION ?= 5
BENCH_CONNECTIONS ?= 32
BENCH_REPEATS ?= 3

BIN = .build/$(CONFIG)/ocpi-cpo

.PHONY: help deps db db-stop build migrate demo-tenant run test bench

help:
	@echo "make run     build, start PostgreSQL, migrate, create tenant $(DEMO_COUNTRY)*$(DEMO_PARTY), serve on http://$(HOST):$(PORT)"
	@echo "make test    start PostgreSQL, run every test against it"
	@echo "make bench   load-test the hot paths against pgbench (loopback, bounded in time)"
	@echo "make migrate apply sql/migrations to DATABASE_URL (or the project's own cluster)"
	@echo "make db-stop stop the project's own cluster"

# System packages: PostgreSQL server and client, libpq-dev (installed when missing).
deps:
	@scripts/db.sh install

db: deps
ifeq ($(OWN_CLUSTER),1)
	@scripts/db.sh start
endif

db-stop:
	@scripts/db.sh stop

build: deps
	$(SWIFT) build -c $(CONFIG) --product ocpi-cpo

migrate: db build
	DATABASE_URL='$(RUN_DATABASE_URL)' $(BIN) migrate

# The demo tenant, owner token DEMO_TOKEN; harmless to repeat.
demo-tenant: migrate
	@if [ "$$(psql '$(RUN_DATABASE_URL)' -Atqc "SELECT count(*) FROM tenants WHERE country_code = '$(DEMO_COUNTRY)' AND party_id = '$(DEMO_PARTY)'")" = "1" ]; then \
		psql '$(RUN_DATABASE_URL)' -At -v country_code=$(DEMO_COUNTRY) -v party_id=$(DEMO_PARTY) -v token='$(DEMO_TOKEN)' -v weak_ok=1 -f sql/admin/issue_owner_token.sql >/dev/null; \
	else \
		psql '$(RUN_DATABASE_URL)' -At -v country_code=$(DEMO_COUNTRY) -v party_id=$(DEMO_PARTY) -v name='Demo CPO' -v token='$(DEMO_TOKEN)' -v weak_ok=1 -f sql/admin/create_tenant.sql >/dev/null; \
	fi
	@echo
	@echo "Tenant $(DEMO_COUNTRY)*$(DEMO_PARTY) is ready; its owner token is: $(DEMO_TOKEN)"
	@echo "Try:  curl -s http://$(HOST):$(PORT)/ocpi/versions -H 'Authorization: Token $(DEMO_TOKEN)'"
	@echo

# The demo lets peers on this machine and its network register (PEER_ALLOW_PRIVATE_NETWORKS=true), unless the
# environment says otherwise; a deployment leaves it false.
run: demo-tenant
	DATABASE_URL='$(RUN_DATABASE_URL)' HOST=$(HOST) PORT=$(PORT) PEER_ALLOW_PRIVATE_NETWORKS="$${PEER_ALLOW_PRIVATE_NETWORKS-true}" \
		exec $(BIN) serve

# Tests get a fresh database on the project's own cluster; with DATABASE_URL they use it as it is (tests create
# their own tenants with random codes and never drop the schema). The restart test stops and starts the cluster,
# so it runs alone, after the others, and only on the project's own cluster.
test: db
ifeq ($(OWN_CLUSTER),1)
	@psql '$(shell scripts/db.sh url postgres)' -Atqc "DROP DATABASE IF EXISTS ocpi_test WITH (FORCE)" -c "CREATE DATABASE ocpi_test"
	@# Scratch databases an interrupted run left behind (tests drop their own when they finish).
	@psql '$(shell scripts/db.sh url postgres)' -Atqc "SELECT format('DROP DATABASE %I WITH (FORCE);', datname) FROM pg_database WHERE datname ~ '^[a-z]+_test_[0-9]+$$'" \
		| psql '$(shell scripts/db.sh url postgres)' -Atq
endif
	$(SWIFT) build --build-tests
	DATABASE_URL='$(TEST_DATABASE_URL)' OCPI_REPO_ROOT='$(CURDIR)' OCPI_TEST_CAN_CREATE_DATABASES=$(OWN_CLUSTER) \
		$(SWIFT) test --skip-build --skip DatabaseRestartTests
ifeq ($(OWN_CLUSTER),1)
	DATABASE_URL='$(TEST_DATABASE_URL)' OCPI_REPO_ROOT='$(CURDIR)' OCPI_TEST_DB_RESTART='$(CURDIR)/scripts/db.sh restart' \
		$(SWIFT) test --skip-build --filter DatabaseRestartTests
else
	@echo "DatabaseRestartTests skipped: they restart PostgreSQL, which only the project's own cluster allows"
endif

# Loopback only, bounded in time (5 loads, each BENCH_REPEATS rounds of two BENCH_DURATION-second runs, plus
# BENCH_REPEATS no-SQL runs, seeding and push: about 3.5 minutes with the defaults): a release
# build of the service under wrk, next to pgbench running the same SQL with the same clients. Creates (and
# replaces) the database ocpi_bench on the cluster. The report lands in bench-results/latest.md.
bench: db
	@scripts/db.sh install-bench
	$(SWIFT) build -c release --product ocpi-cpo
	$(SWIFT) build -c release --product ocpi-bench
	.build/release/ocpi-bench --admin-url '$(BENCH_ADMIN_URL)' --server .build/release/ocpi-cpo \
		--pgbench "$$(scripts/db.sh bindir)/pgbench" --duration $(BENCH_DURATION) --connections $(BENCH_CONNECTIONS) --repeats $(BENCH_REPEATS)
