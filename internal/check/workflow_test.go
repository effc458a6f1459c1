package check_test

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"briefing/internal/config"

	"go.yaml.in/yaml/v3"
)

// The deploy workflow lives outside Go; this test holds it to what
// publishing needs, so an edit that would break the deployment fails here
// first.

type workflow struct {
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Concurrency struct {
		Group string `yaml:"group"`
	} `yaml:"concurrency"`
	Jobs map[string]job `yaml:"jobs"`
}

type job struct {
	Needs       any `yaml:"needs"`
	Environment struct {
		Name string `yaml:"name"`
		URL  string `yaml:"url"`
	} `yaml:"environment"`
	Steps []step `yaml:"steps"`
}

type step struct {
	ID   string            `yaml:"id"`
	Uses string            `yaml:"uses"`
	With map[string]any    `yaml:"with"`
	Env  map[string]string `yaml:"env"`
	Run  string            `yaml:"run"`
}

// find returns the index of the first step whose action is action (any
// version), or -1.
func (j job) find(action string) int {
	return slices.IndexFunc(j.Steps, func(s step) bool { return strings.HasPrefix(s.Uses, action+"@") })
}

func (j job) findRun(re string) int {
	r := regexp.MustCompile(re)
	return slices.IndexFunc(j.Steps, func(s step) bool { return r.MatchString(s.Run) })
}

func TestPagesWorkflow(t *testing.T) {
	data, err := os.ReadFile("../../.github/workflows/pages.yml")
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(false)
	if err := dec.Decode(&w); err != nil {
		t.Fatalf("pages.yml: %v", err)
	}

	t.Run("triggers", func(t *testing.T) {
		push, _ := w.On["push"].(map[string]any)
		branches, _ := push["branches"].([]any)
		if !slices.Contains(branches, any("main")) {
			t.Errorf("on.push.branches = %v, want main", branches)
		}
		if _, ok := w.On["workflow_dispatch"]; !ok {
			t.Error("no workflow_dispatch trigger")
		}
	})

	t.Run("permissions", func(t *testing.T) {
		want := map[string]string{"contents": "read", "pages": "write", "id-token": "write"}
		for k, v := range want {
			if w.Permissions[k] != v {
				t.Errorf("permissions.%s = %q, want %q", k, w.Permissions[k], v)
			}
		}
		if len(w.Permissions) != len(want) {
			t.Errorf("permissions = %v, want only %v", w.Permissions, want)
		}
		if w.Concurrency.Group != "pages" {
			t.Errorf("concurrency.group = %q, want pages", w.Concurrency.Group)
		}
	})

	build, ok := w.Jobs["build"]
	if !ok {
		t.Fatal("no build job")
	}
	t.Run("build", func(t *testing.T) {
		checkout := build.find("actions/checkout")
		setup := build.find("actions/setup-go")
		pages := build.find("actions/configure-pages")
		site := build.findRun(`(?m)build -base-url "\$BASE_URL"$`)
		index := build.findRun(`(?m)build index$`)
		check := build.findRun(`(?m)build check -base-url "\$BASE_URL"$`)
		upload := build.find("actions/upload-pages-artifact")
		// The search index is built before the check, so its files count
		// towards the size limit, and nothing unchecked is uploaded.
		order := []int{checkout, setup, pages, site, index, check, upload}
		if slices.Contains(order, -1) || !slices.IsSorted(order) {
			t.Fatalf("steps checkout, setup-go, configure-pages, build, index, check, upload at %v: want all, in that order", order)
		}
		if v := build.Steps[setup].With["go-version-file"]; v != "go.mod" {
			t.Errorf("setup-go go-version-file = %v, want go.mod", v)
		}
		id := build.Steps[pages].ID
		if id == "" {
			t.Fatal("configure-pages has no id, so its base_url cannot be read")
		}
		for _, i := range []int{site, check} {
			// configure-pages gives the URL without its trailing slash.
			want := "${{ steps." + id + ".outputs.base_url }}/"
			if got := build.Steps[i].Env["BASE_URL"]; got != want {
				t.Errorf("step %d: BASE_URL = %q, want %q", i, got, want)
			}
		}
		if !strings.Contains(build.Steps[site].Run, "build convert") {
			t.Error("the build step does not convert the seeds first")
		}
		cfg, err := config.Load("../../site.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if got := build.Steps[upload].With["path"]; got != cfg.Public {
			t.Errorf("upload-pages-artifact path = %v, want the output folder %q", got, cfg.Public)
		}
	})

	t.Run("deploy", func(t *testing.T) {
		deploy, ok := w.Jobs["deploy"]
		if !ok {
			t.Fatal("no deploy job")
		}
		if deploy.Needs != "build" && !slices.Contains(asList(deploy.Needs), "build") {
			t.Errorf("deploy needs %v, want build", deploy.Needs)
		}
		if deploy.Environment.Name != "github-pages" {
			t.Errorf("deploy environment = %q, want github-pages", deploy.Environment.Name)
		}
		i := deploy.find("actions/deploy-pages")
		if i < 0 {
			t.Fatal("deploy does not use actions/deploy-pages")
		}
		if id := deploy.Steps[i].ID; id == "" || deploy.Environment.URL != "${{ steps."+id+".outputs.page_url }}" {
			t.Errorf("deploy environment url = %q, want the deploy-pages step's page_url", deploy.Environment.URL)
		}
	})

	t.Run("versions", func(t *testing.T) {
		// The oldest major version of each action that still runs.
		oldest := map[string]int{
			"actions/checkout":              4,
			"actions/setup-go":              5,
			"actions/configure-pages":       5,
			"actions/upload-pages-artifact": 3,
			"actions/deploy-pages":          4,
		}
		for _, j := range w.Jobs {
			for _, s := range j.Steps {
				if s.Uses == "" {
					continue
				}
				name, ver, _ := strings.Cut(s.Uses, "@")
				major, err := strconv.Atoi(strings.TrimPrefix(strings.SplitN(ver, ".", 2)[0], "v"))
				if err != nil {
					t.Errorf("%s: pin a released version, not %q", name, ver)
					continue
				}
				if least, ok := oldest[name]; ok && major < least {
					t.Errorf("%s@%s: want v%d or later", name, ver, least)
				}
			}
		}
	})
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}
