/**
 * Did-you-mean suggestions for misspelt names: optimal-string-alignment (Damerau–Levenshtein) distance
 * and the closest candidate within a length-dependent threshold.
 */

/** Edit distance counting insertions, deletions, substitutions and swaps of adjacent characters. */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  const rows: number[][] = [];
  for (let i = 0; i <= n; i++) {
    rows.push(new Array<number>(m + 1).fill(0));
    rows[i][0] = i;
  }
  for (let j = 0; j <= m; j++) rows[0][j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[n][m];
}

/**
 * The candidate closest to `word` (case-insensitive), or undefined when none is close enough:
 * only case for words of 1–2 characters, at most 1 edit up to 4 characters, 2 up to 8, 3 beyond. A candidate that starts with
 * the word (e.g. 'leaky' → 'leaky_relu') also counts.
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  if (w.length === 0 || w.length > 64) return undefined;
  const limit = w.length <= 2 ? 0 : w.length <= 4 ? 1 : w.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    // The distance is at least the difference in length: a long candidate is not compared letter by letter.
    if (Math.abs(c.length - w.length) > limit && !(w.length >= 3 && c.startsWith(w))) continue;
    let d = editDistance(w, c);
    if (d > limit && w.length >= 3 && c.startsWith(w)) d = limit;
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** "; did you mean 'x'?" or "" — for appending to a message. */
export function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : `; did you mean '${suggestion}'?`;
}
