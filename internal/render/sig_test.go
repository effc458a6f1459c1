package render

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"briefing/internal/config"
	"briefing/internal/markdown"
	"briefing/internal/site"
	"briefing/internal/taxonomy"
)

// testPlan plans a small site, split timeline and all, with fresh
// objects each time.
func testPlan(t *testing.T) []Job {
	t.Helper()
	tx, err := taxonomy.Parse("taxonomy.yaml", []byte("threshold: 1\ntags:\n  - name: Iraq\n    kind: country\n    words: [Iraq]\n"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for i := range 9 {
		date := ""
		if i%4 != 3 {
			date = fmt.Sprintf("date: \"%d-0%d-0%d\"\n", 2020+i%3, 1+i%9, 1+i)
		}
		fsys[fmt.Sprintf("a%d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\nid: a%d\ntitle: Article %d\n%scaption: Photo %d\nsummary: Summary %d\nsources: [x.txt:%d]\ntags: [Topic %d]\nnotes:\n  - by: Desk %d\n    date: \"2026-01-0%d\"\n    text: Note %d.\n---\nIraq, day %d.\n",
			i, i, date, i, i, i, i%2, i, 1+i, i, i)}
	}
	srcs, err := site.NewLoader(markdown.New(), tx.Matcher()).Load(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	s, err := site.Build(srcs, tx, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.DefaultConfig()
	cfg.PerPage, cfg.TimelineSplit, cfg.HomeItems, cfg.FeedItems, cfg.CNAME = 2, 3, 2, 2, "example.org"
	r, err := New(&cfg, "templates", os.DirFS("../../templates"), map[string]string{"favicon.svg": "1", "css/site.css": "1", "css/print.css": "1", "js/search.js": "1"})
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := r.Plan(s)
	if err != nil {
		t.Fatal(err)
	}
	return jobs
}

// firstOfEachKind lists the path of the first job of each kind.
func firstOfEachKind(jobs []Job) []string {
	seen := map[string]bool{}
	var out []string
	for _, j := range jobs {
		if !seen[j.by.name] {
			seen[j.by.name] = true
			out = append(out, j.Path)
		}
	}
	return out
}

// leaves lists the paths (as field names) to every value below v that the
// signature walks, stopping at signers, whose own signature stands for
// them.
func leaves(v reflect.Value, at []int, out *[][]int) {
	if at != nil {
		*out = append(*out, slices.Clone(at))
	}
	if signers[v.Type()] != nil || v.Type() == timeType {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			leaves(v.Elem(), append(at, -2), out)
		}
	case reflect.Slice:
		if v.Len() > 0 {
			leaves(v.Index(0), append(at, -1), out)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				leaves(v.Field(i), append(at, i), out)
			}
		}
	}
}

func follow(v reflect.Value, at []int) (reflect.Value, string) {
	var name strings.Builder
	for _, i := range at {
		switch i {
		case -1:
			v = v.Index(0)
			name.WriteString("[0]")
		case -2:
			v = v.Elem()
		default:
			name.WriteString("." + v.Type().Field(i).Name)
			v = v.Field(i)
		}
	}
	return v, name.String()
}

// TestSignatureCoversPageData changes, one at a time, every value a
// page's data holds, for one page of each kind, and checks that the
// page's signature changes.
func TestSignatureCoversPageData(t *testing.T) {
	checked := 0
	for _, p := range firstOfEachKind(testPlan(t)) {
		find := func() Job {
			for _, j := range testPlan(t) {
				if j.Path == p {
					return j
				}
			}
			t.Fatalf("no job for %s", p)
			return Job{}
		}
		var paths [][]int
		leaves(reflect.ValueOf(find().data), nil, &paths)
		for _, at := range paths {
			j := find()
			v, name := follow(reflect.ValueOf(j.data), at)
			switch {
			case v.Type() == timeType:
				v.Set(reflect.ValueOf(v.Interface().(time.Time).AddDate(0, 0, 1)))
			case v.Kind() == reflect.String:
				v.SetString(v.String() + "x")
			case v.Kind() == reflect.Bool:
				v.SetBool(!v.Bool())
			case v.CanInt():
				v.SetInt(v.Int() + 1)
			case v.Kind() == reflect.Slice && v.Len() > 0:
				v.Set(v.Slice(0, v.Len()-1))
			case v.Kind() == reflect.Pointer && !v.IsNil():
				v.Set(reflect.New(v.Type().Elem()))
			default:
				continue
			}
			sig, err := signature(j.by.name, j.data)
			if err != nil {
				t.Fatal(err)
			}
			if sig == j.Sig {
				t.Errorf("%s: changing %s leaves its signature as it was", p, name)
			}
			checked++
		}
	}
	if checked < 50 {
		t.Fatalf("only %d values checked", checked)
	}
	t.Logf("%d values checked", checked)
}

// TestPageDataMethods lists the exported methods a template can call on
// what page data leads to, short of the signers (whose signatures cover
// their methods, see the site package's tests). A method can show state
// the signature does not walk: a new one must be added here with the
// reason its result is covered.
func TestPageDataMethods(t *testing.T) {
	covered := map[string]string{
		"*site.Tag.URL":            "from Slug",
		"*site.Note.Start":         "made from Text",
		"*site.Month.Name":         "from Year and Month",
		"*site.Month.Anchor":       "from Year and Month",
		"*render.Chart.HTML":       "from Months, URL and Split",
		"*render.ArticlePage.Text": "made from Article",
		"*config.Config.BasePath":  "from BaseURL",
		"*config.Config.Check":     "from the settings",
	}
	seen := map[reflect.Type]bool{}
	var found []string
	var visit func(typ reflect.Type)
	visit = func(typ reflect.Type) {
		if seen[typ] || typ == timeType || signers[typ] != nil && typ != reflect.TypeFor[*Shared]() {
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
			m := ptr.String() + "." + ptr.Method(i).Name
			// Methods promoted from an embedded field are that field's.
			if _, promoted := methodOfEmbedded(typ, ptr.Method(i).Name); !promoted {
				found = append(found, m)
			}
		}
		for i := range typ.NumField() {
			if f := typ.Field(i); f.IsExported() {
				visit(f.Type)
			}
		}
	}
	for _, j := range testPlan(t) {
		visit(reflect.TypeOf(j.data))
	}
	for _, m := range found {
		if covered[m] == "" {
			t.Errorf("%s: a template can call it; say here why the signature covers what it shows", m)
		}
	}
	t.Log(found)
	if len(found) < 4 {
		t.Errorf("found only %v", found)
	}
}

// methodOfEmbedded reports whether typ gets the method name from one of
// its embedded fields.
func methodOfEmbedded(typ reflect.Type, name string) (reflect.Type, bool) {
	for i := range typ.NumField() {
		f := typ.Field(i)
		if !f.Anonymous {
			continue
		}
		ft := f.Type
		if ft.Kind() != reflect.Pointer {
			ft = reflect.PointerTo(ft)
		}
		if _, ok := ft.MethodByName(name); ok {
			return f.Type, true
		}
	}
	return nil, false
}
