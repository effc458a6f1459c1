package watch

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"briefing/internal/build"
	"briefing/internal/config"
	"briefing/internal/testsite"
)

// wait is how long a test waits for a build before it fails.
const wait = 20 * time.Second

// project makes a temporary project with the real templates, static files
// and taxonomy, and a few articles.
func project(t testing.TB) string {
	t.Helper()
	dir := testsite.New(t)
	write(t, dir, "site.yaml", "title: Test Archive\nbase_url: https://example.org/archive/\nper_page: 3\n")
	write(t, dir, "content/baghdad-talks.md", article("Talks in Baghdad", "2020-01-23", "Officials met in Baghdad to discuss Iraq."))
	write(t, dir, "content/beirut-vote.md", article("A vote in Beirut", "2021-03-02", "Hezbollah and its allies lost seats in Lebanon."))
	write(t, dir, "content/sanaa-strikes.md", article("Strikes near Sanaa", "2025-03-16", "Yemen's Houthis said strikes hit Sanaa."))
	write(t, dir, "content/undated-note.md", article("An undated piece on Iraq", "", "Iraq and Syria, no date given."))
	if err := os.MkdirAll(filepath.Join(dir, "seeds"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

var (
	article = testsite.Article
	write   = testsite.Write
)

func loader(dir string) func() (config.Config, error) {
	return func() (config.Config, error) { return config.Load(filepath.Join(dir, "site.yaml")) }
}

// harness runs a real Watcher on a project.
type harness struct {
	dir     string
	w       *Watcher
	reports chan Report
}

// start runs a Watcher on dir and waits for its first build.
func start(t *testing.T, dir string) *harness {
	t.Helper()
	h := &harness{dir: dir, reports: make(chan Report, 1000)}
	w, err := New(Options{
		Root:       dir,
		ConfigFile: filepath.Join(dir, "site.yaml"),
		Load:       loader(dir),
		Quiet:      50 * time.Millisecond,
		OnBuild:    func(r Report) { h.reports <- r },
	})
	if err != nil {
		t.Fatal(err)
	}
	h.w = w
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error)
	go func() { stopped <- w.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-stopped; err != nil {
			t.Error(err)
		}
	})
	if r := h.next(t); r.Err != nil || len(r.Changed) != 0 || r.Config == nil {
		t.Fatalf("first build: %+v", r)
	}
	return h
}

// next waits for the next report.
func (h *harness) next(t *testing.T) Report {
	t.Helper()
	select {
	case r := <-h.reports:
		return r
	case <-time.After(wait):
		t.Fatalf("no build within %s", wait)
		return Report{}
	}
}

// built waits for the next report of a build, skipping converter-only ones.
func (h *harness) built(t *testing.T) Report {
	t.Helper()
	for {
		if r := h.next(t); r.Built || r.Err != nil {
			return r
		}
	}
}

// tree reads every file below dir.
func tree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameAsFullBuild checks that the project's output folder holds exactly
// what a fresh full build of the same inputs writes elsewhere.
func sameAsFullBuild(t testing.TB, dir string) {
	t.Helper()
	cfg, err := loader(dir)()
	if err != nil {
		t.Fatal(err)
	}
	out := cfg.Public
	cfg.Public = filepath.Join(t.TempDir(), "public")
	if _, err := build.New(dir, cfg).Full(); err != nil {
		t.Fatalf("full build: %v", err)
	}
	sameTree(t, tree(t, filepath.Join(dir, out)), tree(t, cfg.Public))
}

func sameTree(t testing.TB, got, want map[string][]byte) {
	t.Helper()
	var diffs []string
	for name, data := range want {
		g, ok := got[name]
		switch {
		case !ok:
			diffs = append(diffs, "missing "+name)
		case !bytes.Equal(g, data):
			diffs = append(diffs, "differs "+name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			diffs = append(diffs, "extra "+name)
		}
	}
	slices.Sort(diffs)
	if len(diffs) > 0 {
		t.Errorf("output is not what a full build writes:\n%s", strings.Join(diffs, "\n"))
	}
}
