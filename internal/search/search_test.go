package search

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeIndexer is a stand-in pagefind that records each run and writes a
// file like the real one does.
func fakeIndexer(t *testing.T) (*Indexer, string) {
	t.Helper()
	root := t.TempDir()
	log := filepath.Join(root, "runs.log")
	bin := filepath.Join(root, "node_modules", ".bin", "pagefind")
	// Called as: pagefind --site DIR --output-path OUT --silent
	script := "#!/bin/sh\nsleep 0.2\necho \"$2\" >> " + log + "\nmkdir -p \"$4\" && echo '{}' > \"$4/pagefind-entry.json\"\n"
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	ix, err := Find(root)
	if err != nil {
		t.Fatal(err)
	}
	return ix, log
}

func TestFindWithoutPagefind(t *testing.T) {
	if _, err := Find(t.TempDir()); err != ErrNoIndexer {
		t.Errorf("err = %v, want ErrNoIndexer", err)
	}
}

func TestIndex(t *testing.T) {
	ix, _ := fakeIndexer(t)
	site := t.TempDir()
	res, err := ix.Index(context.Background(), site)
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != 1 || res.Bytes != 3 {
		t.Errorf("result = %+v", res)
	}
	// A stale file of an older index does not survive the next run.
	stale := filepath.Join(site, "pagefind", "stale.pf_fragment")
	if err := os.WriteFile(stale, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Index(context.Background(), site); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("an older index's file survived")
	}
	if entries, _ := os.ReadDir(site); len(entries) != 1 {
		t.Errorf("the site folder holds %d entries, want only pagefind/", len(entries))
	}
}

// TestBackgroundCoalescesKicks kicks the re-indexer 20 times in a row,
// as 20 quick saves do: once the delay after the last kick passes, the
// site is indexed once. A later kick indexes it once more.
func TestBackgroundCoalescesKicks(t *testing.T) {
	ix, log := fakeIndexer(t)
	site := t.TempDir()
	var out syncBuffer
	bg := ix.Background(context.Background(), &out)
	var timers fakeTimers
	bg.after = timers.after
	runs := func() int {
		data, _ := os.ReadFile(log)
		return strings.Count(string(data), "\n")
	}
	for range 20 {
		bg.Kick(site)
	}
	if n := timers.pending(); n != 1 {
		t.Fatalf("after 20 kicks %d timers are set, want the last kick's alone", n)
	}
	timers.fire()
	bg.Wait()
	if n := runs(); n != 1 {
		t.Errorf("20 quick kicks gave %d runs, want 1", n)
	}
	if !strings.Contains(out.String(), "index: 1 files") {
		t.Errorf("log = %q", out.String())
	}
	bg.Kick(site)
	timers.fire()
	bg.Wait()
	if n := runs(); n != 2 {
		t.Errorf("a later kick gave %d runs in all, want 2", n)
	}
}

// fakeTimers stands in for time.AfterFunc: a timer's function runs when
// the test fires it, never by itself.
type fakeTimers struct {
	mu     sync.Mutex
	timers []*fakeTimer
}

type fakeTimer struct {
	f       func()
	stopped bool
}

func (ft *fakeTimers) after(_ time.Duration, f func()) stopper {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	t := &fakeTimer{f: f}
	ft.timers = append(ft.timers, t)
	return stopFunc(func() bool {
		ft.mu.Lock()
		defer ft.mu.Unlock()
		was := !t.stopped
		t.stopped = true
		return was
	})
}

type stopFunc func() bool

func (f stopFunc) Stop() bool { return f() }

// pending counts the timers neither stopped nor fired.
func (ft *fakeTimers) pending() int {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	n := 0
	for _, t := range ft.timers {
		if !t.stopped {
			n++
		}
	}
	return n
}

// fire runs every pending timer's function, each in its own goroutine as
// time.AfterFunc does.
func (ft *fakeTimers) fire() {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	for _, t := range ft.timers {
		if !t.stopped {
			t.stopped = true
			go t.f()
		}
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
