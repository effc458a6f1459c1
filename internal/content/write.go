package content

import (
	"bytes"
	"strconv"
	"strings"
)

// Marshal writes a new article file: front matter, then body.
//
// The front matter is what the YAML encoder writes for f with an indent of
// two, byte for byte, but written key by key: the encoder was most of the
// cost of converting a large archive. Every key is there but the empty
// optional ones, so the editors see what they can fill in.
func Marshal(f Front, body string) ([]byte, error) {
	w := frontWriter{b: make([]byte, 0, 256+len(f.Title)+len(f.Caption)+len(f.Review)+len(f.Summary)+len(body))}
	w.b = append(w.b, "---\n"...)
	w.field("id", f.ID)
	w.field("title", f.Title)
	w.optional("date", f.Date)
	w.optional("date_source", f.DateSource)
	w.optional("caption", f.Caption)
	w.list("sources", f.Sources)
	w.optional("fingerprint", f.Fingerprint)
	w.optional("review", f.Review)
	w.list("tags", f.Tags)
	w.list("exclude_tags", f.ExcludeTags)
	w.notes(f.Notes)
	w.field("summary", f.Summary)
	w.b = append(w.b, "draft: "...)
	w.b = strconv.AppendBool(w.b, f.Draft)
	w.b = append(w.b, '\n')
	if len(f.Aliases) > 0 {
		w.list("aliases", f.Aliases)
	}
	w.b = append(w.b, "---\n"...)
	w.b = append(w.b, body...)
	if w.err != nil {
		return nil, w.err
	}
	return w.b, nil
}

// frontWriter appends front matter in the encoder's layout and keeps the
// first error.
type frontWriter struct {
	b   []byte
	err error
}

func (w *frontWriter) field(key, value string) {
	w.b = append(w.b, key...)
	w.b = append(w.b, ": "...)
	w.scalar(value, placeTop)
}

// optional writes a key that is left out when empty (omitempty).
func (w *frontWriter) optional(key, value string) {
	if value != "" {
		w.field(key, value)
	}
}

func (w *frontWriter) list(key string, items []string) {
	w.b = append(w.b, key...)
	if len(items) == 0 {
		w.b = append(w.b, ": []\n"...)
		return
	}
	w.b = append(w.b, ":\n"...)
	for _, s := range items {
		w.b = append(w.b, "  - "...)
		w.scalar(s, placeItem)
	}
}

func (w *frontWriter) notes(notes []Note) {
	if len(notes) == 0 {
		w.b = append(w.b, "notes: []\n"...)
		return
	}
	w.b = append(w.b, "notes:\n"...)
	for _, n := range notes {
		w.b = append(w.b, "  - by: "...)
		w.scalar(n.By, placeNote)
		w.b = append(w.b, "    date: "...)
		w.scalar(n.Date, placeNote)
		w.b = append(w.b, "    text: "...)
		w.scalar(n.Text, placeNote)
	}
}

func (w *frontWriter) scalar(s string, p place) {
	if w.err == nil {
		w.b, w.err = appendScalar(w.b, s, p)
	}
}

// Summary is what Skim finds in a file.
type Summary struct {
	ID, Date, Fingerprint string
	// IDLine is the line of the file the id is on.
	IDLine int
}

// Skim reads a file's id and date from its front matter's top-level lines
// without decoding the rest; it is cheap enough to run over a whole
// archive. A file it cannot read gives a zero Summary.
func Skim(data []byte) Summary {
	var s Summary
	fm, _, _, err := split(data)
	if err != nil {
		return s
	}
	for n := 2; len(fm) > 0; n++ {
		line, rest, _ := bytes.Cut(fm, []byte("\n"))
		fm = rest
		if v, ok := bytes.CutPrefix(line, []byte("id:")); ok {
			s.ID, s.IDLine = unquote(v), n
		} else if v, ok := bytes.CutPrefix(line, []byte("fingerprint:")); ok {
			s.Fingerprint = unquote(v)
		} else if v, ok := bytes.CutPrefix(line, []byte("date:")); ok {
			s.Date = unquote(v)
		}
	}
	return s
}

// Suspect reports whether data does not split into front matter and
// body, or its front matter shows one of the mistakes editors make most
// (an unquoted colon, a tab, a quote never closed…). It is a quick look,
// a tenth of the cost of Parse, for a caller that reads every file of an
// archive but need not decode them; Parse says for certain, and where.
func Suspect(data []byte) bool {
	fm, _, _, err := split(data)
	if err != nil {
		return true
	}
	_, bad := lint(fm)
	return bad
}

func unquote(v []byte) string {
	s := strings.TrimSpace(string(v))
	if i := strings.Index(s, " #"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	return strings.Trim(s, `"'`)
}

// SetSources returns data with the front matter's sources list replaced,
// through Edit: every other byte of the file, the editors' fields,
// comments (one on the sources line too), line endings and body, stays as
// it was, and a list that only grows keeps its items as they were.
func SetSources(path string, data []byte, sources []string) ([]byte, error) {
	return Edit(path, data, Changes{Sources: &sources})
}
