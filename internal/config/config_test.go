package config

import (
	"os"
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

// A mistake in the site file is named at its line, in words: a misspelt
// key with the key it may be, a value of the wrong kind, broken YAML.
func TestSiteFileMistakes(t *testing.T) {
	for _, c := range []struct{ file, want string }{
		{"title: Archive\ntitel: X\n", `:2: unknown key "titel" (did you mean title?)`},
		{"colour: red\n", `:1: unknown key "colour" (the keys are title, description, language, base_url, per_page, home_items, home_tags, home_notes, feed_items, timeline_split, taxonomy, cname, seeds, content, templates, static, public)`},
		{"title: Archive\nper_page: zero\n", `:2: per_page must be a whole number, not "zero"`},
		{"title: [a, b]\n", `:1: title must be one value, not a list`},
		{"title: Archive\n  base_url: x\n", `:2: mapping values are not allowed in this context`},
	} {
		path := filepath.Join(t.TempDir(), "site.yaml")
		if err := os.WriteFile(path, []byte(c.file), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(path)
		if want := path + c.want; err == nil || err.Error() != want {
			t.Errorf("%q:\n got %v\nwant %s", c.file, err, want)
		}
	}
}

// A site file that cannot be read (a folder, say) is named as the site
// file.
func TestSiteFileUnreadable(t *testing.T) {
	dir := t.TempDir()
	_, err := Load(dir)
	if want := "site file " + dir + ": is a directory"; err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}
