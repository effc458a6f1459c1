//go:build unix

package build

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func articleFile(id, title string) string {
	return "---\nid: " + id + "\ntitle: " + title + "\ndate: \"2025-01-05\"\nsources:\n  - 001.txt:1\n---\nA body about " + title + ".\n"
}

// Named pipes, devices, files from outside the project, dangling links
// and oversized files in any input folder are left out with a warning
// naming the file; the build neither hangs nor publishes them.
func TestOnlyRegularFilesInsideTheProject(t *testing.T) {
	dir := project(t, "testdata/site.txtar")
	outside := t.TempDir()
	write(t, filepath.Join(outside, "secret.txt"), "a secret from outside\n")
	write(t, filepath.Join(outside, "outside.md"), articleFile("out1", "Smuggled in from outside"))
	write(t, filepath.Join(dir, "drafts/inside.md"), articleFile("in1", "Linked from inside the project"))
	for _, p := range []string{"content/pipe.md", "static/pipe.css", "templates/partials/pipe.html"} {
		if err := syscall.Mkfifo(filepath.Join(dir, p), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"static/passwd.txt":             filepath.Join(outside, "secret.txt"),
		"static/zero.bin":               "/dev/zero",
		"content/outside.md":            filepath.Join(outside, "outside.md"),
		"static/gone.png":               "missing.png",
		"content/inside.md":             "../drafts/inside.md",
		"templates/partials/outer.html": filepath.Join(outside, "secret.txt"),
	}
	for name, to := range links {
		if err := os.Symlink(to, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	big, err := os.Create(filepath.Join(dir, "static/big.bin"))
	if err != nil {
		t.Fatal(err)
	}
	big.Truncate(65 << 20) // sparse: no disk space used
	big.Close()

	b := builder(t, dir, nil)
	res, err := b.Full()
	if err != nil {
		t.Fatal(err)
	}
	warnings := strings.Join(res.Warnings, "\n")
	for _, want := range []string{
		"content/pipe.md: not a regular file (a named pipe)",
		"static/pipe.css: not a regular file (a named pipe)",
		"templates/partials/pipe.html: not a regular file (a named pipe)",
		"static/passwd.txt: a link to " + outside,
		"static/zero.bin: a link to /dev/zero, outside the project",
		"content/outside.md: a link to " + outside,
		"templates/partials/outer.html: a link to " + outside,
		"static/gone.png: a link to missing.png, which does not exist",
		"static/big.bin: 65 MB, more than the 64 MB",
	} {
		if !strings.Contains(warnings, want) {
			t.Errorf("no warning %q in:\n%s", want, warnings)
		}
	}
	got := readTree(t, b.Out())
	for _, name := range []string{"passwd.txt", "zero.bin", "big.bin", "pipe.css", "gone.png"} {
		if _, ok := got[name]; ok {
			t.Errorf("%s was published", name)
		}
	}
	for name, data := range got {
		if strings.Contains(data, "a secret from outside") || strings.Contains(data, "Smuggled in") {
			t.Errorf("%s holds text from outside the project", name)
		}
	}
	if !strings.Contains(got["index.html"], "Linked from inside the project") {
		t.Error("an article linked from inside the project is not published")
	}
}
