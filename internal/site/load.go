package site

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"

	"briefing/internal/content"
	"briefing/internal/convert"
	"briefing/internal/markdown"
	"briefing/internal/parallel"
	"briefing/internal/taxonomy"
)

// Loader reads content files and keeps what it made of each, so that a
// later Load re-reads only files whose bytes changed.
type Loader struct {
	text  *textStore
	md    *markdown.Renderer
	match *taxonomy.Matcher
	cache map[string]*Source // by file name
	// sorted holds the cache's sources in file-name order.
	sorted []*Source
	// broken holds files that failed to load; every Reload tries them
	// again, so a build never goes on without them.
	broken map[string]bool
}

// NewLoader returns a Loader that renders with md and tags with match.
func NewLoader(md *markdown.Renderer, match *taxonomy.Matcher) *Loader {
	return &Loader{text: newTextStore(), md: md, match: match, cache: map[string]*Source{}, broken: map[string]bool{}}
}

// Load reads every *.md file at the top of fsys, in file-name order. dir
// is the folder's name, used in messages. Each bad file gives one error;
// the others still load.
func (l *Loader) Load(fsys fs.FS, dir string) ([]*Source, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			err = pe.Err // its path is "." or the folder's, named below
		}
		return nil, fmt.Errorf("content folder %s: %w", dir, err)
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !content.IsArticle(n) {
			continue
		}
		names = append(names, n)
	}
	slices.Sort(names)
	out := make([]*Source, len(names))
	errs := make([]error, len(names))
	parallel.For(len(names), func(i int) { out[i], errs[i] = l.load(fsys, dir, names[i]) })
	cache := make(map[string]*Source, len(names))
	l.broken = map[string]bool{}
	l.sorted = l.sorted[:0]
	for i, s := range out {
		switch {
		case s != nil:
			cache[names[i]] = s
			l.sorted = append(l.sorted, s)
		case errors.Is(errs[i], fs.ErrNotExist):
			// Gone since the listing, or left out by fsys (a file system
			// that refuses some files says so itself).
			errs[i] = nil
		default:
			l.broken[names[i]] = true
		}
	}
	l.cache = cache
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return slices.Clone(l.sorted), nil
}

func (l *Loader) load(fsys fs.FS, dir, name string) (*Source, error) {
	// The file's bytes are read into a pooled buffer where the folder
	// allows it: nothing made of them keeps them (Parse copies what it
	// keeps, and the body is let go once rendered).
	bp := reads.Get().(*[]byte)
	defer reads.Put(bp)
	var data []byte
	var err error
	if a, ok := fsys.(appendFiler); ok {
		data, err = a.AppendFile((*bp)[:0], name)
		if cap(data) > cap(*bp) {
			*bp = data
		}
	} else {
		data, err = fs.ReadFile(fsys, name)
	}
	if err != nil {
		return nil, err
	}
	h := maphash.Bytes(seed, data)
	if old := l.cache[name]; old != nil && old.Hash == h {
		return old, nil
	}
	f, err := content.Parse(path.Join(dir, name), data)
	if err != nil {
		return nil, err
	}
	src := &Source{File: f, Name: strings.TrimSuffix(name, ".md"), Hash: h}
	src.Date, _ = time.Parse(time.DateOnly, f.Front.Date)
	src.DateSource, src.Warnings = dateSource(f)
	src.Edited, _ = f.Edited()
	// The rendered body goes to the store: it is made in a buffer that
	// serves text after text.
	out := bodies.Get().(*[]byte)
	body, refs := l.md.Append((*out)[:0], f.Body)
	src.Body, err = l.text.put(body)
	*out = body
	bodies.Put(out)
	if err != nil {
		return nil, fmt.Errorf("%s: keeping the rendered body: %w", src.File.Path, err)
	}
	src.Refs = placeRefs(refs, f.BodyLine)
	for i, n := range f.Front.Notes {
		h, refs := l.md.Render([]byte(n.Text))
		src.Notes = append(src.Notes, h)
		src.NoteRefs = append(src.NoteRefs, placeRefs(refs, f.NoteLines[i]))
	}
	// The matcher keeps nothing of the texts: the body is lent to it,
	// not copied.
	src.Auto = l.match.Match(f.Front.Title, f.Front.Caption, unsafe.String(unsafe.SliceData(f.Body), len(f.Body)))
	// The Markdown is done with, and it holds the whole file's bytes: let
	// them go, since a loader keeps every source for the next build.
	f.Body = nil
	return src, nil
}

// appendFiler is a folder that reads a file into the caller's buffer
// (files.InputFS).
type appendFiler interface {
	AppendFile(buf []byte, name string) ([]byte, error)
}

// reads hold content files while they are loaded.
var reads = sync.Pool{New: func() any { return new([]byte) }}

// bodies hold rendered bodies on their way to the store.
var bodies = sync.Pool{New: func() any { return new([]byte) }}

// dateSource checks where the file says its date came from. A claim that
// the caption gave the date holds only if the caption states that date; a
// date set by an editor says so. A claim that does not hold, or a date with
// no source, is reported and shown without a source.
func dateSource(f *content.File) (string, []string) {
	fr := &f.Front
	if fr.Date == "" {
		return "", nil
	}
	switch fr.DateSource {
	case "editor":
		return "editor", nil
	case "caption":
		got := convert.CaptionDate(fr.Caption)
		if got == fr.Date {
			return "caption", nil
		}
		states := "states no date"
		if got != "" {
			states = "states " + got
		}
		return "", []string{fmt.Sprintf("%s: date_source is caption, but the caption %s, not %s; the page shows the date without a source (if an editor chose this date, write date_source: editor)",
			place(f, "date_source"), states, fr.Date)}
	}
	return "", []string{fmt.Sprintf("%s: date %s has no date_source; the page shows it without a source (add date_source: editor, or caption if the caption states it)",
		place(f, "date"), fr.Date)}
}

// Reload updates the loaded files after the named files (inside fsys)
// changed, were created or were deleted, and returns all of them in
// file-name order. Files not named are not read again.
func (l *Loader) Reload(fsys fs.FS, dir string, changed []string) ([]*Source, error) {
	var errs []error
	todo := slices.Clone(changed)
	for name := range l.broken {
		todo = append(todo, name)
	}
	slices.Sort(todo)
	todo = slices.Compact(todo)
	for _, name := range todo {
		if !content.IsArticle(name) {
			continue
		}
		src, err := l.load(fsys, dir, name)
		delete(l.broken, name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			l.set(name, nil)
		case err != nil:
			l.set(name, nil)
			l.broken[name] = true
			errs = append(errs, err)
		default:
			l.set(name, src)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return slices.Clone(l.sorted), nil
}

// set puts src in the cache under name, or takes name out if src is nil,
// keeping the sorted list in step.
func (l *Loader) set(name string, src *Source) {
	// In file-name order, as Load reads them: "a-b.md" comes before
	// "a.md" though "a" comes before "a-b".
	i, found := slices.BinarySearchFunc(l.sorted, name, func(s *Source, n string) int { return strings.Compare(s.Name+".md", n) })
	switch {
	case src == nil:
		delete(l.cache, name)
		if found {
			l.sorted = slices.Delete(l.sorted, i, i+1)
		}
	case found:
		l.cache[name] = src
		l.sorted[i] = src
	default:
		l.cache[name] = src
		l.sorted = slices.Insert(l.sorted, i, src)
	}
}

// placeRefs turns refs' lines into lines of the file, the text starting on
// line first.
func placeRefs(refs []markdown.Ref, first int) []markdown.Ref {
	for i := range refs {
		refs[i].Line += first - 1
	}
	return refs
}
