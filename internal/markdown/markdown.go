// Package markdown turns article bodies and editors' notes into HTML.
//
// It is CommonMark (goldmark) with raw HTML switched off: HTML typed into a
// body or a note shows as the text that was typed, never as markup. One addition: an image with
// no address, ![words](), is a photo whose picture the archive does not
// have, so it renders as a figure holding only its caption.
package markdown

import (
	"bytes"
	"html/template"

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
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(captionTransformer{}, 100))),
		goldmark.WithRendererOptions(
			html.WithXHTML(),
			renderer.WithNodeRenderers(util.Prioritized(captionRenderer{}, 100)),
		),
	)
	return &Renderer{md: md}
}

// HTML renders src. Markdown has no syntax errors, so only a failure to
// write could fail, and writing to memory does not.
func (r *Renderer) HTML(src []byte) template.HTML {
	var b bytes.Buffer
	if err := r.md.Convert(src, &b); err != nil {
		return template.HTML(template.HTMLEscapeString(string(src)))
	}
	return template.HTML(b.String())
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
