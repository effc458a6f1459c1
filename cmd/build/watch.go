package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"

	"briefing/internal/build"
	"briefing/internal/config"
	"briefing/internal/search"
	"briefing/internal/serve"
	"briefing/internal/watch"
)

// watchSite builds the site, serves a live preview on addr and rebuilds
// on every change until SIGINT or SIGTERM. load reads the settings with
// the flags over them; the preview replaces base_url's host with addr.
func watchSite(load func() (config.Config, error), cfgPath, addr string, partPages int, stdout io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C ends the program at once
	}()

	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	defer l.Close()
	preview := func() (config.Config, error) {
		cfg, err := load()
		cfg.BaseURL = serve.URL(cfg.BaseURL, l.Addr())
		return cfg, err
	}
	// The search index is rebuilt in the background after builds that
	// wrote something, never holding the preview up.
	var reindex func(dir string)
	if ix, err := search.Find("."); err == nil {
		ix.PartPages = partPages
		bg := ix.Background(ctx, stdout)
		reindex = bg.Kick
	} else {
		fmt.Fprintf(stdout, "watch: %v; the preview has no search index\n", err)
		reindex = func(string) {}
	}
	var srv *serve.Server
	var w *watch.Watcher
	w, err = watch.New(watch.Options{
		Root:       ".",
		ConfigFile: cfgPath,
		Load:       preview,
		Log:        stdout,
		OnBuild: func(r watch.Report) {
			if r.Config != nil {
				out, cfg := w.Site()
				srv.SetSite(out, cfg.BasePath())
			}
			srv.Notify(r.Err, r.Wrote())
			if r.Err == nil && r.Wrote() {
				out, _ := w.Site()
				reindex(out)
			}
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

	served := make(chan error, 1)
	go func() {
		err := srv.Serve(ctx, l)
		cancel()
		served <- err
	}()
	fmt.Fprintf(stdout, "watch: previewing %s at %s (Ctrl-C stops)\n", out, cfg.BaseURL)
	werr := w.Run(ctx)
	cancel()
	return errors.Join(werr, <-served)
}
