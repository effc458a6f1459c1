package render

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"briefing/internal/config"
	"briefing/internal/markdown"
	"briefing/internal/proc"
	"briefing/internal/site"
	"briefing/internal/taxonomy"
)

// BenchmarkPlan is watch mode's planning after a save that changes one
// article's words: 10,000 articles, the site patched in place, every
// file's data and signature listed again. Only Plan is timed, by the
// wall clock and in processor time (which includes the garbage
// collector's work meanwhile).
func BenchmarkPlan(b *testing.B) {
	const n = 10_000
	bs := newBenchSite(b, n)
	r, s, fsys, loader, tax, memo, article := bs.r, bs.s, bs.fsys, bs.loader, bs.tax, &bs.memo, bs.article
	if _, err := r.Plan(s); err != nil {
		b.Fatal(err)
	}
	i := 0
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		name := fmt.Sprintf("article-%05d.md", (i*7919)%n)
		fsys[name] = &fstest.MapFile{Data: []byte(article((i*7919)%n, fmt.Sprintf("Correction %d.\n\n", i)))}
		srcs, err := loader.Reload(fsys, "content", []string{name})
		if err != nil {
			b.Fatal(err)
		}
		if s, err = site.Build(srcs, tax, memo); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := proc.CPUTime()
		if _, err := r.Plan(s); err != nil {
			b.Fatal(err)
		}
		cpu += proc.CPUTime() - t0
		i++
	}
	// On a shared machine, processor time says more than the wall clock.
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(i), "cpu-ms/op")
}

// BenchmarkRender draws every file of a site of 10,000 articles, as a
// full build does, with one buffer; fragments are kept between runs, as
// they are between the pages of one build.
func BenchmarkRender(b *testing.B) {
	bs := newBenchSite(b, 10_000)
	jobs, err := bs.r.Plan(bs.s)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		for _, j := range jobs {
			buf.Reset()
			if err := j.RenderTo(&buf); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// benchSite is a generated site of n articles and what made it.
type benchSite struct {
	r       *Renderer
	s       *site.Site
	fsys    fstest.MapFS
	loader  *site.Loader
	tax     *taxonomy.Taxonomy
	memo    site.Memo
	article func(i int, edit string) string
}

func newBenchSite(b *testing.B, n int) *benchSite {
	tx, err := os.ReadFile("../../taxonomy.yaml")
	if err != nil {
		b.Fatal(err)
	}
	tax, err := taxonomy.Parse("taxonomy.yaml", tx)
	if err != nil {
		b.Fatal(err)
	}
	topics := strings.Fields("Iraq Baghdad Hezbollah Lebanon Beirut Syria Damascus Yemen Sanaa Houthis Gaza Hamas Israel Iran Tehran Basra Mosul Erbil")
	article := func(i int, edit string) string {
		rng := rand.New(rand.NewPCG(uint64(i), 2))
		date := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i*3650/n).Format(time.DateOnly)
		return fmt.Sprintf("---\nid: a%d\ntitle: Article %d\ndate: %q\nsources: [x.txt:1]\nnotes:\n  - by: Desk\n    date: \"2026-01-%02d\"\n    text: A note.\n---\n%sTalks in %s and %s went on.\n",
			i, i, date, 1+i%28, edit, topics[rng.IntN(len(topics))], topics[rng.IntN(len(topics))])
	}
	fsys := fstest.MapFS{}
	for i := range n {
		fsys[fmt.Sprintf("article-%05d.md", i)] = &fstest.MapFile{Data: []byte(article(i, ""))}
	}
	bs := &benchSite{fsys: fsys, tax: tax, article: article}
	bs.loader = site.NewLoader(markdown.New(), tax.Matcher())
	cfg := config.DefaultConfig()
	bs.r, err = New(&cfg, "templates", os.DirFS("../../templates"), map[string]string{"favicon.svg": "1", "css/site.css": "1", "css/print.css": "1", "js/search.js": "1", "js/words.js": "1"})
	if err != nil {
		b.Fatal(err)
	}
	srcs, err := bs.loader.Load(fsys, "content")
	if err != nil {
		b.Fatal(err)
	}
	if bs.s, err = site.Build(srcs, tax, &bs.memo); err != nil {
		b.Fatal(err)
	}
	return bs
}
