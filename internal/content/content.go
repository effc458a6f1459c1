// Package content reads and writes the archive's article files.
//
// An article file is Markdown with a YAML front matter block:
//
//	---
//	id: d44cc6a1a8c7
//	title: US Ready for Negotiations with Iraq on American Military Presence
//	date: "2020-01-23"
//	date_source: caption
//	caption: Iraqi demonstrators block roads … REUTERS/Thaier al-Sudani
//	sources:
//	  - 000_241ace8e12c80626.txt:1
//	fingerprint: 04d486505e3eff349d34
//	tags: []
//	exclude_tags: []
//	notes: []
//	summary: ""
//	draft: false
//	---
//	The United States is prepared to …
//
// review (why an editor should look at the file) and aliases are written
// only when they have a value.
//
// # Who owns which field
//
// The converter owns id, title, caption, date (with date_source: caption),
// sources, fingerprint, review and the body; the editors own tags,
// exclude_tags, notes, summary, draft and aliases (the old addresses of a
// page that moved), and any of the converter's
// fields they change: a date they set (date_source: editor), a title or
// caption they correct, a body they edit. fingerprint is the hash of the
// body as the converter wrote it, so a changed body shows. How the
// converter merges new copies of a story into a file is in package
// ingest.
//
// # Pages
//
// The archive's own pages (about, methodology) are Markdown files in the
// pages folder below the content folder, with a smaller front matter:
// title (required), description and aliases. ParsePage reads them.
//
// # Rules
//
// Unknown keys are errors, at the top and inside a note, so a misspelt key
// is reported (with the key it is nearest to) instead of being ignored.
// A tag needs a letter or digit to make its URL from. Dates are
// YYYY-MM-DD. A note needs by, date and text. Every error starts
// with the file and the line it is about, counted in the whole file, says
// what is wrong and how to fix it: the mistakes editors make most are
// recognised by reading the lines (see lint), before the YAML parser's own
// words are used.
//
// A front matter laid out as convert writes it (plain or one-line quoted
// values, lists of them, no notes) is read line by line without the YAML
// parser (see decodeSimple), to the very same fields and lines; any other,
// and any with a mistake, goes through the parser.
package content

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/gosimple/slug"
	"go.yaml.in/yaml/v3"

	"briefing/internal/spell"
)

// Note is an editor's note on an article.
type Note struct {
	By   string `yaml:"by"`
	Date string `yaml:"date"`
	Text string `yaml:"text"`
}

// Front is an article's front matter.
type Front struct {
	ID          string   `yaml:"id"`
	Title       string   `yaml:"title"`
	Date        string   `yaml:"date,omitempty"`
	DateSource  string   `yaml:"date_source,omitempty"`
	Caption     string   `yaml:"caption,omitempty"`
	Sources     []string `yaml:"sources"`
	Fingerprint string   `yaml:"fingerprint,omitempty"`
	Review      string   `yaml:"review,omitempty"`
	Tags        []string `yaml:"tags"`
	ExcludeTags []string `yaml:"exclude_tags"`
	Notes       []Note   `yaml:"notes"`
	Summary     string   `yaml:"summary"`
	Draft       bool     `yaml:"draft"`
	Aliases     []string `yaml:"aliases,omitempty"`
}

// File is one parsed article file.
type File struct {
	// Path is the file's name as given to Parse, used in errors.
	Path  string
	Front Front
	// Body is the Markdown after the front matter.
	Body []byte
	// BodyLine is the line of the file on which Body starts.
	BodyLine int
	// NoteLines are, for each note, the line of the file on which its
	// text starts.
	NoteLines []int
	// AliasLines are, for each alias, its line in the file.
	AliasLines []int
	// IDLine is the line of the file the id is on.
	IDLine int
	// keyLines are the lines of the top-level keys, in keyList's order
	// (0 for a key the file lacks): small, as every loaded file keeps it.
	keyLines []int32
}

// Line returns the line of the file that a top-level key is on, or 0 if
// the front matter does not have it.
func (f *File) Line(key string) int {
	if i := slices.Index(keyList, key); i >= 0 && i < len(f.keyLines) {
		return int(f.keyLines[i])
	}
	return 0
}

// Error is a problem in a content file, with its place.
type Error struct {
	Path string
	Line int
	Err  error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

var delim = []byte("---")

// split cuts data into its front matter and body. fmLine is the line the
// front matter starts on (2), bodyLine the first line of the body.
func split(data []byte) (fm, body []byte, bodyLine int, err error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	first, rest, ok := bytes.Cut(data, []byte("\n"))
	if !ok || !bytes.Equal(bytes.TrimRight(first, " \r"), delim) {
		return nil, nil, 0, errors.New("front matter: the file does not start with a --- line; put --- on the first line, above the keys")
	}
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		next := len(rest) + 1
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
			next = off + end + 1
		}
		if bytes.Equal(bytes.TrimRight(l, " \r"), delim) {
			if next > len(rest) {
				return rest[:off], nil, line + 1, nil
			}
			return rest[:off], rest[next:], line + 1, nil
		}
		off = next
		line++
	}
	return nil, nil, 0, errors.New("front matter: the --- line that ends the front matter is missing; add a line --- after the last key, above the article's text")
}

