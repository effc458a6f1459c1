package content

import (
	"strings"
	"testing"
)

// A tag that cannot make a URL is reported at its line.
func TestTagWithoutLettersHasItsLine(t *testing.T) {
	tests := []struct{ from, to, want string }{
		{"tags: [Iraq]", `tags: [Iraq, "!!!"]`, `a.md:10: front matter: tag "!!!" has no letters or digits`},
		{"tags: [Iraq]", "tags:\n  - Iraq\n  - \"--\"", `a.md:12: front matter: tag "--" has no letters or digits`},
	}
	for _, tc := range tests {
		_, err := Parse("a.md", []byte(strings.Replace(good, tc.from, tc.to, 1)))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("error = %v, want %q", err, tc.want)
		}
	}
}
