# The archive's everyday commands. `make` converts the seeds and builds the
# site; `make test` runs every test, `make test-long` the Go tests in full.
# See README.md.

GO ?= go
BIN := bin/build

.PHONY: all site convert build watch check test test-go test-long test-html test-e2e test-crash fuzz bench bench-large clean

all: site

$(BIN): $(shell find cmd internal -name '*.go') go.mod go.sum
	$(GO) build -o $(BIN) ./cmd/build

# Convert new seed dumps into content/, then build public/ with its
# search index.
site: convert build

convert: $(BIN)
	./$(BIN) convert

build: $(BIN)
	./$(BIN)

# Build, serve a live preview on 127.0.0.1:1313 and rebuild on every change.
watch: $(BIN)
	./$(BIN) watch

# Check a built public/ for broken links, anchors, feeds and size.
check: $(BIN)
	./$(BIN) check

test: test-go test-html test-e2e

# Property and randomized tests run fewer rounds under -short; test-long
# runs them in full (CI runs both).
test-go:
	$(GO) vet ./...
	$(GO) test -short ./...

test-long:
	$(GO) test -count=1 ./...

# Validate every page of the seed site with the W3C Nu HTML Checker (needs Java and npm).
test-html: $(BIN)
	BUILD=$(CURDIR)/$(BIN) validate/html.sh

# Browser tests in Debian's Chromium (skipped, saying so loudly, without it).
test-e2e: $(BIN)
	./e2e/run.sh

# Kill convert and build at random moments (SIGKILL), 30 times each, on a
# generated archive of 3,000 articles, and check that the next run leaves
# no duplicate, no lost source and a whole public/ (minutes). `make
# test-long` (and so CI) runs the same test with 4 kills of each on 300
# articles; `make test` (-short) leaves it out.
test-crash:
	CRASH_KILLS=30 CRASH_ARTICLES=3000 $(GO) test -count=1 -timeout 60m -v -run '^TestCrash$$' ./internal/crashtest

# Run the converter's fuzzer for a while (the committed corpus runs in `make test`).
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 60s ./internal/convert

# Benchmarks side by side with Hugo; each run appends a section to
# BENCHMARKS.md. The first run compiles Hugo into bench/.cache (minutes).
bench:
	$(GO) run ./bench/run -n 10000

# 100,000 articles, compared with 10,000 for linear growth; no Hugo.
bench-large:
	$(GO) run ./bench/run -n 100000 -hugo=false -compare 10000 -runs 3

clean:
	rm -rf bin public .public-* .public.lock .content.lock validate/node_modules e2e/node_modules e2e/screenshots
