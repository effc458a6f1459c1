// Command gen writes a synthetic corpus of scraped dumps, for the benchmarks.
//
// Usage:
//
//	go run ./bench/gen -n 10000 -seed 1 -out bench/_out/n10000/seeds
//
// It writes N unique articles in the format of the real dumps in seeds/
// (see the seed format document): a header of title, blank line, the lead
// photo's caption twice (the first copy sometimes indented), TT, an optional
// number line "20", a blank line, the title again and the caption twice
// again; then 6–18 paragraphs (-paragraphs) of 40–90 words, separated by
// blank lines.
// Articles follow each other after three blank lines, 3–5 to a file, and
// files are named like the scraper's, 000123_<16 hex digits>.txt. Like the
// scraper's, a file usually ends without a final newline.
//
// # What the corpus holds
//
//   - Titles are unique (ignoring case), so each article is one story.
//   - Each article names 2–6 entities drawn from the tag taxonomy (the words
//     of taxonomy.yaml, read at run time; a small built-in list stands in
//     when the file is missing), several times each, so auto-tagging has
//     real work to do.
//   - 70% of captions carry a date, as "January 2, 2006" or
//     "02 January 2006", spread over 2015–2025; the others carry none.
//   - Captions end in a photo credit: "(AFP)", "REUTERS/Name", a credit
//     after a dash, or none.
//   - 30% of articles are saved again in another file: an identical copy,
//     a copy cut a few bytes short, or a copy with the number line where
//     the first has none (or the reverse). The converter must merge them.
//
// The output depends only on -n, -seed, -paragraphs and the taxonomy: the
// same flags give the same bytes. Files in -out that look like an earlier
// corpus's (NNNNNN_<hex>.txt) are removed first; nothing else there is
// touched.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

func main() {
	n := flag.Int("n", 10000, "number of unique articles")
	seed := flag.Uint64("seed", 1, "random seed; the same seed gives the same corpus")
	out := flag.String("out", "", "folder to write the dumps into (created if missing)")
	tax := flag.String("taxonomy", "taxonomy.yaml", "the tag taxonomy whose words the articles name")
	parasFlag := flag.String("paragraphs", fmt.Sprintf("%d-%d", defaultParas.min, defaultParas.max), "paragraphs of an article's text, `MIN-MAX`")
	flag.Parse()
	paras, err := parseSpan(*parasFlag)
	if *out == "" || *n < 1 || flag.NArg() > 0 || err != nil {
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen: -paragraphs:", err)
		}
		fmt.Fprintln(os.Stderr, "usage: gen -n N -seed S -out DIR [-taxonomy FILE] [-paragraphs MIN-MAX]")
		os.Exit(2)
	}
	if err := run(*n, *seed, *out, *tax, paras); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// parseSpan reads "MIN-MAX", two counts of at least 1, MIN at most MAX.
func parseSpan(s string) (span, error) {
	var sp span
	lo, hi, ok := strings.Cut(s, "-")
	a, errA := strconv.Atoi(lo)
	b, errB := strconv.Atoi(hi)
	if !ok || errA != nil || errB != nil || a < 1 || a > b {
		return sp, fmt.Errorf("%q is not MIN-MAX, two counts from 1 up, the first not above the second", s)
	}
	return span{a, b}, nil
}

func run(n int, seed uint64, out, taxPath string, paras span) error {
	ents, fallback, err := loadEntities(taxPath)
	if err != nil {
		return err
	}
	if fallback {
		fmt.Fprintf(os.Stderr, "gen: %s not found; using the built-in entities\n", taxPath)
	}
	c := generate(n, seed, ents, paras)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := clean(out); err != nil {
		return err
	}
	var size int64
	for i, f := range c.files {
		data := c.dump(i)
		if err := os.WriteFile(filepath.Join(out, f.name), data, 0o644); err != nil {
			return err
		}
		size += int64(len(data))
	}
	dated := 0
	for _, a := range c.articles {
		if a.dated {
			dated++
		}
	}
	fmt.Printf("gen: %d articles (%d dated) as %d pages in %d files, %.1f MB, in %s\n",
		len(c.articles), dated, c.pages, len(c.files), float64(size)/(1<<20), out)
	return nil
}

var dumpName = regexp.MustCompile(`^[0-9]{6}_[0-9a-f]{16}\.txt$`)

// clean removes an earlier corpus's dumps from dir.
func clean(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.IsDir() && dumpName.MatchString(e.Name()) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// taxonomyFile is the part of taxonomy.yaml the generator needs.
type taxonomyFile struct {
	Tags []struct {
		Name  string   `yaml:"name"`
		Kind  string   `yaml:"kind"`
		Words []string `yaml:"words"`
	} `yaml:"tags"`
}

// loadEntities reads the taxonomy's tags as entities. A missing file gives
// the built-in list and fallback true.
func loadEntities(path string) (ents []entity, fallback bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return builtinEntities(), true, nil
	}
	if err != nil {
		return nil, false, err
	}
	var f taxonomyFile
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, false, fmt.Errorf("%s: %w", path, err)
	}
	for _, t := range f.Tags {
		if len(t.Words) == 0 {
			continue
		}
		ents = append(ents, newEntity(t.Kind, t.Words))
	}
	if len(ents) == 0 {
		return nil, false, fmt.Errorf("%s: no tags with words", path)
	}
	return ents, false, nil
}

// builtinEntities stands in for the taxonomy while it does not exist.
func builtinEntities() []entity {
	list := []struct {
		kind  string
		words string
	}{
		{"country", "Iraq|Iraqi|Iraqis"},
		{"country", "Syria|Syrian|Syrians"},
		{"country", "Lebanon|Lebanese"},
		{"country", "Iran|Iranian|Iranians"},
		{"country", "Yemen|Yemeni|Yemenis"},
		{"country", "Jordan|Jordanian"},
		{"country", "Egypt|Egyptian|Egyptians"},
		{"country", "Turkey|Turkish"},
		{"country", "Saudi Arabia|Saudi"},
		{"country", "Qatar|Qatari"},
		{"city", "Baghdad"},
		{"city", "Damascus"},
		{"city", "Beirut"},
		{"city", "Aleppo"},
		{"city", "Sanaa"},
		{"city", "Basra"},
		{"region", "Kurdistan Region"},
		{"region", "Gulf"},
		{"organisation", "United Nations|UN"},
		{"organisation", "Arab League"},
		{"organisation", "World Bank"},
		{"armed-group", "Hezbollah"},
		{"armed-group", "Houthis|Houthi"},
		{"armed-group", "Popular Mobilization Forces|PMF"},
		{"armed-group", "ISIS"},
		{"institution", "Pentagon"},
		{"institution", "State Department"},
		{"institution", "International Criminal Court|ICC"},
		{"person", "Ahmed al-Sharaa|al-Sharaa|Sharaa"},
		{"person", "Mustafa al-Kadhimi|al-Kadhimi|Kadhimi"},
		{"person", "Nawaf Salam"},
		{"person", "Joseph Aoun"},
		{"person", "Muqtada al-Sadr|al-Sadr|Sadr"},
	}
	ents := make([]entity, len(list))
	for i, e := range list {
		ents[i] = newEntity(e.kind, strings.Split(e.words, "|"))
	}
	return ents
}
