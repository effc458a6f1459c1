package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"syscall"

	"briefing/internal/build"
	"briefing/internal/config"
	"briefing/internal/desk"
	"briefing/internal/serve"
	"briefing/internal/watch"
)

// editing is the -edit flag: its value, and whether it was given.
type editing struct{ on, set bool }

// enabled says whether the preview on l may edit: by default only when
// no other machine can reach it; -edit or -edit=false decide otherwise.
func (e editing) enabled(l net.Addr) bool {
	if e.set {
		return e.on
	}
	ta, ok := l.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}

// watchSite builds the site, serves a live preview on addr and rebuilds
// on every change until SIGINT or SIGTERM. load reads the settings with
// the flags over them; the preview replaces base_url's host with addr.
// With editing on, the preview has the Edit panel and the desk.
func watchSite(load func() (config.Config, error), cfgPath, addr string, shardBytes int, edit editing, stdout io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C ends the program at once
	}()

	l, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("watch: %s is in use by another program (another watch?); stop it, or give the preview another address with -addr", addr)
	}
	if err != nil {
		return err
	}
	defer l.Close()
	preview := func() (config.Config, error) {
		cfg, err := load()
		cfg.BaseURL = serve.URL(cfg.BaseURL, l.Addr())
		cfg.Drafts = true // each draft's page, with its banner, in the preview only
		return cfg, err
	}
	var srv *serve.Server
	var dsk *desk.Desk
	var w *watch.Watcher
	w, err = watch.New(watch.Options{
		Root:       ".",
		ConfigFile: cfgPath,
		Load:       preview,
		Log:        stdout,
		ShardBytes: shardBytes,
		OnBuild: func(r watch.Report) {
			if r.Config != nil {
				out, cfg := w.Site()
				srv.SetSite(out, cfg.BasePath())
				if dsk != nil {
					dsk.SetFolders(cfg.Content, cfg.Taxonomy)
				}
			}
			if dsk != nil {
				_, cfg := w.Site()
				dsk.Changed(inFolder(r.Changed, cfg.Content))
				if c := r.Convert; c != nil {
					// What convert wrote, with the new copies it left
					// beside edited articles (names in the content folder).
					dsk.Changed(slices.Concat(c.New, c.Updated, c.Flagged()))
				}
			}
			srv.Notify(r.Err, r.Wrote())
		},
	})
	if err != nil {
		return err
	}
	out, cfg := w.Site()
	// A publish build of the same folder would interleave with the
	// preview's rebuilds (and publish the preview's addresses): the
	// folder stays locked while watch runs.
	unlock, err := build.New(".", cfg).Hold("build watch")
	if err != nil {
		return err
	}
	defer unlock()
	srv = serve.New(out, cfg.BasePath())
	if edit.enabled(l.Addr()) {
		if dsk, err = desk.New(cfg.Content, cfg.Taxonomy); err != nil {
			return err
		}
		srv.SetEditor(dsk)
		go dsk.Warm() // a large archive takes seconds to read
	} else if !edit.set {
		fmt.Fprintf(stdout, "watch: editing is off: other machines can reach %s; -edit turns it on\n", l.Addr())
	}

	served := make(chan error, 1)
	go func() {
		err := srv.Serve(ctx, l)
		cancel()
		served <- err
	}()
	fmt.Fprintf(stdout, "watch: previewing %s at %s (Ctrl-C stops)\n", out, cfg.BaseURL)
	if dsk != nil {
		fmt.Fprintf(stdout, "watch: each article has an Edit panel; the desk is at %s%s\n", cfg.BaseURL, serve.DeskPath)
	}
	werr := w.Run(ctx)
	cancel()
	return errors.Join(werr, <-served)
}

// inFolder gives the names, relative to the folder dir, of the changed
// files (relative to the project folder) that are in it.
func inFolder(changed []string, dir string) []string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil
	}
	var names []string
	for _, c := range changed {
		abs, err := filepath.Abs(c)
		if err != nil {
			continue
		}
		if rel, err := filepath.Rel(dir, abs); err == nil && filepath.IsLocal(rel) {
			names = append(names, filepath.ToSlash(rel))
		}
	}
	return names
}
