package content

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"briefing/internal/plural"
)

// Every front matter error is a problem: the line of the file it is on,
// what is wrong and how to put it right, in an editor's words. The YAML
// parser's own messages (and its line numbers, which for some mistakes
// point at the line above) are the last resort: before them, the lines
// are read for the mistakes editors make most (see lint), and the
// decoder's type errors are put in words (see typeProblem).

// problem is one mistake in a file's front matter.
type problem struct {
	line      int // in the file: the YAML text starts on line 2
	what, fix string
}

// fmLine is the line of the file that line n (1-based) of the front
// matter's YAML text is on.
func fmLine(n int) int { return n + 1 }

func (p problem) error(path string) *Error {
	msg := "front matter: " + p.what
	if p.fix != "" {
		msg += "; " + p.fix
	}
	return &Error{Path: path, Line: p.line, Err: errors.New(msg)}
}

var yamlLine = regexp.MustCompile(`(?:yaml: )?line (\d+): `)

// yamlError turns an error of the YAML parser or decoder into an *Error
// at its line of the file, in the words typeProblem finds for it.
func yamlError(path string, err error) error {
	return parserProblem(nil, err).error(path)
}

// parserProblem is the problem behind a YAML error, when fm (the YAML
// text, if known) shows no mistake that lint knows.
func parserProblem(fm []byte, err error) problem {
	if fm != nil {
		if p, ok := lint(fm); ok {
			return p
		}
	}
	msg := err.Error()
	if te, ok := err.(*yaml.TypeError); ok && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		// For an unclosed flow collection the parser counts lines from
		// zero, where its other messages count from one.
		if strings.Contains(msg, "did not find expected") {
			line++
		}
		msg = strings.Replace(msg, m[0], "", 1)
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if p, ok := typeProblem(fm, line, msg); ok {
		return p
	}
	return problem{line: fmLine(line), what: msg}
}

var (
	unmarshal = regexp.MustCompile("^cannot unmarshal !!(\\w+) (?:`(.*)` )?into (.+)$")
	twice     = regexp.MustCompile(`^mapping key "(.*)" already defined at line (\d+)$`)
)

// typeProblem puts a decoder's message about line (of the YAML text) in
// words: a list where one value belongs or the reverse, a key given twice.
func typeProblem(fm []byte, line int, msg string) (problem, bool) {
	key := keyOnLine(fm, line)
	if m := twice.FindStringSubmatch(msg); m != nil {
		first, _ := strconv.Atoi(m[2])
		return problem{fmLine(line), fmt.Sprintf("%s is given twice (first on line %d)", m[1], fmLine(first)), "keep one of them"}, true
	}
	m := unmarshal.FindStringSubmatch(msg)
	if m == nil {
		return problem{}, false
	}
	kind, value, into := m[1], m[2], m[3]
	p := problem{line: fmLine(line)}
	name := key
	if name == "" {
		name = "this value"
	}
	switch {
	case into == "[]string" && kind == "str":
		p.what = fmt.Sprintf("%s must be a list, not a single value", name)
		p.fix = fmt.Sprintf("write %s: [%s]", name, value)
	case into == "[]string" || into == "[]content.Note":
		p.what = fmt.Sprintf("%s must be a list", name)
		p.fix = `start each item on its own line with "- "`
		if into == "[]content.Note" {
			p.fix = `start each note with "- ", as in "  - by: Dana Haddad", with its date and text lined up under by`
		}
	case into == "content.Note":
		p.what = "a note must have by, date and text, not a single value"
		p.fix = `write it as "  - by: NAME", then "    date: YYYY-MM-DD" and "    text: …" under it`
	case into == "string" && kind == "seq":
		p.what = fmt.Sprintf("%s must be a single value, not a list", name)
		p.fix = "remove the [ ] or the dashes (and put the value in quotes if it holds a comma or a colon)"
	case into == "string" && kind == "map":
		p.what = fmt.Sprintf("%s must be a single value, not keys and values", name)
		p.fix = `put the value in quotes if it holds ": ", and do not indent the line after it`
	case into == "bool":
		p.what = fmt.Sprintf("%s must be true or false, not %q", name, value)
		p.fix = fmt.Sprintf("write %s: true or %s: false", name, name)
	default:
		return problem{}, false
	}
	return p, true
}

