package sitemap

import "testing"

// A part's name is what Part writes and nothing else, so the site keeps
// exactly those names free.
func TestPartNames(t *testing.T) {
	for _, n := range []int{1, 2, 9, 10, 123} {
		if name := Part(n); !IsPart(name) || !Taken(name) {
			t.Errorf("%s is not taken as a part", name)
		}
	}
	for _, name := range []string{"sitemap-0.xml", "sitemap-01.xml", "sitemap-.xml", "sitemap-1.xml.gz", "sitemap-x.xml", "sitemap1.xml", "tags", "sitemap-1"} {
		if IsPart(name) {
			t.Errorf("%s taken as a part", name)
		}
	}
	if !Taken(Name) || IsPart(Name) {
		t.Errorf("%s: taken %v, a part %v", Name, Taken(Name), IsPart(Name))
	}
}
