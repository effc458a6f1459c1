#!/usr/bin/env bash
# Browser tests (e2e/*.test.mjs) in the system Chromium: installs the two
# npm dependencies from the lock when needed, builds bin/build, builds and
# serves the sites the test files share (lib/sites.mjs), and runs the suite
# with Node's test runner, two files at a time (E2E_JOBS). Extra arguments
# go to `node --test` (e.g. --test-name-pattern=keyboard, or test files to
# run only those).
#
# Without Chromium the tests are skipped, with a message, and the script
# succeeds, so `make test` still runs on a machine without a browser.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium=${E2E_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
	echo "e2e: chromium not found at $chromium — browser tests SKIPPED"
	exit 0
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	echo "e2e: node and npm are needed for the browser tests (Node 20 or later)" >&2
	exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
	echo "e2e: Node $(node --version) is too old; the browser tests need Node 20 or later" >&2
	exit 1
fi

# Install from the lock when node_modules is missing or the lock changed
# since the last install.
lock_sum=$(sha256sum e2e/package-lock.json | cut -d' ' -f1)
if [ "$(cat e2e/node_modules/.lock-sha256 2>/dev/null)" != "$lock_sum" ]; then
	(cd e2e && npm ci --no-audit --no-fund --loglevel=error)
	echo "$lock_sum" >e2e/node_modules/.lock-sha256
fi

${GO:-go} build -o bin/build ./cmd/build
export E2E_BIN="$PWD/bin/build" E2E_CHROMIUM="$chromium"

opts=() files=()
for a in "$@"; do
	case $a in
	*.test.mjs) files+=("$a") ;;
	*) opts+=("$a") ;;
	esac
done
if [ ${#files[@]} -eq 0 ]; then
	files=(e2e/*.test.mjs)
fi
# The shared sites, built once and served until the tests are done.
work=$(mktemp -d)
sites_pid=
cleanup() {
	if [ -n "$sites_pid" ]; then
		kill "$sites_pid" 2>/dev/null || true
		wait "$sites_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
export E2E_SITES="$work/sites.json"
node e2e/lib/sites.mjs "$E2E_SITES" &
sites_pid=$!
until [ -s "$E2E_SITES" ]; do
	if ! kill -0 "$sites_pid" 2>/dev/null; then
		echo "e2e: building the shared sites failed" >&2
		exit 1
	fi
	sleep 0.1
done

node --test --test-reporter=spec --test-concurrency="${E2E_JOBS:-2}" ${opts[@]+"${opts[@]}"} "${files[@]}"
