package watch

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"briefing/internal/build"
	"briefing/internal/config"
	"briefing/internal/testsite"
)

// wait is how long a test waits for the watcher before it fails: long
// enough for the busiest machine, and never spent by a passing test.
const wait = 2 * time.Minute

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

// harness runs a real Watcher on a project, on a clock the test moves: a
// round of changes is built when the test says the round is complete, never
// because some time went by.
type harness struct {
	dir     string
	w       *Watcher
	clock   *fakeClock
	reports chan Report
	heard   chan string
	marks   int
}

// mark is the prefix of the files settle writes; as dotfiles, the watcher
// ignores them.
const mark = ".settle-"

// start runs a Watcher on dir and waits for its first build.
func start(t *testing.T, dir string) *harness {
	t.Helper()
	h := &harness{dir: dir, clock: &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, reports: make(chan Report, 1000), heard: make(chan string, 100)}
	w, err := New(Options{
		Root:       dir,
		ConfigFile: filepath.Join(dir, "site.yaml"),
		Load:       loader(dir),
		Quiet:      quiet,
		// A report reaches the test once the search index's update is
		// done too, so the test reads a folder nothing is writing.
		OnBuild: func(r Report) {
			h.w.builder.WaitIndex()
			h.reports <- r
		},
		clock: h.clock,
		heard: func(name string) {
			if strings.HasPrefix(filepath.Base(name), mark) {
				h.heard <- filepath.Base(name)
			}
		},
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

// quiet is the watcher's Quiet in tests; only the fake clock measures it.
const quiet = 100 * time.Millisecond

// settle returns once the watcher has noted every change the test made
// so far. It writes a file of its own in the project folder, which is
// always watched, and waits for the watcher to hear of it: one inotify
// queue delivers events in the order they happened, so every earlier
// change has been noted by then.
func (h *harness) settle(t *testing.T) {
	t.Helper()
	h.marks++
	name := fmt.Sprintf("%s%d", mark, h.marks)
	write(t, h.dir, name, "")
	deadline := time.After(wait)
	for {
		select {
		case got := <-h.heard:
			if got == name {
				return
			}
		case <-deadline:
			t.Fatalf("the watcher did not hear of %s within %s", name, wait)
		}
	}
}

// round ends a round of changes: once the watcher has noted them all, the
// burst's quiet time passes, and round returns the report of the build.
func (h *harness) round(t *testing.T) Report {
	t.Helper()
	h.settle(t)
	if !h.clock.fire() {
		t.Fatal("no change was noted: nothing is waiting to be built")
	}
	return h.next(t)
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

// fakeClock is a clock that moves only when the test moves it, with the
// one timer the watcher makes.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	timer *fakeTimer
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// advance moves the clock on by d; a timer that falls due is not fired.
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *fakeClock) NewTimer(d time.Duration) timer {
	c.mu.Lock()
	c.timer = &fakeTimer{clock: c, ch: make(chan time.Time, 1)}
	c.mu.Unlock()
	c.timer.Reset(d)
	return c.timer
}

// armed reports whether the timer is set, and for how long.
func (c *fakeClock) armed() (time.Duration, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.timer == nil || !c.timer.armed {
		return 0, false
	}
	return c.timer.wait, true
}

// fire moves the clock to the timer's time and fires it; it reports
// whether the timer was set.
func (c *fakeClock) fire() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.timer
	if t == nil || !t.armed {
		return false
	}
	t.armed = false
	c.now = c.now.Add(t.wait)
	t.ch <- c.now
	return true
}

type fakeTimer struct {
	clock *fakeClock
	ch    chan time.Time
	armed bool
	wait  time.Duration
}

func (t *fakeTimer) C() <-chan time.Time { return t.ch }

func (t *fakeTimer) Reset(d time.Duration) bool {
	t.clock.mu.Lock()
	defer t.clock.mu.Unlock()
	was := t.stop()
	t.armed, t.wait = true, d
	return was
}

func (t *fakeTimer) Stop() bool {
	t.clock.mu.Lock()
	defer t.clock.mu.Unlock()
	return t.stop()
}

// stop disarms the timer and, as time.Timer does, drops a firing that was
// not received.
func (t *fakeTimer) stop() bool {
	was := t.armed
	t.armed = false
	select {
	case <-t.ch:
		was = true
	default:
	}
	return was
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
