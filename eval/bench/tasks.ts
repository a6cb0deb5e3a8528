import { z } from "zod";
import type { LatencySummary, MemoryPoint } from "./measure.js";

/** What the parent (cli.ts) asks a child process (child.ts) to measure, and what comes back. */

export const RESULT_MARKER = "BENCH_RESULT ";

export const ChildTaskSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("ingest"),
    label: z.string(),
    paths: z.array(z.string()).min(1),
    indexDir: z.string(),
    root: z.string(),
  }),
  z.object({
    kind: z.literal("query"),
    label: z.string(),
    indexDir: z.string(),
    questionsFile: z.string(),
    /** The original papers: gold quotes are located in them for hit@k. */
    goldCorpusDir: z.string(),
    warmup: z.number().int().nonnegative(),
    /** hit@k is scored on every n-th question (its retrieval pass costs as much as the timed pass). */
    hitsEvery: z.number().int().positive(),
  }),
  z.object({
    kind: z.literal("baseline"),
    label: z.string(),
    corpusDir: z.string(),
    questionsFile: z.string(),
    goldCorpusDir: z.string(),
    warmup: z.number().int().nonnegative(),
    /** Every n-th question is timed and scored: the naive search slows with the corpus faster than ours. */
    every: z.number().int().positive(),
  }),
]);
export type ChildTask = z.infer<typeof ChildTaskSchema>;

export interface IngestResult {
  files: number;
  documents: number;
  units: number;
  figures: number;
  skipped: { file: string; reason: string }[];
  /** Wall time of ingestPaths as seen from outside it. */
  seconds: number;
  rss_mb: number;
}

export interface Hits {
  /** Answerable questions scored (unanswerable ones have no evidence to hit). */
  n: number;
  hit_at_1: number;
  hit_at_5: number;
  /** Share whose answer cites the expected evidence. */
  cited_hit: number;
}

export interface QueryResult {
  units: number;
  /** openIndex alone, cold, in this fresh process. */
  open_ms: number;
  /** createEngine: the per-unit profiles and idf the engine builds before its first answer. */
  engine_ms: number;
  latency: LatencySummary;
  gold: LatencySummary;
  paraphrase: LatencySummary;
  answered: number;
  hits: Hits;
  rss_mb: number;
  /** Where the serving memory goes: RSS and JS heap in use after each step. */
  memory: { after_open: MemoryPoint; after_engine: MemoryPoint; after_questions: MemoryPoint };
}

export interface BaselineResult {
  chunks: number;
  build_ms: number;
  latency: LatencySummary;
  answered: number;
  hits: Hits;
  rss_mb: number;
}
