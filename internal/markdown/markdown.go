// Package markdown turns article bodies and editors' notes into HTML.
//
// It is CommonMark (goldmark) with raw HTML switched off: HTML typed into a
// body or a note shows as the text that was typed, never as markup. One addition: an image with
// no address, ![words](), is a photo whose picture the archive does not
// have, so it renders as a figure holding only its caption.
//
// A text that is plain prose, paragraphs with no character that could be
// markup, is written without goldmark (see appendPlain), to the very same
// HTML.
//
// # Links to the site's own pages
//
// A link whose address starts with "@/" (an article by file name or id,
// [x](@/some-article)) or with a single "/" (a page of the site,
// [x](/tags/iraq/)) is not the reader's final address: the site lives
// under a base path known only at build time, and the article a "@/" link
// names must be looked up. Render leaves such a link's href as "@/N", N
// its place in the Refs it returns, and Resolve puts the real addresses
// in once the caller has looked them up.
package markdown

import (
	"bufio"
	"bytes"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Renderer converts Markdown to HTML. Make one per build and share it: it is
// safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
}

// New returns a Renderer.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithParserOptions(parser.WithASTTransformers(
			util.Prioritized(captionTransformer{}, 100),
			util.Prioritized(refTransformer{}, 200),
		)),
		goldmark.WithRendererOptions(
			html.WithXHTML(),
			renderer.WithNodeRenderers(util.Prioritized(captionRenderer{}, 100)),
		),
	)
	return &Renderer{md: md}
}

// HTML renders src. Markdown has no syntax errors, so only a failure to
// write could fail, and writing to memory does not. Links to the site's
// own pages are left as placeholders (see Render).
func (r *Renderer) HTML(src []byte) template.HTML {
	h, _ := r.Render(src)
	return h
}

// Ref is a link to the site's own pages, as the editor wrote it.
type Ref struct {
	// Target is the link's address: "@/name", "@/name#part", "/tags/iraq/".
	Target string
	// Line is the line of src the link is on, counting from 1.
	Line int
}

// Render renders src and lists its links to the site's own pages; the
// N-th is written href="@/N" and needs Resolve.
func (r *Renderer) Render(src []byte) (template.HTML, []Ref) {
	if b, ok := appendPlain(nil, src); ok {
		// b is new and nothing else holds it: it becomes the string as it
		// is, instead of being copied into one.
		return template.HTML(unsafe.String(unsafe.SliceData(b), len(b))), nil
	}
	return r.render(src)
}

// Append is Render with the HTML appended to dst: a caller that is done
// with the HTML before it renders the next text can keep one buffer for
// all of them.
func (r *Renderer) Append(dst, src []byte) ([]byte, []Ref) {
	if b, ok := appendPlain(dst, src); ok {
		return b, nil
	}
	out := outputs.Get().(*output)
	defer outputs.Put(out)
	refs, err := r.convert(src, out)
	if err != nil {
		return append(dst, template.HTMLEscapeString(string(src))...), nil
	}
	return append(dst, out.buf.Bytes()...), refs
}

// render is Render through goldmark.
func (r *Renderer) render(src []byte) (template.HTML, []Ref) {
	out := outputs.Get().(*output)
	defer outputs.Put(out)
	refs, err := r.convert(src, out)
	if err != nil {
		return template.HTML(template.HTMLEscapeString(string(src))), nil
	}
	return template.HTML(out.buf.String()), refs
}

// convert renders src through goldmark into out.
func (r *Renderer) convert(src []byte, out *output) ([]Ref, error) {
	out.buf.Reset()
	out.w.Reset(&out.buf)
	pc := parser.NewContext()
	if err := r.md.Convert(src, out.w, parser.WithContext(pc)); err != nil {
		return nil, err
	}
	out.w.Flush()
	refs, _ := pc.Get(refsKey).([]Ref)
	return refs, nil
}

// output is where Render writes: a buffer, and the buffered writer
// goldmark would otherwise make for every text. A build renders 100,000
// texts; their outputs are reused, not made anew each time.
type output struct {
	buf bytes.Buffer
	w   *bufio.Writer
}

