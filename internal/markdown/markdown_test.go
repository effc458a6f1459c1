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

// Links into the site come out as numbered placeholders, listed with the
// line they are on; other links are left alone.
func TestRenderRefs(t *testing.T) {
	src := "First [a](@/other-story) line.\n\nSee [the tag](/tags/iraq/#top)\nand [far](https://example.org/x) and [net](//cdn.example/x).\n\n[b](@/d44cc6a1a8c7)\n"
	h, refs := New().Render([]byte(src))
	want := []Ref{{"@/other-story", 1}, {"/tags/iraq/#top", 3}, {"@/d44cc6a1a8c7", 6}}
	if len(refs) != len(want) {
		t.Fatalf("refs = %v, want %v", refs, want)
	}
	for i := range want {
		if refs[i] != want[i] {
			t.Errorf("ref %d = %v, want %v", i, refs[i], want[i])
		}
	}
	for _, s := range []string{`href="@/0"`, `href="@/1"`, `href="@/2"`, `href="https://example.org/x"`, `href="//cdn.example/x"`} {
		if !strings.Contains(string(h), s) {
			t.Errorf("rendered HTML lacks %s:\n%s", s, h)
		}
	}
	got := string(Resolve(h, []string{"/repo/articles/other-story/", "/repo/tags/iraq/#top", `/repo/a"b/`}))
	for _, s := range []string{`href="/repo/articles/other-story/"`, `href="/repo/tags/iraq/#top"`, `href="/repo/a&#34;b/"`} {
		if !strings.Contains(got, s) {
			t.Errorf("resolved HTML lacks %s:\n%s", s, got)
		}
	}
	if strings.Contains(got, "@/") {
		t.Errorf("a placeholder is left:\n%s", got)
	}
}

// Text that looks like a placeholder is escaped, so Resolve never touches
// it.
func TestResolveOnlyLinks(t *testing.T) {
	h := New().HTML([]byte("Typed: <a href=\"@/0\">x</a>\n"))
	if got := Resolve(h, []string{"/evil/"}); strings.Contains(string(got), "/evil/") {
		t.Errorf("typed text was resolved: %s", got)
	}
}
