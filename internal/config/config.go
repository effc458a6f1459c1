// Package config holds the site's settings.
//
// Settings come from DefaultConfig, then from the site file (site.yaml at
// the project root), then from command-line flags, each overriding the one
// before. Without the site file the defaults hold, but a site file named
// with -config must exist. The site file's keys:
//
//	title:          the site's name, in the header and feeds
//	description:    one sentence, in the home page and feeds
//	language:       the pages' lang attribute (default "en")
//	base_url:       where the site is published, e.g.
//	                https://org.github.io/archive/ (default http://127.0.0.1:1313/)
//	per_page:       articles per page of a tag's list (default 50)
//	home_items:     latest articles on the home page (default 20)
//	home_tags:      top tags on the home page (default 20)
//	home_notes:     latest editors' notes on the home page (default 10)
//	feed_items:     entries in each Atom feed (default 20)
//	timeline_split: above this many dated articles the timeline gets one
//	                page per year (default 500)
//	taxonomy:       the tag taxonomy file (default taxonomy.yaml)
//	cname:          a custom domain for GitHub Pages, written to CNAME
//	seeds, content, templates, static, public: the folders (defaults as named)
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"briefing/internal/spell"
)

// Config is the site's settings.
type Config struct {
	Title         string `yaml:"title"`
	Description   string `yaml:"description"`
	Language      string `yaml:"language"`
	BaseURL       string `yaml:"base_url"`
	PerPage       int    `yaml:"per_page"`
	HomeItems     int    `yaml:"home_items"`
	HomeTags      int    `yaml:"home_tags"`
	HomeNotes     int    `yaml:"home_notes"`
	FeedItems     int    `yaml:"feed_items"`
	TimelineSplit int    `yaml:"timeline_split"`
	Taxonomy      string `yaml:"taxonomy"`
	CNAME         string `yaml:"cname"`
	Seeds         string `yaml:"seeds"`
	Content       string `yaml:"content"`
	Templates     string `yaml:"templates"`
	Static        string `yaml:"static"`
	Public        string `yaml:"public"`

	// Drafts gives each draft a page of its own, with a banner, and lists
	// it nowhere. The preview sets it; the site file cannot.
	Drafts bool `yaml:"-"`
}

// DefaultConfig returns the settings used when the site file says nothing.
func DefaultConfig() Config {
	return Config{
		Title:         "Briefing Archive",
		Description:   "A curated archive of regional news, with editors' notes.",
		Language:      "en",
		BaseURL:       "http://127.0.0.1:1313/",
		PerPage:       50,
		HomeItems:     20,
		HomeTags:      20,
		HomeNotes:     10,
		FeedItems:     20,
		TimelineSplit: 500,
		Taxonomy:      "taxonomy.yaml",
		Seeds:         "seeds",
		Content:       "content",
		Templates:     "templates",
		Static:        "static",
		Public:        "public",
	}
}

// Load reads the site file at path over the defaults. A missing file gives
// the defaults: every key is optional, and so is the file.
func Load(path string) (Config, error) { return load(path, false) }

// LoadNamed is Load for a site file someone named (-config): a missing
// file is an error naming it, since a typo in the name would otherwise
// build with the defaults without a word.
func LoadNamed(path string) (Config, error) { return load(path, true) }

func load(path string, named bool) (Config, error) {
	c := DefaultConfig()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if named {
			return c, fmt.Errorf("%s: no such site file (named by -config)", path)
		}
		return c, c.Check(path)
	}
	if err != nil {
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			err = pe.Err // the path is named below
		}
		return c, fmt.Errorf("site file %s: %w", path, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return c, yamlError(path, err)
	}
	if len(doc.Content) == 0 {
		return c, c.Check(path) // empty: every key is optional
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return c, fmt.Errorf("%s:%d: the site file is a list of keys and values, such as title: Briefing Archive", path, m.Line)
	}
	kinds, names := keys()
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		kind, ok := kinds[k.Value]
		switch {
		case !ok:
			if near := spell.Nearest(k.Value, names); near != "" {
				return c, fmt.Errorf("%s:%d: unknown key %q (did you mean %s?)", path, k.Line, k.Value, near)
			}
			return c, fmt.Errorf("%s:%d: unknown key %q (the keys are %s)", path, k.Line, k.Value, strings.Join(names, ", "))
		case v.Kind == yaml.SequenceNode:
			return c, fmt.Errorf("%s:%d: %s must be one value, not a list", path, v.Line, k.Value)
		case v.Kind != yaml.ScalarNode:
			return c, fmt.Errorf("%s:%d: %s must be one value", path, v.Line, k.Value)
		case kind == reflect.Int && v.Tag != "!!int" && v.Tag != "!!null":
			return c, fmt.Errorf("%s:%d: %s must be a whole number, not %q", path, v.Line, k.Value, v.Value)
		}
	}
	if err := m.Decode(&c); err != nil {
		return c, yamlError(path, err)
	}
	return c, c.Check(path)
}

// keys are the site file's keys, from Config's yaml tags, with the kind
// of value each takes, and in the order Config lists them.
func keys() (map[string]reflect.Kind, []string) {
	kinds := map[string]reflect.Kind{}
	var names []string
	t := reflect.TypeFor[Config]()
	for i := range t.NumField() {
		f := t.Field(i)
		if name := f.Tag.Get("yaml"); name != "" && name != "-" {
			kinds[name] = f.Type.Kind()
			names = append(names, name)
		}
	}
	return kinds, names
}

// yamlLine finds the line number in the YAML parser's messages.
var yamlLine = regexp.MustCompile(`^(?:yaml: )?(?:unmarshal errors:\n\s*)?line (\d+): `)

// yamlError puts the YAML parser's line first, the way every message
// gives its place: "site.yaml:3: …".
func yamlError(path string, err error) error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s:%s: %s", path, m[1], msg[len(m[0]):])
	}
	return fmt.Errorf("%s: %s", path, strings.TrimPrefix(msg, "yaml: "))
}

// Check reports a setting that cannot work.
func (c *Config) Check(path string) error {
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return fmt.Errorf("%s: base_url %q is not an absolute URL", path, c.BaseURL)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	c.BaseURL = u.String()
	if c.PerPage < 1 {
		return fmt.Errorf("%s: per_page must be at least 1", path)
	}
	if c.HomeItems < 1 {
		return fmt.Errorf("%s: home_items must be at least 1", path)
	}
	if c.HomeTags < 0 || c.HomeNotes < 0 {
		return fmt.Errorf("%s: home_tags and home_notes cannot be negative", path)
	}
	if c.FeedItems < 1 {
		return fmt.Errorf("%s: feed_items must be at least 1", path)
	}
	return nil
}

// BasePath is the path part of BaseURL, starting and ending with "/".
func (c *Config) BasePath() string {
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}
