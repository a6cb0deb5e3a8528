import { deflateRawSync, inflateRawSync } from "node:zlib";
import { Embeddings } from "@langchain/core/embeddings";
import { z } from "zod";
import { TOKENIZER_VERSION, termGroups } from "../tokenize.js";

/**
 * Offline embeddings with no weights: signed feature hashing of word unigrams, word bigrams and character
 * 4-grams of the council tokenizer's terms, TF-IDF weighted, into a dense vector for the HNSW index.
 * The IDF is fitted once on the corpus at ingest and saved with the index, so a query embedded later lands
 * in the same space as the stored vectors (refitting at query time would silently move it).
 */

/** Bump when the features or weighting change: vectors from another scheme are not comparable. */
export const HASHED_SCHEME = "council-hash-1";
export const HASHED_DIMENSIONS = 1024;
/** The model name recorded in the manifest: scheme and tokenizer together decide the vector space. */
export const HASHED_MODEL = `${HASHED_SCHEME}+${TOKENIZER_VERSION}`;

/** Document frequencies are kept per bucket of a wider hash than the vector, so unrelated features rarely share an IDF. */
const IDF_BITS = 18;
const MAX_DF = 0xffff;

/**
 * Each feature family is normalised on its own before mixing: character 4-grams outnumber words about
 * five to one and would otherwise drown them. Equal weights measured best on the demo gold questions
 * (hit@5 .76 against .62 for words alone, .71 with bigrams and 4-grams at 0.6).
 */
const FAMILY_WEIGHTS = { word: 1, bigram: 1, char: 1 } as const;
export type Family = keyof typeof FAMILY_WEIGHTS;
const FAMILIES = Object.keys(FAMILY_WEIGHTS) as Family[];
const FAMILY_PREFIX: Record<Family, string> = { word: "w\u0000", bigram: "b\u0000", char: "c\u0000" };

export const HashedEmbeddingsStateSchema = z.object({
  kind: z.literal("hashed"),
  scheme: z.string(),
  tokenizer: z.string(),
  dimensions: z.number().int().positive(),
  idfBits: z.number().int().min(8).max(24),
  documents: z.number().int().nonnegative(),
  /** Document frequency per IDF bucket: little-endian uint16, raw-deflated (mostly zeros), base64. */
  df: z.string(),
});
export type HashedEmbeddingsState = z.infer<typeof HashedEmbeddingsStateSchema>;

export class HashedEmbeddingsStateError extends Error {
  override readonly name = "HashedEmbeddingsStateError";
}

const FNV_BASIS = 0x811c9dc5;

