package desk

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"briefing/internal/content"
	"briefing/internal/files"
	"briefing/internal/ingest"
	"briefing/internal/taxonomy"
)

// article is what the panel edits.
type article struct {
	Name        string   `json:"name"`
	File        string   `json:"file"` // the file, for the editor to read
	Rev         string   `json:"rev"`
	Title       string   `json:"title"`
	Date        string   `json:"date"`
	DateSource  string   `json:"date_source"`
	Summary     string   `json:"summary"`
	Draft       bool     `json:"draft"`
	Review      string   `json:"review"`
	Tags        []string `json:"tags"`
	ExcludeTags []string `json:"exclude_tags"`
	Notes       int      `json:"notes"` // how many it has
}

// open reads the named article, which must be one the desk knows.
func (d *Desk) open(idx *index, name string) (*content.File, []byte, string, int, error) {
	if !validName(name) || !idx.has(name) {
		return nil, nil, "", http.StatusNotFound, fmt.Errorf("there is no article %q in %s", name, idx.dir)
	}
	p := filepath.Join(idx.dir, name+".md")
	st, err := os.Lstat(p)
	if err != nil || !st.Mode().IsRegular() {
		return nil, nil, "", http.StatusNotFound, fmt.Errorf("the article %q is no longer in %s", name, idx.dir)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, nil, "", http.StatusInternalServerError, err
	}
	f, err := content.Parse(filepath.Join(filepath.Base(idx.dir), name+".md"), data)
	if err != nil {
		return nil, nil, "", http.StatusConflict, fmt.Errorf("%w; fix the file in a text editor first", err)
	}
	return f, data, p, http.StatusOK, nil
}

// validName reports whether name can be an article's name: a file name
// with no folder in it.
func validName(name string) bool {
	return name != "" && !strings.ContainsAny(name, "/\\\x00") && name != "." && name != ".." &&
		!strings.HasPrefix(name, ".") && utf8.ValidString(name)
}

func (d *Desk) article(w http.ResponseWriter, r *http.Request) {
	f, data, _, status, err := d.open(d.current(), r.URL.Query().Get("name"))
	if err != nil {
		fail(w, status, err.Error())
		return
	}
	fr := f.Front
	reply(w, http.StatusOK, article{
		Name: r.URL.Query().Get("name"), File: f.Path, Rev: revision(data),
		Title: fr.Title, Date: fr.Date, DateSource: fr.DateSource, Summary: fr.Summary, Draft: fr.Draft,
		Review: fr.Review, Tags: nonNil(fr.Tags), ExcludeTags: nonNil(fr.ExcludeTags), Notes: len(fr.Notes),
	})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (d *Desk) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	show := q.Get("show")
	known := false
	for _, s := range shows {
		known = known || s == show
	}
	if !known {
		show = showUndated
	}
	page, _ := strconv.Atoi(q.Get("page"))
	reply(w, http.StatusOK, d.current().query(show, q.Get("q"), page))
}

// tagChoice is a taxonomy tag offered for completion.
type tagChoice struct {
	Name  string   `json:"name"`
	Words []string `json:"words"`
}

func (d *Desk) tags(w http.ResponseWriter) {
	d.mu.Lock()
	file := d.taxonomy
	d.mu.Unlock()
	out := []tagChoice{}
	if data, err := os.ReadFile(file); err == nil {
		if tax, err := taxonomy.Parse(file, data); err == nil {
			for _, t := range tax.Tags {
				out = append(out, tagChoice{Name: t.Name, Words: nonNil(t.Words)})
			}
		}
	}
	reply(w, http.StatusOK, out)
}

// edit is a save request: the article, the revision it was opened on, and
// the fields that change. Absent fields stay as they are.
type edit struct {
	Name        string    `json:"name"`
	Rev         string    `json:"rev"`
	Title       *string   `json:"title"`
	Date        *string   `json:"date"`
	Summary     *string   `json:"summary"`
	Draft       *bool     `json:"draft"`
	Reviewed    bool      `json:"reviewed"`
	Tags        *[]string `json:"tags"`
	ExcludeTags *[]string `json:"exclude_tags"`
	Note        *struct {
		By   string `json:"by"`
		Date string `json:"date"`
		Text string `json:"text"`
	} `json:"note"`
}

// Limits on what one field may hold.
const (
	maxLine    = 300   // a title, tag or name
	maxSummary = 4000  // a summary
	maxNote    = 64000 // a note's text
	maxTags    = 100   // tags in one list
)

