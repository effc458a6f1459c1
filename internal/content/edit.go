package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Changes are edits to an article file. A nil field is left as it is.
// Setting date, date_source, caption, fingerprint or review to "" removes
// the key.
type Changes struct {
	Title       *string
	Date        *string
	DateSource  *string
	Caption     *string
	Fingerprint *string
	Summary     *string
	Review      *string
	Draft       *bool
	Sources     *[]string
	Tags        *[]string
	ExcludeTags *[]string
	// AddNotes are added after the article's notes.
	AddNotes []Note
	// Body replaces the text after the front matter.
	Body *string
}

// order is the front matter's keys in the order of Front's fields, which
// is the order Marshal writes them in; a key an edit adds goes after the
// nearest key before it in this order that the file has.
var order = func() []string {
	var k []string
	t := reflect.TypeFor[Front]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		k = append(k, name)
	}
	return k
}()

// Keys are the front matter's keys, in the order Marshal writes them.
func Keys() []string { return slices.Clone(order) }

// Edit returns data with the changes made. Only the lines of the keys
// edited change (and the body, if it is edited): every other key, comment, blank line,
// the quoting of untouched values, the body and the line endings (LF or
// CRLF) stay byte for byte. A comment on an edited key's line is kept.
// A list that only grows keeps its items as they were and gets the new
// ones after them; notes are always added that way.
//
// The result is read back before it is returned: if it does not hold
// exactly the intended values, Edit fails rather than write a surprise.
func Edit(path string, data []byte, c Changes) ([]byte, error) {
	fmStart, fm, err := locate(data)
	if err != nil {
		return nil, &Error{Path: path, Line: 1, Err: err}
	}
	doc, before, err := decodeFront(path, fm)
	if err != nil {
		return nil, err
	}
	want := before
	e := editor{fm: fm, lines: lineOffsets(fm), crlf: bytes.HasSuffix(data[:fmStart], []byte("\r\n"))}
	if len(doc.Content) > 0 {
		e.m = doc.Content[0]
	}
	if e.m == nil || e.m.Kind != yaml.MappingNode {
		return nil, &Error{Path: path, Line: 2, Err: errors.New("front matter is not a list of keys and values")}
	}
	str := func(key string, v *string, dst *string, optional bool) {
		if v == nil || err != nil {
			return
		}
		*dst = *v
		if optional && *v == "" {
			e.remove(key)
			return
		}
		var b []byte
		b, err = appendScalar(nil, *v, placeTop)
		e.set(key, b)
	}
	list := func(key string, v *[]string, dst *[]string) {
		if v == nil || err != nil {
			return
		}
		*dst = slices.Clone(*v)
		err = e.setList(key, *v)
	}
	str("title", c.Title, &want.Title, false)
	str("date", c.Date, &want.Date, true)
	str("date_source", c.DateSource, &want.DateSource, true)
	str("caption", c.Caption, &want.Caption, true)
	str("fingerprint", c.Fingerprint, &want.Fingerprint, true)
	str("summary", c.Summary, &want.Summary, false)
	str("review", c.Review, &want.Review, true)
	if c.Draft != nil {
		want.Draft = *c.Draft
		e.set("draft", []byte(strconv.FormatBool(*c.Draft)+"\n"))
	}
	list("sources", c.Sources, &want.Sources)
	list("tags", c.Tags, &want.Tags)
	list("exclude_tags", c.ExcludeTags, &want.ExcludeTags)
	if len(c.AddNotes) > 0 && err == nil {
		want.Notes = append(slices.Clone(want.Notes), c.AddNotes...)
		err = e.addNotes(c.AddNotes)
	}
	if err != nil {
		return nil, &Error{Path: path, Line: 2, Err: fmt.Errorf("front matter: %w", err)}
	}
	out := make([]byte, 0, len(data)+256)
	out = append(out, data[:fmStart]...)
	out = append(out, e.apply()...)
	rest := data[fmStart+len(fm):] // the closing line, then the body
	if c.Body != nil {
		end := bytes.IndexByte(rest, '\n') + 1
		if end == 0 {
			rest = append(slices.Clip(rest), '\n') // a file that ends on its closing line
			end = len(rest)
		}
		rest = append(slices.Clip(rest[:end]), *c.Body...)
	}
	out = append(out, rest...)

	_, ofm, err := locate(out)
	if err != nil {
		return nil, &Error{Path: path, Line: 1, Err: err}
	}
	_, got, err := decodeFront(path, ofm)
	if _, body, _, _ := split(out); err != nil || !sameFront(got, want) || c.Body != nil && string(body) != *c.Body {
		return nil, &Error{Path: path, Line: 2, Err: errors.New("front matter: the edit could not be written without changing other values; edit the file by hand")}
	}
	return out, nil
}