/** FNV-1a over UTF-16 code units of s[from, to), continuing from state `h`. */
function fnv(h: number, s: string, from = 0, to = s.length): number {
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** murmur3's finaliser, so the low bits used for the bucket are well mixed. */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The FNV state after each family's prefix: a feature's hash is its prefix and text hashed as one string. */
const PREFIX_STATE: Record<Family, number> = {
  word: fnv(FNV_BASIS, FAMILY_PREFIX.word),
  bigram: fnv(FNV_BASIS, FAMILY_PREFIX.bigram),
  char: fnv(FNV_BASIS, FAMILY_PREFIX.char),
};

/** The hash of one feature, as `featurize` computes it piecewise; for tests and tools. */
export function featureHash(family: Family, feature: string): number {
  return finish(fnv(PREFIX_STATE[family], feature));
}

function idfBucket(h: number, bits: number): number {
  return Math.imul(h ^ 0x9e3779b9, 0x27d4eb2d) >>> (32 - bits);
}

/**
 * A text's features, hashed: each distinct feature once with its count, family by family (words, bigrams,
 * character 4-grams), each family in order of first occurrence. Computed once per unit at ingest and used
 * both to fit the IDF and to embed.
 */
export interface HashedFeatures {
  hashes: Uint32Array;
  counts: Uint16Array;
  /** Where the words and the bigrams end in `hashes`. */
  ends: readonly [number, number];
}

/**
 * Features are counted by their 32-bit hash, not their text: the same as counting by text unless two
 * different features of one text collide in 32 bits (odds ~1e-5 per paragraph), and no substring is built.
 */
export function featurize(groups: readonly (readonly string[])[]): HashedFeatures {
  const word = new Map<number, number>();
  const bigram = new Map<number, number>();
  const char = new Map<number, number>();
  const add = (m: Map<number, number>, h: number) => {
    const key = h | 0;
    m.set(key, (m.get(key) ?? 0) + 1);
  };
  let previous: string | undefined;
  for (const group of groups) {
    for (const term of group) {
      add(word, finish(fnv(PREFIX_STATE.word, term)));
      // Character 4-grams of "<term>", hashed straight from the term without building the padded string.
      const padded = term.length + 2;
      const lt = fnv(PREFIX_STATE.char, "<");
      if (padded <= 4) add(char, finish(fnv(fnv(lt, term), ">")));
      else {
        for (let i = 0; i + 4 <= padded; i++) {
          // Window [i, i + 4) of "<" + term + ">".
          let h = i === 0 ? lt : PREFIX_STATE.char;
          h = fnv(h, term, Math.max(0, i - 1), Math.min(term.length, i + 3));
          if (i + 4 === padded) h = fnv(h, ">");
          add(char, finish(h));
        }
      }
    }
    const primary = group[0];
    if (primary !== undefined) {
      if (previous !== undefined)
        add(bigram, finish(fnv(fnv(fnv(PREFIX_STATE.bigram, previous), " "), primary)));
      previous = primary;
    }
  }
  const size = word.size + bigram.size + char.size;
  const hashes = new Uint32Array(size);
  const counts = new Uint16Array(size);
  let at = 0;
  for (const m of [word, bigram, char]) {
    for (const [h, c] of m) {
      hashes[at] = h >>> 0;
      counts[at] = Math.min(c, 0xffff);
      at++;
    }
  }
  return { hashes, counts, ends: [word.size, word.size + bigram.size] };
}

/** The features of a text, tokenized here. */
export function textFeatures(text: string): HashedFeatures {
  return featurize(termGroups(text));
}

function encodeDf(df: Uint16Array): string {
  const bytes = Buffer.alloc(df.length * 2);
  for (let i = 0; i < df.length; i++) bytes.writeUInt16LE(df[i] ?? 0, i * 2);
  return deflateRawSync(bytes).toString("base64");
}

function decodeDf(b64: string, length: number): Uint16Array {
  let bytes: Buffer;
  try {
    bytes = inflateRawSync(Buffer.from(b64, "base64"));
  } catch (e) {
    throw new HashedEmbeddingsStateError("hashed embeddings: IDF table cannot be inflated", { cause: e });
  }
  if (bytes.length !== length * 2) {
    throw new HashedEmbeddingsStateError(
      `hashed embeddings: IDF table has ${bytes.length} bytes, expected ${length * 2}`,
    );
  }
  const df = new Uint16Array(length);
  for (let i = 0; i < length; i++) df[i] = bytes.readUInt16LE(i * 2);
  return df;
}

export interface HashedFitOptions {
  dimensions?: number;
}

export class HashedEmbeddings extends Embeddings {
  readonly dimensions: number;
  private readonly idfBits: number;
  private readonly documents: number;
  private readonly df: Uint16Array;

  private constructor(dimensions: number, idfBits: number, documents: number, df: Uint16Array) {
    super({});
    this.dimensions = dimensions;
    this.idfBits = idfBits;
    this.documents = documents;
    this.df = df;
  }

  /** Counts document frequencies over the corpus; the result is frozen from then on. */
  static fit(texts: readonly string[], opts: HashedFitOptions = {}): HashedEmbeddings {
    return HashedEmbeddings.fitFeatures(
      (function* () {
        for (const text of texts) yield textFeatures(text);
      })(),
      opts,
    );
  }

  /** As `fit`, from features the caller already computed (each unit's, once, at ingest). */
  static fitFeatures(corpus: Iterable<HashedFeatures>, opts: HashedFitOptions = {}): HashedEmbeddings {
    const df = new Uint16Array(1 << IDF_BITS);
    const seen = new Set<number>();
    let documents = 0;
    for (const { hashes } of corpus) {
      documents++;
      seen.clear();
      for (const h of hashes) seen.add(idfBucket(h, IDF_BITS));
      for (const b of seen) df[b] = Math.min(MAX_DF, (df[b] ?? 0) + 1);
    }
    return new HashedEmbeddings(opts.dimensions ?? HASHED_DIMENSIONS, IDF_BITS, documents, df);
  }

  static fromJSON(state: unknown): HashedEmbeddings {
    const parsed = HashedEmbeddingsStateSchema.safeParse(state);
    if (!parsed.success) {
      throw new HashedEmbeddingsStateError(
        `hashed embeddings: invalid state: ${z.prettifyError(parsed.error)}`,
      );
    }
    const s = parsed.data;
    if (s.scheme !== HASHED_SCHEME || s.tokenizer !== TOKENIZER_VERSION) {
      throw new HashedEmbeddingsStateError(
        `hashed embeddings: state is scheme ${s.scheme} with tokenizer ${s.tokenizer}, this build uses ${HASHED_SCHEME} with ${TOKENIZER_VERSION}`,
      );
    }
    return new HashedEmbeddings(s.dimensions, s.idfBits, s.documents, decodeDf(s.df, 1 << s.idfBits));
  }

  toJSON(): HashedEmbeddingsState {
    return {
      kind: "hashed",
      scheme: HASHED_SCHEME,
      tokenizer: TOKENIZER_VERSION,
      dimensions: this.dimensions,
      idfBits: this.idfBits,
      documents: this.documents,
      df: encodeDf(this.df),
    };
  }

  /** Synchronous core, for callers that embed many texts in a loop. */
  embed(text: string): number[] {
    return this.embedFeatures(textFeatures(text));
  }

  embedFeatures({ hashes, counts, ends }: HashedFeatures): number[] {
    const out = new Float64Array(this.dimensions);
    const part = new Float64Array(this.dimensions);
    const bounds = [0, ends[0], ends[1], hashes.length];
    FAMILIES.forEach((family, fi) => {
      part.fill(0);
      let norm = 0;
      for (let j = bounds[fi] as number; j < (bounds[fi + 1] as number); j++) {
        const h = hashes[j] as number;
        const df = this.df[idfBucket(h, this.idfBits)] ?? 0;
        const idf = Math.log((this.documents + 1) / (df + 1)) + 1;
        const w = (1 + Math.log(counts[j] as number)) * idf;
        const i = h % this.dimensions;
        part[i] = (part[i] ?? 0) + (h & 0x80000000 ? -w : w);
      }
      for (const x of part) norm += x * x;
      if (norm === 0) return;
      const scale = FAMILY_WEIGHTS[family] / Math.sqrt(norm);
      for (let i = 0; i < this.dimensions; i++) out[i] = (out[i] ?? 0) + (part[i] ?? 0) * scale;
    });
    let total = 0;
    for (const x of out) total += x * x;
    const inv = total > 0 ? 1 / Math.sqrt(total) : 0;
    return Array.from(out, (x) => x * inv);
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => this.embed(d));
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.embed(document);
  }
}
