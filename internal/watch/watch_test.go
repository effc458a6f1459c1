package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestChanges makes one change after another to a watched project; after
// each, the watcher must have built the change it made, and the output
// must be what a full build of the same inputs writes.
func TestChanges(t *testing.T) {
	dir := project(t)
	h := start(t, dir)
	sameAsFullBuild(t, dir)
	p := func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }
	steps := []struct {
		name    string
		do      func(t *testing.T)
		changed []string
	}{{
		name: "edit",
		do: func(t *testing.T) {
			write(t, dir, "content/beirut-vote.md", article("A vote in Beirut", "2021-03-02", "Hezbollah lost. Baghdad watched."))
		},
		changed: []string{"content/beirut-vote.md"},
	}, {
		name: "create",
		do: func(t *testing.T) {
			write(t, dir, "content/gaza-truce.md", article("A truce in Gaza", "2023-11-24", "Hamas and Israel agreed a pause."))
		},
		changed: []string{"content/gaza-truce.md"},
	}, {
		name:    "delete",
		do:      func(t *testing.T) { rm(t, p("content/sanaa-strikes.md")) },
		changed: []string{"content/sanaa-strikes.md"},
	}, {
		name:    "rename",
		do:      func(t *testing.T) { mv(t, p("content/gaza-truce.md"), p("content/truce-in-gaza.md")) },
		changed: []string{"content/gaza-truce.md", "content/truce-in-gaza.md"},
	}, {
		// vim with backupcopy=no: probe file, swap file, write a new file
		// and rename it over the old one.
		name: "atomic save",
		do: func(t *testing.T) {
			write(t, dir, "content/4913", "")
			rm(t, p("content/4913"))
			write(t, dir, "content/.baghdad-talks.md.swp", "swap")
			write(t, dir, "content/baghdad-talks.md~", article("Talks in Baghdad", "2020-01-23", "Officials met in Baghdad again."))
			mv(t, p("content/baghdad-talks.md~"), p("content/baghdad-talks.md"))
			rm(t, p("content/.baghdad-talks.md.swp"))
		},
		changed: []string{"content/baghdad-talks.md"},
	}, {
		// vim's default: rename the file to a backup, write it anew,
		// delete the backup.
		name: "backup save",
		do: func(t *testing.T) {
			mv(t, p("content/beirut-vote.md"), p("content/beirut-vote.md~"))
			write(t, dir, "content/beirut-vote.md", article("A vote in Beirut, corrected", "2021-03-02", "Hezbollah lost."))
			rm(t, p("content/beirut-vote.md~"))
		},
		changed: []string{"content/beirut-vote.md"},
	}, {
		// JetBrains editors: write a ___jb_tmp___ file, move the old one
		// to ___jb_old___, move the new one in.
		name: "jetbrains save",
		do: func(t *testing.T) {
			write(t, dir, "content/undated-note.md___jb_tmp___", article("An undated piece on Iraq", "2019-10-01", "Now dated."))
			mv(t, p("content/undated-note.md"), p("content/undated-note.md___jb_old___"))
			mv(t, p("content/undated-note.md___jb_tmp___"), p("content/undated-note.md"))
			rm(t, p("content/undated-note.md___jb_old___"))
		},
		changed: []string{"content/undated-note.md"},
	}, {
		name:    "template",
		do:      func(t *testing.T) { replaceIn(t, p("templates/partials/footer.html"), "Atom feed", "The Atom feed") },
		changed: []string{"templates/partials/footer.html"},
	}, {
		name:    "static edit",
		do:      func(t *testing.T) { appendTo(t, p("static/css/site.css"), "\n.x { color: red; }\n") },
		changed: []string{"static/css/site.css"},
	}, {
		name: "new static folder",
		do: func(t *testing.T) {
			write(t, dir, "static/img/icons/dot.svg", `<svg xmlns="http://www.w3.org/2000/svg"/>`)
		},
		changed: []string{"static/img/icons/dot.svg"},
	}, {
		// The watch on the new folder is in place.
		name: "file in new static folder",
		do: func(t *testing.T) {
			write(t, dir, "static/img/icons/ring.svg", `<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>`)
		},
		changed: []string{"static/img/icons/ring.svg"},
	}, {
		name: "new partials folder",
		do: func(t *testing.T) {
			write(t, dir, "templates/partials/extra/note.html", "{{define \"extra\"}}x{{end}}")
		},
		changed: []string{"templates/partials/extra/note.html"},
	}, {
		name:    "file in new partials folder",
		do:      func(t *testing.T) { write(t, dir, "templates/partials/extra/more.html", "{{define \"more\"}}y{{end}}") },
		changed: []string{"templates/partials/extra/more.html"},
	}, {
		name:    "static folder renamed",
		do:      func(t *testing.T) { mv(t, p("static/img"), p("static/pictures")) },
		changed: []string{"static/img", "static/pictures/icons/dot.svg", "static/pictures/icons/ring.svg"},
	}, {
		name:    "static file deleted",
		do:      func(t *testing.T) { rm(t, p("static/pictures/icons/dot.svg")) },
		changed: []string{"static/pictures/icons/dot.svg"},
	}, {
		name:    "taxonomy",
		do:      func(t *testing.T) { appendTo(t, p("taxonomy.yaml"), "\n") },
		changed: []string{"taxonomy.yaml"},
	}, {
		name: "chmod then edit",
		do: func(t *testing.T) {
			for range 20 {
				os.Chmod(p("content/baghdad-talks.md"), 0o600)
				os.Chmod(p("content/baghdad-talks.md"), 0o644)
			}
			write(t, dir, "content/truce-in-gaza.md", article("A truce in Gaza", "2023-11-24", "Hamas and Israel agreed a pause; Hezbollah held fire."))
		},
		changed: []string{"content/truce-in-gaza.md"},
	}}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			s.do(t)
			r := h.round(t)
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			if !slices.Equal(r.Changed, s.changed) {
				t.Errorf("changed %q, want %q", r.Changed, s.changed)
			}
			sameAsFullBuild(t, dir)
		})
	}
}

