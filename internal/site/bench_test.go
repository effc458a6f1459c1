package site

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"briefing/internal/taxonomy"
)

// BenchmarkRebuild is the site model's part of watch mode's rebuild after
// one article's text changed: 10,000 articles, the memo of the last build.
func BenchmarkRebuild(b *testing.B) {
	var yaml strings.Builder
	yaml.WriteString("threshold: 1\ntags:\n")
	var slugs []string
	for i := range 150 {
		fmt.Fprintf(&yaml, "  - name: Tag%d\n    kind: organisation\n    words: [Tag%d]\n", i, i)
		slugs = append(slugs, fmt.Sprintf("tag%d", i))
	}
	tx, err := taxonomy.Parse("taxonomy.yaml", []byte(yaml.String()))
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var srcs []*Source
	for i := range 10_000 {
		var tags []string
		for range 3 + rng.IntN(4) {
			tags = append(tags, slugs[min(rng.IntN(150), rng.IntN(150))])
		}
		date := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(3650)).Format(time.DateOnly)
		s := source(fmt.Sprintf("article-%05d", i), date, tags...)
		s.File.Front.Tags = []string{"Editor Pick"}
		srcs = append(srcs, s)
	}
	var memo Memo
	if _, err := Build(srcs, tx, &memo); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Build(srcs, tx, &memo); err != nil {
			b.Fatal(err)
		}
	}
}