// keyOnLine is the top-level key on line n of the YAML text, or "".
func keyOnLine(fm []byte, n int) string {
	lines := bytes.Split(fm, []byte("\n"))
	for i := min(n, len(lines)) - 1; i >= 0; i-- {
		if k, _, ok := topKey(string(lines[i])); ok {
			return k
		}
	}
	return ""
}

var keyRe = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_-]*):(?:\s|$)`)

// topKey splits a line that starts a top-level key into the key and the
// rest of the line.
func topKey(line string) (key, value string, ok bool) {
	m := keyRe.FindStringSubmatch(line)
	if m == nil {
		return "", "", false
	}
	return m[1], strings.TrimSpace(line[len(m[0]):]), true
}

// lint reads the front matter's YAML text line by line for the mistakes
// an editor makes most, and returns the first, at its own line: a tab in
// an indent, a colon in an unquoted value, a quote or a [ never closed,
// text after a closing quote, an apostrophe that ends a single-quoted
// value, a key indented where it should not be, a note key out of line
// with the note's others, a list item without its dash.
func lint(fm []byte) (problem, bool) {
	lines := strings.Split(strings.ReplaceAll(string(fm), "\r\n", "\n"), "\n")
	var (
		key       string // the top-level key whose value the lines are in
		inline    bool   // key has its value on its own line
		block     bool   // inside a | or > block scalar
		itemDash  = -1   // indent of the dash of key's list items
		itemKeys  = -1   // indent of the keys of the list item above
		itemFirst string // the first key of that item
		note      int    // items of key so far
	)
	for i, line := range lines {
		n := i + 1 // line of the YAML text
		trimmed := strings.TrimLeft(line, " \t")
		indent := len(line) - len(trimmed)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if block && indent > 0 {
			continue
		}
		block = false
		if strings.Contains(line[:indent], "\t") {
			return problem{fmLine(n), "this line is indented with a tab", "YAML needs spaces: replace the tab with spaces"}, true
		}
		if indent == 0 && !strings.HasPrefix(trimmed, "- ") {
			k, v, ok := topKey(line)
			if !ok {
				if inline && key != "" {
					return problem{fmLine(n), fmt.Sprintf("this line is not a key: if it continues %s, put %s's whole value on its line", key, key), `or, for a value of several lines, write "` + key + `: >" and indent the lines under it`}, true
				}
				return problem{fmLine(n), "this line is not a key and a value", `write it as "key: value"`}, true
			}
			key, inline, itemDash, itemKeys, note = k, v != "", -1, -1, 0
			if p, ok := value(n, k, v, lines[i+1:]); ok {
				return p, true
			}
			block = isBlock(v)
			continue
		}
		if inline {
			if strings.Contains(trimmed, ": ") || strings.HasSuffix(trimmed, ":") {
				k, _, _ := strings.Cut(trimmed, ":")
				return problem{fmLine(n), fmt.Sprintf("%s is indented %s, under %s, which has its value already", k, plural.Count(indent, "space"), key), fmt.Sprintf("start %s: at the beginning of the line", k)}, true
			}
			continue // a plain value going on over several lines
		}
		if rest, ok := strings.CutPrefix(trimmed, "- "); ok || trimmed == "-" {
			note++
			if itemDash >= 0 && indent != itemDash {
				return problem{fmLine(n), fmt.Sprintf("this item of %s is indented %s, the one above %d", key, plural.Count(indent, "space"), itemDash), "line up the dashes"}, true
			}
			itemDash, itemKeys, itemFirst = indent, -1, ""
			if k, v, ok := topKey(rest); ok {
				itemKeys, itemFirst = indent+2, k
				if p, ok := value(n, k, v, lines[i+1:]); ok {
					return p, true
				}
				block = isBlock(v)
			}
			continue
		}
		if k, v, ok := topKey(trimmed); ok {
			if itemKeys >= 0 && indent != itemKeys {
				what := "item"
				if key == "notes" {
					what = "note"
				}
				return problem{fmLine(n), fmt.Sprintf("%s key %s is indented %s, the %s's %s %d", what, k, plural.Count(indent, "space"), what, itemFirst, itemKeys), fmt.Sprintf("line %s: up with %s:", k, itemFirst)}, true
			}
			if p, ok := value(n, k, v, lines[i+1:]); ok {
				return p, true
			}
			block = isBlock(v)
			continue
		}
		if itemDash >= 0 {
			return problem{fmLine(n), fmt.Sprintf("this item of %s has no dash", key), `start it with "- ", lined up with the dashes above`}, true
		}
	}
	return problem{}, false
}

// isBlock reports whether a value starts a block scalar (| or >).
func isBlock(v string) bool {
	v, _, _ = strings.Cut(v, " #")
	return v != "" && (v[0] == '|' || v[0] == '>') && strings.Trim(v[1:], "+-0123456789 ") == ""
}

// value checks the value written after key on line n of the YAML text;
// rest are the lines after it, where a [ list may go on.
func value(n int, key, v string, rest []string) (problem, bool) {
	switch {
	case v == "":
		return problem{}, false
	case v[0] == '"':
		end := closing(v, '"')
		if end < 0 {
			return problem{fmLine(n), fmt.Sprintf("the quote that opens the value of %s is not closed", key), `end the value with "`}, true
		}
		if after := strings.TrimSpace(v[end+1:]); after != "" && after[0] != '#' {
			return problem{fmLine(n), fmt.Sprintf("%s has text after its closing quote", key), "put the whole value inside the quotes (write a quote inside them as \\\" or use single quotes around the value)"}, true
		}
	case v[0] == '\'':
		end := closing(v, '\'')
		if end < 0 {
			return problem{fmLine(n), fmt.Sprintf("the quote that opens the value of %s is not closed", key), "end the value with '"}, true
		}
		if after := strings.TrimSpace(v[end+1:]); after != "" && after[0] != '#' {
			return problem{fmLine(n), fmt.Sprintf("an apostrophe ends the single-quoted value of %s early", key), "write an apostrophe inside single quotes twice ('') or put the value in double quotes"}, true
		}
	case v[0] == '[':
		text := v
		for _, l := range rest {
			if _, _, ok := topKey(l); ok {
				break
			}
			text += " " + l
		}
		if !strings.Contains(text, "]") {
			return problem{fmLine(n), fmt.Sprintf("the list that opens the value of %s with [ is not closed", key), "end it with ]"}, true
		}
	case v[0] == '@' || v[0] == '`':
		return problem{fmLine(n), fmt.Sprintf("the value of %s starts with %c, which YAML keeps for itself", key, v[0]), "put the value in quotes"}, true
	default:
		plain, _, _ := strings.Cut(v, " #")
		if i := strings.Index(plain, ": "); i >= 0 || strings.HasSuffix(plain, ":") {
			return problem{fmLine(n), fmt.Sprintf("the value of %s holds a colon, which YAML reads as the start of another key", key), fmt.Sprintf("put the value in quotes: %s: %s", key, strconv.Quote(v))}, true
		}
	}
	return problem{}, false
}

