package search

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestFindWithoutPagefind(t *testing.T) {
	if _, err := Find(t.TempDir()); err != ErrNoIndexer {
		t.Errorf("err = %v, want ErrNoIndexer", err)
	}
}

func TestPlanRule(t *testing.T) {
	pages := map[string]*page{}
	add := func(month string, n int) {
		for i := range n {
			url := fmt.Sprintf("/articles/%s-%d/", month, i)
			pages[url] = &page{url: url, month: month}
		}
	}
	add("2019-01", 3)
	add("2019-02", 2)
	add("2019-05", 4) // a month alone is bigger than max
	add("2020-01", 1)
	add("", 7)
	r := planRule(pages, 3)
	if want := []string{"2019-01", "2019-02", "2019-05", "2020-01"}; !reflect.DeepEqual(r.starts, want) {
		t.Errorf("starts = %v, want %v", r.starts, want)
	}
	if r.buckets != 3 {
		t.Errorf("buckets = %d, want 3 for 7 undated pages of at most 3", r.buckets)
	}
	for _, c := range []struct{ month, key string }{
		{"2019-01", "d2019-01"}, {"2019-03", "d2019-02"}, {"2019-12", "d2019-05"},
		{"2018-06", "d2019-01"}, // before the first part: the first part
		{"2031-01", "d2020-01"}, // after the last: the last
	} {
		if got := r.key(&page{month: c.month}); got != c.key {
			t.Errorf("key(%s) = %s, want %s", c.month, got, c.key)
		}
	}
	// Undated pages are spread by address, the same way every time.
	for _, p := range pages {
		if p.month != "" {
			continue
		}
		k := r.key(p)
		if k != "u0" && k != "u1" && k != "u2" || k != r.key(p) {
			t.Errorf("undated %s in part %q", p.url, k)
		}
	}
}

