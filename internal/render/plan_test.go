package render

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"testing/fstest"

	"briefing/internal/config"
	"briefing/internal/markdown"
	"briefing/internal/site"
	"briefing/internal/taxonomy"
)

// A Renderer that plans again after each edit, reusing what it planned
// before, plans what a new Renderer plans for the same site: the same
// paths in the same order, each with the same signature. A job it calls
// reused is the last plan's, path and signature alike.
func TestPlanAfterEditsMatchesFreshPlan(t *testing.T) {
	tx, err := taxonomy.Parse("taxonomy.yaml", []byte("threshold: 1\ntags:\n"+
		"  - name: Iraq\n    kind: country\n    words: [Iraq]\n"+
		"  - name: Syria\n    kind: country\n    words: [Syria]\n"+
		"  - name: Yemen\n    kind: country\n    words: [Yemen]\n"))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(4, 9))
	places := []string{"Iraq", "Syria", "Yemen", "Oman"}
	// An article's date, tags and places stay until a round moves it.
	type shape struct{ date, tags, places string }
	shapes := map[int]shape{}
	move := func(i int) {
		var sh shape
		if rng.IntN(5) > 0 {
			sh.date = fmt.Sprintf("date: \"20%02d-%02d-%02d\"\n", 20+rng.IntN(3), 1+rng.IntN(12), 1+rng.IntN(28))
		}
		if rng.IntN(3) == 0 {
			sh.tags = "tags: [Desk pick]\n"
		}
		sh.places = places[rng.IntN(len(places))] + " and " + places[rng.IntN(len(places))]
		shapes[i] = sh
	}
	article := func(i int) []byte {
		sh := shapes[i]
		return fmt.Appendf(nil, "---\nid: a%d\ntitle: Article %d, take %d\n%ssources: [x.txt:%d]\n%s---\nNews from %s, version %d.\n",
			i, i, rng.IntN(3), sh.date, i, sh.tags, sh.places, rng.IntN(1000))
	}
	fsys := fstest.MapFS{}
	for i := range 40 {
		move(i)
		fsys[fmt.Sprintf("a%02d.md", i)] = &fstest.MapFile{Data: article(i)}
	}
	cfg := config.DefaultConfig()
	cfg.PerPage, cfg.TimelineSplit, cfg.HomeItems, cfg.FeedItems = 3, 20, 3, 3
	assets := map[string]string{"favicon.svg": "1", "css/site.css": "1", "css/print.css": "1", "js/search.js": "1"}
	renderer := func() *Renderer {
		r, err := New(&cfg, "templates", os.DirFS("../../templates"), assets)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	loader := site.NewLoader(markdown.New(), tx.Matcher())
	srcs, err := loader.Load(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	var memo site.Memo
	s, err := site.Build(srcs, tx, &memo)
	if err != nil {
		t.Fatal(err)
	}
	watched := renderer()
	last, err := watched.Plan(s)
	if err != nil {
		t.Fatal(err)
	}
	reused := 0
	pageFS := fstest.MapFS{}
	for round := range 120 {
		// Most rounds change one article's words or title, which patches
		// the site; some move, add or delete an article.
		n := rng.IntN(44)
		name := fmt.Sprintf("a%02d.md", n)
		_, ok := fsys[name]
		switch k := rng.IntN(10); {
		case ok && k == 0:
			delete(fsys, name)
		case !ok || k < 3:
			move(n)
			fallthrough
		default:
			fsys[name] = &fstest.MapFile{Data: article(n)}
		}
		srcs, err := loader.Reload(fsys, "content", []string{name})
		if err != nil {
			t.Fatal(err)
		}
		if s, err = site.Build(srcs, tx, &memo); err != nil {
			t.Fatal(err)
		}
		// Now and then the archive gains or loses a page of its own,
		// which changes the paths but no article.
		if rng.IntN(6) == 0 {
			if _, ok := pageFS["about.md"]; ok {
				delete(pageFS, "about.md")
			} else {
				pageFS["about.md"] = &fstest.MapFile{Data: []byte("---\ntitle: About\n---\nAbout us.\n")}
			}
		}
		pages, err := site.LoadPages(pageFS, "content/pages", markdown.New())
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Attach(pages, nil); err != nil {
			t.Fatal(err)
		}
		got, err := watched.Plan(s)
		if err != nil {
			t.Fatal(err)
		}
		want, err := renderer().Plan(s)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("round %d: %d jobs, a new renderer plans %d", round, len(got), len(want))
		}
		before := map[string]uint64{}
		for _, j := range last {
			before[j.Path] = j.Sig
		}
		for i := range got {
			if got[i].Path != want[i].Path || got[i].Sig != want[i].Sig {
				t.Fatalf("round %d: job %d is %s %x, a new renderer plans %s %x", round, i, got[i].Path, got[i].Sig, want[i].Path, want[i].Sig)
			}
			if got[i].Reused() {
				reused++
				if sig, ok := before[got[i].Path]; !ok || sig != got[i].Sig {
					t.Fatalf("round %d: %s is called reused, but the last plan had it as %x (%v)", round, got[i].Path, sig, ok)
				}
			}
		}
		last = got
	}
	if reused == 0 {
		t.Error("no job was ever reused")
	}
}
