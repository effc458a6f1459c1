// Package taxonomy reads the tag taxonomy and finds its tags in article text.
//
// The taxonomy is a hand-curated YAML file (taxonomy.yaml at the project
// root) listing the places, organisations, armed groups, institutions and
// people the archive tags, and the words that select each of them. Parse
// reads it; Matcher finds the tags in an article's text.
//
// # The file
//
//	threshold: 2            # mentions an article needs to get a tag (default 2)
//	ignore: [Thaier al-Sudani]   # phrases that select nothing (optional)
//	tags:
//	  - name: Kataib Hezbollah   # display name, required, unique
//	    slug: kataib-hezbollah   # optional; the default is slug.Make(name)
//	    kind: armed-group        # required, one of Kinds
//	    words: [Kataib Hezbollah, Kata'ib Hezbollah]   # required
//	    threshold: 1             # optional, overrides the file's threshold
//	    description: Iraqi Shia armed group backed by Iran   # optional, one line for the tag's page
//
// Unknown keys are errors, as are a tag without name, kind or words, two tags
// with the same name or slug, a name that gives an empty slug, a slug that
// slug.Make would not produce, a threshold below 1, and a word listed twice
// (in one tag or two: a word selects exactly one tag). Errors start with
// "file:line:".
//
// # Words
//
// A word is a word or phrase, matched as written: matching is case-sensitive,
// so "US" does not match "us" and "Amal" does not match "amal"; list every
// spelling and capitalisation the articles use ("al-Sadr", "Al-Sadr").
//
// A match is whole words: it may not be preceded or followed by a letter or
// digit (in any script). Only letters, digits and combining marks make words,
// so "Iraq" matches in "Iraq's" and "Iraq’s" (a possessive counts as the
// name), "Iraq-based" and "(Iraq)", but not in "Iraqi", which must be listed
// itself; demonyms are listed explicitly. An apostrophe splits words too, so
// a word that contains one, like "Kata'ib", is a phrase of two.
//
// Between the words of a phrase, any run of white space in the text matches a
// space in the phrase, the apostrophes ' ’ ‘ ` and ʼ are the same character,
// and so are the hyphens - ‐ and ‑. Any other character must be the same.
// Leading and trailing punctuation of a word is ignored, so "U.S." is the
// phrase "U.S".
//
// # Longest match
//
// The text is read from left to right. At each word the longest phrase that
// starts there is taken, and the words it covers are not read again: in
// "Kataib Hezbollah" the tag Kataib Hezbollah gets one mention and the tag
// Hezbollah none, and a phrase in the ignore list hides the shorter words
// inside it from every tag.
//
// # Thresholds
//
// A tag's count is the number of its matches across all the texts given to
// one call of Match or Hits (an article's title, caption and body, say; a
// phrase does not run from one text into the next). The article gets the tag
// when the count reaches the tag's threshold: country names are common in
// passing, so a threshold of 2 keeps one mention from tagging an article; a
// distinctive name can use 1.
//
// # Slugs
//
// A tag's slug names it in URLs. It is slug.Make(name) from
// github.com/gosimple/slug unless the tag gives its own; two tags may not
// share one.
//
// # Editors' tags
//
// Find reads a tag an editor writes in an article: a tag's slug, its name
// or any of its words, in any case (and with the apostrophes and hyphens
// the matcher treats as one), mean that tag; a name comes before another
// tag's word, and a word two tags share in different cases means neither.
// For a name that means no tag, Find guesses the tag it is likely to stand
// for: one whose name, slug or a word is a letter off (two for names over
// six letters; names under five letters are not guessed), or failing that
// one that has it as a word of its name or of one of its words.
package taxonomy

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/gosimple/slug"
	"go.yaml.in/yaml/v3"
)

// Kinds lists the values a tag's kind may take, in the order the tags
// index shows them.
var Kinds = []string{"country", "region", "city", "organisation", "armed-group", "institution", "person"}

// kindNames are the kinds as readers read them, one and many. "editor" is
// the kind of a tag an editor made that the taxonomy does not list.
var kindNames = map[string][2]string{
	"country":      {"Country", "Countries"},
	"region":       {"Region", "Regions"},
	"city":         {"City", "Cities"},
	"organisation": {"Organisation", "Organisations"},
	"armed-group":  {"Armed group", "Armed groups"},
	"institution":  {"Institution", "Institutions"},
	"person":       {"Person", "People"},
	"editor":       {"Editors' tag", "Editors' tags"},
}

// KindName is a kind's name for readers: "Country", or with many set
// "Countries". An unknown kind is a "Tag".
func KindName(kind string, many bool) string {
	n, ok := kindNames[kind]
	switch {
	case !ok && many:
		return "Tags"
	case !ok:
		return "Tag"
	case many:
		return n[1]
	}
	return n[0]
}

