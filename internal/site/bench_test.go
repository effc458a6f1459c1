package site

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkRebuild is the site model's part of watch mode's rebuild after
// one article's text changed: 10,000 articles, the memo of the last build.
func BenchmarkRebuild(b *testing.B) {
	tx, slugs := numberedTags(b, 150)
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
