import { endianness } from "node:os";
import { z } from "zod";
import { TOKENIZER_VERSION, tokenize, tokenizeQuery } from "../tokenize.js";
import type { Unit } from "../types.js";
import type { SearchHit } from "./types.js";

/**
 * BM25+ over each unit's text and its context header ("Report > Section > para 7"), on postings held in
 * typed arrays. The scoring is MiniSearch 7's, term for term (k 1.2, b 0.7, d 0.5; field length = distinct
 * terms; the summed score times the number of distinct query terms matched), so rankings did not move when
 * MiniSearch was replaced; what changed is the cost: a question's terms match ~44% of all units, and
 * MiniSearch allocated, filtered and sorted every one of them to keep 60. Here scores accumulate in a
 * reusable array and a bounded heap keeps the best k.
 */

/**
 * The header names the report and section, which a question often does, but every unit under that header
 * shares it, so it counts for much less than the unit's own words. Measured on the demo gold questions
 * (MRR@10): 0.1 -> .832, 0.25 -> .82, 0.5 -> .806, 1 -> .732.
 */
export const CONTEXT_BOOST = 0.25;

const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;
const FIELDS = ["text", "context"] as const;
const BOOSTS = [1, CONTEXT_BOOST] as const;
/** Bump when the saved layout changes. */
const LAYOUT = "postings-1";
/** A term repeated more often than this in one paragraph scores as this: BM25 saturates long before. */
const MAX_TF = 0xffff;

export class LexicalIndexError extends Error {
  override readonly name = "LexicalIndexError";
}

/** The terms of one unit, tokenized once by the caller and shared with the embeddings. */
export interface LexicalTerms {
  id: string;
  text: readonly string[];
  context: readonly string[];
}

interface FieldPostings {
  /** Distinct terms of the field per document. */
  lengths: Uint32Array;
  average: number;
  /** Postings of term t are [offsets[t], offsets[t + 1]). */
  offsets: Uint32Array;
  docs: Uint32Array;
  tfs: Uint16Array;
}

const B64 = z.string();
const SavedFieldSchema = z.object({ lengths: B64, offsets: B64, docs: B64, tfs: B64 });
const SavedSchema = z.object({
  tokenizer: z.string(),
  layout: z.string(),
  endianness: z.enum(["LE", "BE"]),
  ids: z.array(z.string()),
  /** Sorted, so a query term is found by binary search without building a map at load. */
  terms: z.array(z.string()),
  fields: z.object({ text: SavedFieldSchema, context: SavedFieldSchema }),
});

function toBase64(view: ArrayBufferView): string {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString("base64");
}

function fromBase64<T>(b64: string, bytesPer: number, make: (buffer: ArrayBuffer) => T, what: string): T {
  const bytes = Buffer.from(b64, "base64");
  if (bytes.length % bytesPer !== 0) throw new LexicalIndexError(`lexical: ${what} is truncated`);
  // Copied into a buffer of its own: Buffer.from may hand back a slice of a shared, unaligned pool.
  const own = new ArrayBuffer(bytes.length);
  new Uint8Array(own).set(bytes);
  return make(own);
}

class GrowableU32 {
  data = new Uint32Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
}

/** Accumulated while adding documents: (term, doc, tf) triples in document order, per field. */
interface FieldDraft {
  lengths: number[];
  terms: GrowableU32;
  docs: GrowableU32;
  tfs: GrowableU32;
}

