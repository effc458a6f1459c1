// Command hugoprep turns our content folder into a Hugo site that renders
// the same articles, for the side-by-side benchmark.
//
// Usage:
//
//	go run ./bench/hugoprep -content bench/_out/n10000/content -out bench/_out/n10000/hugo
//
// It copies the site skeleton (bench/hugo: hugo.toml and layouts) and our
// static/ folder into -out, then writes one Hugo content file per published
// article, content/articles/<our file name>.md, so both sites put an article
// at the same URL, articles/<name>/. Each file has the article's title,
// date, tags, caption and sources in YAML front matter, and our Markdown
// body unchanged: Hugo renders the Markdown itself, as ours does.
//
// Our tags are not in the content files: the build finds them with the
// taxonomy's matcher and merges the editors' tags. To give Hugo the same
// tags, hugoprep loads the content with our own site package and writes
// down the tags it computes. Drafts are left out, as our build leaves them
// out. Whatever was in -out before is removed.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"go.yaml.in/yaml/v3"

	"briefing/internal/content"
	"briefing/internal/markdown"
	"briefing/internal/site"
	"briefing/internal/taxonomy"
)

func main() {
	contentDir := flag.String("content", "content", "our content folder")
	taxPath := flag.String("taxonomy", "taxonomy.yaml", "the tag taxonomy")
	skeleton := flag.String("skeleton", "bench/hugo", "the Hugo site skeleton")
	static := flag.String("static", "static", "our static folder, copied as Hugo's")
	out := flag.String("out", "", "the Hugo site folder to write")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: hugoprep -content DIR -out DIR [-taxonomy FILE] [-skeleton DIR] [-static DIR]")
		os.Exit(2)
	}
	if err := run(*contentDir, *taxPath, *skeleton, *static, *out); err != nil {
		fmt.Fprintln(os.Stderr, "hugoprep:", err)
		os.Exit(1)
	}
}

// front is a Hugo content file's front matter.
type front struct {
	Title   string   `yaml:"title"`
	Date    string   `yaml:"date,omitempty"`
	Dated   bool     `yaml:"dated"`
	Tags    []string `yaml:"tags,omitempty"`
	Caption string   `yaml:"caption,omitempty"`
	Sources []string `yaml:"sources,omitempty"`
}

func run(contentDir, taxPath, skeleton, static, out string) error {
	data, err := os.ReadFile(taxPath)
	if err != nil {
		return err
	}
	tax, err := taxonomy.Parse(taxPath, data)
	if err != nil {
		return err
	}
	srcs, err := site.NewLoader(markdown.New(), tax.Matcher()).Load(os.DirFS(contentDir), contentDir)
	if err != nil {
		return err
	}
	s, err := site.Build(srcs, tax, nil)
	if err != nil {
		return err
	}
	// The loader drops each file's Markdown once rendered; Hugo gets the
	// same Markdown, read again from the files.
	bodies := make(map[string][]byte, len(srcs))
	for _, src := range srcs {
		p := filepath.Join(contentDir, src.Name+".md")
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := content.Parse(p, data)
		if err != nil {
			return err
		}
		bodies[src.Name] = f.Body
	}

	if err := os.RemoveAll(out); err != nil {
		return err
	}
	if err := copyTree(skeleton, out); err != nil {
		return err
	}
	if err := copyTree(static, filepath.Join(out, "static")); err != nil {
		return err
	}
	articles := filepath.Join(out, "content", "articles")
	if err := os.MkdirAll(articles, 0o755); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(out, "content", "timeline"), 0o755); err != nil {
		return err
	}
	// The articles are listed, but the section has no page of its own, as
	// ours has none at articles/.
	sections := map[string]string{
		"articles/_index.md": "---\ntitle: Articles\nbuild:\n  render: never\n---\n",
		"timeline/_index.md": "---\ntitle: Timeline\n---\n",
	}
	for name, text := range sections {
		if err := os.WriteFile(filepath.Join(out, "content", name), []byte(text), 0o644); err != nil {
			return err
		}
	}

	tagged := 0
	for _, a := range s.Articles {
		f := front{Title: a.Title, Dated: a.Dated(), Caption: a.Caption, Sources: a.Sources}
		if a.Dated() {
			f.Date = a.Date.Format(time.DateOnly)
		}
		for _, t := range a.Tags {
			f.Tags = append(f.Tags, t.Name)
		}
		if len(f.Tags) > 0 {
			tagged++
		}
		fm, err := yaml.Marshal(f)
		if err != nil {
			return err
		}
		text := make([]byte, 0, len(fm)+len(bodies[a.Name])+8)
		text = append(text, "---\n"...)
		text = append(text, fm...)
		text = append(text, "---\n"...)
		text = append(text, bodies[a.Name]...)
		if err := os.WriteFile(filepath.Join(articles, a.Name+".md"), text, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("hugoprep: %d articles (%d tagged, %d tags) → %s\n", len(s.Articles), tagged, len(s.Tags), out)
	return nil
}

// copyTree copies the files below src to dst. A missing src copies
// nothing.
func copyTree(src, dst string) error {
	if _, err := os.Stat(src); os.IsNotExist(err) {
		return nil
	}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