func TestReadPage(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "articles/a/index.html", article("2021-03-04", "Oil &amp; Gas", "Iraq"))
	write(t, dir, "articles/u/index.html", article("", "Iraq"))
	write(t, dir, "tags/index.html", "<main><a>a list, not indexed</a></main>")
	got := map[string]*page{}
	err := htmlFiles(dir, func(rel string, info os.FileInfo) error {
		p, ok, err := readPage(dir, rel, info)
		if ok {
			got[rel] = p
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("indexed %d pages, want the 2 articles", len(got))
	}
	a := got["articles/a/index.html"]
	if a.url != "/articles/a/" || a.month != "2021-03" || a.year != "2021" || !reflect.DeepEqual(a.tags, []string{"Oil & Gas", "Iraq"}) {
		t.Errorf("dated page = %+v", a)
	}
	if u := got["articles/u/index.html"]; u.month != "" || u.year != "" {
		t.Errorf("undated page = %+v", u)
	}
}

// article is an article page as the templates mark it for the index.
func article(date string, tags ...string) string {
	var b strings.Builder
	b.WriteString(`<html lang="en"><body><article data-pagefind-body><h1 data-pagefind-meta="title">A story</h1>`)
	if date != "" {
		fmt.Fprintf(&b, `<p data-pagefind-ignore data-pagefind-filter="year:%s" data-pagefind-sort="date:%s"></p>`, date[:4], date)
	} else {
		b.WriteString(`<p data-pagefind-ignore data-pagefind-sort="date:0000-00-00"></p>`)
	}
	for _, t := range tags {
		fmt.Fprintf(&b, `<a data-pagefind-filter="tag">%s</a>`, t)
	}
	fmt.Fprintf(&b, "<p>Text of the story dated %s.</p></article></body></html>", date)
	return b.String()
}

func write(t *testing.T, dir, rel, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// indexer is the project's Pagefind; the tests that run it are skipped,
// saying so, where it is not installed (make index installs it).
func indexer(t *testing.T) *Indexer {
	t.Helper()
	ix, err := Find(filepath.Join("..", ".."))
	if err != nil {
		t.Skipf("SKIPPED: %v", err)
	}
	ix.PartPages = 2
	return ix
}

// site writes six dated articles over three months and one undated.
func site(t *testing.T) string {
	dir := t.TempDir()
	for i, d := range []string{"2020-01-05", "2020-01-09", "2020-02-01", "2020-02-11", "2020-03-03", "2020-03-30", ""} {
		write(t, dir, fmt.Sprintf("articles/a%d/index.html", i), article(d, "Iraq"))
	}
	write(t, dir, "index.html", "<p>home</p>")
	return dir
}

func readManifest(t *testing.T, dir string) manifest {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "pagefind", "parts.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestIndexInParts(t *testing.T) {
	ix := indexer(t)
	dir := site(t)
	res, err := ix.Index(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != 7 || res.Parts != 4 || res.Indexed != 4 {
		t.Errorf("result = %+v, want 7 pages in 4 parts", res)
	}
	m := readManifest(t, dir)
	var keys []string
	for _, p := range m.Parts {
		keys = append(keys, fmt.Sprintf("%s %s..%s %d", p.Key, p.From, p.To, p.Pages))
	}
	want := []string{"d2020-01 2020-01..2020-01 2", "d2020-02 2020-02..2020-02 2", "d2020-03 2020-03..2020-03 2", "u0 .. 1"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("parts = %q, want %q", keys, want)
	}
	if m.Filters["tag"]["Iraq"] != 7 || m.Filters["year"]["2020"] != 6 {
		t.Errorf("filters = %v", m.Filters)
	}
	for _, p := range m.Parts {
		bundle := filepath.Join(dir, "pagefind", p.Key)
		for _, name := range []string{"pagefind.js", "pagefind-entry.json"} {
			if _, err := os.Stat(filepath.Join(bundle, name)); err != nil {
				t.Errorf("part %s: %v", p.Key, err)
			}
		}
		if _, err := os.Stat(filepath.Join(bundle, "pagefind-ui.js")); err == nil {
			t.Errorf("part %s keeps Pagefind's own search interface, which the site does not use", p.Key)
		}
	}
	// A stale file of an older index does not survive the next run.
	stale := filepath.Join(dir, "pagefind", "stale.pf_fragment")
	write(t, dir, "pagefind/stale.pf_fragment", "")
	if _, err := ix.Index(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("an older index's file survived")
	}
	if _, err := os.Stat(filepath.Join(dir, ".pagefind-new")); err == nil {
		t.Error("the index's working folder was left behind")
	}
}

// entryTime is when a part's bundle was last written.
func entryTime(t *testing.T, dir, key string) time.Time {
	t.Helper()
	info, err := os.Stat(filepath.Join(dir, "pagefind", key, "pagefind-entry.json"))
	if err != nil {
		t.Fatal(err)
	}
	return info.ModTime()
}

func TestUpdateIndexesOnlyChangedParts(t *testing.T) {
	ix := indexer(t)
	dir := site(t)
	ctx := context.Background()
	_, st, err := ix.full(ctx, dir, false)
	if err != nil {
		t.Fatal(err)
	}
	before := map[string]time.Time{}
	for _, k := range []string{"d2020-01", "d2020-02", "d2020-03", "u0"} {
		before[k] = entryTime(t, dir, k)
	}
	// Nothing changed: nothing is indexed.
	res, ok, err := ix.update(ctx, st, false)
	if err != nil || !ok || res.Indexed != 0 {
		t.Fatalf("update with no change = %+v, %v, %v", res, ok, err)
	}
	// One article moves from February to March, another is removed.
	write(t, dir, "articles/a2/index.html", article("2020-03-15", "Iraq", "Syria"))
	if err := os.RemoveAll(filepath.Join(dir, "articles", "a0")); err != nil {
		t.Fatal(err)
	}
	res, ok, err = ix.update(ctx, st, false)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if res.Indexed != 3 || res.Pages != 6 {
		t.Errorf("update = %+v, want 3 parts indexed again, 6 pages", res)
	}
	if !entryTime(t, dir, "u0").Equal(before["u0"]) {
		t.Error("the undated part, which did not change, was indexed again")
	}
	m := readManifest(t, dir)
	counts := map[string]int{}
	for _, p := range m.Parts {
		counts[p.Key] = p.Pages
	}
	if want := map[string]int{"d2020-01": 1, "d2020-02": 1, "d2020-03": 3, "u0": 1}; !reflect.DeepEqual(counts, want) {
		t.Errorf("parts after the edit = %v, want %v", counts, want)
	}
	if m.Filters["tag"]["Syria"] != 1 || m.Filters["tag"]["Iraq"] != 6 {
		t.Errorf("filters after the edit = %v", m.Filters)
	}
	// A new article is indexed in its part.
	write(t, dir, "articles/a9/index.html", article("2020-02-20", "Lebanon"))
	res, ok, err = ix.update(ctx, st, false)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if res.Indexed != 1 || res.Pages != 7 {
		t.Errorf("update after a new article = %+v, want 1 part indexed again, 7 pages", res)
	}
	if m := readManifest(t, dir); m.Filters["tag"]["Lebanon"] != 1 {
		t.Errorf("the new article is not in the index: filters %v", m.Filters)
	}
	// A part that loses its last page goes.
	if err := os.RemoveAll(filepath.Join(dir, "articles", "a1")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ix.update(ctx, st, false); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "pagefind", "d2020-01")); err == nil {
		t.Error("the emptied part's bundle is still there")
	}
	if len(readManifest(t, dir).Parts) != 3 {
		t.Errorf("parts.json still lists the emptied part")
	}
}

// TestBackgroundCoalescesKicks kicks the re-indexer 20 times in a row,
// as 20 quick saves do: once the delay after the last kick passes, the
// site is indexed once, every part of it. A later kick after one edit
// indexes it once more, that part alone.
func TestBackgroundCoalescesKicks(t *testing.T) {
	ix := indexer(t)
	dir := site(t)
	var out syncBuffer
	bg := ix.Background(context.Background(), &out)
	var timers fakeTimers
	bg.after = timers.after
	for range 20 {
		bg.Kick(dir)
	}
	if n := timers.pending(); n != 1 {
		t.Fatalf("after 20 kicks %d timers are set, want the last kick's alone", n)
	}
	timers.fire()
	bg.Wait()
	if runs := strings.Count(out.String(), "index: "); runs != 1 {
		t.Errorf("20 quick kicks gave %d runs, want 1:\n%s", runs, out.String())
	}
	if !strings.Contains(out.String(), "7 pages in 4 parts (4 indexed)") {
		t.Errorf("the first run did not index every part:\n%s", out.String())
	}
	write(t, dir, "articles/a5/index.html", article("2020-03-31", "Iraq"))
	bg.Kick(dir)
	timers.fire()
	bg.Wait()
	if got := strings.Count(out.String(), "index: "); got != 2 {
		t.Errorf("a later kick gave %d runs in all, want 2", got)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, "7 pages in 4 parts (1 indexed)") {
		t.Errorf("the run after one edit did not index just that part: %s", last)
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
