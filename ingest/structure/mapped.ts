/**
 * Text re-assembled from pieces of a file, remembering where every character came from. Unit text
 * is cleaned (markup stripped, wraps joined) yet each unit, and each part of a split unit, must
 * point back at the exact span of the file it was read from.
 */
export interface MappedText {
  readonly text: string;
  /** offsets[i] is the position of text[i] in the loaded text; joiners borrow the next real position. */
  readonly offsets: readonly number[];
}

export function mappedSlice(m: MappedText, from: number, to: number = m.text.length): MappedText {
  return { text: m.text.slice(from, to), offsets: m.offsets.slice(from, to) };
}

/** Joins pieces with a synthetic separator; empty pieces are skipped so no double separators appear. */
export function joinMapped(pieces: readonly MappedText[], separator: string): MappedText {
  let text = "";
  const offsets: number[] = [];
  for (const piece of pieces) {
    if (piece.text.length === 0) continue;
    if (text.length > 0) {
      const at = piece.offsets[0] ?? 0;
      text += separator;
      for (let i = 0; i < separator.length; i++) offsets.push(at);
    }
    text += piece.text;
    // A loop, not push(...): a spread of a long paragraph's offsets overflows the call stack.
    for (const o of piece.offsets) offsets.push(o);
  }
  return { text, offsets };
}

/** Puts synthetic text (e.g. a normalised bullet "- ") in front, mapped to the piece's first character. */
export function prefixMapped(prefix: string, m: MappedText): MappedText {
  if (m.text.length === 0) return m;
  const at = m.offsets[0] ?? 0;
  return { text: prefix + m.text, offsets: [...prefix].map(() => at).concat(m.offsets) };
}

export function trimMapped(m: MappedText): MappedText {
  let from = 0;
  let to = m.text.length;
  while (from < to && /\s/.test(m.text[from] ?? "")) from++;
  while (to > from && /\s/.test(m.text[to - 1] ?? "")) to--;
  return from === 0 && to === m.text.length ? m : mappedSlice(m, from, to);
}

/** The [start, end) span of the loaded text the characters came from. */
export function spanOf(m: MappedText): { start: number; end: number } {
  if (m.offsets.length === 0) return { start: 0, end: 0 };
  let start = Number.POSITIVE_INFINITY;
  let end = 0;
  for (const o of m.offsets) {
    if (o < start) start = o;
    if (o + 1 > end) end = o + 1;
  }
  return { start, end };
}
