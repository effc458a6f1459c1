package content

import (
	"bytes"
	"slices"

	"go.yaml.in/yaml/v3"
)

// Rewrite is a change convert makes to a file it wrote: new values for
// some of the fields it owns, and perhaps a new body. A field left nil is
// not touched.
type Rewrite struct {
	// Scalars maps a top-level key to its new value; "" removes the key.
	Scalars map[string]string
	// Sources, when not nil, replaces the sources list.
	Sources []string
	// Body, when not nil, replaces the body.
	Body *string
}

// keyOrder is the order Marshal writes the keys in: a key that is added
// goes after the nearest key before it that the file has.
var keyOrder = []string{"id", "title", "date", "date_source", "caption", "sources", "fingerprint", "review", "tags", "exclude_tags", "notes", "summary", "draft"}

// Apply returns data with e made. Every byte that e does not change stays
// as it was: the other fields, comments, their order and line ends.
func (e Rewrite) Apply(path string, data []byte) ([]byte, error) {
	for key, v := range e.sorted() {
		var err error
		if data, err = setKey(path, data, key, v); err != nil {
			return nil, err
		}
	}
	if e.Body != nil {
		fm, _, _, err := split(data)
		if err != nil {
			return nil, &Error{Path: path, Line: 1, Err: err}
		}
		start := bytes.Index(data, fm) + len(fm)
		end := start + bytes.IndexByte(data[start:], '\n') + 1 // the closing ---
		if end <= start {
			// A file that ends on its closing line.
			data = append(data, '\n')
			end = len(data)
		}
		data = append(data[:end:end], *e.Body...)
	}
	return data, nil
}

// sorted yields the keys to set in Marshal's order, each with its new
// text (nil to remove it).
func (e Rewrite) sorted() func(func(string, []byte) bool) {
	return func(yield func(string, []byte) bool) {
		for _, key := range keyOrder {
			var text []byte
			if key == "sources" {
				if e.Sources == nil {
					continue
				}
				w := frontWriter{}
				w.list("sources", e.Sources)
				text = w.b
			} else {
				v, ok := e.Scalars[key]
				if !ok {
					continue
				}
				if v != "" {
					w := frontWriter{}
					w.field(key, v)
					if w.err != nil {
						continue
					}
					text = w.b
				}
			}
			if !yield(key, text) {
				return
			}
		}
	}
}

// setKey replaces a top-level key and its value with text (the whole of
// "key: value\n"), removes it when text is nil, or adds it after the
// nearest key before it in Marshal's order.
func setKey(path string, data []byte, key string, text []byte) ([]byte, error) {
	fm, _, _, err := split(data)
	if err != nil {
		return nil, &Error{Path: path, Line: 1, Err: err}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		return nil, yamlError(path, err)
	}
	if bytes.Contains(fm, []byte("\r\n")) {
		text = bytes.ReplaceAll(text, []byte("\n"), []byte("\r\n"))
	}
	start := bytes.Index(data, fm)
	lines := lineOffsets(fm)
	// span is the bytes of the key at index i of the mapping: from its
	// line to the next key's line, less the comments and blank lines
	// that stand above the next key.
	var m *yaml.Node
	if len(doc.Content) > 0 {
		m = doc.Content[0]
	}
	span := func(i int) (int, int) {
		from := lines[m.Content[i].Line-1]
		to := len(fm)
		next := len(lines) // line index (0-based) of the next key
		if i+2 < len(m.Content) {
			next = m.Content[i+2].Line - 1
			to = lines[next]
		}
		last := nodeEnd(m.Content[i+1]) // 1-based, so the index after it
		for l := next - 1; l >= last && l > m.Content[i].Line-1; l-- {
			t := bytes.TrimSpace(fm[lines[l]:min(len(fm), lineEnd(lines, l, len(fm)))])
			if len(t) > 0 && t[0] != '#' {
				break
			}
			to = lines[l]
		}
		return from, to
	}
	find := func(k string) int {
		if m == nil {
			return -1
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == k {
				return i
			}
		}
		return -1
	}
	splice := func(from, to int) []byte {
		out := slices.Clone(data[:start+from])
		out = append(out, text...)
		return append(out, data[start+to:]...)
	}
	if i := find(key); i >= 0 {
		from, to := span(i)
		return splice(from, to), nil
	}
	if text == nil {
		return data, nil
	}
	at := 0 // insert at the top of the front matter unless a key comes before
	for _, k := range keyOrder[:slices.Index(keyOrder, key)] {
		if i := find(k); i >= 0 {
			_, at = span(i)
		}
	}
	return splice(at, at), nil
}

// lineEnd is the offset of the end of line l (before its newline).
func lineEnd(lines []int, l, size int) int {
	if l+1 < len(lines) {
		return lines[l+1] - 1
	}
	return size
}

// nodeEnd is the last line a YAML node or any of its children starts on.
func nodeEnd(n *yaml.Node) int {
	l := n.Line
	for _, c := range n.Content {
		l = max(l, nodeEnd(c))
	}
	return l
}
