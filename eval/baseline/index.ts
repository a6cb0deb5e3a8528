import { basename } from "node:path";
import MiniSearch from "minisearch";
import type { Answer, AnswerFigure, Citation } from "../../bot/engine/types.js";
import { extractFigures } from "../../ingest/figures.js";
import { listFiles, loadFile } from "../../ingest/load/index.js";

/**
 * The naive pipeline the ablations compare against: what a first RAG tutorial does. Fixed-size
 * character chunks over the raw text (no structure, no paragraph numbers), BM25 with MiniSearch's
 * default tokenizer, and the top chunk's best-overlapping sentence as the answer. It never refuses
 * while anything matches, which is exactly the behaviour the real engine must beat.
 */

export const BASELINE_CHUNK_SIZE = 1000;
export const BASELINE_CHUNK_OVERLAP = 200;
/** Same default as the ingest's SCRUTINY_MAX_FILE_MB, for callers without a Config. */
export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

export interface BaselineChunk {
  id: string;
  /** File name inside the corpus folder. */
  source: string;
  start: number;
  end: number;
  text: string;
}

export interface BaselineHit {
  chunk: BaselineChunk;
  score: number;
}

export interface Baseline {
  readonly chunks: readonly BaselineChunk[];
  ask(question: string): Promise<Answer>;
  search(question: string, k: number): BaselineHit[];
}

export interface BaselineOptions {
  chunkSize?: number;
  overlap?: number;
  maxFileBytes?: number;
}

/** Fixed windows of `size` characters, each starting `size - overlap` after the previous one. */
export function chunkText(
  text: string,
  size = BASELINE_CHUNK_SIZE,
  overlap = BASELINE_CHUNK_OVERLAP,
): { start: number; end: number; text: string }[] {
  if (size <= 0 || overlap < 0 || overlap >= size) {
    throw new RangeError(`baseline: chunk size ${size} with overlap ${overlap} never advances`);
  }
  const out: { start: number; end: number; text: string }[] = [];
  for (let start = 0; start < text.length; start += size - overlap) {
    const end = Math.min(text.length, start + size);
    out.push({ start, end, text: text.slice(start, end) });
    if (end === text.length) break;
  }
  return out;
}

const STOPWORDS = new Set(
  "a an and are as at be by did do does for from had has have how in is it of on or the to was were what when where which who why with".split(
    " ",
  ),
);

function terms(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((w) => !STOPWORDS.has(w)));
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n\s*\n|\t/)
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter((s) => s.length > 0);
}

/** The sentence sharing the most distinct terms with the question; the earliest wins a tie. */
export function bestSentence(question: string, text: string): string {
  const wanted = terms(question);
  let best = "";
  let bestScore = -1;
  for (const s of sentences(text)) {
    let score = 0;
    for (const t of terms(s)) if (wanted.has(t)) score++;
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}

function toCitation(hit: BaselineHit): Citation {
  return {
    id: hit.chunk.id,
    source: hit.chunk.source,
    title: hit.chunk.source,
    section: null,
    paragraph: null,
    page: null,
    date: null,
    text: hit.chunk.text,
    score: hit.score,
    collection: "public",
  };
}

/** The papers of a corpus folder, sorted (a README beside them describes them and is not one). */
export async function corpusPapers(corpusDir: string): Promise<string[]> {
  return (await listFiles([corpusDir])).files.filter((f) => basename(f).toLowerCase() !== "readme.md");
}

/** Builds the baseline over every paper of `corpusDir`, text as the loader extracts it. */
export async function buildBaseline(corpusDir: string, options: BaselineOptions = {}): Promise<Baseline> {
  const size = options.chunkSize ?? BASELINE_CHUNK_SIZE;
  const overlap = options.overlap ?? BASELINE_CHUNK_OVERLAP;
  const papers = await corpusPapers(corpusDir);
  if (papers.length === 0) throw new Error(`baseline: no papers in "${corpusDir}"`);
  const chunks: BaselineChunk[] = [];
  for (const path of papers) {
    const name = basename(path);
    const { text } = await loadFile(path, { maxBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES });
    for (const [i, c] of chunkText(text, size, overlap).entries()) {
      chunks.push({ id: `baseline:${name}:${i}`, source: name, ...c });
    }
  }
  const byId = new Map(chunks.map((c) => [c.id, c]));
  const index = new MiniSearch<BaselineChunk>({ fields: ["text"], idField: "id" });
  index.addAll(chunks);

  const search = (question: string, k: number): BaselineHit[] =>
    index
      .search(question, { combineWith: "OR" })
      .slice(0, k)
      .flatMap((r) => {
        const chunk = byId.get(String(r.id));
        return chunk ? [{ chunk, score: r.score }] : [];
      });

  return {
    chunks,
    search,
    async ask(question: string): Promise<Answer> {
      const hits = search(question, 3);
      const top = hits[0];
      const sentence = top ? bestSentence(question, top.chunk.text) : "";
      const figures: AnswerFigure[] = extractFigures(sentence)
        .slice(0, 1)
        .map((f) => ({ value: f.amount, unit: f.unit, text: f.raw }));
      return {
        question,
        answer: sentence || "No match in the papers.",
        answered: sentence.length > 0,
        mode: "extractive",
        citations: hits.map(toCitation),
        figures,
        notes: [],
        suggestions: [],
      };
    },
  };
}