// TestIgnored checks that editors' temporary files, changes of
// permissions and the output folder start no build: the next build is for
// a real change alone.
func TestIgnored(t *testing.T) {
	dir := project(t)
	h := start(t, dir)
	for _, name := range []string{
		"content/.beirut-vote.md.swp", "content/.beirut-vote.md.swx", "content/4913",
		"content/beirut-vote.md~", "content/beirut-vote.md.bck", "content/#beirut-vote.md#",
		"content/.#beirut-vote.md", "content/beirut-vote.md___jb_tmp___", "content/beirut-vote.md___jb_old___",
		"content/.tmp-12345", "content/.hidden.md", "content/notes/inside-a-folder.md", "content/imported.json",
		"templates/.base.html.swp", "templates/#base.html#", "static/.DS_Store", "static/css/site.css~",
		"seeds/notes.md", "seeds/.tmp-1.txt",
		"public/index.html", "public/new.html", ".public-123/index.html", "README.md", "bin/build",
	} {
		write(t, dir, name, "x")
	}
	for range 10 {
		os.Chmod(filepath.Join(dir, "templates", "base.html"), 0o600)
		os.Chmod(filepath.Join(dir, "templates", "base.html"), 0o644)
	}
	rm(t, filepath.Join(dir, "public", "new.html"))
	write(t, dir, "public/index.html", string(tree(t, filepath.Join(dir, "public"))["index.html"]))
	write(t, dir, "content/beirut-vote.md", article("A vote in Beirut", "2021-03-02", "Changed."))
	r := h.round(t)
	if want := []string{"content/beirut-vote.md"}; r.Err != nil || !slices.Equal(r.Changed, want) {
		t.Fatalf("changed %q (err %v), want %q", r.Changed, r.Err, want)
	}
}

