package content

import (
	"crypto/sha256"
	"encoding/hex"
)

// Fingerprint is the fingerprint of a body as convert writes it: a hash
// of its bytes, so that any change an editor makes to it shows. It is 20
// hex digits; files written before the fingerprint covered the body have
// 16, a hash of the scraped text, which says nothing about the body.
func Fingerprint(body []byte) string {
	h := sha256.Sum256(body)
	return hex.EncodeToString(h[:10])
}

// Edited reports whether the body is no longer the one convert wrote, and
// whether that can be told: a file without a fingerprint of its body (an
// editor's own, or an old one) cannot say.
func (f *File) Edited() (edited, known bool) {
	fp := f.Front.Fingerprint
	if len(fp) != 20 {
		return false, false
	}
	return Fingerprint(f.Body) != fp, true
}
