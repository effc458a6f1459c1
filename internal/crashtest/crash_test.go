//go:build unix

package crashtest

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"briefing/internal/content"
	"briefing/internal/convert"
)

// settings are the test's size, from the environment.
type settings struct {
	kills, articles int
	seed            uint64
}

func load(t *testing.T) settings {
	t.Helper()
	s := settings{kills: 4, articles: 300, seed: 1}
	for _, v := range []struct {
		name string
		into *int
	}{{"CRASH_KILLS", &s.kills}, {"CRASH_ARTICLES", &s.articles}} {
		if e := os.Getenv(v.name); e != "" {
			n, err := strconv.Atoi(e)
			if err != nil || n < 1 {
				t.Fatalf("%s=%q: want a positive number", v.name, e)
			}
			*v.into = n
		}
	}
	if e := os.Getenv("CRASH_SEED"); e != "" {
		n, err := strconv.ParseUint(e, 10, 64)
		if err != nil {
			t.Fatalf("CRASH_SEED=%q: want a number", e)
		}
		s.seed = n
	}
	return s
}

// repoRoot is the folder of go.mod, upwards from the test's folder.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = up
	}
}

// kit is the programs under test and the project folders.
type kit struct {
	t          *testing.T
	build, gen string
	rng        *rand.Rand
}

func newKit(t *testing.T, root, tmp string, seed uint64) *kit {
	t.Helper()
	k := &kit{t: t, build: filepath.Join(tmp, "bin", "build"), gen: filepath.Join(tmp, "bin", "gen"), rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	goBin := filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		goBin = "go"
	}
	for bin, pkg := range map[string]string{k.build: "./cmd/build", k.gen: "./bench/gen"} {
		cmd := exec.Command(goBin, "build", "-o", bin, pkg)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, out)
		}
	}
	return k
}

// project makes a project folder with the repository's templates, static
// files, taxonomy and site file, and an empty seeds folder.
func project(t *testing.T, root, dir string) {
	t.Helper()
	for _, d := range []string{"templates", "static"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join(root, d))); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"taxonomy.yaml", "site.yaml"} {
		copyFile(t, filepath.Join(root, f), filepath.Join(dir, f))
	}
	if err := os.MkdirAll(filepath.Join(dir, "seeds"), 0o755); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// finish runs the command in dir to its end; it must succeed.
func (k *kit) finish(dir string, args ...string) time.Duration {
	k.t.Helper()
	cmd := exec.Command(k.build, args...)
	cmd.Dir = dir
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		k.t.Fatalf("%s: build %s: %v\n%s", dir, strings.Join(args, " "), err, tail(out))
	}
	return time.Since(start)
}

// killed starts the command in dir and kills it with SIGKILL after a
// random part of about, which is how long the same run took unbroken, or,
// if when is set, as soon as when reports true (it is asked again and
// again while the command runs). It reports whether the kill came before
// the command ended. How long anything takes decides only where the kills
// land, never whether the test passes.
func (k *kit) killed(dir string, about time.Duration, when func() bool, args ...string) bool {
	k.t.Helper()
	cmd := exec.Command(k.build, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		k.t.Fatal(err)
	}
	ended := make(chan error, 1)
	go func() { ended <- cmd.Wait() }()
	var err error
	if when != nil {
	watch:
		for {
			select {
			case err = <-ended:
				break watch
			default:
			}
			if when() {
				cmd.Process.Kill()
				err = <-ended
				break
			}
		}
	} else {
		// Half the kills come in the run's second half, where the
		// writing is.
		part := k.rng.Float64() * 0.9
		if k.rng.IntN(2) == 0 {
			part = 0.5 + k.rng.Float64()*0.5
		}
		timer := time.AfterFunc(time.Duration(float64(about)*part), func() { cmd.Process.Kill() })
		err = <-ended
		timer.Stop()
	}
	if st, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && st.Signaled() && st.Signal() == syscall.SIGKILL {
		return true
	}
	if err != nil {
		k.t.Fatalf("%s: build %s failed without being killed: %v\n%s", dir, strings.Join(args, " "), err, tail(out.Bytes()))
	}
	return false
}

// newFiles returns a test for killed that is true once n article files
// that before lacks are in the folder dir.
func newFiles(dir string, before map[string][32]byte, n int) func() bool {
	return func() bool {
		entries, _ := os.ReadDir(dir)
		found := 0
		for _, e := range entries {
			if _, ok := before[e.Name()]; !ok && strings.HasSuffix(e.Name(), ".md") && !strings.HasPrefix(e.Name(), ".") {
				found++
			}
		}
		return found >= n
	}
}

