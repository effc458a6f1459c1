package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/internal/config"
)

const draftFile = `---
id: draft1
title: A secret draft about Baghdad
date: "2021-02-03"
sources:
  - d.txt:1
tags: [Iraq]
draft: true
---
Officials in Baghdad and Iraq talked about the border.
`

// TestDraftsOnlyInPreview: a published build has no trace of a draft; the
// preview's has its page, with the banner and out of the search index, and
// no list, feed, sitemap or tag page names it. Updates that hide, edit and
// publish it leave what a full build writes.
func TestDraftsOnlyInPreview(t *testing.T) {
	dir := project(t, "testdata/site.txtar")
	content := filepath.Join(dir, "content")
	write(t, filepath.Join(content, "secret.md"), draftFile)
	cfg, err := config.Load(filepath.Join(dir, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(dir, cfg).Full(); err != nil {
		t.Fatal(err)
	}
	for name, data := range readTree(t, filepath.Join(dir, cfg.Public)) {
		if strings.Contains(data, "secret") {
			t.Errorf("published %s names the draft", name)
		}
	}

	preview := cfg
	preview.Drafts = true
	preview.Public = "preview"
	watched := New(dir, preview)
	if _, err := watched.Full(); err != nil {
		t.Fatal(err)
	}
	check := func(step string, draft bool) {
		t.Helper()
		fresh := preview
		fresh.Public = "fresh"
		os.RemoveAll(filepath.Join(dir, "fresh"))
		if _, err := New(dir, fresh).Full(); err != nil {
			t.Fatal(err)
		}
		got, want := readTree(t, watched.Out()), readTree(t, filepath.Join(dir, "fresh"))
		if len(got) != len(want) {
			t.Errorf("%s: %d files after the update, a full build writes %d", step, len(got), len(want))
		}
		for n, data := range want {
			if got[n] != data {
				t.Errorf("%s: %s differs from a full build:\n%s\n----\n%s", step, n, got[n], data)
			}
		}
		page := got["articles/secret/index.html"]
		if banner := strings.Contains(page, "Draft — not published"); page == "" || banner != draft {
			t.Fatalf("%s: the page has the draft banner: %v, want %v:\n%s", step, banner, draft, page)
		}
		if !draft {
			return
		}
		// No other file, the search index's included, names the draft.
		for name, data := range got {
			if name != "articles/secret/index.html" && strings.Contains(data, "secret") {
				t.Errorf("%s: %s names the draft", step, name)
			}
		}
	}
	check("first build", true)
	edit := func(step, from, to string, draft bool) {
		t.Helper()
		data, _ := os.ReadFile(filepath.Join(content, "secret.md"))
		write(t, filepath.Join(content, "secret.md"), strings.Replace(string(data), from, to, 1))
		if _, err := watched.Update(Change{Content: []string{"secret.md"}}); err != nil {
			t.Fatal(err)
		}
		check(step, draft)
	}
	edit("words of the draft", "talked about", "argued over", true)
	edit("published", "draft: true", "draft: false", false)
	edit("hidden again", "draft: false", "draft: true", true)
}
