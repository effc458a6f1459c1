#!/usr/bin/env bash
# Validate every page of the seed site with the W3C Nu HTML Checker.
#
# Builds the site twice into a temporary folder, leaving content/ and
# public/ alone: once with site.yaml as it is, and once with two articles a
# page and a timeline split by year, so pagers and year pages are checked
# too. Then runs vnu.jar (pinned in validate/package.json) over every HTML
# file and fails on any error.
#
# Needs npm, Java 11 or later (Debian: default-jre-headless), and Go, unless
# BUILD names an already built command.
#
#   validate/html.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

command -v java >/dev/null || { echo "validate: java not found (Debian: apt-get install default-jre-headless)" >&2; exit 1; }
command -v npm >/dev/null || { echo "validate: npm not found (Debian: apt-get install nodejs npm)" >&2; exit 1; }

# Install the checker when the lock file changed since the last install.
# --ignore-scripts: the package's postinstall would download a Java runtime;
# the machine's own Java runs the jar.
if ! cmp -s validate/package-lock.json validate/node_modules/.installed-lock; then
	(cd validate && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
	cp validate/package-lock.json validate/node_modules/.installed-lock
fi
jar="$root/validate/node_modules/vnu-jar/build/dist/vnu.jar"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

build="${BUILD:-}"
if [ -z "$build" ]; then
	build="$tmp/build"
	go build -o "$build" ./cmd/build
fi

# Convert the seeds over a copy of content/, as a deploy would.
cp -R content "$tmp/content"
if ! "$build" convert -content "$tmp/content" >"$tmp/convert.log" 2>&1; then
	cat "$tmp/convert.log" >&2
	exit 1
fi

grep -v -E '^(per_page|timeline_split):' site.yaml >"$tmp/small.yaml"
printf 'per_page: 2\ntimeline_split: 3\n' >>"$tmp/small.yaml"

"$build" -content "$tmp/content" -out "$tmp/site" >/dev/null
"$build" -config "$tmp/small.yaml" -content "$tmp/content" -out "$tmp/small" >/dev/null

pages="$(find "$tmp/site" "$tmp/small" -name '*.html' | wc -l | tr -d ' ')"
status=0
java -jar "$jar" --errors-only --skip-non-html "$tmp/site" "$tmp/small" 2>"$tmp/errors" || status=$?
sed "s|file:$tmp/||" "$tmp/errors"
errors="$(grep -c ': error:' "$tmp/errors" || true)"
echo "validate: $pages pages, $errors HTML errors"
if [ "$status" -ne 0 ] || [ "$errors" -ne 0 ]; then
	exit 1
fi
