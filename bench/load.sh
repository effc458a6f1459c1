#!/usr/bin/env bash
# Runs a command while the machine is kept busy, to show that tests do not
# depend on timing: one busy loop per core, and a loop that writes, deletes
# and syncs a few hundred small files, as other builds and editors would.
#
#	bench/load.sh go test -count=20 ./internal/watch ./internal/build ./internal/serve ./internal/search
#
# LOAD_CPUS sets the number of busy loops (default: the number of cores),
# LOAD_FILES the files written per round (default 300). The load stops when
# the command ends, and the script exits with the command's status; stop
# the whole run with Ctrl-C (it signals the command and the load alike).
set -uo pipefail
[ $# -gt 0 ] || { echo "usage: bench/load.sh command [args...]" >&2; exit 2; }
cpus=${LOAD_CPUS:-$(nproc)}
files=${LOAD_FILES:-300}
scratch=$(mktemp -d)
pids=()
stop() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$scratch"
}
trap stop EXIT INT TERM
for _ in $(seq "$cpus"); do
	(while :; do :; done) &
	pids+=($!)
done
(
	while :; do
		for i in $(seq "$files"); do
			head -c 4096 /dev/urandom >"$scratch/f$i"
		done
		sync
		rm -f "$scratch"/f*
		sync
	done
) &
pids+=($!)
echo "load: $cpus busy loops, $files files written, deleted and synced in a loop" >&2
"$@"
