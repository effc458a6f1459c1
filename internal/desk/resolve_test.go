package desk_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"briefing/internal/content"
	"briefing/internal/desk"
	"briefing/internal/ingest"
)

// dump is a seed dump holding one article page.
func dump(title, caption string, paras ...string) string {
	head := title + "\n\n" + caption + "\n" + caption + "\nTT\n\n" + title + "\n\n" + caption + "\n" + caption + "\n\n"
	return head + strings.Join(paras, "\n\n") + "\n"
}

const (
	speaker = "Lebanon's Parliament Meets to Elect a Speaker"
	caption = "Members of parliament arrive in Beirut on March 7, 2023. (AFP)"
	lebanon = "lebanons-parliament-meets-to-elect-a-speaker"
)

var paras = []string{
	"Lebanon's parliament met on Tuesday to elect a speaker after months of deadlock between the main blocs, officials said.",
	"The session opened with a minute of silence for the victims of the port blast, and the vote followed in the afternoon.",
	"Observers said the result would shape the talks on a new government, which have stalled since the spring.",
	"A second round is planned if no candidate wins a majority in the first, the parliament's secretary said.",
}

// convert adds a dump to the preview's project and converts the seeds,
// as watch does, telling the desk what it wrote.
func (p *preview) convert(t *testing.T, name, text string) ingest.Summary {
	t.Helper()
	seeds := filepath.Join(p.root, "seeds")
	if err := os.MkdirAll(seeds, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(seeds, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := ingest.Run(ingest.Options{Seeds: seeds, Content: p.content, Root: p.root})
	if err != nil {
		t.Fatal(err)
	}
	p.desk.Changed(slices.Concat(sum.New, sum.Updated, sum.Flagged()))
	return sum
}

// resolve sends a quick action as the desk page does.
func (p *preview) resolve(t *testing.T, action map[string]any, spoil func(*request)) (int, string) {
	t.Helper()
	return p.save(t, action, func(r *request) {
		r.address = "/archive/.preview/desk/api/resolve"
		if spoil != nil {
			spoil(r)
		}
	})
}

// reviewRows is the desk's review list.
func (p *preview) reviewRows(t *testing.T) []struct {
	Name, Review, Incoming string
	Copies                 []string
} {
	t.Helper()
	var l struct {
		Rows []struct {
			Name, Review, Incoming string
			Copies                 []string
		}
	}
	if err := json.Unmarshal([]byte(p.get(t, "/archive/.preview/desk/api/list?show=review", map[string]string{desk.TokenHeader: p.token})), &l); err != nil {
		t.Fatal(err)
	}
	return l.Rows
}

func (p *preview) file(t *testing.T, name string) (*content.File, []byte) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(p.content, name+".md"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := content.Parse(name+".md", data)
	if err != nil {
		t.Fatal(err)
	}
	return f, data
}

// editedWithLongerCopy is a preview whose article's body an editor
// changed before a longer copy arrived: convert left the copy beside it.
func editedWithLongerCopy(t *testing.T) *preview {
	t.Helper()
	p := start(t, nil)
	p.convert(t, "001.txt", dump(speaker, caption, paras[:2]...))
	f, data := p.file(t, lebanon)
	body := strings.Replace(string(f.Body), "officials said", "officials in Beirut said", 1)
	out, err := content.Edit(lebanon+".md", data, content.Changes{Body: &body})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p.content, lebanon+".md"), out, 0o644); err != nil {
		t.Fatal(err)
	}
	p.desk.Changed([]string{lebanon + ".md"})
	sum := p.convert(t, "002.txt", dump(speaker, caption, paras...))
	if len(sum.Review) != 1 || sum.Review[0].File != ingest.IncomingDir+"/"+lebanon+".md" {
		t.Fatalf("convert left no copy beside the article: %v", sum)
	}
	return p
}

