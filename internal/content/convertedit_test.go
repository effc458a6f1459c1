package content

import (
	"strings"
	"testing"
)

// Convert's rewrites of the fields it owns go through Edit too.
func TestConvertEditsChangeOnlyWhatTheyName(t *testing.T) {
	body := "A new body.\n\nWith two paragraphs.\n"
	sources := []string{"000.txt:1", "004.txt:9"}
	str := func(s string) *string { return &s }
	tests := []struct {
		name string
		edit Changes
		in   string // the file, good unless set
		want func(string) string
	}{
		{"sources", Changes{Sources: &sources}, "", func(s string) string {
			return strings.Replace(s, "  - 000.txt:1\n", "  - 000.txt:1\n  - 004.txt:9\n", 1)
		}},
		{"title and caption", Changes{Title: str("Iraq: talks go on"), Caption: str("New caption (AFP)")}, "", func(s string) string {
			s = strings.Replace(s, `title: "Iraq talks"`, `title: 'Iraq: talks go on'`, 1)
			return strings.Replace(s, "caption: A caption (AFP)", "caption: New caption (AFP)", 1)
		}},
		{"remove the date", Changes{Date: str(""), DateSource: str("")}, "", func(s string) string {
			return strings.Replace(s, "date: 2020-01-23\ndate_source: caption\n", "", 1)
		}},
		{"add a date", Changes{Date: str("2021-02-03"), DateSource: str("caption")},
			strings.Replace(good, "date: 2020-01-23\ndate_source: caption\n", "", 1), func(s string) string {
				return strings.Replace(s, "title: \"Iraq talks\"\n", "title: \"Iraq talks\"\ndate: \"2021-02-03\"\ndate_source: caption\n", 1)
			}},
		{"add a fingerprint after sources, before the comment", Changes{Fingerprint: str("0011")}, "", func(s string) string {
			return strings.Replace(s, "  - 000.txt:1\n", "  - 000.txt:1\nfingerprint: \"0011\"\n", 1)
		}},
		{"body", Changes{Body: &body}, "", func(s string) string {
			return s[:strings.Index(s, "---\nBody")+4] + body
		}},
		{"crlf", Changes{Caption: str("New (AFP)")}, strings.ReplaceAll(good, "\n", "\r\n"), func(s string) string {
			return strings.Replace(s, "caption: A caption (AFP)", "caption: New (AFP)", 1)
		}},
		{"a folded title", Changes{Title: str("Short")},
			strings.Replace(good, `title: "Iraq talks"`, "title: >-\n  Iraq\n  talks", 1), func(s string) string {
				return strings.Replace(s, "title: >-\n  Iraq\n  talks", "title: Short", 1)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			if in == "" {
				in = good
			}
			out, err := Edit("a.md", []byte(in), tt.edit)
			if err != nil {
				t.Fatal(err)
			}
			if want := tt.want(in); string(out) != want {
				t.Errorf("got\n%s\nwant\n%s", out, want)
			}
			if _, err := Parse("a.md", out); err != nil {
				t.Error(err)
			}
		})
	}
}
