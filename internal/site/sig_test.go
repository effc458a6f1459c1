package site

import (
	"html/template"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"briefing/internal/content"
	"briefing/internal/taxonomy"
)

// sigSite is a site whose article "x" has every field set: a caption,
// summary, review, sources, notes, editor's and automatic tags, a previous
// and a next article and related ones.
func sigSite(t *testing.T) (*Site, *Article) {
	t.Helper()
	x := source("x", "2024-06-01", "iraq", "syria")
	f := x.File.Front
	f.DateSource, f.Caption, f.Summary, f.Review = "caption", "A photo. (AFP)", "A summary.", "checked"
	f.Sources = []string{"001.txt:1", "002.txt:5"}
	f.Tags = []string{"Water Rights"}
	f.Notes = []content.Note{{By: "Desk", Date: "2026-01-02", Text: "a"}, {By: "Night", Date: "2026-01-03", Text: "b"}}
	x.File = &content.File{Path: x.File.Path, Front: f}
	x.Notes = []template.HTML{"<p>a</p>", "<p>b</p>"}
	x.Hash = 42
	srcs := []*Source{x, source("older", "2024-05-01", "iraq"), source("newer", "2024-07-01", "syria"), source("far", "2020-01-01", "iraq", "syria")}
	tx, err := taxonomy.Parse("taxonomy.yaml", []byte(tax))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Build(srcs, tx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range s.Articles {
		if a.Name == "x" {
			return s, a
		}
	}
	t.Fatal("no article x")
	return nil, nil
}

// step is one move from a value to a part of it: a field, the first item
// of a slice, or what a pointer points to.
type step struct {
	field int // -1: item 0; -2: pointer's target
	name  string
}

// route leads from an article to one of the values a template can reach.
type route []step

func (p route) String() string {
	var b strings.Builder
	for _, s := range p {
		b.WriteString(s.name)
	}
	return b.String()
}

func (p route) follow(v reflect.Value) reflect.Value {
	for _, s := range p {
		switch s.field {
		case -1:
			v = v.Index(0)
		case -2:
			v = v.Elem()
		default:
			v = v.Field(s.field)
		}
	}
	return v
}

var timeType = reflect.TypeFor[time.Time]()

// reachable lists the paths to every exported value below v, stopping at
// unexported fields, which no template can reach.
func reachable(t *testing.T, v reflect.Value, at route, out *[]route) {
	*out = append(*out, at)
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == timeType {
			return
		}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.IsExported() {
				reachable(t, v.Field(i), append(slices.Clip(at), step{i, "." + f.Name}), out)
			}
		}
	case reflect.Slice:
		// An empty slice is checked by adding an item to it.
		if v.Len() > 0 {
			reachable(t, v.Index(0), append(slices.Clip(at), step{-1, "[0]"}), out)
		}
	case reflect.Pointer:
		if v.IsNil() {
			t.Fatalf("%s: nil in the test's article, so nothing in it is checked", at)
		}
		reachable(t, v.Elem(), append(slices.Clip(at), step{-2, "*"}), out)
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int32, reflect.Int64, reflect.Uint64:
	default:
		t.Fatalf("%s: a %s, which this test cannot change", at, v.Type())
	}
}

// change makes v different: a longer string, another number, the other
// truth value, the next day, a slice one shorter (or, if empty, one
// longer), a pointer to a zero value. It reports false for a value it leaves to the values inside.
func change(v reflect.Value) bool {
	switch {
	case v.Type() == timeType:
		v.Set(reflect.ValueOf(v.Interface().(time.Time).AddDate(0, 0, 1)))
	case v.Kind() == reflect.String:
		v.SetString(v.String() + "x")
	case v.Kind() == reflect.Bool:
		v.SetBool(!v.Bool())
	case v.CanInt():
		v.SetInt(v.Int() + 1)
	case v.CanUint():
		v.SetUint(v.Uint() + 1)
	case v.Kind() == reflect.Slice && v.Len() == 0:
		v.Set(reflect.Append(v, reflect.New(v.Type().Elem()).Elem()))
	case v.Kind() == reflect.Slice:
		v.Set(v.Slice(0, v.Len()-1))
	case v.Kind() == reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
	default:
		return false
	}
	return true
}