function countTerms(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Counting sort of the triples by (remapped) term; document order is kept within a term. */
function finishField(draft: FieldDraft, remap: Uint32Array, termCount: number): FieldPostings {
  const n = draft.docs.length;
  const offsets = new Uint32Array(termCount + 1);
  for (let i = 0; i < n; i++) {
    const t = remap[draft.terms.data[i] as number] as number;
    offsets[t + 1] = (offsets[t + 1] as number) + 1;
  }
  for (let t = 0; t < termCount; t++) offsets[t + 1] = (offsets[t + 1] as number) + (offsets[t] as number);
  const cursor = offsets.slice(0, termCount);
  const docs = new Uint32Array(n);
  const tfs = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const t = remap[draft.terms.data[i] as number] as number;
    const at = cursor[t] as number;
    cursor[t] = at + 1;
    docs[at] = draft.docs.data[i] as number;
    tfs[at] = draft.tfs.data[i] as number;
  }
  const lengths = Uint32Array.from(draft.lengths);
  return { lengths, average: averageOf(lengths), offsets, docs, tfs };
}

function averageOf(lengths: Uint32Array): number {
  let total = 0;
  for (const l of lengths) total += l;
  return lengths.length > 0 ? total / lengths.length : 0;
}

/** Adds documents one at a time from terms the caller already has (`tokenize` of text and context). */
export class LexicalIndexBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly drafts: FieldDraft[] = FIELDS.map(() => ({
    lengths: [],
    terms: new GrowableU32(),
    docs: new GrowableU32(),
    tfs: new GrowableU32(),
  }));
  private readonly ids: string[] = [];

  add(d: LexicalTerms): void {
    const doc = this.ids.length;
    this.ids.push(d.id);
    FIELDS.forEach((field, f) => {
      const draft = this.drafts[f] as FieldDraft;
      const counts = countTerms(d[field]);
      draft.lengths.push(counts.size);
      for (const [term, tf] of counts) {
        let id = this.termIds.get(term);
        if (id === undefined) {
          id = this.termIds.size;
          this.termIds.set(term, id);
        }
        draft.terms.push(id);
        draft.docs.push(doc);
        draft.tfs.push(Math.min(tf, MAX_TF));
      }
    });
  }

  finish(): LexicalIndex {
    const terms = [...this.termIds.keys()].sort();
    const remap = new Uint32Array(terms.length);
    terms.forEach((term, sorted) => {
      remap[this.termIds.get(term) as number] = sorted;
    });
    const [text, context] = this.drafts.map((d) => finishField(d, remap, terms.length)) as [
      FieldPostings,
      FieldPostings,
    ];
    return LexicalIndex.fromPostings(this.ids, terms, [text, context]);
  }
}

/** Whether the document at this ordinal may be returned. */
export type Eligible = (doc: number) => boolean;

export class LexicalIndex {
  /** Per query, reused: scores and matched-term counts of the documents a query touches. */
  private readonly scores: Float64Array;
  private readonly matched: Uint16Array;
  /** Stamp of the last (query, term) that counted a document, so a term matching two fields counts once. */
  private readonly stamps: Uint32Array;
  private stamp = 0;

  private constructor(
    /** Document ordinal -> unit id. */
    readonly ids: readonly string[],
    private readonly terms: readonly string[],
    private readonly fields: readonly [FieldPostings, FieldPostings],
  ) {
    this.scores = new Float64Array(ids.length);
    this.matched = new Uint16Array(ids.length);
    this.stamps = new Uint32Array(ids.length);
  }

  static build(units: Iterable<Pick<Unit, "id" | "text" | "context">>): LexicalIndex {
    const builder = new LexicalIndexBuilder();
    for (const u of units) builder.add({ id: u.id, text: tokenize(u.text), context: tokenize(u.context) });
    return builder.finish();
  }

  /** For the builder only. */
  static fromPostings(
    ids: readonly string[],
    terms: readonly string[],
    fields: readonly [FieldPostings, FieldPostings],
  ): LexicalIndex {
    return new LexicalIndex(ids, terms, fields);
  }

