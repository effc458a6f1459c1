package content

import (
	"path/filepath"
	"strings"
)

// IsArticle reports whether a file of this name, relative to the content
// folder, is an article: a Markdown file at the folder's top whose name
// does not start with a dot. Files in subfolders, dotfiles and anything
// else are not articles.
func IsArticle(name string) bool {
	return strings.HasSuffix(name, ".md") && !strings.HasPrefix(name, ".") &&
		!strings.ContainsRune(name, '/') && !strings.ContainsRune(name, filepath.Separator)
}