// locate finds the front matter: the bytes between the --- lines, and
// where they start in data.
func locate(data []byte) (int, []byte, error) {
	fm, _, _, err := split(data)
	if err != nil {
		return 0, nil, err
	}
	// fm is a slice of data; its place follows from the capacities.
	return cap(data) - cap(fm), fm, nil
}

// decodeFront reads front matter into its node tree and a Front, without
// the checks Parse makes: an edit needs the values, not their validity.
func decodeFront(path string, fm []byte) (*yaml.Node, Front, error) {
	var doc yaml.Node
	var f Front
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		return nil, f, yamlError(path, err)
	}
	if len(doc.Content) > 0 {
		if err := doc.Content[0].Decode(&f); err != nil {
			return nil, f, yamlError(path, err)
		}
	}
	return &doc, f, nil
}

// sameFront compares two fronts, taking a nil list as an empty one.
func sameFront(a, b Front) bool {
	norm := func(f *Front) {
		for _, l := range []*[]string{&f.Sources, &f.Tags, &f.ExcludeTags} {
			if len(*l) == 0 {
				*l = nil
			}
		}
		if len(f.Notes) == 0 {
			f.Notes = nil
		}
	}
	norm(&a)
	norm(&b)
	return reflect.DeepEqual(a, b)
}

// editor collects replacements of whole lines of the front matter.
type editor struct {
	fm    []byte
	lines []int // offset of each line's start in fm
	crlf  bool
	m     *yaml.Node
	reps  []replacement
}

// replacement puts text in place of fm[from:to].
type replacement struct {
	from, to int
	text     []byte
}

