# OpsDeck — the two commands first: `make run` and `make test`. `make help` lists the rest.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1.0-dev)
COMMIT  ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
DATE    ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
BUILDINFO := github.com/opsdeck/opsdeck/backend/internal/platform/buildinfo
LDFLAGS := -s -w -X $(BUILDINFO).Version=$(VERSION) -X $(BUILDINFO).Commit=$(COMMIT) -X $(BUILDINFO).Date=$(DATE)
WEB_DIST := backend/internal/platform/web/dist
OAPI := go -C backend tool oapi-codegen

.PHONY: help
help: ## list targets
	@grep -hE '^[a-z][a-z0-9-]*:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

.PHONY: run
run: build ## build everything, find or start PostgreSQL, migrate, seed demo data once, serve on :8080
	@echo "OpsDeck: http://localhost:8080  (API reference: http://localhost:8080/api/docs/)"
	@echo "Demo logins: owner@acme-energy.example (and administrator@, editor@, viewer@, auditor@, employee@; also @nca.example),"
	@echo "platform@opsdeck.example — password Harbour-Lantern-Quartz-42 (see README)."
	OPSDECK_ENV=development ./bin/opsdeck seed --demo
	OPSDECK_ENV=development OPSDECK_LOG_FORMAT=text exec ./bin/opsdeck serve

.PHONY: test
test: check-generated spec-check lint-spec vet test-go test-frontend e2e ## everything CI runs
	@echo "make test: all checks passed"

frontend/node_modules: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch frontend/node_modules

.PHONY: deps
deps: frontend/node_modules ## install frontend packages

.PHONY: generate
generate: frontend/node_modules ## regenerate api/ (Go server + SDK) and frontend/src/api from openapi.yaml
	$(OAPI) -config ../api/server.cfg.yaml -o ../api/api.gen.go ../openapi.yaml
	$(OAPI) -config ../api/client/client.cfg.yaml -o ../api/client/client.gen.go ../openapi.yaml
	cd frontend && npm run --silent generate:api

.PHONY: check-generated
check-generated: generate ## fail when generated code is stale (regenerate, then compare with the commit)
	@if ! git diff --quiet -- api frontend/src/api || [ -n "$$(git ls-files --others --exclude-standard api frontend/src/api)" ]; then \
		git status --short -- api frontend/src/api; \
		echo "generated code is stale: run 'make generate' and commit the result"; exit 1; fi
	@echo "generated code is up to date"

.PHONY: spec-check
spec-check: ## openapi.yaml conventions: operationId, one tag, x-permission/x-public, error responses
	cd backend && go test -count=1 ./speccheck/

.PHONY: lint-spec
lint-spec: frontend/node_modules ## lint openapi.yaml with Spectral (+ OWASP API security ruleset)
	cd frontend && npm run --silent lint:spec

.PHONY: vet
vet: ## go vet both modules
	cd api && go vet ./...
	cd backend && go vet ./...
	@test -z "$$(gofmt -l api backend)" || { gofmt -l api backend; echo "gofmt needed"; exit 1; }

.PHONY: test-go
test-go: ## Go tests on the real-PostgreSQL harness (unit, API, tenancy)
	# A private cluster with durability off (.data/test, port 55433) when the server binaries are here: a database per
	# test then costs milliseconds instead of seconds on a server that fsyncs. OPSDECK_TEST_PG= uses the usual discovery.
	cd backend && OPSDECK_TEST_PG=$${OPSDECK_TEST_PG-private} go test -count=1 ./...

.PHONY: test-frontend
test-frontend: frontend/node_modules ## frontend typecheck, lint and unit tests
	cd frontend && npm run --silent typecheck && npm run --silent lint && npm run --silent test

.PHONY: build
build: frontend/node_modules ## build the SPA and the opsdeck binary (SPA embedded) into bin/
	cd frontend && npm run --silent build
	find $(WEB_DIST) -mindepth 1 ! -name .gitkeep -delete
	cp -R frontend/dist/. $(WEB_DIST)/
	cd backend && CGO_ENABLED=0 go build -trimpath -ldflags "$(LDFLAGS)" -o ../bin/opsdeck ./cmd/opsdeck
	@echo "built bin/opsdeck $(VERSION)"

.PHONY: e2e
e2e: build ## Playwright (Debian chromium) against `opsdeck serve` on a fresh seeded database
	@command -v chromium >/dev/null || { echo "chromium is missing: apt-get install -y chromium"; exit 1; }
	cd backend && OPSDECK_BIN=$(CURDIR)/bin/opsdeck go test -count=1 -tags e2e -run TestE2E -v ./e2e/

.PHONY: dev
dev: frontend/node_modules ## Vite dev server on :5173 proxying the API to `go run ... serve` on :8080
	( cd backend && OPSDECK_ENV=development OPSDECK_LOG_FORMAT=text go run ./cmd/opsdeck serve ) & \
	cd frontend && npm run dev

.PHONY: clean
clean: ## remove build output (keeps ./.data)
	rm -rf bin frontend/dist
	find $(WEB_DIST) -mindepth 1 ! -name .gitkeep -delete
