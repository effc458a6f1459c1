package config

import (
	"path/filepath"
	"testing"
)

// A project without a site file builds with the defaults; a site file
// someone named must be there.
func TestMissingSiteFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "site.yaml")
	c, err := Load(missing)
	if err != nil || c.Title != DefaultConfig().Title {
		t.Errorf("Load of a missing file: %v, title %q; want the defaults", err, c.Title)
	}
	_, err = LoadNamed(missing)
	if want := missing + ": no such site file (named by -config)"; err == nil || err.Error() != want {
		t.Errorf("LoadNamed of a missing file: %v, want %q", err, want)
	}
}
