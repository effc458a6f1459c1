package content

import (
	"strings"
	"testing"
)

// The mistakes editors make most, each with the message it gets: on the
// line of the mistake, saying what is wrong and how to fix it.
func TestEditorMistakes(t *testing.T) {
	tests := []struct {
		name, from, to, want string
	}{
		{"unquoted colon", `title: "Iraq talks"`, `title: Iraq: talks resume`,
			`3: front matter: the value of title holds a colon, which YAML reads as the start of another key; put the value in quotes: title: "Iraq: talks resume"`},
		{"scalar for a list", `tags: [Iraq]`, `tags: Beirut`,
			`10: front matter: tags must be a list, not a single value; write tags: [Beirut]`},
		{"list for a scalar", `caption: A caption (AFP)`, `caption: [A caption, AFP]`,
			`6: front matter: caption must be a single value, not a list; remove the [ ] or the dashes (and put the value in quotes if it holds a comma or a colon)`},
		{"note key indented short", "    date: 2026-11-01", "   date: 2026-11-01",
			`14: front matter: note key date is indented 3 spaces, the note's by 4; line date: up with by:`},
		{"a tab", "    date: 2026-11-01", "\tdate: 2026-11-01",
			`14: front matter: this line is indented with a tab; YAML needs spaces: replace the tab with spaces`},
		{"note without a date", "    date: 2026-11-01\n", "",
			`13: front matter: note 1 has no date; add date: with the day it was written, as in date: "2026-11-02"`},
		{"unknown key in a note", "    text: |", "    txt: |",
			`15: front matter: note 1 has an unknown key "txt" (a note has by, date and text); did you mean text?`},
		{"date in another format", "date: 2020-01-23", "date: 23/01/2020",
			`4: front matter: date "23/01/2020" is not a date written YYYY-MM-DD; write date: "2020-01-23"`},
		{"date in words", "date: 2020-01-23", "date: January 23, 2020",
			`4: front matter: date "January 23, 2020" is not a date written YYYY-MM-DD; write date: "2020-01-23"`},
		{"impossible date", "date: 2020-01-23", "date: 2020-13-01",
			`4: front matter: date "2020-13-01" is not a date written YYYY-MM-DD; write it YYYY-MM-DD (year, month, day), as in date: "2020-01-23"`},
		{"duplicate key", "draft: false", "draft: false\ntitle: Other",
			`19: front matter: title is given twice (first on line 3); keep one of them`},
		{"missing closing line", "---\nBody line one.", "Body line one.",
			`1: front matter: the --- line that ends the front matter is missing; add a line --- after the last key, above the article's text`},
		{"misspelt key", `summary: ""`, `sumary: ""`,
			`17: front matter: unknown key "sumary"; did you mean summary?`},
		{"unknown key", `summary: ""`, `colour: red`,
			`17: front matter: unknown key "colour"; the keys are id, title, date, date_source, caption, sources, fingerprint, review, tags, exclude_tags, notes, summary, draft, aliases`},
		{"yes for a boolean", "draft: false", "draft: no way",
			`18: front matter: draft must be true or false, not "no way"; write draft: true or draft: false`},
		{"unclosed quote", `title: "Iraq talks"`, `title: "Iraq talks`,
			`3: front matter: the quote that opens the value of title is not closed; end the value with "`},
		{"unclosed list", `tags: [Iraq]`, `tags: [Iraq, Syria`,
			`10: front matter: the list that opens the value of tags with [ is not closed; end it with ]`},
		{"apostrophe in single quotes", `title: "Iraq talks"`, `title: 'Iraq's talks'`,
			`3: front matter: an apostrophe ends the single-quoted value of title early; write an apostrophe inside single quotes twice ('') or put the value in double quotes`},
		{"text after a closing quote", `title: "Iraq talks"`, `title: "Iraq" talks`,
			`3: front matter: title has text after its closing quote; put the whole value inside the quotes (write a quote inside them as \" or use single quotes around the value)`},
		{"key indented under a value", "date_source: caption", " date_source: caption",
			`5: front matter: date_source is indented 1 space, under date, which has its value already; start date_source: at the beginning of the line`},
		{"list item without a dash", "  - 000.txt:1", "  - 000.txt:1\n  001.txt:2",
			`9: front matter: this item of sources has no dash; start it with "- ", lined up with the dashes above`},
		{"notes not a list", "  - by: Dana\n    date: 2026-11-01\n    text: |\n      Checked against *two* reports.", "  by: Dana\n  date: 2026-11-01\n  text: Checked.",
			`13: front matter: notes must be a list; start each note with "- ", as in "  - by: Dana Haddad", with its date and text lined up under by`},
		{"note as a single value", "notes:\n  - by: Dana\n    date: 2026-11-01\n    text: |\n      Checked against *two* reports.", "notes: [Checked]",
			"12: front matter: a note must have by, date and text, not a single value; write it as \"  - by: NAME\", then \"    date: YYYY-MM-DD\" and \"    text: …\" under it"},
		{"value starting with @", `caption: A caption (AFP)`, `caption: @reuters photo`,
			"6: front matter: the value of caption starts with @, which YAML keeps for itself; put the value in quotes"},
		{"bad date source", "date_source: caption", "date_source: photo",
			`5: front matter: date_source "photo" is not one of caption, editor; write date_source: editor for a date you set`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(good, tt.from) {
				t.Fatalf("the good file has no %q", tt.from)
			}
			src := strings.Replace(good, tt.from, tt.to, 1)
			_, err := Parse("content/a.md", []byte(src))
			if want := "content/a.md:" + tt.want; err == nil || err.Error() != want {
				t.Errorf("error = %v\nwant    %s", err, want)
			}
		})
	}
}
