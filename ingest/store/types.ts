import { z } from "zod";
import type { DocumentMeta, GlossaryEntry, Unit } from "../types.js";

/**
 * Bump when the folder layout or the meaning of a file in it changes.
 * 2: lexical.json holds typed-array postings (was MiniSearch's JSON); the manifest carries checksums.
 */
export const INDEX_FORMAT_VERSION = 2;

export const ManifestFileSchema = z.object({
  source: z.string(),
  sha256: z.string(),
  bytes: z.number().int().nonnegative(),
  collection: z.string(),
  documents: z.number().int().nonnegative(),
  units: z.number().int().nonnegative(),
  figures: z.number().int().nonnegative(),
  ingestedAt: z.string(),
});

export const ManifestSchema = z.object({
  formatVersion: z.number().int(),
  chunkerVersion: z.string(),
  createdAt: z.string(),
  embedding: z.object({
    kind: z.enum(["hashed", "openai"]),
    model: z.string(),
    dimensions: z.number().int().positive(),
  }),
  files: z.array(ManifestFileSchema),
  counts: z.object({
    files: z.number().int().nonnegative(),
    documents: z.number().int().nonnegative(),
    units: z.number().int().nonnegative(),
    figures: z.number().int().nonnegative(),
    glossary: z.number().int().nonnegative(),
  }),
  /**
   * SHA-256 (hex) of files as written, set when the index is saved. A units.jsonl that still matches was
   * validated when it was written, so opening it skips the per-line schema check; one that does not is
   * checked line by line.
   */
  checksums: z.object({ units: z.string() }).optional(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** Everything the ingest pipeline hands over to be indexed. */
export interface IndexContents {
  documents: DocumentMeta[];
  units: Unit[];
  glossary: GlossaryEntry[];
  files: Manifest["files"];
  chunkerVersion: string;
}

/** A unit id and how well it matched; higher is better. Scores of different searches are not comparable. */
export interface SearchHit {
  id: string;
  score: number;
}

/** The index as the bot sees it. One interface, so a server-side store could stand in later. */
export interface IndexStore {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly documents: readonly DocumentMeta[];
  readonly glossary: readonly GlossaryEntry[];
  readonly units: ReadonlyMap<string, Unit>;
  /** BM25 over unit context + text with the council tokenizer. */
  lexicalSearch(query: string, k: number, filter?: (u: Unit) => boolean): SearchHit[];
  /** Nearest units by embedding; score is cosine similarity. */
  vectorSearch(query: string, k: number, filter?: (u: Unit) => boolean): Promise<SearchHit[]>;
  /** Stored vector of a unit, for reuse on incremental re-ingest (OpenAI vectors cost money). */
  vectorOf(id: string): number[] | undefined;
}

export type ProgressPhase = "embed" | "lexical" | "vectors" | "write" | "swap";
export type ProgressCallback = (done: number, total: number, phase: ProgressPhase) => void;
