import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { Config } from "../config.js";
import { EmbeddingStateSchema, EmbeddingsUnavailableError, restoreEmbeddings } from "../embeddings/index.js";
import { DocumentMetaSchema, GlossaryEntrySchema, type Unit, UnitSchema } from "../types.js";
import { IndexIncompatibleError, IndexMissingError } from "./errors.js";
import {
  acquireLock,
  type FolderEntry,
  type FolderLayout,
  recoverFolder,
  removeLeftovers,
  replaceFolder,
} from "./folder.js";
import { LexicalIndex, LexicalIndexError } from "./lexical.js";
import { buildIndex, documentSource, LocalIndexStore, misalignment } from "./local.js";
import { parseManifest } from "./manifest.js";
import type { IndexContents, IndexStore, Manifest, ProgressCallback } from "./types.js";
import { HnswVectorStore, VectorIndexError } from "./vectors.js";

export {
  IndexIncompatibleError,
  IndexLockedError,
  IndexMissingError,
  IndexWriteError,
  ingestCommand,
} from "./errors.js";
export { lockFileOf } from "./folder.js";
export { CONTEXT_BOOST, LexicalIndex } from "./lexical.js";
export {
  buildIndexInMemory,
  collectionFilter,
  LocalIndexStore,
  searchText,
  unitDocument,
} from "./local.js";
export {
  INDEX_FORMAT_VERSION,
  type IndexContents,
  type IndexStore,
  type Manifest,
  ManifestSchema,
  type ProgressCallback,
  type ProgressPhase,
  type SearchHit,
} from "./types.js";
export { HNSW, HnswVectorStore } from "./vectors.js";

export const INDEX_FILES = {
  manifest: "manifest.json",
  units: "units.jsonl",
  documents: "documents.json",
  glossary: "glossary.json",
  lexical: "lexical.json",
  vectors: "vectors.hnsw",
  labels: "vectors.labels.json",
  embedding: "embedding.json",
} as const;

const LAYOUT: FolderLayout = {
  marker: INDEX_FILES.manifest,
  files: Object.values(INDEX_FILES).filter((name) => name !== INDEX_FILES.manifest),
};

/** How long openIndex waits for a writer caught between its two renames. */
const SWAP_WAIT_MS = 5_000;
const SWAP_POLL_MS = 25;

export interface WriteIndexOptions {
  config: Config;
  previous?: IndexStore;
  onProgress?: ProgressCallback;
}

export interface OpenIndexOptions {
  config: Config;
  /** The chunker version of the running code; an index cut by another chunker is refused. */
  expectedChunkerVersion?: string;
}

function textEntry(name: string, text: () => string): FolderEntry {
  return { name, write: (path) => writeFile(path, text()) };
}

/**
 * Builds the index and replaces the folder at `dir` atomically, under a lock. Returns the new manifest.
 * Throws IndexLockedError when another live process is writing the same index.
 */
export async function writeIndex(
  dir: string,
  contents: IndexContents,
  opts: WriteIndexOptions,
): Promise<Manifest> {
  const target = resolve(dir);
  const lock = await acquireLock(target);
  try {
    // A writer that died between its two renames left the index beside `dir`: put it back before
    // replacing it, so that if this write fails too the last good index is still there.
    await recoverFolder(target, LAYOUT);
    await removeLeftovers(target, LAYOUT);
    const store = await buildIndex(contents, {
      config: opts.config,
      previous: opts.previous,
      onProgress: opts.onProgress,
      dir,
    });
    const vectors = store.asVectorStore();
    const units = Buffer.from(contents.units.map((u) => `${JSON.stringify(u)}\n`).join(""));
    const manifest: Manifest = { ...store.manifest, checksums: { units: sha256(units) } };
    const entries: FolderEntry[] = [
      { name: INDEX_FILES.units, write: (path) => writeFile(path, units) },
      textEntry(INDEX_FILES.documents, () => JSON.stringify(contents.documents)),
      textEntry(INDEX_FILES.glossary, () => JSON.stringify(contents.glossary)),
      textEntry(INDEX_FILES.lexical, () => store.lexicalIndex().toJSON()),
      textEntry(INDEX_FILES.embedding, () => JSON.stringify(store.embeddingState)),
      { name: INDEX_FILES.vectors, write: (path) => vectors.saveGraph(path) },
      textEntry(INDEX_FILES.labels, () => vectors.labelsJSON()),
    ];
    const report = opts.onProgress;
    await replaceFolder(
      target,
      LAYOUT,
      entries,
      `${JSON.stringify(manifest, null, 2)}\n`,
      report && ((done, total) => report(done, total, "write")),
      report && ((done, total) => report(done, total, "swap")),
    );
    return manifest;
  } finally {
    await lock.release();
  }
}

async function ensurePresent(dir: string, target: string): Promise<void> {
  const deadline = Date.now() + SWAP_WAIT_MS;
  for (;;) {
    const result = await recoverFolder(target, LAYOUT);
    if (result.state === "present" || result.state === "recovered") return;
    if (result.state === "missing") throw new IndexMissingError(dir, "folder not found");
    if (Date.now() > deadline) {
      throw new IndexMissingError(dir, `process ${result.pid} is replacing it and has not finished`);
    }
    await sleep(SWAP_POLL_MS);
  }
}

