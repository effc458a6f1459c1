// Command build converts scraped dumps into content files and renders the
// archive site.
//
// Usage:
//
//	build [flags]            render content/ into public/
//	build convert [flags]    import seeds/ into content/
//	                         (-refresh, -dry-run, -list review|undated)
//	build watch [flags]      build, serve a live preview and rebuild on change
//	build check [flags]      check a built public/ for broken links and feeds
//
// Flags (each overrides the site file):
//
//	-config site.yaml   the site file
//	-base-url URL       where the site will be published
//	-out DIR            the output folder
//	-seeds DIR          the seed dumps' folder
//	-content DIR        the content folder
//
// Watch's own flags:
//
//	-addr HOST:PORT     the preview's address (127.0.0.1:1313)
//	-edit               the Edit panel and the desk even on an address other
//	                    machines can reach; -edit=false turns them off
//
// Build's and watch's:
//
//	-shard-bytes N      the size at which the search index's shards are cut
//
// -h lists the commands and the flags of the one named before it.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"briefing/internal/build"
	"briefing/internal/config"
	"briefing/internal/ingest"
	"briefing/internal/search"
)

// memoryLimit is the heap size the garbage collector works to stay under
// while building, unless GOMEMLIMIT says otherwise. A 100,000-article build
// keeps about 450 MB live; left to itself the collector lets the heap grow
// to twice that before it runs. A build whose live data passes the limit
// still finishes, with the collector taking at most half the CPU, so it is
// not set for convert, which holds every page of every dump at once.
const memoryLimit = 800 << 20

// limitMemory sets memoryLimit for a build. Not for watch: it keeps the
// site, its plan and the search index's words between saves, more than
// the limit at 100,000 articles, and a live heap over the limit has the
// collector running through every save (an edit's page took 148 ms with
// the limit, 33 ms without, at 100,000; BENCHMARKS.md).
func limitMemory(cmd string) {
	if cmd == "build" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}

func main() {
	os.Exit(exitCode(run(os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
}

// exitCode prints err, unless it was printed already, and is the exit
// status for it: 0 for none or for -h (the help was asked for and
// printed), 2 for a mistake in the flags (which the flag package printed,
// with the usage), 1 for any other error.
func exitCode(err error, stderr io.Writer) int {
	var fe *flagError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &fe):
		return 2
	}
	fmt.Fprintln(stderr, err)
	return 1
}

// flagError is a mistake in the flags, which the flag package has
// printed with the usage.
type flagError struct{ err error }

func (e *flagError) Error() string { return e.err.Error() }
func (e *flagError) Unwrap() error { return e.err }

// A subcommand is one of build's commands and what it does.
type subcommand struct{ name, what string }

// commands are build's commands, for its help and its complaint about a
// command it does not know; "build" is also what no command means.
var commands = []subcommand{
	{"build", "render content/ into public/ (the same as no command)"},
	{"convert", "import new dumps from seeds/ into content/"},
	{"watch", "build, serve a live preview and rebuild on every change"},
	{"check", "check a built public/: links, anchors, feeds and size"},
}

// usage prints the commands, then the flags fs takes.
func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintln(w, "usage: build [command] [flags]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s  %s\n", c.name, c.what)
	}
	fmt.Fprintf(w, "\nflags of %s:\n", fs.Name())
	fs.PrintDefaults()
}