// TestBurst writes 500 articles as fast as it can, as a checkout would:
// they are built in one round, and the output is a full build's.
func TestBurst(t *testing.T) {
	dir := project(t)
	h := start(t, dir)
	want := map[string]bool{}
	for i := range 500 {
		name := fmt.Sprintf("content/burst-%03d.md", i)
		write(t, dir, name, article(fmt.Sprintf("Burst %d in Baghdad", i), fmt.Sprintf("2019-%02d-%02d", i%12+1, i%28+1), "Iraq and Hezbollah."))
		want[name] = true
	}
	h.settle(t)
	if wait, ok := h.clock.armed(); !ok || wait != quiet {
		t.Fatalf("after 500 files the build waits %s (set %v), want the whole quiet time, %s", wait, ok, quiet)
	}
	r := h.round(t)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	for _, c := range r.Changed {
		delete(want, c)
	}
	if len(want) > 0 || len(r.Changed) != 500 {
		t.Errorf("one round built %d files, %d of the 500 missing", len(r.Changed), len(want))
	}
	sameAsFullBuild(t, dir)
}

// TestBrokenFrontMatter breaks an article, which fails the build with the
// file and line and leaves the output as it was; fixing it builds again.
func TestBrokenFrontMatter(t *testing.T) {
	dir := project(t)
	h := start(t, dir)
	before := tree(t, filepath.Join(dir, "public"))
	write(t, dir, "content/beirut-vote.md", "---\nid: x\ntitle: A vote\ndate: \"2021-13-02\"\n---\nBody.\n")
	r := h.round(t)
	if r.Err == nil || !strings.HasPrefix(r.Err.Error(), "content/beirut-vote.md:4: ") {
		t.Fatalf("error %v, want one at content/beirut-vote.md:4", r.Err)
	}
	if r.String() != r.Err.Error() {
		t.Errorf("terminal line %q, want the error", r.String())
	}
	sameTree(t, tree(t, filepath.Join(dir, "public")), before)

	// Another file changing does not get the broken one built.
	write(t, dir, "content/sanaa-strikes.md", article("Strikes near Sanaa", "2025-03-16", "Yemen's Houthis said strikes hit Sanaa twice."))
	if r := h.round(t); r.Err == nil || !strings.HasPrefix(r.Err.Error(), "content/beirut-vote.md:4: ") {
		t.Fatalf("error %v, want the broken file's", r.Err)
	}
	sameTree(t, tree(t, filepath.Join(dir, "public")), before)

	write(t, dir, "content/beirut-vote.md", article("A vote in Beirut", "2021-03-02", "Fixed."))
	if r := h.round(t); r.Err != nil || !r.Wrote() {
		t.Fatalf("after the fix: %v, wrote %v", r.Err, r.Wrote())
	}
	sameAsFullBuild(t, dir)
}

// TestFailedRenderLeavesOutput fails a build while pages render, in the
// same round as a good change: no page of that round is written. Undoing
// the good change and fixing the bad one leaves what a full build writes.
func TestFailedRenderLeavesOutput(t *testing.T) {
	dir := project(t)
	// The article page fails for one title only, as a template can fail
	// on data it did not expect.
	replaceIn(t, filepath.Join(dir, "templates", "article.html"), "{{with .Article -}}",
		"{{with .Article -}}{{if eq .Title \"Boom\"}}{{index .Sources 5}}{{end}}")
	h := start(t, dir)
	before := tree(t, filepath.Join(dir, "public"))
	good := article("A vote in Beirut", "2021-03-02", "Hezbollah and its allies lost seats in Lebanon.")
	write(t, dir, "content/beirut-vote.md", article("A vote in Beirut", "2021-03-02", "A changed body."))
	write(t, dir, "content/sanaa-strikes.md", article("Boom", "2025-03-16", "Yemen's Houthis said strikes hit Sanaa."))
	if r := h.round(t); r.Err == nil || !strings.Contains(r.Err.Error(), "templates/article.html") {
		t.Fatalf("error %v, want one in templates/article.html", r.Err)
	}
	sameTree(t, tree(t, filepath.Join(dir, "public")), before)
	write(t, dir, "content/beirut-vote.md", good)
	write(t, dir, "content/sanaa-strikes.md", article("Strikes near Sanaa", "2025-03-16", "Yemen's Houthis said strikes hit Sanaa."))
	r := h.round(t)
	if want := []string{"content/beirut-vote.md", "content/sanaa-strikes.md"}; r.Err != nil || !slices.Equal(r.Changed, want) {
		t.Fatalf("changed %q (err %v), want %q", r.Changed, r.Err, want)
	}
	sameAsFullBuild(t, dir)
}

