package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"briefing/internal/build"
	"briefing/internal/config"
	"briefing/internal/search"
)

// index builds the search index of the site in cfg.Public, in parts of
// at most partPages pages.
func index(cfg config.Config, partPages int, stdout io.Writer) error {
	if _, err := os.Stat(cfg.Public); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: no built site to index; build it first", cfg.Public)
	}
	ix, err := search.Find(".")
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	ix.PartPages = partPages
	// Indexing writes into the output folder: not while a build or a
	// watch writes it.
	unlock, err := build.New(".", cfg).Hold("build index")
	if err != nil {
		return err
	}
	defer unlock()
	res, err := ix.Index(context.Background(), cfg.Public)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, res)
	return nil
}
