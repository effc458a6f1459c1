//go:build unix

package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Named pipes, links out of the project and dangling links in seeds/ or
// content/ are left out with a warning naming them; convert neither hangs
// nor imports them.
func TestOnlyRegularFilesInsideTheProject(t *testing.T) {
	opts := project(t)
	run(t, opts)
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "dump.txt"), []byte(jordanDump), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(opts.Seeds, "pipe.txt"), filepath.Join(opts.Content, "pipe.md")} {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, to := range map[string]string{
		filepath.Join(opts.Seeds, "outside.txt"):  filepath.Join(outside, "dump.txt"),
		filepath.Join(opts.Seeds, "zero.txt"):     "/dev/zero",
		filepath.Join(opts.Seeds, "gone.txt"):     "nowhere.txt",
		filepath.Join(opts.Content, "outside.md"): filepath.Join(outside, "dump.txt"),
	} {
		if err := os.Symlink(to, name); err != nil {
			t.Fatal(err)
		}
	}
	sum := run(t, opts)
	if len(sum.New) != 0 {
		t.Errorf("summary = %v, want nothing new", sum)
	}
	var warnings []string
	for _, w := range sum.Warnings {
		warnings = append(warnings, w.String())
	}
	all := strings.Join(warnings, "\n")
	for _, want := range []string{
		"seeds/pipe.txt: not a regular file (a named pipe)",
		"content/pipe.md: not a regular file (a named pipe)",
		"seeds/outside.txt: a link to " + outside,
		"seeds/zero.txt: a link to /dev/zero, outside the project",
		"seeds/gone.txt: a link to nowhere.txt, which does not exist",
		"content/outside.md: a link to " + outside,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no warning %q in:\n%s", want, all)
		}
	}
}
