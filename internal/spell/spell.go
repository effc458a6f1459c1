// Package spell tells how far apart two spellings are, for messages that
// guess what an editor meant: a misspelt key, a tag a letter off.
package spell

// Distance is the edit distance between a and b (insertions, deletions,
// substitutions and swaps of two neighbours), or limit+1 if it is more
// than limit.
func Distance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			low = min(low, cur[j])
		}
		if low > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], limit+1)
}

// Nearest returns the option nearest to word, within one edit (two for
// words over six letters), or "" if none is that near. Ties go to the
// first option.
func Nearest(word string, options []string) string {
	limit := 1
	if len([]rune(word)) > 6 {
		limit = 2
	}
	best, bestDist := "", limit+1
	for _, o := range options {
		if d := Distance(word, o, limit); d < bestDist {
			best, bestDist = o, d
		}
	}
	return best
}
