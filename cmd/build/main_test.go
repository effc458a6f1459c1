package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHelpListsEveryCommand: -h names every command and the flags of the
// command asked about, and is not an error for the shell.
func TestHelpListsEveryCommand(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"convert", "-h"}, {"watch", "-h"}} {
		var stdout, stderr bytes.Buffer
		err := run(args, &stdout, &stderr)
		if !errors.Is(err, flag.ErrHelp) {
			t.Fatalf("%q: %v, want the help", args, err)
		}
		help := stderr.String()
		for _, c := range []string{"build", "convert", "watch", "check"} {
			if !strings.Contains(help, "\n  "+c+" ") {
				t.Errorf("%q: the help does not list the command %s:\n%s", args, c, help)
			}
		}
		want := map[string]string{"-h": "-base-url", "convert": "-refresh", "watch": "-addr"}[args[0]]
		if !strings.Contains(help, want) {
			t.Errorf("%q: the help does not list %s:\n%s", args, want, help)
		}
	}
}

// TestUnknownCommand: a mistyped command is named, with the commands there
// are, before its flags are read and before any file is.
func TestUnknownCommand(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run([]string{"covnert", "-refresh", "-config", "/nonexistent/site.yaml"}, &stdout, &stderr)
	if err == nil {
		t.Fatal("an unknown command ran")
	}
	const want = `unknown command "covnert" (want convert, watch or check, or no command to build)`
	if err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if stdout.Len()+stderr.Len() > 0 {
		t.Errorf("printed %q%q besides the error", stdout.String(), stderr.String())
	}
}

// TestNothingBuiltYet: check of a folder no build made says so,
// in words, instead of a system error.
func TestNothingBuiltYet(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "public")
	site := filepath.Join(t.TempDir(), "site.yaml")
	if err := os.WriteFile(site, []byte("title: Test\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"check"} {
		var out bytes.Buffer
		err := run([]string{cmd, "-config", site, "-out", missing}, &out, &out)
		want := missing + ": no built site to " + cmd + "; build it first"
		if err == nil || err.Error() != want {
			t.Errorf("%s of a folder never built: %v, want %q", cmd, err, want)
		}
	}
}

// TestConfigNamedMustExist: a site file named with -config that is not
// there is an error naming it, not a build with the defaults.
func TestConfigNamedMustExist(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nosuch.yaml")
	out := filepath.Join(dir, "public")
	for _, cmd := range []string{"build", "convert", "check", "watch"} {
		var stdout, stderr bytes.Buffer
		err := run([]string{cmd, "-config", missing, "-out", out, "-content", filepath.Join(dir, "content"), "-seeds", filepath.Join(dir, "seeds")}, &stdout, &stderr)
		want := missing + ": no such site file (named by -config)"
		if err == nil || err.Error() != want {
			t.Errorf("%s -config %s: %v, want %q", cmd, missing, err, want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("%d files made with a missing site file, want none", len(entries))
	}
}

// TestFlagMistakeSaidOnce: a flag without its value is said once, with
// the usage, and is a usage error for the shell (2), not said twice.
func TestFlagMistakeSaidOnce(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := exitCode(run([]string{"-out"}, &stdout, &stderr), &stderr)
	const msg = "flag needs an argument: -out"
	if n := strings.Count(stderr.String(), msg); n != 1 || code != 2 {
		t.Errorf("exit %d, %q said %d times, want 2 and once:\n%s", code, msg, n, stderr.String())
	}
	if !strings.Contains(stderr.String(), "usage: build") {
		t.Errorf("no usage after the mistake:\n%s", stderr.String())
	}
}

// TestEmptyListSaysSo: a list with nothing on it says so, on standard
// error, so a script reading the list still gets no lines.
func TestEmptyListSaysSo(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site.yaml")
	content := filepath.Join(dir, "content")
	for _, p := range []string{site, filepath.Join(content, "a.md")} {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("---\nid: a1\ntitle: A\ndate: \"2020-01-02\"\n---\nText.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(site, []byte("title: Test\n"), 0o644)
	for _, which := range []string{"review", "undated"} {
		var stdout, stderr bytes.Buffer
		if err := run([]string{"convert", "-config", site, "-content", content, "-list", which}, &stdout, &stderr); err != nil {
			t.Fatal(err)
		}
		want := "convert: no file on the " + which + " list\n"
		if stdout.Len() != 0 || stderr.String() != want {
			t.Errorf("-list %s: stdout %q, stderr %q; want nothing and %q", which, stdout.String(), stderr.String(), want)
		}
	}
}

// TestShardBytesMustBePositive: -shard-bytes 0 or less is a mistake in
// the flags, said before anything is read.
func TestShardBytesMustBePositive(t *testing.T) {
	for _, cmd := range []string{"build", "watch"} {
		for _, n := range []string{"0", "-5"} {
			var stdout, stderr bytes.Buffer
			err := run([]string{cmd, "-shard-bytes", n, "-config", filepath.Join(t.TempDir(), "none.yaml")}, &stdout, &stderr)
			want := cmd + ": -shard-bytes must be at least 1"
			if err == nil || err.Error() != want {
				t.Errorf("%s -shard-bytes %s: %v, want %q", cmd, n, err, want)
			}
		}
	}
}

// TestListConvertsNothing: -list with -refresh or -dry-run would quietly
// ignore them; it is said instead.
func TestListConvertsNothing(t *testing.T) {
	for _, flag := range []string{"-refresh", "-dry-run"} {
		var stdout, stderr bytes.Buffer
		err := run([]string{"convert", "-list", "review", flag, "-config", filepath.Join(t.TempDir(), "none.yaml")}, &stdout, &stderr)
		want := "convert: -list prints a list and converts nothing, so " + flag + " does nothing with it; give one or the other"
		if err == nil || err.Error() != want {
			t.Errorf("-list with %s: %v, want %q", flag, err, want)
		}
	}
}
