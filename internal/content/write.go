package content

import (
	"bytes"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Marshal writes a new article file: front matter, then body.
func Marshal(f Front, body string) ([]byte, error) {
	if f.Sources == nil {
		f.Sources = []string{}
	}
	if f.Tags == nil {
		f.Tags = []string{}
	}
	if f.ExcludeTags == nil {
		f.ExcludeTags = []string{}
	}
	if f.Notes == nil {
		f.Notes = []Note{}
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	b.WriteString("---\n")
	b.WriteString(body)
	return b.Bytes(), nil
}

// Summary is what Skim finds in a file.
type Summary struct {
	ID, Date string
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
	for len(fm) > 0 {
		line, rest, _ := bytes.Cut(fm, []byte("\n"))
		fm = rest
		if v, ok := bytes.CutPrefix(line, []byte("id:")); ok {
			s.ID = unquote(v)
		} else if v, ok := bytes.CutPrefix(line, []byte("date:")); ok {
			s.Date = unquote(v)
		}
	}
	return s
}

func unquote(v []byte) string {
	s := strings.TrimSpace(string(v))
	if i := strings.Index(s, " #"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	return strings.Trim(s, `"'`)
}

// SetSources returns data with the front matter's sources list replaced.
// Every other byte of the file, the editors' fields, comments and body,
// stays as it was.
func SetSources(path string, data []byte, sources []string) ([]byte, error) {
	fm, _, _, err := split(data)
	if err != nil {
		return nil, &Error{Path: path, Line: 1, Err: err}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		return nil, yamlError(path, err)
	}
	var list bytes.Buffer
	list.WriteString("sources:\n")
	for _, s := range sources {
		q, err := yaml.Marshal(s)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&list, "  - %s", q)
	}
	start := bytes.Index(data, fm) // front matter offset in data
	lines := lineOffsets(fm)
	from, to := -1, len(fm)
	if len(doc.Content) > 0 {
		m := doc.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value != "sources" {
				continue
			}
			from = lines[m.Content[i].Line-1]
			// The list ends on its last item's line; comments after it
			// belong to whatever follows.
			if last := lastLine(m.Content[i+1]); last < len(lines) {
				to = lines[last]
			}
		}
	}
	var out bytes.Buffer
	if from < 0 {
		// No sources key yet: add one at the end of the front matter.
		out.Write(data[:start+len(fm)])
		out.Write(list.Bytes())
		out.Write(data[start+len(fm):])
		return out.Bytes(), nil
	}
	out.Write(data[:start+from])
	out.Write(list.Bytes())
	out.Write(data[start+to:])
	return out.Bytes(), nil
}

// lastLine is the last line a YAML node or any of its children is on.
func lastLine(n *yaml.Node) int {
	l := n.Line
	for _, c := range n.Content {
		l = max(l, lastLine(c))
	}
	return l
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
