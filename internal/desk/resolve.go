package desk

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"

	"briefing/internal/content"
	"briefing/internal/files"
	"briefing/internal/ingest"
)

// resolution is a quick action of the review list on one article: the
// article, the revision the desk page showed, what to do and, for a
// possible copy, which of the files its review line names.
type resolution struct {
	Name   string `json:"name"`
	Rev    string `json:"rev"`
	Action string `json:"action"`
	Other  string `json:"other"`
}

// The quick actions.
const (
	// accept replaces the article's body with the new copy convert left
	// in ingest.IncomingDir, and deletes the copy.
	accept = "accept"
	// keep keeps the article and hides (drafts) the other file.
	keep = "keep"
	// keepOther keeps the other file and hides the article.
	keepOther = "keep-other"
	// distinct says the two are different stories.
	distinct = "distinct"
)

// write is one file a quick action replaces.
type write struct {
	path string
	data []byte
}

// resolve makes one quick action, if the article is still the revision
// the desk page showed. Every file it writes is worked out first.
func (d *Desk) resolve(w http.ResponseWriter, r *http.Request) {
	var q resolution
	if !decode(w, r, &q) {
		return
	}
	if !slices.Contains([]string{accept, keep, keepOther, distinct}, q.Action) {
		fail(w, http.StatusBadRequest, fmt.Sprintf("there is no action %q; nothing was saved", q.Action))
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
	f, data, p, status, err := d.open(idx, q.Name)
	if err != nil {
		fail(w, status, err.Error())
		return
	}
	if revision(data) != q.Rev {
		fail(w, http.StatusConflict, "this article was changed on disk after the desk page showed it (in a text editor, by a git pull or another window); nothing was saved. Reload the page to see the new version.")
		return
	}
	var writes []write
	var remove string
	if q.Action == accept {
		var out []byte
		out, remove, status, err = d.acceptIncoming(idx, q.Name, f, data)
		writes = []write{{p, out}}
	} else {
		writes, status, err = d.copies(idx, q, f, data, p)
	}
	if err != nil {
		fail(w, status, err.Error()+"; nothing was saved")
		return
	}
	// The other file first: the article keeps its review line, and stays
	// on the list, until every write is made.
	slices.Reverse(writes)
	changed := []string{}
	for _, wr := range writes {
		if err := files.Replace(wr.path, wr.data); err != nil {
			idx.refresh(changed)
			fail(w, http.StatusInternalServerError, err.Error())
			return
		}
		changed = append(changed, filepath.Base(wr.path))
	}
	if remove != "" {
		if err := os.Remove(remove); err != nil && !errors.Is(err, fs.ErrNotExist) {
			idx.refresh(changed)
			fail(w, http.StatusInternalServerError, fmt.Sprintf("the article has the new text, but its copy could not be deleted: %v", err))
			return
		}
	}
	idx.refresh(changed)
	reply(w, http.StatusOK, map[string]string{"rev": revision(writes[len(writes)-1].data)})
}

// acceptIncoming works out the article with the body of the new copy
// waiting for it: the fingerprint convert gives a body it wrote (so the
// body is convert's again, and later copies replace it), the copy's
// sources added to its own, and no review line. It returns the bytes and
// the copy's path, to delete once they are written.
func (d *Desk) acceptIncoming(idx *index, name string, f *content.File, data []byte) ([]byte, string, int, error) {
	rel := filepath.Join(filepath.Base(idx.dir), ingest.IncomingDir, name+".md")
	p := filepath.Join(idx.dir, ingest.IncomingDir, name+".md")
	st, err := os.Lstat(p)
	if err != nil || !st.Mode().IsRegular() {
		return nil, "", http.StatusNotFound, fmt.Errorf("there is no new copy of %q waiting in %s", name, filepath.Dir(rel))
	}
	in, err := os.ReadFile(p)
	if err != nil {
		return nil, "", http.StatusInternalServerError, err
	}
	cp, err := content.Parse(rel, in)
	if err != nil {
		return nil, "", http.StatusConflict, fmt.Errorf("%w; fix or delete the copy in a text editor", err)
	}
	body := string(cp.Body)
	fp := content.Fingerprint(cp.Body)
	sources := slices.Concat(f.Front.Sources, cp.Front.Sources)
	slices.Sort(sources)
	sources = slices.Compact(sources)
	none := ""
	out, err := content.Edit(filepath.Join(filepath.Base(idx.dir), name+".md"), data, content.Changes{
		Body: &body, Fingerprint: &fp, Sources: &sources, Review: &none,
	})
	if err != nil {
		return nil, "", http.StatusConflict, err
	}
	return out, p, http.StatusOK, nil
}

// copies works out the files a decision on a possible copy changes: the
// article's and the other's review lines lose each other, and the one not
// kept is hidden. The other file must be one the article's review line
// names and one the desk knows. The article's write comes first.
func (d *Desk) copies(idx *index, q resolution, f *content.File, data []byte, p string) ([]write, int, error) {
	if !slices.Contains(ingest.PossibleCopies(f.Front.Review), q.Other+".md") {
		return nil, http.StatusBadRequest, fmt.Errorf("the review line of %q does not name %q as a possible copy", q.Name, q.Other)
	}
	if q.Other == q.Name {
		return nil, http.StatusBadRequest, fmt.Errorf("%q cannot be a copy of itself", q.Name)
	}
	of, odata, op, status, err := d.open(idx, q.Other)
	if err != nil {
		return nil, status, err
	}
	hide := true
	mine := content.Changes{Review: ptr(ingest.WithoutCopy(f.Front.Review, q.Other+".md"))}
	theirs := content.Changes{}
	if r := ingest.WithoutCopy(of.Front.Review, q.Name+".md"); r != of.Front.Review {
		theirs.Review = &r
	}
	switch q.Action {
	case keep:
		theirs.Draft = &hide
	case keepOther:
		mine.Draft = &hide
	}
	dir := filepath.Base(idx.dir)
	out, err := content.Edit(filepath.Join(dir, q.Name+".md"), data, mine)
	if err != nil {
		return nil, http.StatusConflict, err
	}
	writes := []write{{p, out}}
	if theirs.Review == nil && theirs.Draft == nil {
		return writes, http.StatusOK, nil
	}
	oout, err := content.Edit(filepath.Join(dir, q.Other+".md"), odata, theirs)
	if err != nil {
		return nil, http.StatusConflict, err
	}
	return append(writes, write{op, oout}), http.StatusOK, nil
}

func ptr[T any](v T) *T { return &v }
