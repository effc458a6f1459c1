package main

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

const gb = 1 << 30

// row is one line of the results table.
type row struct {
	measure, ours, hugo, ratio, target, met string
}

func (b *bench) rows() []row {
	r := &b.r
	var rows []row
	std, large := r.n == 10000, r.n == 100000
	hugoCell := func(note string, st stats, f func(stats) string) string {
		if note != "" {
			return note
		}
		if st.n == 0 {
			return "—"
		}
		return f(st)
	}
	wall := func(st stats) string { return dur(st.wall) }

	// Convert.
	fresh := row{measure: fmt.Sprintf("Convert %s articles' dumps → new content/, wall (median of %d)", count(r.n), r.convertFresh.n), hugo: "—", ratio: "—", target: "—"}
	deleted := row{measure: fmt.Sprintf("The same, right after deleting the last content/ (median of %d)", r.convertDeleted.n), hugo: "—", ratio: "—", target: "—"}
	rerun := row{measure: fmt.Sprintf("Convert again, nothing new, wall (median of %d)", r.convertRe.n), hugo: "—", ratio: "—", target: "—"}
	switch {
	case r.convertNote != "":
		fresh.ours, deleted.ours, rerun.ours = r.convertNote, r.convertNote, r.convertNote
	case r.convertFresh.n == 0:
		fresh.ours, deleted.ours, rerun.ours = "not measured", "not measured", "not measured"
	default:
		fresh.ours = fmt.Sprintf("%s → %s articles", dur(r.convertFresh.wall), count(r.articles))
		deleted.ours = dur(r.convertDeleted.wall)
		writes := "no writes"
		if r.rerunWrites != "" {
			writes = r.rerunWrites
		}
		rerun.ours = dur(r.convertRe.wall) + ", " + writes
		if std {
			fresh.target = "≤ 2 s"
			fresh.met = yes(r.convertFresh.wall <= 2*time.Second && r.articles == r.n)
			rerun.target = "≤ 1 s, no writes"
			rerun.met = yes(r.convertRe.wall <= time.Second && r.rerunWrites == "")
		}
	}
	rows = append(rows, fresh, deleted, rerun)

	// Build.
	haveHugo := r.hugoNote == "" && r.hugo.n > 0
	haveOurs := r.oursNote == "" && r.ours.n > 0
	buildRow := row{measure: fmt.Sprintf("Build content/ → public/, wall (median of %d)", max(r.ours.n, r.hugo.n)), target: "—"}
	cpuRow := row{measure: "Build CPU, user + system (median)", target: "—"}
	rssRow := row{measure: "Build peak RSS (median)", target: "—"}
	outRow := row{measure: "Output: files, size", target: "≤ 1 GB (GitHub Pages)"}
	buildRow.ours = or(r.oursNote, haveOurs, func() string { return dur(r.ours.wall) })
	cpuRow.ours = or(r.oursNote, haveOurs, func() string { return dur(r.ours.cpu) })
	rssRow.ours = or(r.oursNote, haveOurs, func() string { return size(r.ours.maxRSS) })
	outRow.ours = or(r.oursNote, haveOurs, func() string { return fmt.Sprintf("%s files, %s", count(r.oursFiles), size(r.oursBytes)) })
	buildRow.hugo = hugoCell(r.hugoNote, r.hugo, wall)
	cpuRow.hugo = hugoCell(r.hugoNote, r.hugo, func(st stats) string { return dur(st.cpu) })
	rssRow.hugo = hugoCell(r.hugoNote, r.hugo, func(st stats) string { return size(st.maxRSS) })
	outRow.hugo = "—"
	if haveHugo {
		outRow.hugo = fmt.Sprintf("%s files, %s", count(r.hugoFiles), size(r.hugoBytes))
	}
	buildRow.ratio, cpuRow.ratio, rssRow.ratio, outRow.ratio = "—", "—", "—", "—"
	if haveOurs && haveHugo {
		buildRow.ratio = ratio(float64(r.ours.wall), float64(r.hugo.wall))
		cpuRow.ratio = ratio(float64(r.ours.cpu), float64(r.hugo.cpu))
		rssRow.ratio = ratio(float64(r.ours.maxRSS), float64(r.hugo.maxRSS))
		outRow.ratio = ratio(float64(r.oursBytes), float64(r.hugoBytes))
	}
	switch {
	case std:
		buildRow.target, rssRow.target = "≤ 1/3 of Hugo's", "≤ 1/3 of Hugo's"
		if haveOurs && haveHugo {
			buildRow.met = yes(3*r.ours.wall <= r.hugo.wall)
			rssRow.met = yes(3*r.ours.maxRSS <= r.hugo.maxRSS)
		}
	case large:
		// Every run must meet these, not only the median one.
		buildRow.target, rssRow.target = "≤ 25 s, every run", "≤ 1 GB, every run"
		if haveOurs {
			buildRow.ours += " (runs: " + durs(r.ours.walls) + ")"
			rssRow.ours += " (largest " + size(r.ours.biggest) + ")"
			buildRow.met = yes(r.ours.slowest <= 25*time.Second)
			rssRow.met = yes(r.ours.biggest > 0 && r.ours.biggest <= gb)
		}
	}
	if haveOurs {
		outRow.met = yes(r.oursBytes <= gb)
	}
	rows = append(rows, buildRow, cpuRow, rssRow, outRow)
	if haveOurs && r.hugoLite.n > 0 {
		rows = append(rows, row{
			measure: fmt.Sprintf("Build, Hugo without related articles: wall; peak RSS (median of %d)", r.hugoLite.n),
			ours:    dur(r.ours.wall) + "; " + size(r.ours.maxRSS),
			hugo:    dur(r.hugoLite.wall) + "; " + size(r.hugoLite.maxRSS),
			ratio:   ratio(float64(r.ours.wall), float64(r.hugoLite.wall)) + "; " + ratio(float64(r.ours.maxRSS), float64(r.hugoLite.maxRSS)),
			target:  "— (for reference)",
		})
	}

	// Growth.
	if r.compareN > 0 && haveOurs && r.compare.n > 0 {
		per := float64(r.ours.wall) / float64(r.articles)
		perCmp := float64(r.compare.wall) / float64(r.compareArticles)
		rows = append(rows, row{
			measure: fmt.Sprintf("Build time per article, %s vs %s articles", count(r.n), count(r.compareN)),
			ours:    fmt.Sprintf("%.3f ms vs %.3f ms (%s at %s)", per/1e6, perCmp/1e6, dur(r.compare.wall), count(r.compareN)),
			hugo:    "—",
			ratio:   fmt.Sprintf("%.2f× per article", per/perCmp),
			target:  "linear (≤ 1.25× per article)",
			met:     yes(per <= 1.25*perCmp),
		})
	}

	// Search.
	if r.searchNote != "" || r.index.n > 0 {
		idx := row{measure: fmt.Sprintf("Search index, written by the build: wall; CPU (median of %d); the build's peak RSS, index included", r.index.n), hugo: "—", ratio: "—", target: "—"}
		made := row{measure: "Search index: files, size (per article)", hugo: "—", ratio: "—", target: "—"}
		all := row{measure: "Site and search index: files, size", hugo: "—", ratio: "—", target: "—"}
		if large {
			idx.target, all.target = "≤ 90 s; —; ≤ 2 GB", "≤ 850 MB"
		}
		var qs []row
		switch {
		case r.searchNote != "":
			idx.ours, made.ours, all.ours = r.searchNote, r.searchNote, r.searchNote
		default:
			idx.ours = fmt.Sprintf("%s; %s; %s", dur(r.index.wall), dur(r.index.cpu), size(r.index.maxRSS))
			made.ours = fmt.Sprintf("%s files, %s (%d bytes per article)", count(r.indexFiles), size(r.indexBytes), r.indexBytes/int64(max(r.articles, 1)))
			all.ours = fmt.Sprintf("%s files, %s (%s per article)", count(r.siteFiles), size(r.siteBytes), size(r.siteBytes/int64(max(r.articles, 1))))
			if large {
				idx.met = yes(r.index.wall <= 90*time.Second && r.index.maxRSS > 0 && r.index.maxRSS <= 2*gb)
				all.met = yes(r.siteBytes <= 850_000_000)
			}
			if r.queryNote != "" {
				qs = append(qs, row{measure: "One search in the browser: bytes downloaded", ours: r.queryNote, hugo: "—", ratio: "—", target: "—"})
			}
			for _, q := range r.queries {
				qr := row{measure: fmt.Sprintf("One search in the browser, %s (`%s`): downloaded, gzip", q.what, q.Query), ours: q.String(), hugo: "—", ratio: "—", target: "≤ 600 KB"}
				if large {
					qr.met = yes(q.Bytes <= 600_000)
				}
				qs = append(qs, qr)
			}
		}
		rows = append(rows, idx, made, all)
		rows = append(rows, qs...)
		if std && r.convertFresh.n > 0 && haveOurs {
			total := r.convertFresh.wall + r.ours.wall
			rows = append(rows, row{
				measure: "`make` end to end: convert, then build with its search index, sum of the medians",
				ours:    fmt.Sprintf("%s (%s + %s)", dur(total), dur(r.convertFresh.wall), dur(r.ours.wall)),
				hugo:    "—", ratio: "—", target: "≤ 12 s", met: yes(total <= 12*time.Second),
			})
		}
	}

	// Watch.
	// The edit target is 50 ms at 100,000 articles, 30 ms at 10,000.
	editTarget := 50 * time.Millisecond
	if std {
		editTarget = 30 * time.Millisecond
	}
	med := row{measure: fmt.Sprintf("One-article edit → page written, median (of %d)", max(len(r.watch), len(r.serve))), target: "≤ " + dur(editTarget)}
	p95 := row{measure: "One-article edit → page written, p95", target: "—"}
	cell := func(note string, d []time.Duration, p int) string {
		if len(d) == 0 {
			if note == "" {
				return "not measured"
			}
			return note
		}
		s := dur(percentile(d, p))
		if note != "" {
			s += " (" + note + ")"
		}
		return s
	}
	med.ours, p95.ours = cell(r.watchNote, r.watch, 50), cell(r.watchNote, r.watch, 95)
	med.hugo, p95.hugo = "—", "—"
	if b.o.hugo {
		med.hugo, p95.hugo = cell(r.serveNote, r.serve, 50), cell(r.serveNote, r.serve, 95)
	}
	med.ratio, p95.ratio = "—", "—"
	if len(r.watch) > 0 && len(r.serve) > 0 {
		med.ratio = ratio(float64(percentile(r.watch, 50)), float64(percentile(r.serve, 50)))
		p95.ratio = ratio(float64(percentile(r.watch, 95)), float64(percentile(r.serve, 95)))
	}
	if len(r.watch) > 0 {
		med.met = yes(percentile(r.watch, 50) <= editTarget)
	}
	rows = append(rows, med, p95)
	if len(r.indexed) > 0 {
		rows = append(rows, row{
			measure: fmt.Sprintf("Watch: edit → search index updated, median; slowest (of %d)", len(r.indexed)),
			ours:    fmt.Sprintf("%s; %s", dur(percentile(r.indexed, 50)), dur(percentile(r.indexed, 100))),
			hugo:    "—", ratio: "—", target: "≤ 10 s", met: yes(percentile(r.indexed, 100) <= 10*time.Second),
		})
	}
	return rows
}