// rehash works the signatures out again after a change, as a build does.
func rehash(s *Site) {
	for _, a := range s.Articles {
		a.hashOwn()
	}
	revise(s)
}

// TestSigsCoverEveryField changes, one at a time, every exported value a
// template can reach through an article (its own fields, its entry's,
// its notes', its tags', those of the entries it links to) and checks that
// the article's Sig changes, and the same for an entry's Sig. A field
// added to Article, Entry, Note or Tag and left out of hashOwn or revise
// fails here.
func TestSigsCoverEveryField(t *testing.T) {
	for _, tc := range []struct {
		name string
		get  func(a *Article) any
		sig  func(a *Article) uint64
	}{
		{"Article", func(a *Article) any { return a }, (*Article).Sig},
		{"Entry", func(a *Article) any { return &a.Entry }, func(a *Article) uint64 { return a.Entry.Sig() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, x := sigSite(t)
			var paths []route
			reachable(t, reflect.ValueOf(tc.get(x)).Elem(), nil, &paths)
			checked := 0
			for _, p := range paths {
				s, x := sigSite(t)
				before := tc.sig(x)
				if !change(p.follow(reflect.ValueOf(tc.get(x)).Elem())) {
					continue
				}
				rehash(s)
				if tc.sig(x) == before {
					t.Errorf("%s%s: changing it leaves the signature as it was", tc.name, p)
				}
				checked++
			}
			if checked < 3 {
				t.Fatalf("only %d values checked", checked)
			}
			t.Logf("%d values checked", checked)
		})
	}
}

// TestMethodsShowOnlyWhatSigsCover lists the exported methods a template
// can call on what an article leads to. A method can show unexported
// state that the field-by-field check above does not see: a new one must
// be added here with the reason its result is covered.
func TestMethodsShowOnlyWhatSigsCover(t *testing.T) {
	covered := map[string]string{
		"*site.Article.Body":  "made from the file alone, whose hash is in hashOwn",
		"*site.Article.Lead":  "made from Body",
		"*site.Article.Text":  "what Body reads, made from the file alone",
		"*site.Article.Sig":   "the signature itself",
		"*site.Article.Dated": "from Entry.Date",
		"*site.Article.URL":   "from Entry.Name",
		"*site.Entry.Sig":     "the signature itself",
		"*site.Entry.Dated":   "from Date",
		"*site.Entry.URL":     "from Name",
		"*site.Tag.URL":       "from Slug",
		"*site.Note.Start":    "made from Text",
	}
	seen := map[reflect.Type]bool{}
	var visit func(t reflect.Type)
	var found []string
	visit = func(typ reflect.Type) {
		if seen[typ] || typ == timeType {
			return
		}
		seen[typ] = true
		switch typ.Kind() {
		case reflect.Pointer, reflect.Slice:
			visit(typ.Elem())
			return
		case reflect.Struct:
		default:
			return
		}
		ptr := reflect.PointerTo(typ)
		for i := range ptr.NumMethod() {
			found = append(found, ptr.String()+"."+ptr.Method(i).Name)
		}
		for i := range typ.NumField() {
			if f := typ.Field(i); f.IsExported() {
				visit(f.Type)
			}
		}
	}
	visit(reflect.TypeFor[Article]())
	for _, m := range found {
		if covered[m] == "" {
			t.Errorf("%s: a template can call it; say here why Sig covers what it shows", m)
		}
	}
	if len(found) < len(covered) {
		t.Errorf("found %d methods, %d listed: %v", len(found), len(covered), found)
	}
}