// find returns the index of key's key node in the mapping, or -1.
func (e *editor) find(key string) int {
	for i := 0; i+1 < len(e.m.Content); i += 2 {
		if e.m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// off is the offset in fm of the start of line n (1-based), or the end.
func (e *editor) off(n int) int {
	if n-1 < len(e.lines) {
		return e.lines[n-1]
	}
	return len(e.fm)
}

// line is line n (1-based) without its line break.
func (e *editor) line(n int) []byte {
	l := e.fm[e.off(n):e.off(n+1)]
	return bytes.TrimRight(l, "\r\n")
}

// span is the byte range of key i's lines: from its key line to the line
// before the next key, less the blank lines and unindented comments at
// the end, which belong to what follows.
func (e *editor) span(i int) (from, to int) {
	first := e.m.Content[i].Line
	last := len(e.lines)
	if bytes.HasSuffix(e.fm, []byte("\n")) || len(e.fm) == 0 {
		last-- // the empty "line" after the last line break
	}
	if i+2 < len(e.m.Content) {
		last = e.m.Content[i+2].Line - 1
	}
	for last > first {
		l := e.line(last)
		if len(bytes.TrimSpace(l)) == 0 || l[0] == '#' {
			last--
			continue
		}
		break
	}
	return e.off(first), e.off(last + 1)
}

// comment is the comment on key i's own line, if its value leaves room
// for one there, with the # but no space before it.
func (e *editor) comment(i int) string {
	k, v := e.m.Content[i], e.m.Content[i+1]
	for _, c := range []string{k.LineComment, v.LineComment} {
		// A comment the parser gave the value may sit on a later line.
		if c != "" && bytes.Contains(e.line(k.Line), []byte(c)) {
			return strings.TrimRight(c, "\r")
		}
	}
	return ""
}

// set gives key the value text, which is what follows "key: ", ending in a
// line break.
func (e *editor) set(key string, value []byte) {
	text := append([]byte(key+": "), value...)
	if i := e.find(key); i >= 0 {
		from, to := e.span(i)
		e.reps = append(e.reps, replacement{from, to, withComment(text, e.comment(i))})
		return
	}
	e.add(key, text)
}

// withComment puts comment back on text's first line where YAML allows
// one (after a one-line value, a block list's key or a block scalar's
// header), or else on a line of its own above it.
func withComment(text []byte, comment string) []byte {
	if comment == "" {
		return text
	}
	first, rest, _ := bytes.Cut(text, []byte("\n"))
	if len(rest) == 0 || bytes.HasSuffix(first, []byte(":")) || blockHeader.Match(first) {
		return []byte(string(first) + " " + comment + "\n" + string(rest))
	}
	return append([]byte(comment+"\n"), text...)
}

// blockHeader matches a line that starts a block scalar: "key: |-".
var blockHeader = regexp.MustCompile(`: [|>][1-9+-]*$`)

func (e *editor) remove(key string) {
	if i := e.find(key); i >= 0 {
		from, to := e.span(i)
		e.reps = append(e.reps, replacement{from, to, nil})
	}
}

// add inserts a new key after the nearest key before it in Marshal's order.
func (e *editor) add(key string, text []byte) {
	at := 0
	for _, k := range order[:slices.Index(order, key)] {
		if i := e.find(k); i >= 0 {
			_, to := e.span(i)
			at = max(at, to)
		}
	}
	if at == len(e.fm) && len(e.fm) > 0 && e.fm[len(e.fm)-1] != '\n' {
		text = append([]byte("\n"), text...)
	}
	e.reps = append(e.reps, replacement{at, at, text})
}

// setList gives key the list items. A block list that only grows gets the
// new items after its own; any other is written anew, in flow style if it
// was ([a, b]), else (an empty [] too) as a block, as Marshal writes it.
func (e *editor) setList(key string, items []string) error {
	i := e.find(key)
	if i < 0 {
		b, err := blockList(items, 2)
		if err != nil {
			return err
		}
		e.add(key, append([]byte(key+":"), b...))
		return nil
	}
	v := e.m.Content[i+1]
	var old []string
	if v.Kind == yaml.SequenceNode {
		for _, c := range v.Content {
			old = append(old, c.Value)
		}
	}
	from, to := e.span(i)
	if v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 &&
		len(items) >= len(old) && slices.Equal(items[:len(old)], old) {
		if len(items) == len(old) {
			return nil
		}
		b, err := blockList(items[len(old):], v.Content[0].Column-3)
		if err != nil {
			return err
		}
		e.reps = append(e.reps, replacement{to, to, b[1:]}) // without the leading line break
		return nil
	}
	indent := 2
	if v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 {
		indent = v.Content[0].Column - 3
	}
	var b []byte
	var err error
	if v.Style&yaml.FlowStyle != 0 && len(v.Content) > 0 || len(items) == 0 {
		b, err = flowList(items)
	} else {
		b, err = blockList(items, indent)
	}
	if err != nil {
		return err
	}
	text := withComment(append([]byte(key+":"), b...), e.comment(i))
	e.reps = append(e.reps, replacement{from, to, text})
	return nil
}

// blockList writes items as the value of a key: a line break, then one
// "- item" line each, the dashes indent spaces in. No items is " []".
func blockList(items []string, indent int) ([]byte, error) {
	if len(items) == 0 {
		return []byte(" []\n"), nil
	}
	b := []byte("\n")
	for _, s := range items {
		item, err := appendScalar(nil, s, placeItem)
		if err != nil {
			return nil, err
		}
		// appendScalar indents a multi-line item for dashes two spaces in.
		b = append(b, shift([]byte("  - "+string(item)), indent-2)...)
	}
	return b, nil
}

// flowList writes items as " [a, b]": plain where that reads back the
// same, else as a JSON string, which YAML reads as a double-quoted one.
func flowList(items []string) ([]byte, error) {
	b := []byte(" [")
	for n, s := range items {
		if n > 0 {
			b = append(b, ", "...)
		}
		if styleOf(s) == stylePlain && !strings.ContainsAny(s, ",[]{}") {
			b = append(b, s...)
			continue
		}
		var q bytes.Buffer
		enc := json.NewEncoder(&q)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			return nil, err
		}
		b = append(b, bytes.TrimSuffix(q.Bytes(), []byte("\n"))...)
	}
	return append(b, "]\n"...), nil
}

// addNotes puts notes after the article's own.
func (e *editor) addNotes(notes []Note) error {
	var b []byte
	for _, n := range notes {
		var err error
		b = append(b, "  - by: "...)
		if b, err = appendScalar(b, n.By, placeNote); err != nil {
			return err
		}
		b = append(b, "    date: "...)
		if b, err = appendScalar(b, n.Date, placeNote); err != nil {
			return err
		}
		b = append(b, "    text: "...)
		if b, err = appendScalar(b, n.Text, placeNote); err != nil {
			return err
		}
	}
	i := e.find("notes")
	if i < 0 {
		e.add("notes", append([]byte("notes:\n"), b...))
		return nil
	}
	v := e.m.Content[i+1]
	from, to := e.span(i)
	if v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 {
		e.reps = append(e.reps, replacement{to, to, shift(b, v.Content[0].Column-5)})
		return nil
	}
	if v.Kind == yaml.SequenceNode && len(v.Content) > 0 {
		return errors.New("notes are written as a flow list ([...]); write them as a block list to add one")
	}
	e.reps = append(e.reps, replacement{from, to, withComment(append([]byte("notes:\n"), b...), e.comment(i))})
	return nil
}

// shift moves every line of b by n spaces, right for n > 0 and left for
// n < 0; lines are taken to start with at least -n spaces.
func shift(b []byte, n int) []byte {
	if n == 0 {
		return b
	}
	var out []byte
	for line := range bytes.Lines(b) {
		switch {
		case n > 0 && len(bytes.TrimSpace(line)) > 0:
			out = append(out, strings.Repeat(" ", n)...)
			out = append(out, line...)
		case n < 0:
			cut := min(-n, len(line)-len(bytes.TrimLeft(line, " ")))
			out = append(out, line[cut:]...)
		default:
			out = append(out, line...)
		}
	}
	return out
}

// apply makes the replacements, in the file's line endings.
func (e *editor) apply() []byte {
	slices.SortStableFunc(e.reps, func(a, b replacement) int {
		if a.from != b.from {
			return a.from - b.from
		}
		return a.to - b.to // an insertion before a replacement at the same place
	})
	var out []byte
	at := 0
	for _, r := range e.reps {
		if r.from < at {
			continue // two edits of one key: the first wins
		}
		out = append(out, e.fm[at:r.from]...)
		text := r.text
		if e.crlf {
			text = bytes.ReplaceAll(text, []byte("\n"), []byte("\r\n"))
		}
		out = append(out, text...)
		at = r.to
	}
	return append(out, e.fm[at:]...)
}

// lineOffsets returns the byte offset at which each line of b starts.
func lineOffsets(b []byte) []int {
	offs := []int{0}
	for i, c := range b {
		if c == '\n' {
			offs = append(offs, i+1)
		}
	}
	return offs
}