  /** Restores a saved index; refuses one made by another tokenizer, whose terms would not match queries. */
  static fromJSON(json: string): LexicalIndex {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch (e) {
      throw new LexicalIndexError("lexical: not valid JSON", { cause: e });
    }
    const tokenizer = z.looseObject({ tokenizer: z.string() }).safeParse(raw);
    if (!tokenizer.success) throw new LexicalIndexError("lexical: no tokenizer named");
    if (tokenizer.data.tokenizer !== TOKENIZER_VERSION) {
      throw new LexicalIndexError(
        `lexical: built with tokenizer ${tokenizer.data.tokenizer}, this version tokenizes as ${TOKENIZER_VERSION}`,
      );
    }
    const saved = SavedSchema.safeParse(raw);
    if (!saved.success) throw new LexicalIndexError(`lexical: ${z.prettifyError(saved.error)}`);
    const s = saved.data;
    if (s.layout !== LAYOUT)
      throw new LexicalIndexError(`lexical: layout ${s.layout}, this version reads ${LAYOUT}`);
    if (s.endianness !== endianness()) {
      throw new LexicalIndexError(
        `lexical: written on a ${s.endianness} machine, this one is ${endianness()}`,
      );
    }
    const fields = FIELDS.map((name) => {
      const f = s.fields[name];
      const lengths = fromBase64(f.lengths, 4, (b) => new Uint32Array(b), `${name} lengths`);
      const offsets = fromBase64(f.offsets, 4, (b) => new Uint32Array(b), `${name} offsets`);
      const docs = fromBase64(f.docs, 4, (b) => new Uint32Array(b), `${name} postings`);
      const tfs = fromBase64(f.tfs, 2, (b) => new Uint16Array(b), `${name} frequencies`);
      checkField(name, { lengths, offsets, docs, tfs, average: 0 }, s.ids.length, s.terms.length);
      return { lengths, offsets, docs, tfs, average: averageOf(lengths) };
    }) as [FieldPostings, FieldPostings];
    return new LexicalIndex(s.ids, s.terms, fields);
  }

  toJSON(): string {
    const [text, context] = this.fields;
    const field = (f: FieldPostings) => ({
      lengths: toBase64(f.lengths),
      offsets: toBase64(f.offsets),
      docs: toBase64(f.docs),
      tfs: toBase64(f.tfs),
    });
    return JSON.stringify({
      tokenizer: TOKENIZER_VERSION,
      layout: LAYOUT,
      endianness: endianness(),
      ids: this.ids,
      terms: this.terms,
      fields: { text: field(text), context: field(context) },
    });
  }

  get size(): number {
    return this.ids.length;
  }

  private termIndex(term: string): number {
    let lo = 0;
    let hi = this.terms.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const t = this.terms[mid] as string;
      if (t === term) return mid;
      if (t < term) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Best k by BM25+, ties in the order documents were first matched (as MiniSearch ranked them). */
  search(query: string, k: number, accept?: (id: string) => boolean): SearchHit[] {
    return this.searchDocs(query, k, accept && ((doc) => accept(this.ids[doc] as string)));
  }

  /**
   * As `search`, with eligibility by document ordinal. `eligible` is asked only about documents good
   * enough to enter the top k, so an expensive test costs little.
   */
  searchDocs(query: string, k: number, eligible?: Eligible): SearchHit[] {
    const n = this.ids.length;
    if (k <= 0 || n === 0) return [];
    const scores = this.scores;
    const matched = this.matched;
    const stamps = this.stamps;
    const touched: number[] = [];
    for (const term of tokenizeQuery(query)) {
      const t = this.termIndex(term);
      if (t < 0) continue;
      if (this.stamp === 0xffffffff) {
        stamps.fill(0);
        this.stamp = 0;
      }
      const stamp = ++this.stamp;
      for (let f = 0; f < FIELDS.length; f++) {
        const field = this.fields[f] as FieldPostings;
        const start = field.offsets[t] as number;
        const end = field.offsets[t + 1] as number;
        if (end === start) continue;
        const df = end - start;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const boost = BOOSTS[f] as number;
        const avg = field.average;
        for (let p = start; p < end; p++) {
          const doc = field.docs[p] as number;
          const tf = field.tfs[p] as number;
          const len = field.lengths[doc] as number;
          const raw =
            idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * len) / avg)));
          if (matched[doc] === 0) touched.push(doc);
          scores[doc] = (scores[doc] as number) + boost * raw;
          if (stamps[doc] !== stamp) {
            stamps[doc] = stamp;
            matched[doc] = (matched[doc] as number) + 1;
          }
        }
      }
    }
    const top = new TopK(Math.min(k, touched.length));
    touched.forEach((doc, order) => {
      const score = (scores[doc] as number) * (matched[doc] as number);
      scores[doc] = 0;
      matched[doc] = 0;
      if (top.admits(score, order) && (!eligible || eligible(doc))) top.push(score, order, doc);
    });
    return top.sorted().map(({ score, doc }) => ({ id: this.ids[doc] as string, score }));
  }
}

