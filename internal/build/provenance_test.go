package build

import (
	"slices"
	"strings"
	"testing"

	"briefing/internal/config"
	"briefing/internal/content"
	"briefing/internal/testsite"
)

// A page says where its date came from only when that is true: the
// caption's date when the caption states it, an editor's when an editor
// set it, and nothing but "not recorded" otherwise, with a warning that
// names the file and line.
func TestPagesNeverClaimAFalseDateSource(t *testing.T) {
	dir := testsite.New(t)
	testsite.Write(t, dir, "site.yaml", "title: Test\nbase_url: https://example.org/\n")
	article := func(name, date, source, caption string) {
		front := "---\nid: " + name + "\ntitle: " + name + "\ndate: \"" + date + "\"\n"
		if source != "" {
			front += "date_source: " + source + "\n"
		}
		front += "caption: " + caption + "\nsources:\n  - a.txt:1\n---\nText.\n"
		testsite.Write(t, dir, "content/"+name+".md", front)
	}
	article("caption", "2020-01-23", "caption", "Protesters in Baghdad on January 23, 2020. (AFP)")
	article("moved", "2020-01-24", "caption", "Protesters in Baghdad on January 23, 2020. (AFP)")
	article("nodate", "2020-01-24", "caption", "Protesters in Baghdad. (AFP)")
	article("editor", "2020-01-25", "editor", "Protesters in Baghdad on January 23, 2020. (AFP)")
	article("unsourced", "2020-01-26", "", "Protesters in Baghdad. (AFP)")

	b := builder(t, dir, func(c *config.Config) {})
	res, err := b.Full()
	if err != nil {
		t.Fatal(err)
	}
	got := readTree(t, b.Out())
	label := func(name string) string {
		p := got["articles/"+name+"/index.html"]
		i := strings.Index(p, `<span class="date-source">`)
		if i < 0 {
			return ""
		}
		return p[i+len(`<span class="date-source">`) : i+strings.Index(p[i:], "</span>")]
	}
	want := map[string]string{
		"caption":   "(date from the photo caption)",
		"moved":     "(where this date comes from is not recorded)",
		"nodate":    "(where this date comes from is not recorded)",
		"editor":    "(date set by an editor)",
		"unsourced": "(where this date comes from is not recorded)",
	}
	for name, w := range want {
		if l := label(name); l != w {
			t.Errorf("%s: the page says %q, want %q", name, l, w)
		}
	}
	wantWarnings := []string{
		"content/moved.md:5: date_source is caption, but the caption states 2020-01-23, not 2020-01-24;",
		"content/nodate.md:5: date_source is caption, but the caption states no date, not 2020-01-24;",
		"content/unsourced.md:4: date 2020-01-26 has no date_source;",
	}
	if len(res.Warnings) != len(wantWarnings) {
		t.Fatalf("warnings: %q", res.Warnings)
	}
	for i, w := range wantWarnings {
		if !strings.HasPrefix(res.Warnings[i], w) {
			t.Errorf("warning %d = %q, want it to start %q", i, res.Warnings[i], w)
		}
	}

	// Fixing the claim, in a rebuild that patches the last site, clears
	// the warning and the label follows.
	article("moved", "2020-01-24", "editor", "Protesters in Baghdad on January 23, 2020. (AFP)")
	res, err = b.Update(Change{Content: []string{"moved.md"}})
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(res.Warnings, func(w string) bool { return strings.Contains(w, "moved.md") }) {
		t.Errorf("the fixed file is still reported: %q", res.Warnings)
	}
	got = readTree(t, b.Out())
	if l := label("moved"); l != "(date set by an editor)" {
		t.Errorf("after the fix the page says %q", l)
	}
}

// "Where this text came from" says the text was changed when, and only
// when, the body is not the one convert imported.
func TestPagesSayWhenTheTextWasEdited(t *testing.T) {
	dir := testsite.New(t)
	testsite.Write(t, dir, "site.yaml", "title: Test\nbase_url: https://example.org/\n")
	const imported = "The text as imported.\n"
	article := func(name, fingerprint, body string) {
		testsite.Write(t, dir, "content/"+name+".md", "---\nid: "+name+"\ntitle: "+name+"\nsources:\n  - a.txt:1\nfingerprint: \""+fingerprint+"\"\n---\n"+body)
	}
	article("asis", content.Fingerprint([]byte(imported)), imported)
	article("edited", content.Fingerprint([]byte(imported)), "The text as an editor left it.\n")
	article("old", "0a84c7edb56bd09a", "A fingerprint of the scraped text says nothing of the body.\n")
	b := builder(t, dir, nil)
	if _, err := b.Full(); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, b.Out())
	for name, want := range map[string]bool{"asis": false, "edited": true, "old": false} {
		page := got["articles/"+name+"/index.html"]
		if page == "" {
			t.Fatalf("no page for %s", name)
		}
		if says := strings.Contains(page, "An editor has changed the text since it was imported"); says != want {
			t.Errorf("%s: the page says the text was edited: %v, want %v", name, says, want)
		}
	}
}
