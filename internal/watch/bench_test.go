package watch

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"briefing/internal/build"
	"briefing/internal/proc"
)

// topics are places and groups the taxonomy tags; filler is the rest of
// an article's words.
var (
	topics = strings.Fields("Iraq Baghdad Hezbollah Lebanon Beirut Syria Damascus Yemen Sanaa Houthis Gaza Hamas Israel Iran Tehran Basra Mosul Erbil")
	filler = strings.Fields(`the minister said talks on security withdrawal of troops officials met
		a statement border on Thursday parliament government protests in strikes envoy
		negotiations ceasefire aid week after before with and over their new agreement`)
)

// articleText is generated article i: a title, a date, and 8 paragraphs
// that mention two or three topics among filler words.
func articleText(i, n int, edit string) string {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	mine := []string{topics[r.IntN(len(topics))], topics[r.IntN(len(topics))], topics[r.IntN(len(topics))][:0]}
	if r.IntN(2) == 0 {
		mine[2] = topics[r.IntN(len(topics))]
	}
	var body strings.Builder
	body.WriteString(edit)
	for p := range 8 {
		for k := range 45 {
			if k > 0 {
				body.WriteByte(' ')
			}
			if k == 20 && mine[p%3] != "" {
				body.WriteString(mine[p%3])
				continue
			}
			body.WriteString(filler[r.IntN(len(filler))])
		}
		body.WriteString(".\n\n")
	}
	date := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i*3650/n).Format(time.DateOnly)
	return article(fmt.Sprintf("Article %d on %s", i, mine[0]), date, body.String())
}

// BenchmarkEditOneArticle measures what watch mode does after an editor
// saves one article of a 10,000-article archive: Update re-reads it and
// writes what changed. The edit corrects the text and keeps the article's
// tags, as most edits do. It reports the median time of one edit and the
// mean processor time an edit takes (garbage collection included).
func BenchmarkEditOneArticle(b *testing.B) {
	const n = 10_000
	dir := project(b)
	write(b, dir, "site.yaml", "title: Bench Archive\nbase_url: https://example.org/archive/\n")
	for i := range n {
		write(b, dir, fmt.Sprintf("content/article-%05d.md", i), articleText(i, n, ""))
	}
	cfg, err := loader(dir)()
	if err != nil {
		b.Fatal(err)
	}
	bl := build.New(dir, cfg)
	start := time.Now()
	res, err := bl.Full()
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("full build: %s in %s", res, time.Since(start))
	var times []time.Duration
	var cpu time.Duration
	i := 0
	for b.Loop() {
		k := n/10 + (i*7919)%(n*8/10)
		name := fmt.Sprintf("article-%05d.md", k)
		t0, c0 := time.Now(), proc.CPUTime()
		write(b, dir, filepath.Join("content", name), articleText(k, n, fmt.Sprintf("Correction %d: the minister said the talks would go on.\n\n", i)))
		res, err := bl.Update(build.Change{Content: []string{name}})
		if err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
		cpu += proc.CPUTime() - c0
		if res.Written == 0 {
			b.Fatal("the edit wrote nothing")
		}
		i++
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms/edit-median")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(i), "cpu-ms/edit")
}
