# The archive's everyday commands. `make` converts the seeds and builds the
# site; `make test` runs every test. See README.md.

GO ?= go
BIN := bin/build

.PHONY: all site convert build watch check test test-go fuzz bench bench-large clean

all: site

$(BIN): $(shell find cmd internal -name '*.go') go.mod go.sum
	$(GO) build -o $(BIN) ./cmd/build

# Convert new seed dumps into content/, then build public/.
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

test: test-go

test-go:
	$(GO) vet ./...
	$(GO) test ./...

# Run the converter's fuzzer for a while (the committed corpus runs in `make test`).
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 60s ./internal/convert

clean:
	rm -rf bin public .public-*
