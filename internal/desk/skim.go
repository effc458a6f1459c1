package desk

import (
	"bytes"
	"strings"

	"briefing/internal/content"
)

// skim reads what the desk lists of an article (title, date, draft,
// review) from the front matter's top-level lines, without a YAML
// parser, which would be most of the cost of reading 100,000 files. It
// takes only the plainest forms: a value on the key's own line, plain or
// in quotes with nothing escaped, and no notes but notes: []. For any
// other file ok is false, and the caller parses it in full.
func skim(data []byte) (e entry, ok bool) {
	rest, found := bytes.CutPrefix(data, []byte("---\n"))
	if !found {
		return e, false
	}
	seen := map[string]bool{}
	key := ""
	for len(rest) > 0 {
		line, next, _ := bytes.Cut(rest, []byte("\n"))
		rest = next
		l := string(line)
		if strings.TrimRight(l, " ") == "---" {
			return e, e.Title != "" && seen["id"]
		}
		if strings.TrimSpace(l) == "" || l[0] == '#' {
			continue
		}
		if l[0] == ' ' || l[0] == '-' || l[0] == '\t' {
			// A value on more lines than its key's.
			switch key {
			case "id", "title", "date", "review", "draft", "notes":
				return e, false
			}
			continue
		}
		k, v, found := strings.Cut(l, ":")
		if !found || !knownKey[k] || seen[k] {
			return e, false
		}
		seen[k], key = true, k
		switch k {
		case "id", "title", "date", "review":
			s, ok := scalar(v)
			if !ok {
				return e, false
			}
			switch k {
			case "id":
				if strings.TrimSpace(s) == "" {
					return e, false
				}
			case "title":
				e.Title = s
			case "date":
				if s != "" && !content.IsDate(s) {
					return e, false
				}
				e.Date = s
			case "review":
				e.Review = s
			}
		case "draft":
			switch s, _ := scalar(v); s {
			case "true":
				e.Draft = true
			case "false":
			default:
				return e, false
			}
		case "notes":
			if s := strings.TrimSpace(stripComment(v)); s != "[]" {
				return e, false
			}
		}
	}
	return e, false
}

// knownKey are the front matter's keys.
var knownKey = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range content.Keys() {
		m[k] = true
	}
	return m
}()

// scalar reads a value written on its key's line: plain, or in quotes
// with no escape in it.
func scalar(v string) (string, bool) {
	v = strings.TrimLeft(v, " ")
	if v == "" || v[0] == '#' {
		return "", false // a value on the next lines, or none
	}
	switch v[0] {
	case '"':
		end := strings.IndexByte(v[1:], '"')
		if end < 0 || strings.ContainsRune(v[1:end+1], '\\') || !onlyComment(v[end+2:]) {
			return "", false
		}
		return v[1 : end+1], true
	case '\'':
		var b strings.Builder
		for i := 1; i < len(v); i++ {
			if v[i] != '\'' {
				b.WriteByte(v[i])
				continue
			}
			if i+1 < len(v) && v[i+1] == '\'' {
				b.WriteByte('\'')
				i++
				continue
			}
			if !onlyComment(v[i+1:]) {
				return "", false
			}
			return b.String(), true
		}
		return "", false
	case '[', '{', '|', '>', '&', '*', '!', '%', '@', '`', '-', '?', ':', ',', '~':
		return "", false
	}
	s := strings.TrimRight(stripComment(v), " ")
	if strings.Contains(s, ": ") || strings.HasSuffix(s, ":") || strings.ContainsAny(s, "\t\r") ||
		strings.EqualFold(s, "null") {
		return "", false
	}
	return s, true
}

// onlyComment reports whether what follows a quoted value is at most
// spaces and a comment.
func onlyComment(s string) bool {
	t := strings.TrimLeft(s, " ")
	return t == "" || (t[0] == '#' && len(t) < len(s))
}

// stripComment cuts a plain value's comment off.
func stripComment(v string) string {
	if i := strings.Index(v, " #"); i >= 0 {
		return v[:i]
	}
	return v
}