function errorCode(e: unknown): string | undefined {
  return e instanceof Error && "code" in e && typeof e.code === "string" ? e.code : undefined;
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function readIndexFile(dir: string, target: string, name: string): Promise<string>;
async function readIndexFile(dir: string, target: string, name: string, raw: "bytes"): Promise<Buffer>;
async function readIndexFile(
  dir: string,
  target: string,
  name: string,
  raw?: "bytes",
): Promise<string | Buffer> {
  try {
    return raw ? await readFile(join(target, name)) : await readFile(join(target, name), "utf8");
  } catch (e) {
    if (errorCode(e) === "ENOENT") {
      if (name === INDEX_FILES.manifest) throw new IndexMissingError(dir, `${name} not found`, { cause: e });
      throw new IndexIncompatibleError(dir, `${name} is missing`, { cause: e });
    }
    throw e;
  }
}

function parseJsonFile<T>(dir: string, name: string, text: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new IndexIncompatibleError(dir, `${name} is not valid JSON`, { cause: e });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new IndexIncompatibleError(dir, `${name} is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * The units of units.jsonl. `trusted` (the file matches the checksum written with it, when every unit had
 * passed the schema) skips the per-line schema check, which at 100x the demo corpus was most of the load.
 */
function parseUnits(dir: string, text: string, trusted: boolean): Unit[] {
  const units: Unit[] = [];
  const lines = text.split("\n");
  for (const [i, line] of lines.entries()) {
    if (line.trim() === "") continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      throw new IndexIncompatibleError(dir, `${INDEX_FILES.units} line ${i + 1} is not valid JSON`, {
        cause: e,
      });
    }
    if (trusted) {
      units.push(raw as Unit);
      continue;
    }
    const parsed = UnitSchema.safeParse(raw);
    if (!parsed.success) {
      throw new IndexIncompatibleError(
        dir,
        `${INDEX_FILES.units} line ${i + 1} is not a unit: ${z.prettifyError(parsed.error)}`,
      );
    }
    units.push(parsed.data);
  }
  return units;
}

/**
 * Opens the index at `dir`: recovers it if a writer died mid-swap, then checks it was built by code this
 * build can read (format, chunker, embeddings) and validates every file.
 */
export async function openIndex(dir: string, opts: OpenIndexOptions): Promise<LocalIndexStore> {
  const target = resolve(dir);
  await ensurePresent(dir, target);
  const manifest = parseManifest(
    dir,
    await readIndexFile(dir, target, INDEX_FILES.manifest),
    opts.expectedChunkerVersion,
  );
  const embeddingState = parseJsonFile(
    dir,
    INDEX_FILES.embedding,
    await readIndexFile(dir, target, INDEX_FILES.embedding),
    EmbeddingStateSchema,
  );
  let embeddings: ReturnType<typeof restoreEmbeddings>;
  try {
    embeddings = restoreEmbeddings(opts.config, manifest, embeddingState);
  } catch (e) {
    if (e instanceof EmbeddingsUnavailableError)
      throw new IndexIncompatibleError(dir, e.message, { cause: e });
    throw e;
  }

  const unitBytes = await readIndexFile(dir, target, INDEX_FILES.units, "bytes");
  const trusted = manifest.checksums !== undefined && manifest.checksums.units === sha256(unitBytes);
  const units = parseUnits(dir, unitBytes.toString("utf8"), trusted);
  if (units.length !== manifest.counts.units) {
    throw new IndexIncompatibleError(
      dir,
      `${INDEX_FILES.units} holds ${units.length} units, the manifest ${manifest.counts.units}`,
    );
  }
  const documents = parseJsonFile(
    dir,
    INDEX_FILES.documents,
    await readIndexFile(dir, target, INDEX_FILES.documents),
    z.array(DocumentMetaSchema),
  );
  const glossary = parseJsonFile(
    dir,
    INDEX_FILES.glossary,
    await readIndexFile(dir, target, INDEX_FILES.glossary),
    z.array(GlossaryEntrySchema),
  );

  let lexical: LexicalIndex;
  try {
    lexical = LexicalIndex.fromJSON(await readIndexFile(dir, target, INDEX_FILES.lexical));
  } catch (e) {
    if (e instanceof LexicalIndexError) throw new IndexIncompatibleError(dir, e.message, { cause: e });
    throw e;
  }

  const byId = new Map(units.map((u) => [u.id, u]));
  let vectors: HnswVectorStore;
  try {
    vectors = await HnswVectorStore.load(
      join(target, INDEX_FILES.vectors),
      join(target, INDEX_FILES.labels),
      embeddings,
      documentSource(byId),
      manifest.embedding.dimensions,
    );
  } catch (e) {
    if (e instanceof VectorIndexError) throw new IndexIncompatibleError(dir, e.message, { cause: e });
    throw e;
  }

  if (vectors.size !== units.length) {
    throw new IndexIncompatibleError(
      dir,
      `${INDEX_FILES.labels} names ${vectors.size} vectors for ${units.length} units`,
    );
  }
  const problem = misalignment(units, lexical, vectors);
  if (problem) throw new IndexIncompatibleError(dir, `its files disagree: ${problem}`);

  return new LocalIndexStore({
    dir,
    manifest,
    documents,
    glossary,
    units: byId,
    lexical,
    vectors,
    embeddings,
    embeddingState,
  });
}