// defaultThreshold applies when the file gives no threshold.
const defaultThreshold = 2

// Taxonomy is the parsed taxonomy file.
type Taxonomy struct {
	// Threshold is the file's default threshold.
	Threshold int
	// Tags are the tags in file order.
	Tags []Tag
	// Ignore holds phrases that select no tag but, as the longest match,
	// keep the words inside them from selecting one.
	Ignore []string

	// exact is Find's index, made by Parse (or by the first Find).
	exact map[string]int
}

// Tag is one entry of the taxonomy.
type Tag struct {
	// Name is the display name.
	Name string
	// Slug is the tag's URL name.
	Slug string
	// Kind is one of Kinds.
	Kind string
	// Words are the words and phrases that select the tag, as written.
	Words []string
	// Threshold is the number of mentions that tag an article: the tag's
	// own, or else the file's.
	Threshold int
	// Description is one line about the tag for its page, or "".
	Description string
}

// Parse reads a taxonomy file; name is used in error messages.
func Parse(name string, data []byte) (*Taxonomy, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(name, err)
	}
	p := &parser{file: name, words: map[string]wordUse{}}
	return p.parse(&doc)
}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// yamlError puts the line of a YAML syntax error in front.
func yamlError(file string, err error) error {
	msg := err.Error()
	m := yamlLine.FindStringSubmatch(msg)
	switch {
	case m == nil:
		return fmt.Errorf("%s: %w", file, err)
	case m[1] == "":
		return fmt.Errorf("%s: %s", file, msg[len(m[0]):])
	}
	return fmt.Errorf("%s:%s: %s", file, m[1], msg[len(m[0]):])
}

// wordUse records where a word was first listed.
type wordUse struct {
	tag  string // "" for the ignore list
	line int
}

type parser struct {
	file  string
	words map[string]wordUse // by normalized word
}

func (p *parser) errorf(line int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", p.file, line, fmt.Sprintf(format, args...))
}

func (p *parser) parse(doc *yaml.Node) (*Taxonomy, error) {
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, p.errorf(1, "no tags")
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, p.errorf(root.Line, "want a mapping with threshold and tags")
	}
	t := &Taxonomy{Threshold: defaultThreshold}
	var tagsNode *yaml.Node
	err := p.mapping(root, func(key, val *yaml.Node) error {
		switch key.Value {
		case "threshold":
			n, err := p.threshold(val)
			t.Threshold = n
			return err
		case "ignore":
			words, err := p.wordList(val, "")
			t.Ignore = words
			return err
		case "tags":
			tagsNode = val
			return nil
		}
		return p.errorf(key.Line, "unknown key %q", key.Value)
	})
	if err != nil {
		return nil, err
	}
	if tagsNode == nil || tagsNode.Kind == yaml.ScalarNode && tagsNode.Tag == "!!null" {
		return nil, p.errorf(root.Line, "no tags")
	}
	if tagsNode.Kind != yaml.SequenceNode {
		return nil, p.errorf(tagsNode.Line, "tags: want a list")
	}
	type use struct {
		name string
		line int
	}
	names := map[string]int{} // name → line
	slugs := map[string]use{}
	for _, n := range tagsNode.Content {
		tag, nameLine, slugLine, err := p.tag(n, t.Threshold)
		if err != nil {
			return nil, err
		}
		if line, ok := names[tag.Name]; ok {
			return nil, p.errorf(nameLine, "tag %q is listed twice (first at line %d)", tag.Name, line)
		}
		names[tag.Name] = nameLine
		if other, ok := slugs[tag.Slug]; ok {
			return nil, p.errorf(slugLine, "tag %q has the same slug %q as %q (line %d)", tag.Name, tag.Slug, other.name, other.line)
		}
		slugs[tag.Slug] = use{tag.Name, slugLine}
		t.Tags = append(t.Tags, tag)
	}
	if len(t.Tags) == 0 {
		return nil, p.errorf(tagsNode.Line, "no tags")
	}
	t.makeIndex()
	return t, nil
}

// mapping calls f for each key of a mapping node, rejecting repeated keys.
func (p *parser) mapping(n *yaml.Node, f func(key, val *yaml.Node) error) error {
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		if line, ok := seen[key.Value]; ok {
			return p.errorf(key.Line, "key %q is given twice (first at line %d)", key.Value, line)
		}
		seen[key.Value] = key.Line
		if err := f(key, val); err != nil {
			return err
		}
	}
	return nil
}

