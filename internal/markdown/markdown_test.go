package markdown

import (
	"strings"
	"testing"
)

func TestHTML(t *testing.T) {
	r := New()
	tests := []struct {
		name, in, want string
	}{
		{"paragraph", "Hello *world*.\n", "<p>Hello <em>world</em>.</p>\n"},
		{"raw html is text", "<script>alert(1)</script>\n", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"},
		{"inline html is text", "a <b>bold</b> claim\n", "<p>a &lt;b&gt;bold&lt;/b&gt; claim</p>\n"},
		{"caption figure", "![Soldiers at the border \\(AFP\\)]()\n", "<figure class=\"photo\"><figcaption>Soldiers at the border (AFP)</figcaption></figure>\n"},
		{"image with address stays", "![alt](x.png)\n", "<p><img src=\"x.png\" alt=\"alt\" /></p>\n"},
		{"subheading", "## Talks\n", "<h2>Talks</h2>\n"},
		{"escaped text", "1\\. not a list \\*x\\* \\<b\\>\n", "<p>1. not a list *x* &lt;b&gt;</p>\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(r.HTML([]byte(tc.in)))
			if got != tc.want {
				t.Errorf("HTML(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestNoRawHTMLAnywhere(t *testing.T) {
	got := string(New().HTML([]byte("<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n")))
	if strings.Contains(got, "<img") || strings.Contains(got, "javascript:") {
		t.Errorf("unsafe HTML passed through: %s", got)
	}
}
