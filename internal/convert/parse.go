package convert

import (
	"slices"
	"strconv"
	"strings"
)

const (
	// pageGap is the number of blank lines that end a page.
	pageGap = 3
	// titleReach is how many non-blank lines above TT may hold the title
	// when the header repeats it below TT.
	titleReach = 6
	// headerReach is the same limit when the title must be told from the
	// layout alone: a title and up to three caption lines.
	headerReach = 4
)

// Parse splits one dump into pages. name is used for Page.Source and in
// warnings. Parse never fails: what it cannot read it reports as warnings.
func Parse(name string, data []byte) ([]Page, []Warning) {
	text, warns, ok := decode(name, data)
	if !ok {
		return nil, warns
	}
	raw := strings.Split(text, "\n")
	p := &parser{name: name, lines: make([]string, len(raw)), warns: warns}
	for i, l := range raw {
		p.lines[i] = clean(l)
	}
	p.chunks()
	return p.pages, p.warns
}

type parser struct {
	name  string
	lines []string // tidied; "" is a blank line
	pages []Page
	warns []Warning
}

// draft is a page while its lines are being gathered.
type draft struct {
	line    int // 0-based index of the page's first line
	title   string
	caption string
	paras   []string
}

func (p *parser) warn(i int, msg string) {
	p.warns = append(p.warns, Warning{File: p.name, Line: i + 1, Msg: msg})
}

// chunks cuts the text at runs of pageGap or more blank lines.
func (p *parser) chunks() {
	start, blanks, found := -1, 0, false
	for i, l := range p.lines {
		if l != "" {
			if start < 0 {
				start = i
			}
			blanks = 0
			continue
		}
		if blanks++; blanks == pageGap && start >= 0 {
			p.chunk(start, i-pageGap+1)
			start, found = -1, true
		}
	}
	if start >= 0 {
		p.chunk(start, len(p.lines))
		found = true
	}
	if !found {
		p.warn(0, "empty file")
	}
}

// chunk reads the pages in lines[lo:hi]: one per header, plus one without a
// header for any text above the first.
func (p *parser) chunk(lo, hi int) {
	var cur *draft
	i := lo
	for {
		t := p.nextTT(i, hi)
		if t < 0 {
			cur = p.addBody(cur, i, hi)
			break
		}
		h, title, caps := p.headerStart(lo, i, t, hi)
		p.flush(p.addBody(cur, i, h))
		cur, i = p.header(h, t, hi, title, caps)
	}
	p.flush(cur)
}

func (p *parser) nextTT(i, hi int) int {
	for ; i < hi; i++ {
		if p.lines[i] == "TT" {
			return i
		}
	}
	return -1
}

// nextText returns the first non-blank line in [i, hi), or -1.
func (p *parser) nextText(i, hi int) int {
	for ; i < hi; i++ {
		if p.lines[i] != "" {
			return i
		}
	}
	return -1
}

// addBody appends the non-blank lines in [i, end) to d, starting a page
// without a header when there is no d.
func (p *parser) addBody(d *draft, i, end int) *draft {
	for ; i < end; i++ {
		if p.lines[i] == "" {
			continue
		}
		if d == nil {
			d = &draft{line: i}
		}
		d.paras = append(d.paras, p.lines[i])
	}
	return d
}

