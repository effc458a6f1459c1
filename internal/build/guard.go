package build

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"briefing/internal/files"
)

// checkOut refuses an output folder that is, holds or sits inside one of
// the build's inputs, the project folder or .git: a full build replaces
// its output folder whole, so such a folder would lose what it holds.
// Links are followed, so a link to content/ is content/. Nothing is
// touched before the check.
func (b *Builder) checkOut() error {
	out, err := resolve(b.Out())
	if err != nil {
		return err
	}
	root, err := resolve(b.root)
	if err != nil {
		return err
	}
	refuse := func(why string) error {
		return fmt.Errorf("output folder %s %s; a build replaces its output folder whole, so it must be a folder of its own, such as public", b.cfg.Public, why)
	}
	if out == root {
		return refuse("is the project folder")
	}
	if inside(root, out) {
		return refuse("holds the project folder")
	}
	folders := []struct{ name, path string }{
		{".git", filepath.Join(b.root, ".git")},
		{"content", b.dir(b.cfg.Content)},
		{"templates", b.dir(b.cfg.Templates)},
		{"static", b.dir(b.cfg.Static)},
		{"seeds", b.dir(b.cfg.Seeds)},
	}
	for _, f := range folders {
		p, err := resolve(f.path)
		if err != nil {
			return err
		}
		switch {
		case out == p:
			return refuse("is the " + f.name + " folder")
		case inside(out, p):
			return refuse("is inside the " + f.name + " folder")
		case inside(p, out):
			return refuse("holds the " + f.name + " folder")
		}
	}
	tax, err := resolve(b.dir(b.cfg.Taxonomy))
	if err != nil {
		return err
	}
	switch {
	case out == tax:
		return refuse("is the taxonomy file")
	case inside(tax, out):
		return refuse("holds the taxonomy file")
	}
	// Whatever else is there is replaced whole, and the replaced tree
	// removed: an existing folder must be empty or a site a build made
	// (every build writes index.html), so a typo cannot take a folder of
	// source files or notes with it.
	if info, err := os.Stat(out); err == nil {
		if !info.IsDir() {
			return refuse("is a file, not a folder")
		}
		entries, err := os.ReadDir(out)
		if err != nil {
			return err
		}
		if _, err := os.Lstat(filepath.Join(out, ".git")); err == nil {
			return refuse("holds a .git folder")
		}
		if _, err := os.Stat(filepath.Join(out, "index.html")); len(entries) > 0 && err != nil {
			return refuse("holds files but no index.html, so no build made it; empty it or choose another")
		}
	}
	return nil
}

// inside reports whether path p is below folder dir.
func inside(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// resolve makes p absolute with every link in the part of it that exists
// followed.
func resolve(p string) (string, error) {
	p, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var rest []string
	for {
		r, err := filepath.EvalSymlinks(p)
		if err == nil {
			return filepath.Join(append([]string{r}, rest...)...), nil
		}
		up := filepath.Dir(p)
		if up == p {
			return filepath.Join(append([]string{p}, rest...)...), nil
		}
		rest = append([]string{filepath.Base(p)}, rest...)
		p = up
	}
}

// Hold checks the output folder (see checkOut) and takes its lock for
// holder, as Lock does.
func (b *Builder) Hold(holder string) (unlock func(), err error) {
	if err := b.checkOut(); err != nil {
		return nil, err
	}
	return Lock(b.Out(), holder)
}

// Lock takes the output folder out for holder (a few words saying who,
// such as "build watch") until unlock is called. Only one process at a
// time holds it: another build or watch of the same folder fails with an
// error naming the holder. Within one process the lock is shared, so a
// watch that holds it can run full builds. The lock is a file beside the
// folder, .<name>.lock, locked with flock; the system lets go of it when
// its process ends, however it ends.
func Lock(out, holder string) (unlock func(), err error) {
	abs, err := resolve(out)
	if err != nil {
		return nil, err
	}
	locks.Lock()
	defer locks.Unlock()
	if l := locks.held[abs]; l != nil {
		l.n++
		return func() { release(abs) }, nil
	}
	f, err := files.Lock(abs, holder)
	var held *files.Locked
	if errors.As(err, &held) {
		who := held.Holder
		if who == "" {
			who = "another build"
		}
		return nil, fmt.Errorf("output folder %s is in use by %s; wait for it to finish or stop it (the lock is %s)", out, who, held.Lock)
	}
	if err != nil {
		return nil, fmt.Errorf("locking the output folder: %w", err)
	}
	locks.held[abs] = &heldLock{f: f, n: 1}
	return func() { release(abs) }, nil
}

type heldLock struct {
	f *os.File
	n int
}

var locks = struct {
	sync.Mutex
	held map[string]*heldLock
}{held: map[string]*heldLock{}}

func release(abs string) {
	locks.Lock()
	defer locks.Unlock()
	l := locks.held[abs]
	if l == nil {
		return
	}
	if l.n--; l.n == 0 {
		l.f.Close() // closing lets go of the lock
		delete(locks.held, abs)
	}
}

// stale matches the trees a build of the output folder named base leaves
// beside it: the one it renders into (.base-NNNN) and the one it replaced
// (.base-NNNN-old). A build that was killed leaves either.
func stale(base string) *regexp.Regexp {
	return regexp.MustCompile(`^\.` + regexp.QuoteMeta(base) + `-[0-9]+(-old)?$`)
}

// clean starts removing the trees that earlier builds of out left beside
// it, and returns a function that waits until they are gone. The caller
// holds out's lock, so no build is writing any of them.
func clean(out string) (wait func()) {
	dir, re := filepath.Dir(out), stale(filepath.Base(out))
	entries, _ := os.ReadDir(dir)
	var old []string
	for _, e := range entries {
		if e.IsDir() && re.MatchString(e.Name()) {
			old = append(old, filepath.Join(dir, e.Name()))
		}
	}
	if len(old) == 0 {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, o := range old {
			os.RemoveAll(o)
		}
	}()
	return func() { <-done }
}
