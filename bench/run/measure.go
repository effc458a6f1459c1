package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// sample is one timed run of a command.
type sample struct {
	wall   time.Duration
	cpu    time.Duration // user + system
	maxRSS int64         // bytes; 0 when the system does not say
	stdout string
}

// timed runs name with args in the repository root, with env added to
// the environment, and measures it.
func timed(env []string, name string, args ...string) (sample, error) {
	cmd := exec.Command(name, args...)
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	s := sample{wall: time.Since(start), stdout: out.String()}
	if cmd.ProcessState != nil {
		s.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		s.maxRSS = maxRSS(cmd.ProcessState)
	}
	if err != nil {
		return s, fmt.Errorf("%s: %w\n%s", commandLine(env, name, args), err, tail(errb.String()+out.String(), 20))
	}
	return s, nil
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

func commandLine(env []string, name string, args []string) string {
	return strings.Join(append(append(env[:len(env):len(env)], name), args...), " ")
}

// stats are medians over several samples.
type stats struct {
	n      int
	wall   time.Duration
	cpu    time.Duration
	maxRSS int64
	// slowest and biggest are the longest wall time and the largest
	// peak RSS of the runs, for targets every run must meet.
	slowest time.Duration
	biggest int64
	walls   []time.Duration // in the order the runs ran
}

func summarize(ss []sample) stats {
	st := stats{n: len(ss)}
	if len(ss) == 0 {
		return st
	}
	var walls, cpus []time.Duration
	var rss []int64
	for _, s := range ss {
		walls, cpus, rss = append(walls, s.wall), append(cpus, s.cpu), append(rss, s.maxRSS)
	}
	st.wall, st.cpu, st.maxRSS = median(walls), median(cpus), median(rss)
	st.slowest, st.biggest, st.walls = slices.Max(walls), slices.Max(rss), walls
	return st
}

func median[T int64 | time.Duration](xs []T) T {
	return percentile(xs, 50)
}

// percentile is the nearest-rank percentile p of xs.
func percentile[T int64 | time.Duration](xs []T, p int) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	rank := (p*len(s) + 99) / 100 // ceil(p/100 · n)
	return s[max(0, rank-1)]
}

// tree counts the files below dir and their bytes.
func tree(dir string) (files int, size int64, err error) {
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files++
		size += info.Size()
		return nil
	})
	return files, size, err
}

// fileState is what a write would change.
type fileState struct {
	size    int64
	modTime time.Time
	sum     [sha256.Size]byte
}

// snapshot records every file below dir with a hash of its bytes.
func snapshot(dir string) (map[string]fileState, error) {
	snap := map[string]fileState{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		snap[p] = fileState{size: info.Size(), modTime: info.ModTime(), sum: sha256.Sum256(data)}
		return nil
	})
	return snap, err
}

// changes lists the files created, removed, rewritten (a new modification
// time) or changed between two snapshots.
func changes(before, after map[string]fileState) []string {
	var out []string
	for p, a := range after {
		b, ok := before[p]
		switch {
		case !ok:
			out = append(out, "created "+p)
		case !a.modTime.Equal(b.modTime) || a.size != b.size || a.sum != b.sum:
			out = append(out, "rewritten "+p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			out = append(out, "removed "+p)
		}
	}
	slices.Sort(out)
	return out
}

// countMD counts the *.md files at the top of dir.
func countMD(dir string) int {
	entries, _ := os.ReadDir(dir)
	n := 0
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".md") {
			n++
		}
	}
	return n
}