func tail(b []byte) []byte {
	if len(b) > 2000 {
		return b[len(b)-2000:]
	}
	return b
}

// tree maps every file below dir, whose name does not start with a dot, to
// a hash of its bytes; a missing dir gives nil.
func tree(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	if _, err := os.Stat(dir); err != nil {
		return nil
	}
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != dir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = sha256.Sum256(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// diff lists how tree got differs from want, at most a few lines.
func diff(got, want map[string][32]byte) []string {
	var out []string
	for p, h := range want {
		g, ok := got[p]
		switch {
		case !ok:
			out = append(out, p+" is missing")
		case g != h:
			out = append(out, p+" differs")
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			out = append(out, p+" should not be there")
		}
	}
	slices.Sort(out)
	if len(out) > 10 {
		out = append(out[:10], fmt.Sprintf("… and %d more", len(out)-10))
	}
	return out
}

func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash test builds the program and kills it many times; not in -short")
	}
	s := load(t)
	root := repoRoot(t)
	tmp := t.TempDir()
	k := newKit(t, root, tmp, s.seed)
	t.Logf("seed %d, %d kills of each, %d articles", s.seed, s.kills, s.articles)

	corpus := filepath.Join(tmp, "corpus")
	gen := exec.Command(k.gen, "-n", strconv.Itoa(s.articles), "-seed", strconv.FormatUint(s.seed, 10), "-out", corpus, "-taxonomy", filepath.Join(root, "taxonomy.yaml"))
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("gen: %v\n%s", err, out)
	}
	dumps, err := filepath.Glob(filepath.Join(corpus, "*.txt"))
	if err != nil || len(dumps) == 0 {
		t.Fatalf("gen wrote no dumps: %v", err)
	}
	slices.Sort(dumps)

	// Two projects get the same seeds in the same batches: ref is only
	// ever run to its end, crash is killed.
	ref, crash := filepath.Join(tmp, "ref"), filepath.Join(tmp, "crash")
	project(t, root, ref)
	project(t, root, crash)

	t.Run("convert", func(t *testing.T) {
		k.t = t
		phases := map[string]int{}
		kills := 0
		batches := batch(dumps, 2*s.kills)
		for round := 0; kills < s.kills && round < 4*s.kills; round++ {
			if round < len(batches) {
				for _, d := range batches[round] {
					copyFile(t, d, filepath.Join(ref, "seeds", filepath.Base(d)))
					copyFile(t, d, filepath.Join(crash, "seeds", filepath.Base(d)))
				}
			}
			before := tree(t, filepath.Join(crash, "content"))
			took := k.finish(ref, "convert")
			want := tree(t, filepath.Join(ref, "content"))
			// Kill once, sometimes twice, then finish. Half the kills
			// come when a random number of the articles still to write
			// are on disk.
			for range 1 + k.rng.IntN(2) {
				cur := tree(t, filepath.Join(crash, "content"))
				fresh := 0
				for p := range want {
					if _, ok := cur[p]; !ok && strings.HasSuffix(p, ".md") {
						fresh++
					}
				}
				var when func() bool
				if fresh > 0 && k.rng.IntN(2) == 0 {
					when = newFiles(filepath.Join(crash, "content"), cur, 1+k.rng.IntN(fresh))
				}
				if !k.killed(crash, took, when, "convert") {
					phases["ended before the kill"]++
					continue
				}
				kills++
				phases[convertPhase(before, tree(t, filepath.Join(crash, "content")), want)]++
			}
			k.finish(crash, "convert")
			got := tree(t, filepath.Join(crash, "content"))
			if d := diff(got, want); len(d) > 0 {
				t.Fatalf("round %d: content/ after a killed convert and a finished one is not what an unbroken convert gives:\n%s", round, strings.Join(d, "\n"))
			}
			checkContent(t, crash)
		}
		t.Logf("%d kills of convert: %v", kills, phases)
		if kills < s.kills {
			t.Logf("only %d kills: every other run ended before its kill", kills)
		}
	})
	if t.Failed() {
		return
	}
	t.Run("build", func(t *testing.T) {
		k.t = t
		took := k.finish(ref, "build")
		want := tree(t, filepath.Join(ref, "public"))
		if len(want) == 0 {
			t.Fatal("the reference build wrote nothing")
		}
		k.finish(crash, "build")
		checkBuild(t, crash, want, true)
		phases := map[string]int{}
		kills := 0
		for round := 0; kills < s.kills && round < 4*s.kills; round++ {
			if !k.killed(crash, took, nil, "build") {
				phases["ended before the kill"]++
				checkBuild(t, crash, want, true)
				continue
			}
			kills++
			phases[buildPhase(t, crash)]++
			// public/ is whole whatever moment the kill came at.
			checkBuild(t, crash, want, false)
			if k.rng.IntN(3) == 0 {
				k.finish(crash, "build")
				checkBuild(t, crash, want, true)
			}
		}
		k.finish(crash, "build")
		checkBuild(t, crash, want, true)
		t.Logf("%d kills of build: %v", kills, phases)
	})
}

