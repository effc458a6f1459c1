// Package convert turns scraped news dumps into clean articles.
//
// It is pure: bytes in, pages and warnings out. It never reads or writes
// files and never fails: odd input gives warnings, not errors.
//
// # Dumps
//
// A dump is UTF-8 text holding one or more article pages, separated by runs
// of blank lines. A page starts with a header that the site repeats:
//
//	title
//	<blank>
//	caption            (the lead photo's caption, usually twice)
//	caption
//	TT                 (the font-size widget)
//	20                 (optional number line)
//	<blank>
//	title              (the header again)
//	<blank>
//	caption
//	caption
//	<blank>
//	paragraph
//	<blank>
//	paragraph …
//
// Parse keeps the title once, the caption once and the body paragraphs, and
// drops the rest of the furniture.
//
// # Bodies
//
// Body text is written as Markdown that renders back to the scraped words:
// characters Markdown would interpret are backslash-escaped. A body line
// "- Something" becomes a "## Something" subheading, and a mid-body photo
// caption (a short line ending in a parenthesised credit) becomes an image
// with no address, ![caption](), which the renderer shows as a figure
// caption.
//
// # Duplicates
//
// Group merges pages that hold the same story: the same text, or one copy
// cut short of the other, with or without the header's number line. Pages
// with different titles never merge.
package convert

// Page is one article page found in a dump.
type Page struct {
	// Source is the dump's name, as given to Parse.
	Source string
	// Line is the 1-based line in the dump where the page starts.
	Line int
	// Title is the page's title, trimmed; empty for a page saved without
	// its header.
	Title string
	// Caption is the lead photo's caption, once, trimmed.
	Caption string
	// Date is the date the caption states, as YYYY-MM-DD, or "".
	Date string
	// Body is the article text as Markdown, paragraphs separated by one
	// blank line, ending in a newline.
	Body string
	// Text is the body's words normalised for comparison (lower case,
	// white space folded); a copy cut short has a prefix of the full
	// copy's Text.
	Text string
}

// Headerless reports whether the page was saved without its header.
func (p Page) Headerless() bool { return p.Title == "" }

// Warning is a problem found in a dump, with its place.
type Warning struct {
	File string
	Line int
	Msg  string
}

func (w Warning) String() string { return fmtPlace(w.File, w.Line) + ": " + w.Msg }

// Story is one article and every page that holds it.
type Story struct {
	// Pages are the copies of the story, in (Source, Line) order.
	Pages []Page
	// Best indexes the most complete copy in Pages.
	Best int
}
