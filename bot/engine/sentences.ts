/** Sentence spans of a unit's text, for quoting the sentence that answers rather than the whole paragraph. */

export interface Span {
  start: number;
  end: number;
}

/** Words after which a full stop does not end a sentence. */
const ABBREVIATIONS = new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "cllr",
  "cc",
  "no",
  "nos",
  "approx",
  "e.g",
  "i.e",
  "eg",
  "ie",
  "etc",
  "vs",
  "para",
  "paras",
  "st",
  "ref",
  "fig",
  "incl",
  "est",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
]);

/**
 * Splits at ". ", "? ", "! " (and list breaks: a newline before a bullet, "; " before a figure) when the next character starts
 * a new sentence. Never splits inside a number ("82.6"), after an abbreviation ("approx. 86k") or an initial
 * ("H. J. Fryer"). Spans cover the text without gaps, trimmed of surrounding space. `breaks` are offsets that always
 * start a sentence.
 */
export function splitSentences(text: string, breaks: readonly number[] = []): Span[] {
  const cuts: number[] = [0];
  // An infographic flattened to text lists its figures as "19% were ...; 33% had ...", a row a line: each item is a
  // sentence.
  // A table row's cells are joined with "; ": a cell's last sentence ends there too (".; The Reach Programme:").
  const re =
    /([.!?])(["'”’)]*)(;?\s+)(?=[A-Z0-9"“'‘(£•\-–])|\n+(?=\s*(?:[-•*·o]\s|\(?[a-z0-9]{1,4}[).]\s|\d+(?:\.\d+)?%\s+(?:were|was|are|is|have|has|had)\b))|;\s+(?=£?\d)/g;
  for (const m of text.matchAll(re)) {
    const at = m.index;
    if (m[1] === ".") {
      const before = text.slice(Math.max(0, at - 12), at);
      const word = /([A-Za-z.]+)$/.exec(before)?.[1]?.toLowerCase() ?? "";
      if (ABBREVIATIONS.has(word.replace(/^\./, ""))) continue;
      // A single capital before the stop is an initial ("H. J. Fryer").
      if (/(^|[\s(])[A-Z]$/.test(before)) continue;
    }
    const cut = at + m[0].length;
    if (cut > (cuts[cuts.length - 1] ?? 0)) cuts.push(cut);
  }
  // Breaks the caller knows of (a table row's cell boundaries) end a sentence whatever the punctuation; a break
  // that is already a cut only makes an empty span, which is dropped below.
  cuts.push(...breaks);
  cuts.sort((a, b) => a - b);
  const spans: Span[] = [];
  for (let i = 0; i < cuts.length; i++) {
    let start = cuts[i] ?? 0;
    let end = i + 1 < cuts.length ? (cuts[i + 1] ?? text.length) : text.length;
    while (start < end && /\s/.test(text[start] ?? "")) start++;
    while (end > start && /\s/.test(text[end - 1] ?? "")) end--;
    if (end > start) spans.push({ start, end });
  }
  return spans;
}
