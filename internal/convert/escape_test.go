package convert

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// nasty holds scraped lines that Markdown would misread if written as they
// are.
var nasty = []string{
	"1. foo",
	"1) foo",
	"123456789. nine digits",
	"2.5 million is not a list",
	"# bar",
	"## bar ##",
	"#hashtag",
	"*a* _b_ <script>x</script> [l](u) &amp; \\ backslash",
	"+ x",
	"- x",
	"-",
	"--- rule",
	"***",
	"___",
	"* * *",
	"> q",
	"a > b < c",
	"a | b",
	"| a | b |",
	"= underline",
	"==",
	"~~~ fence",
	"``` fence",
	"`code` and ``double`` and a lone `",
	"a trailing backslash \\",
	"\\# escaped already \\* \\\\",
	"![img](x.png) and ! alone and !! twice",
	"[ref]: http://example.com",
	"<http://example.com> and <a@b.c>",
	"&copy; &#35; &#x23; & alone",
	"<!-- comment -->",
	"<div>block html</div>",
	"__bold__ **bold** ~~strike~~",
	"snake_case_word and 2*3*4",
	"http://example.com/a_b_c",
	"Quotes 'single' \"double\" ‘curly’ “curly” — dashes – and …",
	"Tabs\tinside",
	"Ends with two spaces  here",
	"Photo of a rally in *Sanaa* [x] (AFP)",
	"Smoke over <Gaza> & Rafah_1 `x` (SANA / AFP)",
	"- Heading with *stars* and `code` #",
	"- Heading ending in #",
	"- # heading with hash first",
}

// TestEscapeRoundTrip renders bodies built from nasty lines with goldmark,
// as the site will, and checks that each block reads as the words scraped.
func TestEscapeRoundTrip(t *testing.T) {
	for _, line := range nasty {
		t.Run(line, func(t *testing.T) {
			paras := []string{clean(line), "after"}
			body, _ := render(paras)
			var out bytes.Buffer
			if err := goldmark.Convert([]byte(body), &out); err != nil {
				t.Fatal(err)
			}
			got := blocks(t, out.String())
			want := []string{clean(line), "after"}
			if strings.HasPrefix(want[0], "- ") && len(want[0]) > 2 {
				want[0] = want[0][2:]
			}
			if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
				t.Errorf("line %q\nmarkdown: %q\nhtml: %q\ngot  %q\nwant %q", line, body, out.String(), got, want)
			}
		})
	}
}

// blocks returns the text of each top-level block in rendered HTML, with
// entities decoded and tags dropped; an image stands for its alt text.
func blocks(t *testing.T, s string) []string {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range nodes {
		if n.Type != html.ElementNode {
			continue
		}
		var b strings.Builder
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			switch {
			case n.Type == html.TextNode:
				b.WriteString(n.Data)
			case n.Type == html.ElementNode && n.Data == "img":
				for _, a := range n.Attr {
					if a.Key == "alt" {
						b.WriteString(a.Val)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(n)
		out = append(out, n.Data+":"+b.String())
	}
	// Keep the element names out of the comparison but make sure every
	// block is a paragraph or a subheading.
	for i, o := range out {
		tag, text, _ := strings.Cut(o, ":")
		if tag != "p" && tag != "h2" {
			t.Errorf("block %d is <%s>", i, tag)
		}
		out[i] = text
	}
	return out
}
