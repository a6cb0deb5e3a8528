import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { relative, sep } from "node:path";
import type { Config } from "./config.js";
import { extractFigures } from "./figures.js";
import { extractGlossary, loadBuiltinGlossary, mergeGlossary } from "./glossary.js";
import { FileRejectedError } from "./load/errors.js";
import { listFiles, loadFile } from "./load/index.js";
import type { Logger } from "./logger.js";
import {
  IndexIncompatibleError,
  IndexMissingError,
  type IndexStore,
  type Manifest,
  openIndex,
  writeIndex,
} from "./store/index.js";
import { CHUNKER_VERSION, structureText } from "./structure/index.js";
import type {
  DocumentMeta,
  Figure,
  GlossaryEntry,
  LoadedText,
  SkippedFile,
  Unit,
  UnitDraft,
} from "./types.js";

export const DEFAULT_COLLECTION = "public";

export interface IngestOptions {
  indexDir: string;
  config: Config;
  /** Collection given to every file of this run (access control in Slack). */
  collection?: string;
  /** Remove from the index the files that are no longer found under the given paths. */
  prune?: boolean;
  /** Paths are stored relative to this folder (default: the working directory). */
  root?: string;
  onProgress?: (event: IngestProgress) => void;
  logger?: Logger;
}

export interface IngestProgress {
  phase: "read" | "index";
  done: number;
  total: number;
  file?: string;
}

export interface IngestSummary {
  indexDir: string;
  files: number;
  documents: number;
  units: number;
  figures: number;
  added: string[];
  updated: string[];
  unchanged: string[];
  removed: string[];
  skipped: SkippedFile[];
  /** Set when the previous index could not be reused (built by another version) and was rebuilt whole. */
  rebuilt: string | null;
  seconds: number;
}

/** One file's share of the index: what it contributes before units are merged across files. */
interface FileShare {
  entry: Manifest["files"][number];
  documents: DocumentMeta[];
  units: Unit[];
  glossary: GlossaryEntry[];
}

/** The same paragraph in two files shares an id, so it is stored once and remembers both places. */
export function unitId(draft: Pick<UnitDraft, "text" | "paragraph" | "part">, collection: string): string {
  const normalised = draft.text.replace(/\s+/g, " ").trim().toLowerCase();
  return createHash("sha256")
    .update(`${collection}\u0000${draft.paragraph ?? ""}\u0000${draft.part}\u0000${normalised}`)
    .digest("hex")
    .slice(0, 20);
}

/**
 * `extractFigures` remembering each text's figures: the same boilerplate paragraph recurs across a
 * council's papers, and reading its figures is the dearest step per unit. One per ingest run.
 */
export function memoisedFigures(): (text: string) => Figure[] {
  const seen = new Map<string, Figure[]>();
  return (text) => {
    let figures = seen.get(text);
    if (figures === undefined) {
      figures = extractFigures(text);
      seen.set(text, figures);
    }
    // Copies: units must never share a mutable figure.
    return figures.map((f) => ({ ...f, of: f.of === null ? null : { ...f.of } }));
  };
}

export function toUnit(
  draft: UnitDraft,
  collection: string,
  figuresOf: (text: string) => Figure[] = extractFigures,
): Unit {
  return {
    ...draft,
    id: unitId(draft, collection),
    collection,
    sources: [
      {
        source: draft.source,
        documentId: draft.documentId,
        page: draft.page,
        start: draft.start,
        end: draft.end,
      },
    ],
    figures: figuresOf(draft.text),
  };
}

/** Merge units that share an id; the first occurrence stays the primary citation. */
export function mergeUnits(units: Iterable<Unit>): Unit[] {
  const byId = new Map<string, Unit>();
  for (const unit of units) {
    const seen = byId.get(unit.id);
    if (!seen) {
      byId.set(unit.id, { ...unit, sources: [...unit.sources] });
      continue;
    }
    for (const s of unit.sources) {
      if (!seen.sources.some((t) => t.source === s.source && t.start === s.start)) seen.sources.push(s);
    }
  }
  return [...byId.values()];
}

/** A previous file's units, as they were before the merge: one occurrence per place in that file. */
function shareFromIndex(store: IndexStore, entry: Manifest["files"][number]): FileShare {
  const units: Unit[] = [];
  for (const unit of store.units.values()) {
    for (const s of unit.sources) {
      if (s.source !== entry.source) continue;
      units.push({
        ...unit,
        source: s.source,
        documentId: s.documentId,
        page: s.page,
        start: s.start,
        end: s.end,
        sources: [s],
      });
    }
  }
  const documents = store.documents.filter((d) => d.source === entry.source);
  const glossary = store.glossary.filter((g) => g.sources.includes(entry.source));
  return { entry, documents, units, glossary };
}

function sourceName(path: string, root: string): string {
  const rel = relative(root, path);
  const name = rel.startsWith("..") ? path : rel;
  return name.split(sep).join("/");
}

async function openPrevious(
  indexDir: string,
  config: Config,
  logger: Logger | undefined,
): Promise<{ store: IndexStore | undefined; rebuilt: string | null }> {
  try {
    return {
      store: await openIndex(indexDir, { config, expectedChunkerVersion: CHUNKER_VERSION }),
      rebuilt: null,
    };
  } catch (error) {
    if (error instanceof IndexMissingError) return { store: undefined, rebuilt: null };
    if (error instanceof IndexIncompatibleError) {
      logger?.warn({ indexDir }, "previous index was built by another version; rebuilding it whole");
      return { store: undefined, rebuilt: error.message };
    }
    throw error;
  }
}

