package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"briefing/internal/files"
)

// ManifestName is the manifest's file name inside the content folder.
const ManifestName = "imported.json"

// manifest is convert's memory of what it imported and wrote.
type manifest struct {
	Version int `json:"version"`
	// Pages maps a page's key to the id of the article it went to.
	Pages map[string]string `json:"pages"`
	// Sources are, by id, the copies convert has dealt with: given to the
	// article, or offered to its editor beside it. A run whose stories
	// hold no other copies need not open the article files.
	Sources map[string][]string `json:"sources"`
	// Owned is, by id, what convert last wrote of the fields it owns
	// besides the body (whose hash is the file's fingerprint): the base
	// of the three-way merge that tells an editor's change from convert's.
	Owned map[string]owned `json:"owned,omitempty"`
	// Names are, by id, the file names (without .md) convert gave the
	// articles it wrote: an article whose file was renamed since keeps its
	// first address (see FirstNames).
	Names map[string]string `json:"names,omitempty"`

	// seen holds the ids the manifest had when it was read.
	seen map[string]bool
}

// owned is what convert last wrote of an article's title, caption and
// date: short hashes of the first two, the date as it is. A field an
// editor had already changed when convert first recorded it is
// notOurs.
type owned struct {
	Title   string `json:"title"`
	Caption string `json:"caption"`
	Date    string `json:"date"`
}

// notOurs marks a field of an owned record that convert does not own.
const notOurs = "-"

func readManifest(path string) (*manifest, error) {
	m := &manifest{Version: 1, Pages: map[string]string{}, Sources: map[string][]string{}, Owned: map[string]owned{}, Names: map[string]string{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		m.seen = map[string]bool{}
		return m, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if m.Pages == nil {
		m.Pages = map[string]string{}
	}
	if m.Sources == nil {
		m.Sources = map[string][]string{}
	}
	if m.Owned == nil {
		m.Owned = map[string]owned{}
	}
	if m.Names == nil {
		m.Names = map[string]string{}
	}
	m.seen = map[string]bool{}
	for _, id := range m.Pages {
		m.seen[id] = true
	}
	return m, nil
}

// FirstNames reads, from the manifest in the content folder inside the
// project folder root, the file name (without .md) convert first gave
// each article, by id. Without a manifest there are none.
func FirstNames(root, contentDir string) (map[string]string, error) {
	data, err := files.ReadInput(root, filepath.Join(contentDir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(contentDir, ManifestName), err)
	}
	return m.Names, nil
}

func writeManifest(path string, m *manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(path, append(data, '\n'))
}
