package render

import (
	"fmt"
	"io/fs"
	"os"
	"testing"
	"testing/fstest"

	"briefing/internal/config"
)

func TestWindow(t *testing.T) {
	tests := []struct {
		i, total int
		want     string
	}{
		{1, 1, "[1]"},
		{1, 5, "[1 2 3 0 5]"},
		{3, 5, "[1 2 3 4 5]"},
		{1, 500, "[1 2 3 0 500]"},
		{250, 500, "[1 0 248 249 250 251 252 0 500]"},
		{500, 500, "[1 0 498 499 500]"},
		{4, 8, "[1 2 3 4 5 6 0 8]"},
	}
	for _, tc := range tests {
		if got := fmt.Sprint(window(tc.i, tc.total)); got != tc.want {
			t.Errorf("window(%d, %d) = %s, want %s", tc.i, tc.total, got, tc.want)
		}
	}
}

func TestMissingTemplate(t *testing.T) {
	tfs := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS("../../templates"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == "tags.html" {
			return err
		}
		data, err := fs.ReadFile(os.DirFS("../../templates"), p)
		tfs[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.DefaultConfig()
	_, err = New(&cfg, "templates", tfs, nil)
	if want := "templates/tags.html: the template of the tags pages is missing"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}
