package build

import (
	"os"
	"path/filepath"
	"testing"
)

// A build where there is no taxonomy (run in the wrong folder, say) names
// the file and what it is for, not "lstat taxonomy.yaml".
func TestMissingTaxonomy(t *testing.T) {
	dir := project(t, "testdata/site.txtar")
	if err := os.Remove(filepath.Join(dir, "taxonomy.yaml")); err != nil {
		t.Fatal(err)
	}
	_, err := builder(t, dir, nil).Full()
	const want = "taxonomy.yaml: no such file; the build reads the tags from it (taxonomy: in the site file names another)"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}
