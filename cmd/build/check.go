package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"briefing/internal/check"
	"briefing/internal/config"
)

// checkSite checks the built site in cfg.Public as it will be published at
// cfg.BaseURL, prints what it found and fails when anything is wrong.
func checkSite(cfg config.Config, stdout io.Writer) error {
	if _, err := os.Stat(cfg.Public); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: no built site to check; build it first", cfg.Public)
	}
	rep, err := check.Site(os.DirFS(cfg.Public), cfg.BaseURL, check.Limit)
	if err != nil {
		return fmt.Errorf("%s: %w", cfg.Public, err)
	}
	if err := rep.Write(stdout, cfg.Public); err != nil {
		return err
	}
	if n := rep.Failures(); n > 0 {
		return fmt.Errorf("check: %s is not fit to publish", cfg.Public)
	}
	return nil
}
