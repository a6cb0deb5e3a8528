import { Document, type DocumentInterface } from "@langchain/core/documents";
import type { Embeddings } from "@langchain/core/embeddings";
import { z } from "zod";
import type { Config } from "../config.js";
import { createEmbeddingsForIngest, type EmbeddingState } from "../embeddings/index.js";
import {
  type DocumentMeta,
  DocumentMetaSchema,
  type GlossaryEntry,
  GlossaryEntrySchema,
  type Unit,
  UnitSchema,
} from "../types.js";
import { IndexWriteError } from "./errors.js";
import { LexicalIndex } from "./lexical.js";
import { buildManifest } from "./manifest.js";
import {
  type IndexContents,
  type IndexStore,
  type Manifest,
  ManifestFileSchema,
  type ProgressCallback,
  type SearchHit,
} from "./types.js";
import { HnswVectorStore } from "./vectors.js";

/** Units are embedded in batches this size, so progress moves and a failed request loses little. */
const EMBED_BATCH = 128;

/** What is embedded and searched for a unit: its context header is for finding it, never for quoting. */
export function searchText(u: Pick<Unit, "context" | "text">): string {
  return `${u.context}\n${u.text}`;
}

export function unitDocument(u: Unit): DocumentInterface {
  return new Document({
    id: u.id,
    pageContent: u.text,
    metadata: {
      id: u.id,
      source: u.source,
      documentId: u.documentId,
      title: u.title,
      section: u.section,
      paragraph: u.paragraph,
      page: u.page,
      meetingDate: u.meetingDate,
      collection: u.collection,
    },
  });
}

export interface IndexParts {
  dir: string;
  manifest: Manifest;
  documents: DocumentMeta[];
  glossary: GlossaryEntry[];
  units: Map<string, Unit>;
  lexical: LexicalIndex;
  vectors: HnswVectorStore;
  embeddings: Embeddings;
  /** Saved beside the vectors so queries land in the same space. */
  embeddingState: EmbeddingState;
}

/** The index in memory, whether just built or read from a folder: both go through this one class. */
export class LocalIndexStore implements IndexStore {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly documents: readonly DocumentMeta[];
  readonly glossary: readonly GlossaryEntry[];
  readonly units: ReadonlyMap<string, Unit>;
  readonly embeddingState: EmbeddingState;
  private readonly lexical: LexicalIndex;
  private readonly vectors: HnswVectorStore;
  private readonly embeddings: Embeddings;

  constructor(parts: IndexParts) {
    this.dir = parts.dir;
    this.manifest = parts.manifest;
    this.documents = parts.documents;
    this.glossary = parts.glossary;
    this.units = parts.units;
    this.embeddingState = parts.embeddingState;
    this.lexical = parts.lexical;
    this.vectors = parts.vectors;
    this.embeddings = parts.embeddings;
  }

  private accept(filter: ((u: Unit) => boolean) | undefined): ((id: string) => boolean) | undefined {
    if (!filter) return undefined;
    return (id) => {
      const u = this.units.get(id);
      return u !== undefined && filter(u);
    };
  }

  lexicalSearch(query: string, k: number, filter?: (u: Unit) => boolean): SearchHit[] {
    return this.lexical.search(query, k, this.accept(filter));
  }

  async vectorSearch(query: string, k: number, filter?: (u: Unit) => boolean): Promise<SearchHit[]> {
    if (k <= 0 || this.vectors.size === 0) return [];
    const vector = await this.embeddings.embedQuery(query);
    return this.vectors.searchVector(vector, k, this.accept(filter));
  }

  vectorOf(id: string): number[] | undefined {
    return this.vectors.vectorOf(id);
  }

  /** The vectors as a LangChain VectorStore, for retrievers; documents carry the unit id in `id` and metadata. */
  asVectorStore(): HnswVectorStore {
    return this.vectors;
  }

  /** The lexical index itself, for saving. */
  lexicalIndex(): LexicalIndex {
    return this.lexical;
  }
}

const ContentsSchema = z.object({
  documents: z.array(DocumentMetaSchema),
  units: z.array(UnitSchema),
  glossary: z.array(GlossaryEntrySchema),
  files: z.array(ManifestFileSchema),
  chunkerVersion: z.string().min(1),
});