// TestBrokenTemplate breaks a template: the error names the template's
// file and line, the output stays, and the fix builds everything.
func TestBrokenTemplate(t *testing.T) {
	dir := project(t)
	h := start(t, dir)
	before := tree(t, filepath.Join(dir, "public"))
	name := filepath.Join(dir, "templates", "tags.html")
	good, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "templates/tags.html", "{{define \"main\"}}\n<h1>{{.Site.Tags</h1>\n{{end}}\n")
	r := h.round(t)
	if r.Err == nil || !strings.HasPrefix(r.Err.Error(), "templates/tags.html:2") {
		t.Fatalf("error %v, want one at templates/tags.html:2", r.Err)
	}
	sameTree(t, tree(t, filepath.Join(dir, "public")), before)
	write(t, dir, "templates/tags.html", string(good))
	if r := h.round(t); r.Err != nil {
		t.Fatal(r.Err)
	}
	sameAsFullBuild(t, dir)
}

// TestConfigChange edits the site file: the settings are loaded again and
// the whole site is built with them.
func TestConfigChange(t *testing.T) {
	dir := project(t)
	h := start(t, dir)
	write(t, dir, "site.yaml", "title: Renamed Archive\nbase_url: https://example.org/desk/\nper_page: 2\n")
	r := h.round(t)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Config == nil || r.Config.Title != "Renamed Archive" || r.Config.BasePath() != "/desk/" {
		t.Fatalf("settings not reloaded: %+v", r.Config)
	}
	if _, cfg := h.w.Site(); cfg.Title != "Renamed Archive" {
		t.Errorf("Site gives title %q", cfg.Title)
	}
	sameAsFullBuild(t, dir)

	// A broken site file is reported and tried again with the next change.
	write(t, dir, "site.yaml", "title: [\n")
	if r := h.round(t); r.Err == nil || !strings.Contains(r.Err.Error(), "site.yaml") {
		t.Fatalf("error %v, want one about site.yaml", r.Err)
	}
	write(t, dir, "site.yaml", "title: Fixed Archive\nbase_url: https://example.org/desk/\n")
	if r := h.round(t); r.Err != nil || r.Config == nil || r.Config.Title != "Fixed Archive" {
		t.Fatalf("after the fix: %v, %+v", r.Err, r.Config)
	}
	sameAsFullBuild(t, dir)
}

// TestSeeds drops a dump into seeds/: the converter writes its articles
// and they are built.
func TestSeeds(t *testing.T) {
	dir := project(t)
	h := start(t, dir)
	names, err := filepath.Glob(filepath.Join("..", "..", "seeds", "*.txt"))
	if err != nil || len(names) == 0 {
		t.Skip("no seed dumps to convert")
	}
	data, err := os.ReadFile(names[0])
	if err != nil {
		t.Fatal(err)
	}
	before := len(tree(t, filepath.Join(dir, "content")))
	write(t, dir, "seeds/"+filepath.Base(names[0]), string(data))
	r := h.round(t)
	if r.Convert == nil || r.Built || r.Err != nil {
		t.Fatalf("a round for a new dump: convert %v, built %v, err %v; want the converter alone", r.Convert, r.Built, r.Err)
	}
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if len(r.Convert.New) == 0 {
		t.Fatalf("the converter wrote nothing: %s", r.Convert)
	}
	// The terminal line names the dump and the articles it made.
	line := r.String()
	for _, want := range append([]string{"seeds/" + filepath.Base(names[0]) + ": convert: "}, r.Convert.New...) {
		if !strings.Contains(line, want) {
			t.Errorf("the round's line %q does not name %s", line, want)
		}
	}
	// The articles it wrote are changes of their own.
	if r := h.round(t); r.Err != nil {
		t.Fatal(r.Err)
	}
	if after := len(tree(t, filepath.Join(dir, "content"))); after <= before {
		t.Errorf("content has %d files, had %d", after, before)
	}
	sameAsFullBuild(t, dir)
}

