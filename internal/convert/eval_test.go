package convert

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// evalPair is one labelled pair of testdata/neardup: two dumps, a.txt and
// b.txt, that hold the same story or two different ones.
type evalPair struct {
	name      string
	same      bool   // label: same
	hard      bool   // hard: yes
	kind      string // kind: the edit or the trap
	a, b      []byte
	outcome   string // merged, flagged or apart
	bestScore float64
}

// TestNearDupEval runs Group over every labelled pair in testdata/neardup
// and scores it: a pair is merged (one story holds pages of both dumps),
// flagged (kept apart, but named in each other's Near) or apart. Different
// stories must never merge, and two stories under one title must never
// both be silent; nearly every copy of one story must be merged, or at
// least flagged. Run with -v for precision and recall, by kind.
func TestNearDupEval(t *testing.T) {
	pairs := readEval(t)
	if len(pairs) < 100 {
		t.Fatalf("%d labelled pairs, want at least 100", len(pairs))
	}
	for i := range pairs {
		p := &pairs[i]
		pa, _ := Parse("a.txt", p.a)
		pb, _ := Parse("b.txt", p.b)
		if len(pa) == 0 || len(pb) == 0 {
			t.Fatalf("%s: a dump holds no page", p.name)
		}
		p.outcome = judgePair(Group(slices.Concat(pa, pb)))
		if p.outcome == "" {
			t.Fatalf("%s: no story holds a.txt's pages", p.name)
		}
		for _, x := range pa {
			for _, y := range pb {
				p.bestScore = max(p.bestScore, Compare(Sign(x.Title, x.Text), Sign(y.Title, y.Text)).Score)
			}
		}
		if !p.same && p.outcome == "merged" {
			t.Errorf("%s: false merge of two different stories (score %.2f)", p.name, p.bestScore)
		}
		if p.kind == "same-title" && p.outcome == "apart" {
			t.Errorf("%s: two stories under one title, neither flagged", p.name)
		}
	}

	var tp, fp, fn, flaggedSame, flaggedDiff, nSame, nDiff, nHard int
	for _, p := range pairs {
		if p.hard {
			nHard++
		}
		switch {
		case p.same:
			nSame++
			switch p.outcome {
			case "merged":
				tp++
			case "flagged":
				fn++
				flaggedSame++
			default:
				fn++
			}
		default:
			nDiff++
			switch p.outcome {
			case "merged":
				fp++
			case "flagged":
				flaggedDiff++
			}
		}
	}
	precision := float64(tp) / float64(max(tp+fp, 1))
	recall := float64(tp) / float64(max(tp+fn, 1))
	t.Logf("%d pairs (%d same, %d different; %d hard)", len(pairs), nSame, nDiff, nHard)
	t.Logf("merge: precision %.3f, recall %.3f (%d merged right, %d false merges, %d same pairs not merged)", precision, recall, tp, fp, fn)
	t.Logf("merge or flag: recall %.3f (%d same pairs flagged for review); %d different pairs flagged for review", float64(tp+flaggedSame)/float64(max(nSame, 1)), flaggedSame, flaggedDiff)
	t.Logf("%s", evalTable(pairs))
	if recall < 0.85 {
		t.Errorf("merge recall %.3f, want at least 0.85", recall)
	}
	if caught := float64(tp+flaggedSame) / float64(max(nSame, 1)); caught < 0.95 {
		t.Errorf("merge-or-flag recall %.3f, want at least 0.95", caught)
	}
}

// judgePair says what Group made of a pair: whether a story holds pages
// of both dumps, or a story of a.txt names one of b.txt in its Near.
func judgePair(stories []Story) string {
	from := func(s Story, src string) bool {
		return slices.ContainsFunc(s.Pages, func(p Page) bool { return p.Source == src })
	}
	outcome := ""
	for _, s := range stories {
		if !from(s, "a.txt") {
			continue
		}
		if from(s, "b.txt") {
			return "merged"
		}
		outcome = "apart"
		for _, n := range s.Near {
			if from(stories[n.Story], "b.txt") {
				outcome = "flagged"
			}
		}
	}
	return outcome
}

// evalTable sums the outcomes by kind, with the lowest and highest score.
func evalTable(pairs []evalPair) string {
	type row struct {
		label           string
		n               int
		out             map[string]int
		lowest, highest float64
	}
	rows := map[string]*row{}
	var kinds []string
	for _, p := range pairs {
		r := rows[p.kind]
		if r == nil {
			label := "different"
			if p.same {
				label = "same"
			}
			r = &row{label: label, out: map[string]int{}, lowest: 1}
			rows[p.kind] = r
			kinds = append(kinds, p.kind)
		}
		r.n++
		r.out[p.outcome]++
		r.lowest, r.highest = min(r.lowest, p.bestScore), max(r.highest, p.bestScore)
	}
	slices.SortFunc(kinds, func(a, b string) int {
		return strings.Compare(rows[b].label+"\x00"+a, rows[a].label+"\x00"+b)
	})
	var b strings.Builder
	b.WriteString("\n| label | kind | pairs | merged | flagged | apart | score range |\n|---|---|---|---|---|---|---|\n")
	for _, k := range kinds {
		r := rows[k]
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d | %.2f–%.2f |\n", r.label, k, r.n, r.out["merged"], r.out["flagged"], r.out["apart"], r.lowest, r.highest)
	}
	return b.String()
}

// readEval reads testdata/neardup/*.txtar: a comment of "key: value"
// lines (label, hard, kind) and a free note, then the files a.txt and
// b.txt.
func readEval(t *testing.T) []evalPair {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "neardup", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	var pairs []evalPair
	for _, f := range files {
		ar, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p := evalPair{name: filepath.Base(f)}
		for _, l := range strings.Split(string(ar.Comment), "\n") {
			k, v, _ := strings.Cut(l, ": ")
			switch k {
			case "label":
				if v != "same" && v != "different" {
					t.Fatalf("%s: label %q", f, v)
				}
				p.same = v == "same"
			case "hard":
				p.hard = v == "yes"
			case "kind":
				p.kind = v
			}
		}
		for _, af := range ar.Files {
			switch af.Name {
			case "a.txt":
				p.a = af.Data
			case "b.txt":
				p.b = af.Data
			default:
				t.Fatalf("%s: unknown file %q", f, af.Name)
			}
		}
		if p.kind == "" || p.a == nil || p.b == nil {
			t.Fatalf("%s: want a kind, a.txt and b.txt", f)
		}
		pairs = append(pairs, p)
	}
	return pairs
}