// tag reads one entry of the tags list. It returns the lines of the name
// and of the slug: the slug's own, or the name's when the slug is made from
// it.
func (p *parser) tag(n *yaml.Node, threshold int) (Tag, int, int, error) {
	if n.Kind != yaml.MappingNode {
		return Tag{}, 0, 0, p.errorf(n.Line, "tag: want a mapping with name, kind and words")
	}
	tag := Tag{Threshold: threshold}
	var nameNode, slugNode, wordsNode *yaml.Node
	err := p.mapping(n, func(key, val *yaml.Node) error {
		var err error
		switch key.Value {
		case "name":
			nameNode = val
			tag.Name, err = p.scalar(val, "name")
		case "slug":
			slugNode = val
			tag.Slug, err = p.scalar(val, "slug")
		case "kind":
			tag.Kind, err = p.scalar(val, "kind")
			if err == nil && !isKind(tag.Kind) {
				err = p.errorf(val.Line, "kind %q is not one of %s", tag.Kind, strings.Join(Kinds, ", "))
			}
		case "words":
			wordsNode = val
		case "threshold":
			tag.Threshold, err = p.threshold(val)
		case "description":
			tag.Description, err = p.scalar(val, "description")
		default:
			err = p.errorf(key.Line, "unknown key %q", key.Value)
		}
		return err
	})
	if err != nil {
		return Tag{}, 0, 0, err
	}
	if tag.Name == "" {
		return Tag{}, 0, 0, p.errorf(n.Line, "tag has no name")
	}
	if tag.Kind == "" {
		return Tag{}, 0, 0, p.errorf(n.Line, "tag %q has no kind", tag.Name)
	}
	slugLine := nameNode.Line
	if slugNode == nil {
		tag.Slug = slug.Make(tag.Name)
		if tag.Slug == "" {
			return Tag{}, 0, 0, p.errorf(nameNode.Line, "tag %q gives an empty slug; add a slug", tag.Name)
		}
	} else if tag.Slug == "" || slug.Make(tag.Slug) != tag.Slug {
		return Tag{}, 0, 0, p.errorf(slugNode.Line, "tag %q: slug %q is not a slug (want lower case letters, digits and dashes)", tag.Name, tag.Slug)
	} else {
		slugLine = slugNode.Line
	}
	if wordsNode != nil {
		tag.Words, err = p.wordList(wordsNode, tag.Name)
		if err != nil {
			return Tag{}, 0, 0, err
		}
	}
	if len(tag.Words) == 0 {
		return Tag{}, 0, 0, p.errorf(n.Line, "tag %q has no words", tag.Name)
	}
	return tag, nameNode.Line, slugLine, nil
}

func isKind(s string) bool {
	for _, k := range Kinds {
		if s == k {
			return true
		}
	}
	return false
}

// scalar reads a string value; null gives "".
func (p *parser) scalar(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", p.errorf(n.Line, "%s: want a single value", what)
	}
	if n.Tag == "!!null" {
		return "", nil
	}
	return strings.TrimSpace(n.Value), nil
}

func (p *parser) threshold(n *yaml.Node) (int, error) {
	v, err := p.scalar(n, "threshold")
	if err != nil {
		return 0, err
	}
	k, err := strconv.Atoi(v)
	if err != nil || k < 1 {
		return 0, p.errorf(n.Line, "threshold %q is not a whole number of at least 1", v)
	}
	return k, nil
}

// wordList reads the words of a tag, or of the ignore list when tag is "".
func (p *parser) wordList(n *yaml.Node, tag string) ([]string, error) {
	what := "words"
	if tag == "" {
		what = "ignore"
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, p.errorf(n.Line, "%s: want a list", what)
	}
	var words []string
	for _, item := range n.Content {
		w, err := p.scalar(item, what)
		if err != nil {
			return nil, err
		}
		toks, gaps := split(w)
		if len(toks) == 0 {
			return nil, p.errorf(item.Line, "word %q has no letters or digits", w)
		}
		key := join(toks, gaps)
		if use, ok := p.words[key]; ok {
			switch {
			case use.tag == tag:
				return nil, p.errorf(item.Line, "word %q is listed twice (first at line %d)", w, use.line)
			case use.tag == "":
				return nil, p.errorf(item.Line, "word %q of tag %q is in the ignore list (line %d)", w, tag, use.line)
			case tag == "":
				return nil, p.errorf(item.Line, "ignored word %q selects tag %q (line %d)", w, use.tag, use.line)
			}
			return nil, p.errorf(item.Line, "word %q of tag %q already selects tag %q (line %d)", w, tag, use.tag, use.line)
		}
		p.words[key] = wordUse{tag: tag, line: item.Line}
		words = append(words, w)
	}
	return words, nil
}