// TestContentFolderReplaced removes the content folder and puts it back,
// as switching branches can.
func TestContentFolderReplaced(t *testing.T) {
	dir := project(t)
	h := start(t, dir)
	content := filepath.Join(dir, "content")
	mv(t, content, filepath.Join(dir, "content-old"))
	if r := h.round(t); r.Err != nil {
		t.Logf("without content: %v", r.Err)
	}
	if err := os.CopyFS(content, os.DirFS(filepath.Join(dir, "content-old"))); err != nil {
		t.Fatal(err)
	}
	if r := h.round(t); r.Err != nil || !slices.Contains(r.Changed, "content/undated-note.md") {
		t.Fatalf("after the folder came back: changed %q (err %v)", r.Changed, r.Err)
	}
	// The new folder is watched.
	write(t, dir, "content/beirut-vote.md", article("A vote in Beirut", "2021-03-02", "Again."))
	if r := h.round(t); r.Err != nil || !slices.Equal(r.Changed, []string{"content/beirut-vote.md"}) {
		t.Fatalf("%v %q", r.Err, r.Changed)
	}
	sameAsFullBuild(t, dir)
}

// TestStop ends Run through its context in the middle of changes; the
// cleanup that cancels it waits for Run to return.
func TestStop(t *testing.T) {
	dir := project(t)
	h := start(t, dir)
	write(t, dir, "content/beirut-vote.md", article("A vote in Beirut", "2021-03-02", "Changed."))
	h.settle(t)
	h.clock.fire()
}

// TestQuietTime checks how long the watcher waits before it builds: a
// tenth of Quiet after one lone file, as an editor saves it; all of Quiet
// once a second file makes it a burst; never past 20 × Quiet after the
// round's first change, however long the burst goes on.
func TestQuietTime(t *testing.T) {
	dir := project(t)
	h := start(t, dir)
	waits := func(want time.Duration) {
		t.Helper()
		h.settle(t)
		if got, ok := h.clock.armed(); !ok || got != want {
			t.Fatalf("the build waits %s (set %v), want %s", got, ok, want)
		}
	}
	write(t, dir, "content/beirut-vote.md", article("A vote in Beirut", "2021-03-02", "One."))
	waits(quiet / 10)
	write(t, dir, "content/beirut-vote.md", article("A vote in Beirut", "2021-03-02", "One, saved again."))
	waits(quiet / 10)
	write(t, dir, "content/baghdad-talks.md", article("Talks in Baghdad", "2020-01-23", "Two."))
	waits(quiet)
	h.clock.advance(19*quiet + quiet/2)
	write(t, dir, "content/sanaa-strikes.md", article("Strikes near Sanaa", "2025-03-16", "Three."))
	waits(quiet / 2)
	h.clock.advance(quiet)
	write(t, dir, "content/undated-note.md", article("An undated piece on Iraq", "", "Four."))
	waits(0)
	r := h.round(t)
	want := []string{"content/baghdad-talks.md", "content/beirut-vote.md", "content/sanaa-strikes.md", "content/undated-note.md"}
	if r.Err != nil || !slices.Equal(r.Changed, want) {
		t.Fatalf("changed %q (err %v), want %q", r.Changed, r.Err, want)
	}
	// The next round is timed from its own first change.
	write(t, dir, "content/beirut-vote.md", article("A vote in Beirut", "2021-03-02", "Five."))
	waits(quiet / 10)
}

func TestIgnoredNames(t *testing.T) {
	for name, want := range map[string]bool{
		"a.md": false, "4913": true, ".a.md.swp": true, "a.swx": true, "a.md~": true, "a.bck": true,
		"#a.md#": true, ".#a.md": true, "a.md___jb_tmp___": true, "a.md___jb_old___": true,
		".tmp-123": true, ".DS_Store": true, "49130": false, "#tag.md": false, "site.css": false,
	} {
		if got := ignored(name); got != want {
			t.Errorf("ignored(%q) = %v, want %v", name, got, want)
		}
	}
}

func rm(t *testing.T, p string) {
	t.Helper()
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
}

func mv(t *testing.T, from, to string) {
	t.Helper()
	if err := os.Rename(from, to); err != nil {
		t.Fatal(err)
	}
}

func appendTo(t *testing.T, p, s string) {
	t.Helper()
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

func replaceIn(t *testing.T, p, old, new string) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s has no %q", p, old)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}