// Parse reads an article file. Errors are *Error values that point at the
// line in the file and say, in an editor's words, what is wrong and how to
// fix it.
func Parse(path string, data []byte) (*File, error) {
	fm, body, bodyLine, err := split(data)
	if err != nil {
		return nil, &Error{Path: path, Line: 1, Err: err}
	}
	f := &File{Path: path, Body: body, BodyLine: bodyLine}
	if decodeSimple(fm, f) {
		return f, nil
	}
	if err := decodeYAML(fm, f); err != nil {
		return nil, err
	}
	return f, nil
}

// decodeYAML fills f's front matter and lines from fm, the YAML text,
// through the YAML parser, or says what is wrong with it.
func decodeYAML(fm []byte, f *File) error {
	path := f.Path
	// One parse into a node tree: it gives lines for every message, the
	// keys to check, and the struct.
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		return parserProblem(fm, err).error(path)
	}
	if len(doc.Content) == 0 {
		return problem{2, "empty", "write the article's keys between the two --- lines"}.error(path)
	}
	m := doc.Content[0]
	if p, ok := knownKeys(m); ok {
		return p.error(path)
	}
	f.keyLines = make([]int32, len(keyList))
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := slices.Index(keyList, m.Content[i].Value); k >= 0 && f.keyLines[k] == 0 {
			f.keyLines[k] = int32(fmLine(m.Content[i].Line))
		}
	}
	if err := m.Decode(&f.Front); err != nil {
		return parserProblem(fm, err).error(path)
	}
	if p, ok := validate(&f.Front, &doc); ok {
		return p.error(path)
	}
	for i := range f.Front.Notes {
		f.NoteLines = append(f.NoteLines, fmLine(noteTextLine(&doc, i)))
	}
	f.AliasLines = aliasLines(&doc, len(f.Front.Aliases))
	f.IDLine = f.Line("id")
	return nil
}

// aliasLines are the file lines of the first n entries of aliases.
func aliasLines(doc *yaml.Node, n int) []int {
	var out []int
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "aliases" {
			for j := range min(n, len(m.Content[i+1].Content)) {
				out = append(out, m.Content[i+1].Content[j].Line+1)
			}
		}
	}
	for len(out) < n {
		out = append(out, keyLine(doc, "aliases")+1)
	}
	return out
}

// PageFront is the front matter of one of the archive's own pages.
type PageFront struct {
	Title       string   `yaml:"title"`
	Description string   `yaml:"description"`
	Aliases     []string `yaml:"aliases"`
}

// Page is one parsed page file.
type Page struct {
	Path       string
	Front      PageFront
	Body       []byte
	BodyLine   int
	AliasLines []int
}

// ParsePage reads one of the archive's own pages. Errors are *Error values
// that point at the line in the file.
func ParsePage(path string, data []byte) (*Page, error) {
	fm, body, bodyLine, err := split(data)
	if err != nil {
		return nil, &Error{Path: path, Line: 1, Err: err}
	}
	p := &Page{Path: path, Body: body, BodyLine: bodyLine}
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		return nil, yamlError(path, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, &Error{Path: path, Line: 2, Err: errors.New("front matter: want title, and optionally description and aliases")}
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		switch k := m.Content[i].Value; k {
		case "title", "description", "aliases":
		default:
			return nil, &Error{Path: path, Line: m.Content[i].Line + 1, Err: fmt.Errorf("front matter: unknown key %q (a page has title, description and aliases)", k)}
		}
	}
	if err := m.Decode(&p.Front); err != nil {
		return nil, yamlError(path, err)
	}
	if strings.TrimSpace(p.Front.Title) == "" {
		return nil, &Error{Path: path, Line: keyLine(&doc, "title") + 1, Err: errors.New("front matter: title is missing")}
	}
	p.AliasLines = aliasLines(&doc, len(p.Front.Aliases))
	return p, nil
}

// noteTextLine is the line, in the YAML text, on which the n-th note's
// text starts: a block scalar ("text: |") starts on the next line.
func noteTextLine(doc *yaml.Node, n int) int {
	line := itemLine(doc, "notes", n, "text")
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != "notes" || n >= len(m.Content[i+1].Content) {
			continue
		}
		item := m.Content[i+1].Content[n]
		for j := 0; j+1 < len(item.Content); j += 2 {
			if v := item.Content[j+1]; item.Content[j].Value == "text" && v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				return line + 1
			}
		}
	}
	return line
}

// keyList and keys are the front matter's keys, from Front's yaml tags.
var (
	keyList = tagNames(reflect.TypeFor[Front]())
	keys    = func() map[string]bool {
		k := map[string]bool{}
		for _, name := range keyList {
			k[name] = true
		}
		return k
	}()
)