// closing is the index of the quote that closes a value opened by q at
// v[0], or -1: in double quotes \" is escaped, in single quotes ”.
func closing(v string, q byte) int {
	for i := 1; i < len(v); i++ {
		switch {
		case q == '"' && v[i] == '\\':
			i++
		case v[i] == q && q == '\'' && i+1 < len(v) && v[i+1] == '\'':
			i++
		case v[i] == q:
			return i
		}
	}
	return -1
}

// dateFix is how to write s, a date in another form, as YYYY-MM-DD.
func dateFix(key, s string) string {
	if d, ok := looseDate(s); ok {
		return fmt.Sprintf("write %s: %q", key, d)
	}
	return fmt.Sprintf("write it YYYY-MM-DD (year, month, day), as in %s: \"2020-01-23\"", key)
}

// looseDate reads a date written in one of the other forms editors use,
// when it can only mean one day.
func looseDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-1-2", "2006/1/2", "2006.1.2", "January 2, 2006", "January 2 2006", "Jan 2, 2006", "Jan. 2, 2006", "2 January 2006", "2 Jan 2006", "02 January 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly), true
		}
	}
	// Day and month in either order: only when the day is past 12.
	for _, sep := range []string{"/", ".", "-"} {
		parts := strings.Split(s, sep)
		if len(parts) != 3 || len(parts[2]) != 4 {
			continue
		}
		a, errA := strconv.Atoi(parts[0])
		b, errB := strconv.Atoi(parts[1])
		y, errY := strconv.Atoi(parts[2])
		if errA != nil || errB != nil || errY != nil {
			continue
		}
		day, month := a, b
		switch {
		case a > 12 && b <= 12:
		case b > 12 && a <= 12:
			day, month = b, a
		default:
			continue
		}
		t := time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if t.Day() == day {
			return t.Format(time.DateOnly), true
		}
	}
	return "", false
}
