// Package content reads and writes the archive's article files.
//
// An article file is Markdown with a YAML front matter block:
//
//	---
//	id: 3c9d2e41a0b7
//	title: US Ready for Negotiations with Iraq on American Military Presence
//	date: 2020-01-23
//	date_source: caption
//	caption: Iraqi demonstrators block roads … REUTERS/Thaier al-Sudani
//	sources:
//	  - 000_241ace8e12c80626.txt:1
//	fingerprint: 9b1f0c2d4e5a6b7c
//	tags: []
//	exclude_tags: []
//	notes: []
//	summary: ""
//	draft: false
//	aliases: [/articles/old-name/]
//	---
//	The United States is prepared to …
//
// # Who owns which field
//
// The converter writes id, title, date, date_source, caption, sources,
// fingerprint and review when it creates a file, and afterwards only ever
// adds entries to sources. Everything else, and the body, belongs to the
// editors: tags, exclude_tags, notes, summary, draft, aliases (the old
// addresses of a page that moved), and any correction they make to the
// title, date or caption.
//
// # Pages
//
// The archive's own pages (about, methodology) are Markdown files in the
// pages folder below the content folder, with a smaller front matter:
// title (required), description and aliases. ParsePage reads them.
//
// # Rules
//
// Unknown keys are errors, so a misspelt key is reported instead of being
// ignored. A tag needs a letter or digit to make its URL from. Dates are YYYY-MM-DD. Every error starts with the file and the
// line it is about, counted in the whole file.
package content

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gosimple/slug"
	"go.yaml.in/yaml/v3"
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
		return nil, nil, 0, errors.New("front matter: file does not start with a --- line")
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
	return nil, nil, 0, errors.New("front matter: no closing --- line")
}

var yamlLine = regexp.MustCompile(`(?:yaml: )?line (\d+): `)

// Parse reads an article file. Errors are *Error values that point at the
// line in the file.
func Parse(path string, data []byte) (*File, error) {
	fm, body, bodyLine, err := split(data)
	if err != nil {
		return nil, &Error{Path: path, Line: 1, Err: err}
	}
	f := &File{Path: path, Body: body, BodyLine: bodyLine}
	// One parse into a node tree: it gives lines for every message, the
	// keys to check, and the struct.
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		return nil, yamlError(path, err)
	}
	if len(doc.Content) == 0 {
		return nil, &Error{Path: path, Line: 2, Err: errors.New("front matter: empty")}
	}
	if err := knownKeys(doc.Content[0]); err != nil {
		return nil, &Error{Path: path, Line: err.line + 1, Err: fmt.Errorf("front matter: %w", err.err)}
	}
	if err := doc.Content[0].Decode(&f.Front); err != nil {
		return nil, yamlError(path, err)
	}
	if err := validate(&f.Front, &doc); err != nil {
		var le *lineError
		if errors.As(err, &le) {
			return nil, &Error{Path: path, Line: le.line + 1, Err: fmt.Errorf("front matter: %w", le.err)}
		}
		return nil, &Error{Path: path, Line: 2, Err: fmt.Errorf("front matter: %w", err)}
	}
	for i := range f.Front.Notes {
		f.NoteLines = append(f.NoteLines, noteTextLine(&doc, i)+1)
	}
	f.AliasLines = aliasLines(&doc, len(f.Front.Aliases))
	f.IDLine = keyLine(&doc, "id") + 1
	return f, nil
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

// keys are the front matter's keys, from Front's yaml tags.
var keys = func() map[string]bool {
	k := map[string]bool{}
	t := reflect.TypeFor[Front]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		k[name] = true
	}
	return k
}()

// knownKeys reports the first top-level key that is not a front matter
// key, so a misspelt key is an error rather than a silently empty field.
func knownKeys(m *yaml.Node) *lineError {
	if m.Kind != yaml.MappingNode {
		return &lineError{line: m.Line, err: errors.New("front matter is not a list of keys and values")}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i].Value; !keys[k] {
			return &lineError{line: m.Content[i].Line, err: fmt.Errorf("unknown key %q", k)}
		}
	}
	return nil
}

// yamlError turns a YAML error into an *Error whose line counts from the
// top of the file; the YAML text starts on line 2.
func yamlError(path string, err error) error {
	msg := err.Error()
	if te, ok := err.(*yaml.TypeError); ok && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	line := 2
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		line = n + 1
		// For an unclosed flow collection the YAML parser counts lines from
		// zero, where its other messages count from one.
		if strings.Contains(msg, "did not find expected") {
			line++
		}
		msg = strings.Replace(msg, m[0], "", 1)
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	return &Error{Path: path, Line: line, Err: fmt.Errorf("front matter: %s", msg)}
}

type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string { return e.err.Error() }

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

func validate(f *Front, doc *yaml.Node) error {
	at := func(key string, format string, args ...any) error {
		return &lineError{line: keyLine(doc, key), err: fmt.Errorf(format, args...)}
	}
	if strings.TrimSpace(f.ID) == "" {
		return at("id", "id is missing")
	}
	if strings.TrimSpace(f.Title) == "" {
		return at("title", "title is missing")
	}
	if f.Date != "" && !IsDate(f.Date) {
		return at("date", "date %q is not a date (want YYYY-MM-DD)", f.Date)
	}
	switch f.DateSource {
	case "", "caption", "editor":
	default:
		return at("date_source", "date_source %q is not one of caption, editor", f.DateSource)
	}
	for i, n := range f.Notes {
		if strings.TrimSpace(n.By) == "" {
			return &lineError{line: itemLine(doc, "notes", i, "by"), err: fmt.Errorf("note %d has no by", i+1)}
		}
		if strings.TrimSpace(n.Text) == "" {
			return &lineError{line: itemLine(doc, "notes", i, "text"), err: fmt.Errorf("note %d has no text", i+1)}
		}
		if n.Date != "" && !IsDate(n.Date) {
			return &lineError{line: itemLine(doc, "notes", i, "date"), err: fmt.Errorf("note %d: date %q is not a date (want YYYY-MM-DD)", i+1, n.Date)}
		}
	}
	for _, t := range append(append([]string{}, f.Tags...), f.ExcludeTags...) {
		if strings.TrimSpace(t) == "" {
			return at("tags", "empty tag")
		}
	}
	for i, t := range f.Tags {
		if slug.Make(t) == "" {
			return &lineError{line: itemLine(doc, "tags", i, ""), err: fmt.Errorf("tag %q has no letters or digits to make a URL from", t)}
		}
	}
	return nil
}