// tagNames lists the yaml names of a struct's fields.
func tagNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		names = append(names, name)
	}
	return names
}

// noteKeys are the keys of a note, from Note's yaml tags.
var noteKeys = tagNames(reflect.TypeFor[Note]())

// knownKeys reports the first key, at the top or in a note, that is not
// one of the front matter's, so a misspelt key is an error rather than a
// silently empty field.
func knownKeys(m *yaml.Node) (problem, bool) {
	if m.Kind != yaml.MappingNode {
		return problem{fmLine(m.Line), "the front matter is not a list of keys and values", `write each on its own line as "key: value"`}, true
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if !keys[k.Value] {
			return problem{fmLine(k.Line), fmt.Sprintf("unknown key %q", k.Value), suggest(k.Value, keyList)}, true
		}
		if k.Value != "notes" || m.Content[i+1].Kind != yaml.SequenceNode {
			continue
		}
		for n, note := range m.Content[i+1].Content {
			for j := 0; note.Kind == yaml.MappingNode && j+1 < len(note.Content); j += 2 {
				if nk := note.Content[j]; !slices.Contains(noteKeys, nk.Value) {
					return problem{fmLine(nk.Line), fmt.Sprintf("note %d has an unknown key %q (a note has by, date and text)", n+1, nk.Value), suggest(nk.Value, noteKeys)}, true
				}
			}
		}
	}
	return problem{}, false
}

// suggest is the fix for an unknown key: the known key it is nearest to,
// or the list of them.
func suggest(key string, known []string) string {
	if near := spell.Nearest(key, known); near != "" {
		return fmt.Sprintf("did you mean %s?", near)
	}
	return "the keys are " + strings.Join(known, ", ")
}

// keyLine finds the line of a top-level key, or of its n-th list item's
// field, in the parsed YAML document.
func keyLine(doc *yaml.Node, key string) int {
	if doc == nil || len(doc.Content) == 0 {
		return 1
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return 1
}

func itemLine(doc *yaml.Node, key string, n int, field string) int {
	if doc == nil || len(doc.Content) == 0 {
		return 1
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != key {
			continue
		}
		seq := m.Content[i+1]
		if n >= len(seq.Content) {
			return m.Content[i].Line
		}
		item := seq.Content[n]
		for j := 0; j+1 < len(item.Content); j += 2 {
			if item.Content[j].Value == field {
				return item.Content[j+1].Line
			}
		}
		return item.Line
	}
	return 1
}

// IsDate reports whether s is a real calendar date written YYYY-MM-DD.
func IsDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

func validate(f *Front, doc *yaml.Node) (problem, bool) {
	at := func(key, what, fix string) (problem, bool) {
		return problem{fmLine(keyLine(doc, key)), what, fix}, true
	}
	if strings.TrimSpace(f.ID) == "" {
		return at("id", "id is missing", "every article keeps the id convert gave it; a file of your own needs one that no other file has")
	}
	if strings.TrimSpace(f.Title) == "" {
		return at("title", "title is missing", "give the article a title")
	}
	if f.Date != "" && !IsDate(f.Date) {
		return at("date", fmt.Sprintf("date %q is not a date written YYYY-MM-DD", f.Date), dateFix("date", f.Date))
	}
	switch f.DateSource {
	case "", "caption", "editor":
	default:
		return at("date_source", fmt.Sprintf("date_source %q is not one of caption, editor", f.DateSource), "write date_source: editor for a date you set")
	}
	for i, n := range f.Notes {
		note := func(field, what, fix string) (problem, bool) {
			return problem{fmLine(itemLine(doc, "notes", i, field)), fmt.Sprintf("note %d %s", i+1, what), fix}, true
		}
		if strings.TrimSpace(n.By) == "" {
			return note("by", "has no by", "add by: with the name of who wrote it")
		}
		if strings.TrimSpace(n.Date) == "" {
			return note("date", "has no date", `add date: with the day it was written, as in date: "2026-11-02"`)
		}
		if !IsDate(n.Date) {
			return note("date", fmt.Sprintf("has the date %q, not written YYYY-MM-DD", n.Date), dateFix("date", n.Date))
		}
		if strings.TrimSpace(n.Text) == "" {
			return note("text", "has no text", "add text: with the note")
		}
	}
	for _, list := range [...]struct {
		key  string
		tags []string
	}{{"tags", f.Tags}, {"exclude_tags", f.ExcludeTags}} {
		for _, t := range list.tags {
			if strings.TrimSpace(t) == "" {
				return at(list.key, list.key+" has an empty entry", "remove it")
			}
		}
	}
	for i, t := range f.Tags {
		if slug.Make(t) == "" {
			return problem{fmLine(itemLine(doc, "tags", i, "")), fmt.Sprintf("tag %q has no letters or digits to make a URL from", t), "give it a name with a letter or a digit, or remove it"}, true
		}
	}
	return problem{}, false
}
