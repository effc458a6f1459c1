package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"briefing/internal/content"
)

// Lists are the lists List prints.
var Lists = []string{"review", "undated"}

// List returns one line for each file of the content folder dir on a
// list: "review" (every file whose front matter has a review line, the new
// copies waiting in IncomingDir, and files that do not parse) or "undated"
// (every article without a date). Each line starts with the file's path.
// The files are the list: an editor takes an article off it by fixing it.
func List(dir, which string) ([]string, error) {
	if !slices.Contains(Lists, which) {
		return nil, fmt.Errorf("convert: no list %q (want %s)", which, strings.Join(Lists, " or "))
	}
	names, err := mdFiles(dir)
	if err != nil {
		return nil, err
	}
	if which == "review" {
		more, err := mdFiles(filepath.Join(dir, IncomingDir))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		for _, n := range more {
			names = append(names, filepath.Join(IncomingDir, n))
		}
	}
	lines := make([]string, len(names))
	jobs := make([]func() error, len(names))
	for i, n := range names {
		jobs[i] = func() error {
			path := filepath.Join(dir, n)
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if which == "undated" {
				if s := content.Skim(data); s.ID != "" && s.Date == "" {
					lines[i] = path
				}
				return nil
			}
			f, err := content.Parse(path, data)
			switch {
			case err != nil:
				lines[i] = err.Error()
			case f.Front.Review != "":
				lines[i] = path + ": " + f.Front.Review
			}
			return nil
		}
	}
	if err := runAll(jobs); err != nil {
		return nil, err
	}
	return slices.DeleteFunc(lines, func(l string) bool { return l == "" }), nil
}

// mdFiles lists the .md files directly in dir, sorted.
func mdFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".md") && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	return names, nil
}
