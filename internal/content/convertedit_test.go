package content

import (
	"strings"
	"testing"
)

func TestRewriteChangesOnlyWhatItNames(t *testing.T) {
	body := "A new body.\n\nWith two paragraphs.\n"
	tests := []struct {
		name string
		edit Rewrite
		in   string // the file, good unless set
		want func(string) string
	}{
		{"sources", Rewrite{Sources: []string{"000.txt:1", "004.txt:9"}}, "", func(s string) string {
			return strings.Replace(s, "  - 000.txt:1\n", "  - 000.txt:1\n  - 004.txt:9\n", 1)
		}},
		{"title and caption", Rewrite{Scalars: map[string]string{"title": "Iraq: talks go on", "caption": "New caption (AFP)"}}, "", func(s string) string {
			s = strings.Replace(s, `title: "Iraq talks"`, `title: 'Iraq: talks go on'`, 1)
			return strings.Replace(s, "caption: A caption (AFP)", "caption: New caption (AFP)", 1)
		}},
		{"remove the date", Rewrite{Scalars: map[string]string{"date": "", "date_source": ""}}, "", func(s string) string {
			return strings.Replace(s, "date: 2020-01-23\ndate_source: caption\n", "", 1)
		}},
		{"add a date", Rewrite{Scalars: map[string]string{"date": "2021-02-03", "date_source": "caption"}},
			strings.Replace(good, "date: 2020-01-23\ndate_source: caption\n", "", 1), func(s string) string {
				return strings.Replace(s, "title: \"Iraq talks\"\n", "title: \"Iraq talks\"\ndate: \"2021-02-03\"\ndate_source: caption\n", 1)
			}},
		{"add a fingerprint after sources, before the comment", Rewrite{Scalars: map[string]string{"fingerprint": "0011"}}, "", func(s string) string {
			return strings.Replace(s, "  - 000.txt:1\n", "  - 000.txt:1\nfingerprint: \"0011\"\n", 1)
		}},
		{"body", Rewrite{Body: &body}, "", func(s string) string {
			return s[:strings.Index(s, "---\nBody")+4] + body
		}},
		{"crlf", Rewrite{Scalars: map[string]string{"caption": "New (AFP)"}}, strings.ReplaceAll(good, "\n", "\r\n"), func(s string) string {
			return strings.Replace(s, "caption: A caption (AFP)", "caption: New (AFP)", 1)
		}},
		{"a folded title", Rewrite{Scalars: map[string]string{"title": "Short"}},
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
			out, err := tt.edit.Apply("a.md", []byte(in))
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
