package site

import (
	"os"
	"path/filepath"
	"testing"

	"briefing/internal/markdown"
	"briefing/internal/taxonomy"
)

// A content folder that is not there is named as the content folder, not
// as a bare "open nosuch".
func TestMissingContentFolder(t *testing.T) {
	tx, err := taxonomy.Parse("taxonomy.yaml", []byte(tax))
	if err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "nosuch")
	_, err = NewLoader(markdown.New(), tx.Matcher()).Load(os.DirFS(missing), "nosuch")
	const want = "content folder nosuch: no such file or directory"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}