export interface BuildOptions {
  config: Config;
  /** An index of the same papers built before: its OpenAI vectors are reused for unchanged units. */
  previous?: IndexStore | undefined;
  onProgress?: ProgressCallback | undefined;
  /** Where the index will live; ":memory:" when it will not be saved. */
  dir?: string;
}

function checkContents(contents: IndexContents): void {
  const parsed = ContentsSchema.safeParse(contents);
  if (!parsed.success) {
    throw new IndexWriteError(`index: contents to index are invalid: ${z.prettifyError(parsed.error)}`);
  }
  const seen = new Map<string, Unit>();
  for (const u of contents.units) {
    const first = seen.get(u.id);
    if (first) {
      throw new IndexWriteError(
        `index: unit id ${u.id} appears twice ("${first.source}" para ${first.paragraph ?? "-"} and "${u.source}" para ${u.paragraph ?? "-"}); equal units must be merged before indexing`,
      );
    }
    seen.set(u.id, u);
  }
}

/**
 * Embeds the units and builds both indexes in memory. The same path serves writeIndex and tests that want
 * a small store without touching disk (`buildIndexInMemory`).
 */
export async function buildIndex(contents: IndexContents, opts: BuildOptions): Promise<LocalIndexStore> {
  checkContents(contents);
  const { units } = contents;
  const report = opts.onProgress ?? (() => undefined);
  const texts = units.map(searchText);
  const ingest = createEmbeddingsForIngest(opts.config, texts);

  const previous = opts.previous;
  const reusable =
    ingest.kind === "openai" &&
    previous?.manifest.embedding.kind === "openai" &&
    previous.manifest.embedding.model === ingest.model;
  const vectors: (number[] | undefined)[] = units.map((u) => {
    if (!reusable) return undefined;
    const before = previous.units.get(u.id);
    // Same id but a new context header (a retitled report) means the embedded text changed.
    return before && searchText(before) === searchText(u) ? previous.vectorOf(u.id) : undefined;
  });
  const missing = vectors.flatMap((v, i) => (v === undefined ? [i] : []));
  let done = units.length - missing.length;
  report(done, units.length, "embed");
  for (let start = 0; start < missing.length; start += EMBED_BATCH) {
    const batch = missing.slice(start, start + EMBED_BATCH);
    const embedded = await ingest.embeddings.embedDocuments(batch.map((i) => texts[i] as string));
    if (embedded.length !== batch.length) {
      throw new IndexWriteError(
        `index: ${ingest.kind} embeddings returned ${embedded.length} vectors for ${batch.length} units`,
      );
    }
    batch.forEach((unitIndex, j) => {
      vectors[unitIndex] = embedded[j];
    });
    done += batch.length;
    report(done, units.length, "embed");
  }

  const dimensions =
    ingest.dimensions ?? vectors[0]?.length ?? (await ingest.embeddings.embedQuery("dimensions")).length;
  const store = HnswVectorStore.empty(ingest.embeddings, dimensions, units.length);
  const docs = units.map(unitDocument);
  for (let start = 0; start < units.length; start += EMBED_BATCH) {
    const end = Math.min(units.length, start + EMBED_BATCH);
    await store.addVectors(vectors.slice(start, end) as number[][], docs.slice(start, end));
    report(end, units.length, "vectors");
  }

  const lexical = LexicalIndex.build(units);
  report(1, 1, "lexical");

  return new LocalIndexStore({
    dir: opts.dir ?? ":memory:",
    manifest: buildManifest(contents, { kind: ingest.kind, model: ingest.model, dimensions }, new Date()),
    documents: contents.documents,
    glossary: contents.glossary,
    units: new Map(units.map((u) => [u.id, u])),
    lexical,
    vectors: store,
    embeddings: ingest.embeddings,
    embeddingState: ingest.state,
  });
}

/** A store built from contents in memory, through the same code as writeIndex; nothing is written. */
export function buildIndexInMemory(contents: IndexContents, config: Config): Promise<LocalIndexStore> {
  return buildIndex(contents, { config });
}
