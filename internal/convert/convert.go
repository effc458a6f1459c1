// Package convert turns scraped news dumps into clean articles.
//
// It is pure: bytes in, pages and warnings out. It never reads or writes
// files and never fails: odd input gives warnings, not errors. Parse reads
// one dump; Group merges the copies of a story found across dumps.
//
// # Decoding
//
// A dump should be UTF-8. A byte-order mark is dropped and CRLF or lone CR
// line ends become LF. An empty file, or one holding only white space, gives
// the warning "empty file"; a file whose start is more than one byte in
// twenty NUL or other control bytes is "binary" and skipped. A few NUL
// bytes in a text (a bad scrape) become U+FFFD, with a warning at each of
// the first lines that hold one, and the rest of the dump is kept. A file
// that starts with a UTF-16 byte-order mark is decoded as UTF-16; one with
// an odd number of bytes (cut short) loses its last byte, with a warning.
// Bytes that are not UTF-8 are read as Windows-1252 (valid UTF-8
// sequences in the same file are kept), with a warning naming the line of the
// first bad byte. A multi-byte character cut short at the end of a line,
// in a file that is otherwise UTF-8, is the mark of a truncated scrape: its
// bytes are dropped, with a warning.
//
// Every line is tidied before it is read: all kinds of white space (NBSP,
// tabs, Unicode spaces) and control characters become one space, the ends
// are trimmed, zero-width marks vanish and an acute accent between two
// letters (don´t) becomes an apostrophe (don’t). A line that is empty after
// that is blank.
//
// # Dumps
//
// A dump holds one or more article pages, separated by runs of three or
// more blank lines. A page starts with a header that the site repeats:
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
// The TT line marks a header. Its title is the line the header repeats after
// TT, found among the few lines above TT; failing that, the first line of the
// page, or the line above the caption lines that sit right above TT. The
// lines between title and TT are the caption. After TT the number line, the
// repeated title and the repeated caption lines are dropped. A header inside
// a run of text starts a new page there, so two pages kept apart by a single
// blank line still split. Text with no header above it is a page saved
// without its header: it is kept with an empty title and a warning, for
// review. A header with no text under it is dropped with a warning.
//
// The caption's date becomes the page's date: "January 23, 2020",
// "Jan. 23, 2020", "23 January 2020" or "04 February 2024", any case, with
// a four-digit year; impossible days are ignored and of two dates the later
// one wins.
//
// # Bodies
//
// Each non-blank line after the header is one paragraph, so paragraphs kept
// apart by one newline or by blank lines read the same; a line that repeats
// the one before it (a doubled photo caption) is kept once.
//
// Body text is written as Markdown that renders back to the scraped words:
// characters Markdown would interpret are backslash-escaped, and so are
// block markers (#, >, -, +, =, |, ~, "1.") at the start of a paragraph.
// A body line "- Something" of at most 200 characters becomes a
// "## Something" subheading, and a mid-body photo caption becomes an image
// with no address, ![caption](), which the renderer shows as a figure
// caption. A photo caption is a line of at most 300 characters that ends in
// a parenthesised credit, with nothing after the closing parenthesis, not
// even a full stop. A credit is a few capitalised words, "(AFP)",
// "(SANA / AFP)" or "(Khalid Mohammed/Pool via REUTERS)", which may hold
// linking words (via, by, and, &) or be the agencies dpa and epa; asides
// such as "(sic)" or "(2019)" are not credits, and neither is an
// abbreviation being introduced, as in "Popular Mobilization Forces (PMF)".
//
// Titles and captions are plain text, not Markdown.
//
// # Duplicates
//
// Group merges pages that hold the same story: the same text, or one copy
// cut short of the other, with or without the header's number line. Two
// pages merge when one's Text is a prefix of the other's, the shorter one
// holds at least 80 characters (or both are equal), and their titles match
// after folding case, white space and quotes, or one of them has no title.
// Pages with different titles never merge, even through a shared copy
// without a title.
//
// # Near-duplicates
//
// A story saved twice is not always copied byte for byte: a wire copy is
// corrected a few words at a time, a headline is recapitalised, one copy
// has straight quotes where the other has curly ones, or the two were cut
// short at different places. Group then compares the stories it has found
// by their text, never by the page around it: the body's words only, so a
// shared lead caption or photo credit, which sits in the header, counts
// for nothing.
//
// The text is read as words (runs of letters and digits, in lower case,
// apostrophes dropped and every other mark between words ignored) and cut
// into shingles, every run of four words. The score of two texts is their
// containment: the share of the shorter text's shingles found in the
// longer one. A copy cut short, or cut elsewhere, scores as high as a
// whole copy; each changed word costs at most four shingles. Two stories
// that share a paragraph of wire boilerplate, a caption line or a quote
// score by how much of the shorter one that is.
//
//   - Same (merge): the shorter text has at least 24 shingles, its score
//     is at least 0.75, and the titles are the same words (case, quotes
//     and punctuation aside) or one copy has no title.
//   - Possible (keep both, flag for review): a score of at least 0.4; a
//     score of Same under two different titles; or two stories under the
//     same title, whatever their texts: one title never names two silent
//     articles. Each such story lists the other in Story.Near.
//   - Different otherwise.
//
// The thresholds come from a labelled set of 140 pairs built from the
// seed stories (testdata/neardup; TestNearDupEval): copies of one story
// scored 0.76 to 1, different stories 0 to 0.50, including stories from
// the same day about the same people, with the same caption and credit,
// or the same background paragraphs. Between the two thresholds sit only
// follow-up stories that repeat much of the first one, which an editor
// should see. A copy under a rewritten headline scores as a copy but is
// flagged, not merged: which headline stands is an editor's choice. Four-word shingles were chosen over
// simhash, which is weakest on pairs from the same site, and over
// SpotSigs, whose stopword anchors suit whole web pages more than clean
// article text; containment, unlike resemblance (Jaccard), treats a copy
// cut short as the same story.
//
// Group never compares every pair. Each text keeps a fixed quarter of its
// shingles as samples (those whose hash ends in two zero bits, the same
// ones in every text), and an index maps each sample to the texts that
// hold it; a sample held by more than 8 stories is boilerplate and is
// not looked up. Only stories that share enough samples, or a title, are
// compared in full. A text of 256 shingles or more keeps only its samples
// (Sign), which is precise enough at that length and four times smaller.
// Sure pairs merge first, the surest first, and a merge that would join
// two titles is refused, leaving the pair Possible.
//
// The same judgement is there for articles already written: Sign signs an
// article's title and text, and signs a Markdown body read back from a
// content file exactly as the page it was written from; Compare judges
// two signatures; Index.Best finds the best match among many.
package convert