// changes checks an edit and turns it into content.Changes.
func (e *edit) changes() (content.Changes, error) {
	var c content.Changes
	if e.Title != nil {
		t := strings.TrimSpace(*e.Title)
		if err := line("the title", t, true); err != nil {
			return c, err
		}
		c.Title = &t
	}
	if e.Date != nil {
		dt := strings.TrimSpace(*e.Date)
		if dt != "" && !content.IsDate(dt) {
			return c, fmt.Errorf("the date %q is not a date (want YYYY-MM-DD)", dt)
		}
		src := ""
		if dt != "" {
			src = "editor" // whoever sets a date answers for it
		}
		c.Date, c.DateSource = &dt, &src
	}
	if e.Summary != nil {
		s := strings.TrimSpace(*e.Summary)
		if err := text("the summary", s, maxSummary); err != nil {
			return c, err
		}
		c.Summary = &s
	}
	c.Draft = e.Draft
	if e.Reviewed {
		none := ""
		c.Review = &none
	}
	for _, l := range []struct {
		what string
		in   *[]string
		out  **[]string
	}{{"a tag", e.Tags, &c.Tags}, {"an excluded tag", e.ExcludeTags, &c.ExcludeTags}} {
		if l.in == nil {
			continue
		}
		if len(*l.in) > maxTags {
			return c, fmt.Errorf("more than %d tags", maxTags)
		}
		var tags []string
		for _, t := range *l.in {
			t = strings.TrimSpace(t)
			if err := line(l.what, t, true); err != nil {
				return c, err
			}
			tags = append(tags, t)
		}
		if tags == nil {
			tags = []string{}
		}
		*l.out = &tags
	}
	if n := e.Note; n != nil {
		by, dt, tx := strings.TrimSpace(n.By), strings.TrimSpace(n.Date), strings.TrimSpace(n.Text)
		if err := line("the note's author", by, true); err != nil {
			return c, err
		}
		if !content.IsDate(dt) {
			return c, fmt.Errorf("the note's date %q is not a date (want YYYY-MM-DD)", dt)
		}
		if tx == "" {
			return c, errors.New("the note has no text")
		}
		if err := text("the note", tx, maxNote); err != nil {
			return c, err
		}
		c.AddNotes = []content.Note{{By: by, Date: dt, Text: tx}}
	}
	return c, nil
}

// line checks a one-line field.
func line(what, s string, required bool) error {
	if required && s == "" {
		return fmt.Errorf("%s is empty", what)
	}
	if strings.ContainsAny(s, "\r\n") {
		return fmt.Errorf("%s must be one line", what)
	}
	return text(what, s, maxLine)
}

// text checks a field of text: valid UTF-8, no control characters but
// line breaks and tabs, not too long.
func text(what, s string, limit int) error {
	if len(s) > limit {
		return fmt.Errorf("%s is longer than %d characters", what, limit)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not valid text", what)
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return fmt.Errorf("%s holds a control character (%U)", what, r)
		}
	}
	return nil
}

// save makes one edit, if the file is still the revision it was opened
// on.
func (d *Desk) save(w http.ResponseWriter, r *http.Request) {
	var e edit
	if !decode(w, r, &e) {
		return
	}
	c, err := e.changes()
	if err != nil {
		fail(w, http.StatusBadRequest, err.Error()+"; nothing was saved")
		return
	}
	d.saving.Lock()
	defer d.saving.Unlock()
	idx := d.current()
	unlock, err := ingest.Lock(idx.dir, holder)
	if err != nil {
		fail(w, http.StatusConflict, err.Error()+"; nothing was saved")
		return
	}
	defer unlock()
	_, data, p, status, err := d.open(idx, e.Name)
	if err != nil {
		fail(w, status, err.Error())
		return
	}
	if revision(data) != e.Rev {
		fail(w, http.StatusConflict, "this article was changed on disk after the panel was opened (in a text editor, by a git pull or another window); nothing was saved. Reload the page to edit the new version.")
		return
	}
	out, err := content.Edit(filepath.Join(filepath.Base(idx.dir), e.Name+".md"), data, c)
	if err != nil {
		fail(w, http.StatusConflict, err.Error()+"; nothing was saved")
		return
	}
	if err := files.Replace(p, out); err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	idx.refresh([]string{e.Name + ".md"})
	reply(w, http.StatusOK, map[string]string{"rev": revision(out)})
}