// Accepting the longer text gives the article the copy's body, with the
// fingerprint and sources convert gives a body it wrote, deletes the copy
// and takes the article off the review list; convert then treats the
// body as its own again.
func TestAcceptLongerText(t *testing.T) {
	p := editedWithLongerCopy(t)
	rows := p.reviewRows(t)
	if len(rows) != 1 || rows[0].Name != lebanon || !strings.Contains(rows[0].Incoming, "3 paragraphs the article lacks") {
		t.Fatalf("review list = %+v", rows)
	}
	incoming := filepath.Join(p.content, ingest.IncomingDir, lebanon+".md")
	cp, err := content.Parse(incoming, mustRead(t, incoming))
	if err != nil {
		t.Fatal(err)
	}
	_, before := p.file(t, lebanon)
	status, body := p.resolve(t, map[string]any{"name": lebanon, "rev": p.rev(t, lebanon), "action": "accept"}, nil)
	if status != http.StatusOK {
		t.Fatalf("accept: %d %s", status, body)
	}
	f, after := p.file(t, lebanon)
	if string(f.Body) != string(cp.Body) || f.Front.Fingerprint != content.Fingerprint(cp.Body) || f.Front.Review != "" {
		t.Errorf("article after accept:\n%s", after)
	}
	if !slices.Equal(f.Front.Sources, []string{"001.txt:1", "002.txt:1"}) {
		t.Errorf("sources = %q", f.Front.Sources)
	}
	for _, para := range paras {
		if !strings.Contains(string(f.Body), para) {
			t.Errorf("the body lacks %q", para)
		}
	}
	// Only the body, fingerprint and sources lines changed.
	if edited, known := f.Edited(); edited || !known {
		t.Errorf("the body is not convert's: edited %v, known %v", edited, known)
	}
	if !strings.HasPrefix(string(after), string(before[:strings.Index(string(before), "sources:")])) {
		t.Errorf("the lines before sources changed:\n%s\n---\n%s", before, after)
	}
	if _, err := os.Lstat(incoming); !os.IsNotExist(err) {
		t.Errorf("the copy is still there: %v", err)
	}
	if rows := p.reviewRows(t); len(rows) != 0 {
		t.Errorf("review list after accept = %+v", rows)
	}
	// A later copy with one more paragraph replaces the body: it is
	// convert's again.
	more := "The vote is expected to resume next week after talks between the blocs."
	sum := p.convert(t, "003.txt", dump(speaker, caption, append(slices.Clone(paras), more)...))
	if f, _ := p.file(t, lebanon); !strings.Contains(string(f.Body), more) || len(sum.Review) != 0 {
		t.Errorf("a longer copy after accept: %v\n%s", sum, f.Body)
	}
}