function checkField(name: string, f: FieldPostings, docCount: number, termCount: number): void {
  const bad = (what: string) => new LexicalIndexError(`lexical: ${name} ${what}`);
  if (f.lengths.length !== docCount) throw bad(`lengths name ${f.lengths.length} documents, not ${docCount}`);
  if (f.offsets.length !== termCount + 1)
    throw bad(`offsets cover ${f.offsets.length - 1} terms, not ${termCount}`);
  if (f.docs.length !== f.tfs.length) throw bad("postings and frequencies differ in length");
  if (f.offsets[0] !== 0 || f.offsets[termCount] !== f.docs.length)
    throw bad("offsets do not span the postings");
  for (let t = 0; t < termCount; t++) {
    if ((f.offsets[t + 1] as number) < (f.offsets[t] as number)) throw bad(`offsets decrease at term ${t}`);
  }
  for (const doc of f.docs) if (doc >= docCount) throw bad(`postings name document ${doc} of ${docCount}`);
}

/** The best `capacity` (score, order) pairs: a min-heap whose root is the worst kept. */
class TopK {
  private readonly scores: Float64Array;
  private readonly orders: Uint32Array;
  private readonly docs: Uint32Array;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.scores = new Float64Array(capacity);
    this.orders = new Uint32Array(capacity);
    this.docs = new Uint32Array(capacity);
  }

  /** Worse: a lower score, or an equal score first matched later. */
  private worse(i: number, j: number): boolean {
    const a = this.scores[i] as number;
    const b = this.scores[j] as number;
    return a < b || (a === b && (this.orders[i] as number) > (this.orders[j] as number));
  }

  admits(score: number, order: number): boolean {
    if (this.capacity === 0) return false;
    if (this.size < this.capacity) return true;
    const worst = this.scores[0] as number;
    return score > worst || (score === worst && order < (this.orders[0] as number));
  }

  push(score: number, order: number, doc: number): void {
    if (this.size < this.capacity) {
      const i = this.size++;
      this.set(i, score, order, doc);
      this.up(i);
    } else {
      this.set(0, score, order, doc);
      this.down(0);
    }
  }

  sorted(): { score: number; doc: number }[] {
    const out: { score: number; order: number; doc: number }[] = [];
    for (let i = 0; i < this.size; i++) {
      out.push({
        score: this.scores[i] as number,
        order: this.orders[i] as number,
        doc: this.docs[i] as number,
      });
    }
    return out.sort((a, b) => b.score - a.score || a.order - b.order);
  }

  private set(i: number, score: number, order: number, doc: number): void {
    this.scores[i] = score;
    this.orders[i] = order;
    this.docs[i] = doc;
  }

  private swap(i: number, j: number): void {
    const score = this.scores[i] as number;
    const order = this.orders[i] as number;
    const doc = this.docs[i] as number;
    this.set(i, this.scores[j] as number, this.orders[j] as number, this.docs[j] as number);
    this.set(j, score, order, doc);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < this.size && this.worse(l, worst)) worst = l;
      if (r < this.size && this.worse(r, worst)) worst = r;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }
}