/**
 * Files being read and loaded ahead of the one being structured: PDF text comes from a worker thread
 * per file, so the next PDFs parse while this thread structures the current one. Bounded, as each
 * holds a whole file's text.
 */
const READ_AHEAD = 2;

type FileRead =
  | { kind: "unchanged" }
  | { kind: "loaded"; sha256: string; bytes: number; loaded: LoadedText }
  | { kind: "failed"; error: unknown };

async function readSource(
  path: string,
  source: string,
  unchanged: (sha256: string) => boolean,
  maxBytes: number,
): Promise<FileRead> {
  const bytes = await readFile(path);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (unchanged(sha256)) return { kind: "unchanged" };
  const loaded = await loadFile(path, { maxBytes, displayName: source });
  return { kind: "loaded", sha256, bytes: (await stat(path)).size, loaded };
}

/**
 * Reads every file under `paths`, cuts it into citable units with their figures, and writes the index.
 * Incremental by content hash; a file that fails is named in `skipped` and never stops the others; the
 * index on disk is replaced only once the new one is complete.
 */
export async function ingestPaths(paths: string[], options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const { config, logger, onProgress } = options;
  const root = options.root ?? process.cwd();
  const collection = options.collection ?? DEFAULT_COLLECTION;

  const listing = await listFiles(paths);
  const skipped: SkippedFile[] = listing.skipped.map((s) => ({ ...s, file: sourceName(s.file, root) }));
  const { store: previous, rebuilt } = await openPrevious(options.indexDir, config, logger);
  const previousFiles = new Map((previous?.manifest.files ?? []).map((f) => [f.source, f]));

  const figuresOf = memoisedFigures();
  const shares = new Map<string, FileShare>();
  const added: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];

  const read = (path: string): Promise<FileRead> => {
    const source = sourceName(path, root);
    const before = previousFiles.get(source);
    return readSource(
      path,
      source,
      (sha256) => Boolean(previous && before && before.sha256 === sha256 && before.collection === collection),
      config.maxFileBytes,
    ).then(undefined, (error: unknown): FileRead => ({ kind: "failed", error }));
  };
  const reads: Promise<FileRead>[] = [];
  for (const [i, path] of listing.files.entries()) {
    for (let j = reads.length; j <= i + READ_AHEAD && j < listing.files.length; j++) {
      reads.push(read(listing.files[j] as string));
    }
    const source = sourceName(path, root);
    onProgress?.({ phase: "read", done: i, total: listing.files.length, file: source });
    const before = previousFiles.get(source);
    const got = await (reads[i] as Promise<FileRead>);
    try {
      if (got.kind === "failed") throw got.error;
      if (got.kind === "unchanged") {
        // Only a file with a previous entry reads as unchanged.
        if (previous && before) shares.set(source, shareFromIndex(previous, before));
        unchanged.push(source);
        continue;
      }
      const { loaded } = got;
      const structured = structureText(loaded);
      for (const warning of structured.warnings) logger?.debug({ file: source }, warning);
      // A loop, not a closure: a closure would keep the memo alive through the index build.
      const units: Unit[] = [];
      for (const draft of structured.units) units.push(toUnit(draft, collection, figuresOf));
      if (units.length === 0) {
        throw new FileRejectedError(source, "no citable text found");
      }
      const figures = units.reduce((n, u) => n + u.figures.length, 0);
      shares.set(source, {
        entry: {
          source,
          sha256: got.sha256,
          bytes: got.bytes,
          collection,
          documents: structured.documents.length,
          units: units.length,
          figures,
          ingestedAt: new Date().toISOString(),
        },
        documents: structured.documents,
        units,
        glossary: extractGlossary(loaded.text, source),
      });
      (before ? updated : added).push(source);
    } catch (error) {
      const reason = error instanceof FileRejectedError ? error.reason : describe(error);
      skipped.push({ file: source, reason });
      logger?.warn({ file: source, reason }, "file skipped");
      // A file that read before and fails now keeps its previous units: a bad upload loses nothing.
      if (previous && before) shares.set(source, shareFromIndex(previous, before));
    }
  }
  onProgress?.({ phase: "read", done: listing.files.length, total: listing.files.length });

  const removed: string[] = [];
  for (const [source, entry] of previousFiles) {
    if (shares.has(source)) continue;
    if (options.prune) removed.push(source);
    else if (previous) shares.set(source, shareFromIndex(previous, entry));
  }

  const all = [...shares.values()].sort((a, b) => a.entry.source.localeCompare(b.entry.source));
  const units = mergeUnits(all.flatMap((s) => s.units));
  const documents = all.flatMap((s) => s.documents);
  const glossary = mergeGlossary([...loadBuiltinGlossary(), ...all.flatMap((s) => s.glossary)]);
  const changed = added.length + updated.length + removed.length > 0 || rebuilt !== null || !previous;

  let manifest: Manifest | undefined = previous?.manifest;
  if (changed && all.length > 0) {
    manifest = await writeIndex(
      options.indexDir,
      { documents, units, glossary, files: all.map((s) => s.entry), chunkerVersion: CHUNKER_VERSION },
      {
        config,
        ...(previous ? { previous } : {}),
        onProgress: (done, total) => onProgress?.({ phase: "index", done, total }),
      },
    );
  }

  return {
    indexDir: options.indexDir,
    files: manifest?.counts.files ?? 0,
    documents: manifest?.counts.documents ?? 0,
    units: manifest?.counts.units ?? 0,
    figures: manifest?.counts.figures ?? 0,
    added,
    updated,
    unchanged,
    removed,
    skipped,
    rebuilt,
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