// headerStart finds the title of the header whose TT line is t, searching
// no higher than i, in the chunk lines[lo:hi]. It returns the title's
// line h with the title and the caption lines between it and TT. When TT
// has no text above it, h is t and the title is left to header.
func (p *parser) headerStart(lo, i, t, hi int) (h int, title string, caps []string) {
	var above []int // non-blank lines above TT, nearest first
	for j := t - 1; j >= i && len(above) < titleReach; j-- {
		if p.lines[j] != "" {
			above = append(above, j)
		}
	}
	if len(above) == 0 {
		return t, "", nil
	}
	pick := func(k int) (int, string, []string) {
		h := above[k]
		title := p.lines[h]
		for x := k - 1; x >= 0; x-- {
			l := p.lines[above[x]]
			if !sameKey(l, title) && !slices.ContainsFunc(caps, func(c string) bool { return sameKey(c, l) }) {
				caps = append(caps, l)
			}
		}
		return h, title, caps
	}

	// The header repeats its title below TT: the surest sign of where it
	// starts. A match that is itself doubled is a caption, not the title.
	if r := p.repeatLine(t, hi); r >= 0 {
		want, best := p.lines[r], -1
		for k, j := range above {
			if sameKey(p.lines[j], want) {
				best = k
			}
		}
		if best >= 0 && (best == 0 || !sameKey(p.lines[above[best-1]], want)) {
			return pick(best)
		}
	}
	if len(above) > headerReach {
		above = above[:headerReach]
	}
	// A page's first line is its title when TT follows closely.
	if i == lo && p.nextText(lo, t) == above[len(above)-1] {
		return pick(len(above) - 1)
	}
	// Otherwise read the layout: caption lines sit right above TT, often
	// doubled, and a blank line parts them from the title.
	run := 1
	for run < len(above) && sameKey(p.lines[above[run]], p.lines[above[0]]) {
		run++
	}
	switch {
	case run >= 2 && run < len(above):
		return pick(run)
	case run >= 2:
		return pick(run - 1)
	case above[0] == t-1 && len(above) > 1 && above[1] < t-2:
		return pick(1)
	}
	return pick(0)
}

// repeatLine returns the first text line in lines[t+1:hi] past the number
// line: where the header repeats its title. It returns -1 if there is none.
func (p *parser) repeatLine(t, hi int) int {
	r := p.nextText(t+1, hi)
	if r >= 0 && isNumber(p.lines[r]) {
		r = p.nextText(r+1, hi)
	}
	return r
}

// header reads a header that starts at line h and has its TT at line t,
// and returns the new page with the line where its body starts.
func (p *parser) header(h, t, hi int, title string, caps []string) (*draft, int) {
	i := t + 1
	if r := p.nextText(i, hi); r >= 0 && isNumber(p.lines[r]) {
		i = r + 1
	}
	if title == "" {
		// TT came first: the repeat below is the only copy of the title,
		// and a doubled line after it the only copy of the caption.
		if r := p.nextText(i, hi); r >= 0 {
			title, i = p.lines[r], r+1
			if a := p.nextText(i, hi); a >= 0 {
				if b := p.nextText(a+1, hi); b >= 0 && p.lines[a] == p.lines[b] {
					caps = []string{p.lines[a]}
				}
			}
		}
	}
	furniture := append([]string{title, "TT"}, caps...)
	for {
		r := p.nextText(i, hi)
		if r < 0 {
			i = hi
			break
		}
		if !slices.ContainsFunc(furniture, func(f string) bool { return sameKey(f, p.lines[r]) }) {
			break
		}
		i = r + 1
		if p.lines[r] == "TT" {
			if n := p.nextText(i, hi); n >= 0 && isNumber(p.lines[n]) {
				i = n + 1
			}
		}
	}
	return &draft{line: h, title: title, caption: strings.Join(caps, " ")}, i
}

// flush turns a finished draft into a page.
func (p *parser) flush(d *draft) {
	if d == nil {
		return
	}
	if len(d.paras) == 0 {
		p.warn(d.line, "page "+strconv.Quote(d.title)+" has a header but no text; skipped")
		return
	}
	if d.title == "" {
		p.warn(d.line, "page without a header (no title, caption or TT); imported for review")
	}
	body, text := render(d.paras)
	p.pages = append(p.pages, Page{
		Source:  p.name,
		Line:    d.line + 1,
		Title:   d.title,
		Caption: d.caption,
		Date:    captionDate(d.caption),
		Body:    body,
		Text:    text,
	})
}
