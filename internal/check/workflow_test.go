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

// The workflows live outside Go; these tests hold them to what publishing
// and testing need, so an edit that would break them fails here first.

type workflow struct {
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Concurrency struct {
		Group string `yaml:"group"`
	} `yaml:"concurrency"`
	Jobs map[string]job `yaml:"jobs"`
}

type job struct {
	Container   any `yaml:"container"`
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

// readWorkflow reads .github/workflows/name.
func readWorkflow(t *testing.T, name string) workflow {
	t.Helper()
	data, err := os.ReadFile("../../.github/workflows/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(false)
	if err := dec.Decode(&w); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return w
}

func TestPagesWorkflow(t *testing.T) {
	w := readWorkflow(t, "pages.yml")

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
		check := build.findRun(`(?m)build check -base-url "\$BASE_URL"$`)
		upload := build.find("actions/upload-pages-artifact")
		// The build writes the search index too, before the check, so its
		// files count towards the size limit, and nothing unchecked is
		// uploaded.
		order := []int{checkout, setup, pages, site, check, upload}
		if slices.Contains(order, -1) || !slices.IsSorted(order) {
			t.Fatalf("steps checkout, setup-go, configure-pages, build, check, upload at %v: want all, in that order", order)
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

	t.Run("versions", func(t *testing.T) { checkVersions(t, w) })
}

// checkVersions holds every action a workflow uses to a released version
// that still runs.
func checkVersions(t *testing.T, w workflow) {
	t.Helper()
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
}

// TestTestWorkflow checks the workflow that runs the tests on every push
// and pull request: it installs what the README says the tests need, sets
// up Go with its cache, and runs the README's test command, then the long
// tests as .ci/run does.
func TestTestWorkflow(t *testing.T) {
	w := readWorkflow(t, "test.yml")
	for _, event := range []string{"push", "pull_request"} {
		if _, ok := w.On[event]; !ok {
			t.Errorf("not run on %s", event)
		}
	}
	if len(w.Permissions) != 1 || w.Permissions["contents"] != "read" {
		t.Errorf("permissions = %v, want contents: read alone", w.Permissions)
	}
	if len(w.Jobs) != 1 {
		t.Fatalf("%d jobs, want one", len(w.Jobs))
	}
	var j job
	for _, j = range w.Jobs {
	}
	if image, _ := j.Container.(string); !strings.HasPrefix(image, "debian:") {
		t.Errorf("container %v, want Debian, whose packages the README names", j.Container)
	}

	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	// The README's test command is the second of its first two commands,
	// and the packages it needs follow "apt-get install -y".
	testCmd := regexp.MustCompile("(?m)^(make test)\\s+#").FindStringSubmatch(string(readme))
	packages := regexp.MustCompile(`apt-get install -y ([^\n` + "`" + `]+)`).FindStringSubmatch(string(readme))
	if testCmd == nil || packages == nil {
		t.Fatal("README names no test command or no packages to install")
	}
	install := j.findRun(`apt-get install`)
	setup := j.find("actions/setup-go")
	run := j.findRun(`(?m)^` + regexp.QuoteMeta(testCmd[1]) + `$`)
	long := j.findRun(`(?m)^make test-long$`)
	order := []int{install, setup, run, long}
	if slices.Contains(order, -1) || !slices.IsSorted(order) {
		t.Fatalf("steps apt-get install, setup-go, %q, make test-long at %v: want all, in that order", testCmd[1], order)
	}
	for _, p := range strings.Fields(packages[1]) {
		if !regexp.MustCompile(`\b` + regexp.QuoteMeta(p) + `\b`).MatchString(j.Steps[install].Run) {
			t.Errorf("the README's package %s is not installed", p)
		}
	}
	with := j.Steps[setup].With
	if with["go-version-file"] != "go.mod" {
		t.Errorf("setup-go go-version-file = %v, want go.mod", with["go-version-file"])
	}
	if c, ok := with["cache"]; ok && c != true {
		t.Errorf("setup-go cache = %v, want the Go cache on", c)
	}
	checkVersions(t, w)
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}
