package content

import "fmt"

// Rewrite is a change convert makes to a file it wrote: new values for
// some of the fields it owns, and perhaps a new body. A field left nil is
// not touched.
type Rewrite struct {
	// Scalars maps a top-level key to its new value; "" removes the key.
	Scalars map[string]string
	// Sources, when not nil, replaces the sources list.
	Sources []string
	// Body, when not nil, replaces the body.
	Body *string
}

// Apply returns data with e made, through Edit: every byte that e does
// not change stays as it was, the other fields, comments (one on a
// changed key's line too), their order and line ends.
func (e Rewrite) Apply(path string, data []byte) ([]byte, error) {
	var c Changes
	for key, v := range e.Scalars {
		p := &v
		switch key {
		case "title":
			c.Title = p
		case "date":
			c.Date = p
		case "date_source":
			c.DateSource = p
		case "caption":
			c.Caption = p
		case "fingerprint":
			c.Fingerprint = p
		case "review":
			c.Review = p
		case "summary":
			c.Summary = p
		default:
			return nil, &Error{Path: path, Line: 1, Err: fmt.Errorf("front matter: convert cannot set %q", key)}
		}
	}
	if e.Sources != nil {
		c.Sources = &e.Sources
	}
	c.Body = e.Body
	return Edit(path, data, c)
}
