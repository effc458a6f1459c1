// The search box's notion of a word, the same as the index's
// (internal/search, words.go): lower case, accents dropped (the marks
// that sit on a letter, after canonical decomposition), final sigma as
// sigma, and a word a run of Unicode letters, digits and marks.
// e2e/words.test.mjs holds the two to one fixture file.
export function words(text) {
  const s = text.toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '').replace(/ς/g, 'σ');
  return s.match(/[\p{L}\p{N}\p{M}]+/gu) || [];
}
