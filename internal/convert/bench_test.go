package convert

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// benchDumps builds about 40 MB of dumps, 13,000 pages, from the seeds:
// each copy of a seed gets its titles and first paragraphs numbered, so
// that most pages are distinct stories and some are repeats.
func benchDumps(b *testing.B) [][]byte {
	b.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "seeds", "*.txt"))
	if err != nil || len(files) == 0 {
		b.Fatal("no seeds")
	}
	var seeds [][]byte
	for _, f := range files {
		seeds = append(seeds, readSeed(b, filepath.Base(f)))
	}
	var dumps [][]byte
	for i := 0; len(dumps) < 6500; i++ {
		seed := string(seeds[i%len(seeds)])
		tag := " #" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676%26))
		seed = strings.ReplaceAll(seed, "Iraq", "Iraq"+tag)
		dumps = append(dumps, []byte(seed))
	}
	return dumps
}

// BenchmarkParse parses and groups about 13,000 pages (40 MB): serially,
// and with the dumps spread over GOMAXPROCS workers as a build would.
func BenchmarkParse(b *testing.B) {
	dumps := benchDumps(b)
	size := 0
	for _, d := range dumps {
		size += len(d)
	}
	name := func(i int) string { return fmt.Sprintf("dump%05d.txt", i) }
	b.Run("serial", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			var all []Page
			for i, d := range dumps {
				pages, _ := Parse(name(i), d)
				all = append(all, pages...)
			}
			Group(all)
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			results := make([][]Page, len(dumps))
			var wg sync.WaitGroup
			next := atomic.Int64{}
			for range runtime.GOMAXPROCS(0) {
				wg.Go(func() {
					for i := int(next.Add(1) - 1); i < len(dumps); i = int(next.Add(1) - 1) {
						results[i], _ = Parse(name(i), dumps[i])
					}
				})
			}
			wg.Wait()
			Group(slices.Concat(results...))
		}
	})
}

// BenchmarkGroup groups 30,000 pages: 10,000 stories that all open with the
// same words, each saved in full, cut short, and without its header.
func BenchmarkGroup(b *testing.B) {
	var pages []Page
	opening := strings.Repeat("the same opening words for every story in this set. ", 4)
	for i := range 10000 {
		text := fmt.Sprintf("%sstory %d goes on from here with its own words, %s", opening, i, strings.Repeat("and more of them ", 20))
		title := fmt.Sprintf("Story %d", i)
		pages = append(pages,
			Page{Source: "full.txt", Line: i + 1, Title: title, Text: text},
			Page{Source: "cut.txt", Line: i + 1, Title: title, Text: text[:len(text)-7]},
			Page{Source: "bare.txt", Line: i + 1, Text: text[:len(text)-3]},
		)
	}
	for b.Loop() {
		if got := len(Group(pages)); got != 10000 {
			b.Fatalf("%d stories, want 10000", got)
		}
	}
}

// BenchmarkGroupNear groups n stories of 300 words drawn from a 5,000-word
// vocabulary, each saved twice: once whole and once as a corrected copy
// with three words changed, which only the near-duplicate pass can
// merge. The time per story should stay flat as n grows.
func BenchmarkGroupNear(b *testing.B) {
	for _, n := range []int{2500, 10000, 40000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, uint64(n)))
			vocab := make([]string, 5000)
			for i := range vocab {
				vocab[i] = fmt.Sprintf("w%x", r.Uint32())
			}
			var pages []Page
			for i := range n {
				words := make([]string, 300)
				for j := range words {
					words[j] = vocab[r.IntN(len(vocab))]
				}
				title := fmt.Sprintf("Story %d", i)
				text := strings.Join(words, " ")
				for _, j := range []int{40, 150, 260} {
					words[j] = "corrected"
				}
				pages = append(pages,
					Page{Source: "a.txt", Line: i + 1, Title: title, Text: text},
					Page{Source: "b.txt", Line: i + 1, Title: title, Text: strings.Join(words, " ")})
			}
			for b.Loop() {
				if got := len(Group(pages)); got != n {
					b.Fatalf("%d stories, want %d", got, n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/story")
		})
	}
}

// BenchmarkSign signs the seed stories' texts and bodies.
func BenchmarkSign(b *testing.B) {
	var texts []string
	for _, p := range seedPages(b) {
		texts = append(texts, p.Text, p.Body)
	}
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, t := range texts {
			Sign("", t)
		}
	}
}