var outputs = sync.Pool{New: func() any {
	o := &output{}
	o.w = bufio.NewWriter(&o.buf)
	return o
}}

var placeholder = regexp.MustCompile(`href="@/(\d+)"`)

// Resolve writes hrefs[N] in place of each placeholder "@/N" of h. Raw
// HTML is escaped, so only a rendered link can hold one. A placeholder
// with no href left is made harmless ("#").
func Resolve(h template.HTML, hrefs []string) template.HTML {
	if !strings.Contains(string(h), `href="@/`) {
		return h
	}
	return template.HTML(placeholder.ReplaceAllStringFunc(string(h), func(m string) string {
		n, err := strconv.Atoi(m[len(`href="@/`) : len(m)-1])
		if err != nil || n >= len(hrefs) {
			return `href="#"`
		}
		return `href="` + template.HTMLEscapeString(hrefs[n]) + `"`
	}))
}

var refsKey = parser.NewContextKey()

// IsRef reports whether a link address points into the site itself and
// must be resolved: "@/…", or a root-absolute path ("/…" but not "//…").
func IsRef(dest string) bool {
	return strings.HasPrefix(dest, "@/") || (strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//"))
}

type refTransformer struct{}

// Transform numbers every link into the site and replaces its address with
// its number.
func (refTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var refs []Ref
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		l, ok := n.(*ast.Link)
		if !ok || !entering || !IsRef(string(l.Destination)) {
			return ast.WalkContinue, nil
		}
		refs = append(refs, Ref{Target: string(l.Destination), Line: lineOf(src, l)})
		l.Destination = []byte("@/" + strconv.Itoa(len(refs)-1))
		return ast.WalkContinue, nil
	})
	if refs != nil {
		pc.Set(refsKey, refs)
	}
}

// lineOf is the line of src an inline node starts on: that of its first
// piece of text, or else of the block holding it.
func lineOf(src []byte, n ast.Node) int {
	off := -1
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off < 0 {
		for p := n.Parent(); p != nil; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				off = p.Lines().At(0).Start
				break
			}
		}
	}
	if off < 0 {
		return 1
	}
	return bytes.Count(src[:off], []byte("\n")) + 1
}

// kindCaption is a paragraph that holds only an address-less image.
var kindCaption = ast.NewNodeKind("Caption")

type caption struct {
	ast.BaseBlock
}

func (c *caption) Kind() ast.NodeKind { return kindCaption }

func (c *caption) Dump(src []byte, level int) { ast.DumpHelper(c, src, level, nil, nil) }

type captionTransformer struct{}

// Transform replaces each paragraph made of one address-less image with a
// caption block holding the image's words.
func (captionTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var found []*ast.Paragraph
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if p, ok := n.(*ast.Paragraph); ok && entering {
			if img, ok := p.FirstChild().(*ast.Image); ok && p.ChildCount() == 1 && len(img.Destination) == 0 {
				found = append(found, p)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, p := range found {
		img := p.FirstChild().(*ast.Image)
		c := &caption{}
		for child := img.FirstChild(); child != nil; {
			next := child.NextSibling()
			c.AppendChild(c, child)
			child = next
		}
		p.Parent().ReplaceChild(p.Parent(), p, c)
	}
}

type captionRenderer struct{}

func (captionRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := n.(*ast.RawHTML).Segments
			for i := range segs.Len() {
				s := segs.At(i)
				template.HTMLEscape(w, s.Value(src))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		b := n.(*ast.HTMLBlock)
		w.WriteString("<p>")
		lines := b.Lines()
		for i := range lines.Len() {
			s := lines.At(i)
			template.HTMLEscape(w, bytes.TrimRight(s.Value(src), "\n"))
			if i < lines.Len()-1 || b.HasClosure() {
				w.WriteString("\n")
			}
		}
		if b.HasClosure() {
			template.HTMLEscape(w, bytes.TrimRight(b.ClosureLine.Value(src), "\n"))
		}
		w.WriteString("</p>\n")
		return ast.WalkSkipChildren, nil
	})
	reg.Register(kindCaption, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.WriteString(`<figure class="photo"><figcaption>`)
		} else {
			w.WriteString("</figcaption></figure>\n")
		}
		return ast.WalkContinue, nil
	})
}