// batch splits the dumps into n batches of about the same size.
func batch(dumps []string, n int) [][]string {
	n = min(n, len(dumps))
	out := make([][]string, n)
	for i, d := range dumps {
		out[i*n/len(dumps)] = append(out[i*n/len(dumps)], d)
	}
	return out
}

// convertPhase says where a killed convert stopped, from content/ before
// the run, after the kill and after an unbroken run.
func convertPhase(before, after, want map[string][32]byte) string {
	if after["imported.json"] != before["imported.json"] {
		return "after the manifest"
	}
	created, changed, toDo := 0, 0, 0
	for p, h := range want {
		if before[p] == h {
			continue
		}
		toDo++
		switch g, ok := after[p]; {
		case ok && before[p] == [32]byte{} && g == h:
			created++
		case ok && g == h:
			changed++
		}
	}
	switch {
	case toDo == 0:
		return "nothing to write"
	case created+changed == 0:
		return "before any write"
	}
	return "while writing articles"
}

// buildPhase says where a killed build stopped, from what it left beside
// public/.
func buildPhase(t *testing.T, dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	phase := "before rendering"
	for _, e := range entries {
		switch n := e.Name(); {
		case strings.HasPrefix(n, ".public-") && strings.HasSuffix(n, "-old"):
			return "after the swap"
		case strings.HasPrefix(n, ".public-"):
			phase = "while rendering"
		}
	}
	return phase
}

// checkContent checks what a finished convert leaves: no two articles with
// one id or one title, and every page of every dump in the sources of an
// article.
func checkContent(t *testing.T, dir string) {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(dir, "content", "*.md"))
	ids, titles := map[string]string{}, map[string]string{}
	recorded := map[string]bool{}
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		f, err := content.Parse(n, data)
		if err != nil {
			t.Fatal(err)
		}
		if other, ok := ids[f.Front.ID]; ok {
			t.Errorf("%s and %s have the same id %s", other, n, f.Front.ID)
		}
		ids[f.Front.ID] = n
		title := strings.ToLower(f.Front.Title)
		if other, ok := titles[title]; ok {
			t.Errorf("%s and %s have the same title %q", other, n, f.Front.Title)
		}
		titles[title] = n
		for _, s := range f.Front.Sources {
			recorded[s] = true
		}
	}
	dumps, _ := filepath.Glob(filepath.Join(dir, "seeds", "*.txt"))
	missing := 0
	for _, d := range dumps {
		data, err := os.ReadFile(d)
		if err != nil {
			t.Fatal(err)
		}
		pages, _ := convert.Parse(filepath.Base(d), data)
		for _, p := range pages {
			if src := p.Source + ":" + strconv.Itoa(p.Line); !recorded[src] {
				if missing++; missing <= 5 {
					t.Errorf("page %s is in no article's sources", src)
				}
			}
		}
	}
	if missing > 5 {
		t.Errorf("… %d pages in all are in no article's sources", missing)
	}
}

// checkBuild checks public/ against an unbroken build's tree, and, after a
// finished build, that nothing is left beside it. Before the first
// finished build there may be no public/ at all.
func checkBuild(t *testing.T, dir string, want map[string][32]byte, finished bool) {
	t.Helper()
	got := tree(t, filepath.Join(dir, "public"))
	if d := diff(got, want); len(d) > 0 {
		t.Fatalf("public/ is not the whole site (finished build: %v):\n%s", finished, strings.Join(d, "\n"))
	}
	if !finished {
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public-") {
			t.Errorf("%s is left after a finished build", e.Name())
		}
	}
}