func or(note string, ok bool, f func() string) string {
	switch {
	case note != "":
		return note
	case !ok:
		return "—"
	}
	return f()
}

func yes(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}

func ratio(a, b float64) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// durs is dur of each of ds, in their order.
func durs(ds []time.Duration) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = dur(d)
	}
	return strings.Join(parts, ", ")
}

func dur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= 10*time.Millisecond:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

func size(n int64) string {
	switch {
	case n == 0:
		return "n/a"
	case n >= gb:
		return fmt.Sprintf("%.2f GB", float64(n)/gb)
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
}

// count writes n with thousands separators.
func count(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// report is the dated Markdown section for BENCHMARKS.md.
func (b *bench) report() string {
	var w strings.Builder
	now := time.Now().UTC()
	fmt.Fprintf(&w, "## %s — %s articles\n\n", now.Format("2006-01-02 15:04 UTC"), count(b.r.n))
	fmt.Fprintf(&w, "- Machine: %s CPUs (nproc), %s, %s/%s\n", nproc(), cpuModel(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(&w, "- Go: %s\n", output("go", "version"))
	if b.r.hugoVersion != "" {
		fmt.Fprintf(&w, "- Hugo: %s\n", b.r.hugoVersion)
	}
	fmt.Fprintf(&w, "- Code: %s\n", commit())
	fmt.Fprintf(&w, "- Run: `go run ./bench/run %s`\n\n", strings.Join(os.Args[1:], " "))

	w.WriteString("| Measure | Ours | Hugo | Ours ÷ Hugo | Target | Met |\n")
	w.WriteString("|---|---|---|---|---|---|\n")
	for _, r := range b.rows() {
		fmt.Fprintf(&w, "| %s | %s | %s | %s | %s | %s |\n", r.measure, r.ours, r.hugo, r.ratio, r.target, r.met)
	}
	if b.o.hugo {
		w.WriteString("\nBuilds ran interleaved (ours, Hugo, ours, Hugo…) after one untimed warm-up each, " +
			"each into a new output folder (the last one moved aside, not deleted, until the end). Hugo renders the same pages as ours with the layouts in " +
			"bench/hugo; its related articles (`.Related` on tags and date) are most of its build time, " +
			"so it is also timed without them. Edit times run from writing the content file to the " +
			"article's page on disk holding the new text, polled every millisecond; Hugo's are " +
			"`hugo server` writing to disk, in its default fast-render mode, with the article " +
			"requested once first as an open browser tab would.\n\n")
	} else {
		w.WriteString("\nBuilds ran after one untimed warm-up, each into a new output folder (the last one moved aside, not deleted, until the end)" +
			" (interleaved with the comparison corpus's, if any). Edit times run from writing the content " +
			"file to the article's page on disk holding the new text, polled every millisecond.\n\n")
	}
	w.WriteString("Commands, from the repository root:\n\n```\n")
	for _, c := range b.commands {
		w.WriteString(c + "\n")
	}
	w.WriteString("```\n")
	return w.String()
}

const intro = `# Benchmarks

Each section below was appended by one run of ` + "`make bench`" + ` (10,000
articles, side by side with Hugo) or ` + "`make bench-large`" + ` (100,000 articles),
both ` + "`go run ./bench/run`" + `; its doc comment says what is measured and how.
Sections are never rewritten. The machines are shared, so absolute times are
noisy: compare the ratios within one section.
`

// appendReport adds the section to the file, creating it with the intro.
func appendReport(path, section string) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if err := os.WriteFile(path, []byte(intro), 0o644); err != nil {
			return err
		}
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.WriteString("\n" + section); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func output(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}

func nproc() string {
	if n := output("nproc"); n != "unknown" {
		return n
	}
	return fmt.Sprint(runtime.NumCPU())
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "CPU model unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "CPU model unknown"
}

// commit names the code measured.
func commit() string {
	head := output("git", "rev-parse", "--short", "HEAD")
	if head == "unknown" {
		return head
	}
	if output("git", "status", "--porcelain", "--untracked-files=no") != "" {
		head += " with uncommitted changes"
	}
	return head
}
