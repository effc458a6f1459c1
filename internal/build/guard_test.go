package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/internal/config"
)

// treeState lists every path below dir with its size, so a test can see
// that nothing was touched.
func treeState(t *testing.T, dir string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out[p] = info.Size()
		if d.IsDir() {
			out[p] = -1
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestOutputMayNotBeAnInput(t *testing.T) {
	tests := []struct{ out, want string }{
		{"content", "is the content folder"},
		{"templates", "is the templates folder"},
		{"static", "is the static folder"},
		{"seeds", "is the seeds folder"},
		{"content/site", "is inside the content folder"},
		{".", "is the project folder"},
		{"", "is the project folder"},
		{"..", "holds the project folder"},
		{".git", "is the .git folder"},
		{".git/site", "is inside the .git folder"},
		{"link-to-templates", "is the templates folder"},
		{"taxonomy.yaml", "is the taxonomy file"},
		{"README.md", "is a file, not a folder"},
		{"notes", "holds files but no index.html"},
		{"pages-checkout", "holds a .git folder"},
	}
	for _, tc := range tests {
		t.Run(tc.out, func(t *testing.T) {
			dir := project(t, "testdata/site.txtar")
			write(t, filepath.Join(dir, ".git/HEAD"), "ref: refs/heads/main\n")
			write(t, filepath.Join(dir, "seeds/a.txt"), "a dump\n")
			write(t, filepath.Join(dir, "README.md"), "# read me\n")
			write(t, filepath.Join(dir, "notes/todo.txt"), "an editor's notes\n")
			write(t, filepath.Join(dir, "pages-checkout/index.html"), "<p>published</p>\n")
			write(t, filepath.Join(dir, "pages-checkout/.git/HEAD"), "ref: refs/heads/gh-pages\n")
			if err := os.Symlink("templates", filepath.Join(dir, "link-to-templates")); err != nil {
				t.Fatal(err)
			}
			before := treeState(t, filepath.Dir(dir))
			_, err := builder(t, dir, func(c *config.Config) { c.Public = tc.out }).Full()
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "output folder") {
				t.Errorf("error = %v, want one saying the output folder %s", err, tc.want)
			}
			after := treeState(t, filepath.Dir(dir))
			for p, n := range before {
				if after[p] != n {
					t.Errorf("%s changed", p)
				}
			}
			for p := range after {
				if _, ok := before[p]; !ok {
					t.Errorf("%s appeared", p)
				}
			}
		})
	}
}

// A build killed while rendering leaves its hidden tree beside the output
// folder; the next build removes it, and only it.
func TestStaleTreesRemoved(t *testing.T) {
	dir := project(t, "testdata/site.txtar")
	for _, d := range []string{".public-123456", ".public-42-old", ".public-x-1", ".public2-7"} {
		write(t, filepath.Join(dir, d, "index.html"), "partial")
	}
	buildSite(t, dir, nil)
	for _, d := range []string{".public-123456", ".public-42-old"} {
		if _, err := os.Stat(filepath.Join(dir, d)); err == nil {
			t.Errorf("%s is still there after the next build", d)
		}
	}
	// Trees of other output folders (public-x, public2) are not this
	// build's to remove.
	for _, d := range []string{".public-x-1", ".public2-7"} {
		if _, err := os.Stat(filepath.Join(dir, d)); err != nil {
			t.Errorf("%s was removed: %v", d, err)
		}
	}
}

// While a full build swaps its new tree in, the output folder always holds
// a whole site: a reader opening it as the preview does finds the page.
func TestSwapLeavesNoGap(t *testing.T) {
	dir := project(t, "testdata/site.txtar")
	out, _ := buildSite(t, dir, nil)
	calls := 0
	swapping = func() {
		calls++
		root, err := os.OpenRoot(out)
		if err != nil {
			t.Errorf("during the swap: %v", err)
			return
		}
		defer root.Close()
		if _, err := root.ReadFile("index.html"); err != nil {
			t.Errorf("during the swap: %v", err)
		}
	}
	t.Cleanup(func() { swapping = func() {} })
	buildSite(t, dir, nil)
	if calls != 1 {
		t.Errorf("the swap hook ran %d times", calls)
	}
}