// Page is one article page found in a dump.
type Page struct {
	// Source is the dump's name, as given to Parse.
	Source string
	// Line is the 1-based line in the dump where the page starts: its
	// first non-blank line.
	Line int
	// Title is the page's title, tidied; empty for a page saved without
	// its header.
	Title string
	// Caption is the lead photo's caption, once, tidied; plain text.
	Caption string
	// Date is the date the caption states, as YYYY-MM-DD, or "".
	Date string
	// Body is the article text as Markdown, paragraphs separated by one
	// blank line, ending in a newline.
	Body string
	// Text is the body's words normalised for comparison: the tidied
	// paragraphs as scraped (a subheading keeps its dash), joined by one
	// space, in lower case, with curly quotes and ´ read as straight
	// ones. A copy cut short has a prefix of the full copy's Text.
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

// String formats the warning as "file:line: message".
func (w Warning) String() string { return fmtPlace(w.File, w.Line) + ": " + w.Msg }

// Story is one article and every page that holds it.
type Story struct {
	// Pages are the copies of the story, in (Source, Line) order.
	Pages []Page
	// Best indexes the most complete copy in Pages: the longest Text,
	// then a copy with a header, then the first.
	Best int
	// Near lists, in story order, the other stories that may hold the
	// same text: Compare found them Possible, so they were kept apart
	// for an editor to judge. Indexes are into the slice Group returned.
	Near []Near
}

// Near names another story that may be a copy of this one.
type Near struct {
	Story int     // index of the other story in Group's result
	Score float64 // Match.Score of the two texts
}
