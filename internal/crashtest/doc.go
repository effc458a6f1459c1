// Package crashtest kills convert and build with SIGKILL at random moments
// and checks what the next run leaves: its test is the crash test.
//
// Convert runs over a generated archive that grows in batches (bench/gen);
// each batch is converted by a run that is killed at a random moment, then
// by one that finishes. Build runs over the converted archive and is killed
// the same way, with a build that finishes every few kills. After every
// kill and every finished run the test checks the end state, never how
// long anything took:
//
//   - content/ is byte for byte what runs that were never killed give: no
//     duplicate id or title, every page of every dump recorded in its
//     article's sources;
//   - public/ is always a whole site, byte for byte the one an unbroken
//     build gives;
//   - after a finished build no .public-* tree is left beside public/.
//
// The moments are drawn from a seeded generator, so a failure can be run
// again. By default it runs a few kills on a small archive, so that the
// full Go run (`make test-long`, which CI runs) includes it; -short skips
// it; `make test-crash` runs at least 30 kills
// of each on a few thousand articles:
//
//	CRASH_KILLS=30 CRASH_ARTICLES=3000 go test -v -run Crash ./internal/crashtest
//
// CRASH_SEED picks the generator's seed (default 1).
package crashtest