// unknownCommand is the error for a command that is not one of commands.
func unknownCommand(cmd string) error {
	var names []string
	for _, c := range commands[1:] {
		names = append(names, c.name)
	}
	return fmt.Errorf("unknown command %q (want %s or %s, or no command to build)",
		cmd, strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}

// run is the whole command, with its arguments and outputs passed in, so
// tests can run it.
func run(args []string, stdout, stderr io.Writer) error {
	cmd := "build"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	if !slices.ContainsFunc(commands, func(c subcommand) bool { return c.name == cmd }) {
		return unknownCommand(cmd)
	}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { usage(stderr, fs) }
	cfgPath := fs.String("config", "site.yaml", "the site file")
	baseURL := fs.String("base-url", "", "where the site will be published (overrides base_url)")
	out := fs.String("out", "", "the output folder (overrides public)")
	seeds := fs.String("seeds", "", "the seed dumps' folder (overrides seeds)")
	contentDir := fs.String("content", "", "the content folder (overrides content)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file")
	memProfile := fs.String("memprofile", "", "write a heap profile to this file at the end")
	var addr *string
	var edit *bool
	if cmd == "watch" {
		addr = fs.String("addr", "127.0.0.1:1313", "the preview server's address")
		edit = fs.Bool("edit", true, "the Edit panel and the desk in the preview (on by default only on 127.0.0.1)")
	}
	var refresh, dryRun *bool
	var list *string
	if cmd == "convert" {
		refresh = fs.Bool("refresh", false, "re-derive title, caption, date and body in every article the editors left as convert wrote it")
		dryRun = fs.Bool("dry-run", false, "say what would change and write nothing")
		list = fs.String("list", "", "print a list instead of converting: review or undated")
	}
	shardBytes := search.ShardBytes
	if cmd == "watch" || cmd == "build" {
		fs.IntVar(&shardBytes, "shard-bytes", search.ShardBytes, "the size at which the search index's shards are cut")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &flagError{err}
	}
	editSet, configSet := false, false
	fs.Visit(func(f *flag.Flag) {
		editSet = editSet || f.Name == "edit"
		configSet = configSet || f.Name == "config"
	})
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected argument %q", cmd, fs.Arg(0))
	}
	if cmd == "convert" && *list != "" {
		for _, f := range []struct {
			name string
			set  bool
		}{{"-refresh", *refresh}, {"-dry-run", *dryRun}} {
			if f.set {
				return fmt.Errorf("convert: -list prints a list and converts nothing, so %s does nothing with it; give one or the other", f.name)
			}
		}
	}
	if shardBytes < 1 {
		return fmt.Errorf("%s: -shard-bytes must be at least 1", cmd)
	}
	stopProfiles, err := profile(*cpuProfile, *memProfile)
	if err != nil {
		return err
	}
	defer stopProfiles()
	// load reads the settings with the flags over them; watch mode loads
	// them again when the site file changes.
	load := func() (config.Config, error) {
		loadFile := config.Load
		if configSet {
			loadFile = config.LoadNamed
		}
		cfg, err := loadFile(*cfgPath)
		if err != nil {
			return cfg, err
		}
		for _, o := range []struct{ flag, into *string }{{baseURL, &cfg.BaseURL}, {out, &cfg.Public}, {seeds, &cfg.Seeds}, {contentDir, &cfg.Content}} {
			if *o.flag != "" {
				*o.into = *o.flag
			}
		}
		return cfg, cfg.Check("-base-url")
	}
	cfg, err := load()
	if err != nil {
		return err
	}

	limitMemory(cmd)
	switch cmd {
	case "watch":
		return watchSite(load, *cfgPath, *addr, shardBytes, editing{on: *edit, set: editSet}, stdout)
	case "build":
		b := build.New(".", cfg)
		b.SetShardBytes(shardBytes)
		res, err := b.Full()
		if err != nil {
			return err
		}
		for _, w := range res.Warnings {
			fmt.Fprintln(stderr, "warning:", w)
		}
		fmt.Fprintln(stdout, res)
		fmt.Fprintln(stdout, res.Index)
		return b.Tidy()
	case "convert":
		if *list != "" {
			lines, err := ingest.List(cfg.Content, *list)
			for _, l := range lines {
				fmt.Fprintln(stdout, l)
			}
			if err == nil && len(lines) == 0 {
				fmt.Fprintf(stderr, "convert: no file on the %s list\n", *list)
			}
			return err
		}
		opts := ingest.Options{Seeds: cfg.Seeds, Content: cfg.Content, Root: ".", Refresh: *refresh, DryRun: *dryRun}
		if isTerminal(os.Stderr) && stderr == os.Stderr {
			opts.Progress = stderr
		}
		sum, err := ingest.Run(opts)
		if err != nil {
			return err
		}
		for _, w := range sum.Warnings {
			fmt.Fprintln(stderr, "warning:", w)
		}
		if opts.Refresh || opts.DryRun {
			for _, c := range sum.Changes {
				fmt.Fprintf(stdout, "%s/%s\n", cfg.Content, c)
			}
		}
		for i, f := range sum.Review {
			if i == ingest.Handful {
				fmt.Fprintf(stderr, "review: and %d more (convert -list review)\n", len(sum.Review)-i)
				break
			}
			fmt.Fprintf(stderr, "review: %s/%s\n", cfg.Content, f)
		}
		fmt.Fprintln(stdout, sum)
		return nil
	case "check":
		return checkSite(cfg, stdout)
	}
	return unknownCommand(cmd)
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