// A file changed on disk after the desk page showed it is not touched,
// nor is the copy.
func TestAcceptRefusedWhenChangedOnDisk(t *testing.T) {
	p := editedWithLongerCopy(t)
	rev := p.rev(t, lebanon)
	path := filepath.Join(p.content, lebanon+".md")
	if err := os.WriteFile(path, append(mustRead(t, path), "An editor's line.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	before := tree(t, p.root)
	status, body := p.resolve(t, map[string]any{"name": lebanon, "rev": rev, "action": "accept"}, nil)
	if status != http.StatusConflict || !strings.Contains(body, "changed on disk") {
		t.Errorf("accept after a change on disk: %d %s", status, body)
	}
	if !equalTrees(before, tree(t, p.root)) {
		t.Error("a refused action changed files")
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// possibleCopy is a preview with two articles of the same title, the
// second flagged as a possible copy of the first.
func possibleCopy(t *testing.T) (*preview, string) {
	t.Helper()
	p := start(t, nil)
	p.convert(t, "001.txt", dump(speaker, caption, paras...))
	sum := p.convert(t, "002.txt", dump(speaker, "The chamber in Beirut. (AFP)",
		"Lawmakers failed for the twelfth time to choose a president on Wednesday, as rival camps boycotted the second round of voting in the chamber.",
		"The speaker adjourned the session without setting a date for the next one, saying consultations would go on between the blocs and the caretaker cabinet."))
	if len(sum.New) != 1 || len(sum.Review) != 1 {
		t.Fatalf("convert flagged no possible copy: %v", sum)
	}
	name := strings.TrimSuffix(sum.New[0], ".md")
	rows := p.reviewRows(t)
	if len(rows) != 1 || rows[0].Name != name || !slices.Equal(rows[0].Copies, []string{lebanon}) {
		t.Fatalf("review list = %+v", rows)
	}
	return p, name
}

// Keep one: the article stays, the other is hidden, and neither is on
// the review list; the other way round hides the article.
func TestKeepOne(t *testing.T) {
	for _, c := range []struct{ action, kept, hidden string }{{"keep", "", lebanon}, {"keep-other", lebanon, ""}} {
		t.Run(c.action, func(t *testing.T) {
			p, name := possibleCopy(t)
			kept, hidden := c.kept, c.hidden
			if kept == "" {
				kept = name
			}
			if hidden == "" {
				hidden = name
			}
			_, keptBefore := p.file(t, kept)
			_, hiddenBefore := p.file(t, hidden)
			status, body := p.resolve(t, map[string]any{"name": name, "rev": p.rev(t, name), "action": c.action, "other": lebanon}, nil)
			if status != http.StatusOK {
				t.Fatalf("%s: %d %s", c.action, status, body)
			}
			k, keptAfter := p.file(t, kept)
			h, hiddenAfter := p.file(t, hidden)
			if k.Front.Draft || k.Front.Review != "" || !h.Front.Draft || h.Front.Review != "" {
				t.Errorf("kept %+v\nhidden %+v", k.Front, h.Front)
			}
			// Nothing else moved: each file is content.Edit of its change.
			none, yes := "", true
			for _, f := range []struct {
				name       string
				before, to []byte
				c          content.Changes
			}{{kept, keptBefore, keptAfter, content.Changes{}}, {hidden, hiddenBefore, hiddenAfter, content.Changes{Draft: &yes}}} {
				if f.name == name {
					f.c.Review = &none
				}
				want, err := content.Edit(f.name+".md", f.before, f.c)
				if err != nil {
					t.Fatal(err)
				}
				if string(want) != string(f.to) {
					t.Errorf("%s:\n%s\nwant\n%s", f.name, f.to, want)
				}
			}
			if rows := p.reviewRows(t); len(rows) != 0 {
				t.Errorf("review list = %+v", rows)
			}
		})
	}
}

// Not a duplicate: the review line goes, nothing is hidden, and convert
// does not flag the pair again when more copies of both arrive.
func TestNotADuplicate(t *testing.T) {
	p, name := possibleCopy(t)
	status, body := p.resolve(t, map[string]any{"name": name, "rev": p.rev(t, name), "action": "distinct", "other": lebanon}, nil)
	if status != http.StatusOK {
		t.Fatalf("distinct: %d %s", status, body)
	}
	for _, n := range []string{name, lebanon} {
		if f, _ := p.file(t, n); f.Front.Draft || f.Front.Review != "" {
			t.Errorf("%s: %+v", n, f.Front)
		}
	}
	sum := p.convert(t, "003.txt", dump(speaker, caption, paras...)+"\n"+mustDump(t, p, "002.txt"))
	if len(sum.Review) != 0 || len(sum.New) != 0 {
		t.Errorf("convert after the decision: %v", sum)
	}
	if rows := p.reviewRows(t); len(rows) != 0 {
		t.Errorf("review list = %+v", rows)
	}
}

func mustDump(t *testing.T, p *preview, name string) string {
	return string(mustRead(t, filepath.Join(p.root, "seeds", name)))
}

// Hostile or stale quick actions are refused with nothing written.
func TestHostileQuickActions(t *testing.T) {
	p, name := possibleCopy(t)
	testRev := p.rev(t, name)
	if err := os.WriteFile(filepath.Join(p.root, "outside.md"), []byte("---\nid: x\ntitle: Outside\n---\nText.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A link where a waiting copy would be is not followed.
	if err := os.MkdirAll(filepath.Join(p.content, ingest.IncomingDir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(p.root, "outside.md"), filepath.Join(p.content, ingest.IncomingDir, lebanon+".md")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		what   string
		action map[string]any
		spoil  func(*request)
		status int
	}{
		{"an other its review does not name", map[string]any{"name": lebanon, "rev": p.rev(t, lebanon), "action": "keep", "other": name}, nil, 400},
		{"a path as the other", map[string]any{"name": name, "rev": testRev, "action": "keep", "other": "../outside"}, nil, 400},
		{"a path as the name", map[string]any{"name": "../outside", "rev": testRev, "action": "distinct", "other": lebanon}, nil, 404},
		{"itself", map[string]any{"name": name, "rev": testRev, "action": "keep", "other": name}, nil, 400},
		{"an unknown action", map[string]any{"name": name, "rev": testRev, "action": "delete", "other": lebanon}, nil, 400},
		{"an unknown field", map[string]any{"name": name, "rev": testRev, "action": "keep", "other": lebanon, "path": "/etc/passwd"}, nil, 400},
		{"a stale revision", map[string]any{"name": name, "rev": "0123", "action": "keep", "other": lebanon}, nil, 409},
		{"no copy waiting", map[string]any{"name": name, "rev": testRev, "action": "accept"}, nil, 404},
		{"a link as the copy", map[string]any{"name": lebanon, "rev": p.rev(t, lebanon), "action": "accept"}, nil, 404},
		{"no token", map[string]any{"name": name, "rev": testRev, "action": "keep", "other": lebanon}, func(r *request) { r.header[desk.TokenHeader] = "" }, 403},
		{"a forged token", map[string]any{"name": name, "rev": testRev, "action": "keep", "other": lebanon}, func(r *request) { r.header[desk.TokenHeader] = strings.Repeat("0", 64) }, 403},
		{"a foreign Origin", map[string]any{"name": name, "rev": testRev, "action": "keep", "other": lebanon}, func(r *request) { r.header["Origin"] = "http://evil.example" }, 403},
		{"a form post", map[string]any{"name": name, "rev": testRev, "action": "keep", "other": lebanon}, func(r *request) { r.header["Content-Type"] = "application/x-www-form-urlencoded" }, 415},
		{"a GET", map[string]any{"name": name, "rev": testRev, "action": "keep", "other": lebanon}, func(r *request) { r.method = "GET" }, 405},
	} {
		before := tree(t, p.root)
		status, body := p.resolve(t, c.action, c.spoil)
		if status != c.status {
			t.Errorf("%s: %d %s, want %d", c.what, status, body, c.status)
		}
		if !equalTrees(before, tree(t, p.root)) {
			t.Errorf("%s: files changed", c.what)
		}
	}
}
