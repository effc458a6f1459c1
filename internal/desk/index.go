package desk

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"briefing/internal/content"
	"briefing/internal/ingest"
)

// entry is what the desk knows of one article file.
type entry struct {
	Name   string         `json:"name"`
	Title  string         `json:"title"`
	Date   string         `json:"date,omitempty"`
	Draft  bool           `json:"draft,omitempty"`
	Review string         `json:"review,omitempty"`
	Error  string         `json:"error,omitempty"` // the front matter's error, if any
	Notes  []content.Note `json:"-"`
	// Copies are the articles (names) its review line says it may be a
	// copy of; Incoming is the review line of the new copy convert left
	// for it in ingest.IncomingDir, if there is one.
	Copies   []string `json:"copies,omitempty"`
	Incoming string   `json:"incoming,omitempty"`
}

// index is the desk's list of the content folder's articles, read once
// and then kept up to date file by file.
type index struct {
	dir string

	once sync.Once
	mu   sync.RWMutex
	all  map[string]*entry // by name
	list []*entry          // the same, in the order of their names
}

func newIndex(dir string) *index { return &index{dir: dir} }

// isArticle reports whether name, in the content folder, is an article
// file: Markdown, directly in the folder, not a dotfile.
func isArticle(name string) bool {
	return strings.HasSuffix(name, ".md") && !strings.ContainsAny(name, `/\`) && !strings.HasPrefix(name, ".")
}

// load reads every article once, on the first use.
func (x *index) load() {
	x.once.Do(func() {
		x.all = map[string]*entry{}
		des, err := os.ReadDir(x.dir)
		if err != nil {
			return
		}
		var names []string
		for _, de := range des {
			if de.Type().IsRegular() && isArticle(de.Name()) {
				names = append(names, de.Name())
			}
		}
		incoming := map[string]bool{}
		if des, err := os.ReadDir(filepath.Join(x.dir, ingest.IncomingDir)); err == nil {
			for _, de := range des {
				incoming[de.Name()] = true
			}
		}
		entries := make([]*entry, len(names))
		var wg sync.WaitGroup
		n := runtime.GOMAXPROCS(0)
		for w := range n {
			wg.Go(func() {
				for i := w; i < len(names); i += n {
					entries[i], _ = x.read(names[i], incoming[names[i]])
				}
			})
		}
		wg.Wait()
		for _, e := range entries {
			if e != nil {
				x.all[e.Name] = e
				x.list = append(x.list, e)
			}
		}
		slices.SortFunc(x.list, byName)
	})
}

// read reads one article file, and the new copy waiting for it if there
// may be one; it returns nil for one that is gone or is not a regular
// file, and the file's bytes.
func (x *index) read(file string, incoming bool) (*entry, []byte) {
	e, data := x.readArticle(file)
	if e == nil {
		return nil, nil
	}
	for _, c := range ingest.PossibleCopies(e.Review) {
		e.Copies = append(e.Copies, strings.TrimSuffix(c, ".md"))
	}
	if incoming {
		e.Incoming = x.incoming(file)
	}
	return e, data
}

// incoming is the review line of the new copy of file waiting in
// ingest.IncomingDir, or "" when there is none.
func (x *index) incoming(file string) string {
	p := filepath.Join(x.dir, ingest.IncomingDir, file)
	st, err := os.Lstat(p)
	if err != nil || !st.Mode().IsRegular() {
		return ""
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return ""
	}
	if e, ok := skim(data); ok && e.Review != "" {
		return e.Review
	}
	if f, err := content.Parse(p, data); err == nil && f.Front.Review != "" {
		return f.Front.Review
	}
	return "a new copy of this article waits in " + filepath.Join(filepath.Base(x.dir), ingest.IncomingDir, file)
}

// readArticle reads one article file.
func (x *index) readArticle(file string) (*entry, []byte) {
	p := filepath.Join(x.dir, file)
	st, err := os.Lstat(p)
	if err != nil || !st.Mode().IsRegular() {
		return nil, nil
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, nil
	}
	name := strings.TrimSuffix(file, ".md")
	if e, ok := skim(data); ok {
		e.Name = name
		return &e, data
	}
	e := &entry{Name: name}
	f, err := content.Parse(filepath.Join(filepath.Base(x.dir), file), data)
	if err != nil {
		e.Title = e.Name
		e.Error = err.Error()
		return e, data
	}
	fr := f.Front
	e.Title, e.Date, e.Draft, e.Review, e.Notes = fr.Title, fr.Date, fr.Draft, fr.Review, fr.Notes
	return e, data
}

// refresh reads the named files again.
func (x *index) refresh(files []string) {
	x.load()
	for _, f := range files {
		// A new copy in ingest.IncomingDir is part of its article's entry.
		f = strings.TrimPrefix(f, ingest.IncomingDir+"/")
		if !isArticle(f) {
			continue
		}
		e, _ := x.read(f, true)
		name := strings.TrimSuffix(f, ".md")
		x.mu.Lock()
		i, found := slices.BinarySearchFunc(x.list, name, func(e *entry, name string) int { return cmp.Compare(e.Name, name) })
		switch {
		case e == nil && found:
			delete(x.all, name)
			x.list = slices.Delete(x.list, i, i+1)
		case e != nil && found:
			x.all[name], x.list[i] = e, e
		case e != nil:
			x.all[name] = e
			x.list = slices.Insert(x.list, i, e)
		}
		x.mu.Unlock()
	}
}

// has reports whether name is an article the desk knows.
func (x *index) has(name string) bool {
	x.load()
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.all[name] != nil
}

// revision names a file's bytes; a save brings back the one it was
// opened on.
func revision(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:12])
}

// The desk's lists.
const (
	showUndated = "undated"
	showReview  = "review"
	showDrafts  = "drafts"
	showNotes   = "notes"
	showErrors  = "errors"
)

// shows are the lists, in the order query counts them.
var shows = [...]string{showUndated, showReview, showDrafts, showNotes, showErrors}

func (e *entry) in(show string) bool {
	switch show {
	case showUndated:
		return e.Date == "" && e.Error == ""
	case showReview:
		return e.Review != "" || e.Incoming != ""
	case showDrafts:
		return e.Draft
	case showErrors:
		return e.Error != ""
	}
	return false
}

func byName(a, b *entry) int { return cmp.Compare(a.Name, b.Name) }

// noteRow is a note in the list of the latest notes.
type noteRow struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	By    string `json:"by"`
	Date  string `json:"date"`
	Text  string `json:"text"`
}

// pageSize is how many rows one page of a list holds.
const pageSize = 50

// listing is one page of a list, and the size of every list.
type listing struct {
	Counts map[string]int `json:"counts"`
	Show   string         `json:"show"`
	Page   int            `json:"page"`
	Pages  int            `json:"pages"`
	Total  int            `json:"total"`
	Rows   []*entry       `json:"rows,omitempty"`
	Notes  []noteRow      `json:"notes,omitempty"`
}

// query makes one page of the list show, of the entries whose title or
// name holds q (in any case), in the order of their names (notes newest
// first): one pass over the index, which keeps only the page's rows.
func (x *index) query(show, q string, page int) listing {
	x.load()
	q = strings.ToLower(strings.TrimSpace(q))
	match := func(e *entry) bool {
		return q == "" || strings.Contains(strings.ToLower(e.Title), q) || strings.Contains(e.Name, q)
	}
	l := listing{Counts: map[string]int{}, Show: show, Page: max(page, 1)}
	from := (l.Page - 1) * pageSize
	var counts [len(shows)]int
	var notes []noteRow
	x.mu.RLock()
	for _, e := range x.list {
		counts[0] += b2i(e.Date == "" && e.Error == "")
		counts[1] += b2i(e.in(showReview))
		counts[2] += b2i(e.Draft)
		counts[3] += len(e.Notes)
		counts[4] += b2i(e.Error != "")
		if show == showNotes {
			if len(e.Notes) > 0 && match(e) {
				for _, n := range e.Notes {
					notes = append(notes, noteRow{Name: e.Name, Title: e.Title, By: n.By, Date: n.Date, Text: n.Text})
				}
			}
			continue
		}
		if e.in(show) && match(e) {
			if l.Total >= from && l.Total < from+pageSize {
				l.Rows = append(l.Rows, e)
			}
			l.Total++
		}
	}
	x.mu.RUnlock()
	for i, s := range shows {
		l.Counts[s] = counts[i]
	}
	if show == showNotes {
		l.Total = len(notes)
		slices.SortStableFunc(notes, func(a, b noteRow) int { return cmp.Compare(b.Date, a.Date) })
		from, to := window(len(notes), l.Page)
		l.Notes = notes[from:to]
	}
	l.Pages = max(1, (l.Total+pageSize-1)/pageSize)
	return l
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// window is the range of the rows on page (from 1) of n rows.
func window(n, page int) (int, int) {
	from := min((page-1)*pageSize, n)
	return from, min(from+pageSize, n)
}
