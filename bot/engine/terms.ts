/**
 * Tokenizer terms of a piece of text, as a set (for single words) and in order (so a multi-word wording such as
 * "children in care" must stand as a phrase: "Children's Social Care" has the words but not the phrase).
 */
export interface Terms {
  set: ReadonlySet<string>;
  /** In text order, segments separated by SEP; absent for loose bags (a whole paper's words). */
  seq?: readonly string[];
}

const SEP = "\u0000";

/** Terms of several segments (text, heading, the long forms of its acronyms), never matched across segments. */
export function termsOf(...segments: (readonly string[])[]): Terms {
  const seq: string[] = [];
  for (const s of segments) {
    if (s.length === 0) continue;
    if (seq.length > 0) seq.push(SEP);
    seq.push(...s);
  }
  return { set: new Set(seq.filter((t) => t !== SEP)), seq };
}

export function joinTerms(...parts: Terms[]): Terms {
  if (parts.some((p) => p.seq === undefined)) {
    const set = new Set<string>();
    for (const p of parts) for (const t of p.set) set.add(t);
    return { set };
  }
  return termsOf(...parts.map((p) => p.seq ?? []));
}

/** The same terms as one segment: phrases may now run across the places its segments met. */
export function joinedSegments(terms: Terms): Terms {
  return terms.seq === undefined ? terms : { set: terms.set, seq: terms.seq.filter((t) => t !== SEP) };
}

/** A bag of words with no order: phrases match when all their words are present. */
export function looseTerms(set: ReadonlySet<string>): Terms {
  return { set };
}

export const NO_TERMS: Terms = { set: new Set(), seq: [] };

export function hasPhrase(terms: Terms, phrase: readonly string[]): boolean {
  if (phrase.length === 0) return true;
  if (!phrase.every((t) => terms.set.has(t))) return false;
  const seq = terms.seq;
  if (phrase.length === 1 || seq === undefined) return true;
  outer: for (let i = 0; i + phrase.length <= seq.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (seq[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}
