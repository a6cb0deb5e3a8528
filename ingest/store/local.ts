import { Document, type DocumentInterface } from "@langchain/core/documents";
import type { Embeddings } from "@langchain/core/embeddings";
import { z } from "zod";
import type { Config } from "../config.js";
import {
  createEmbeddingsForIngest,
  type EmbeddingState,
  featurize,
  HashedEmbeddings,
  type HashedFeatures,
  type IngestEmbeddings,
} from "../embeddings/index.js";
import { termGroups } from "../tokenize.js";
import {
  type DocumentMeta,
  DocumentMetaSchema,
  type GlossaryEntry,
  GlossaryEntrySchema,
  type Unit,
  UnitSchema,
} from "../types.js";
import { IndexWriteError } from "./errors.js";
import { type LexicalIndex, LexicalIndexBuilder } from "./lexical.js";
import { buildManifest } from "./manifest.js";
import {
  type IndexContents,
  type IndexStore,
  type Manifest,
  ManifestFileSchema,
  type ProgressCallback,
  type SearchHit,
} from "./types.js";
import { type DocumentSource, type Eligibility, HnswVectorStore } from "./vectors.js";

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
  /** In index order: unit i is document i of the lexical index and label i of the vectors. */
  units: Map<string, Unit>;
  lexical: LexicalIndex;
  vectors: HnswVectorStore;
  embeddings: Embeddings;
  /** Saved beside the vectors so queries land in the same space. */
  embeddingState: EmbeddingState;
}

type UnitFilter = (u: Unit) => boolean;

const COLLECTIONS = Symbol("collections");
type CollectionFilter = UnitFilter & { readonly [COLLECTIONS]: readonly string[] };

/**
 * A filter that passes the units of these collections. A store recognises it and, instead of asking it
 * about units one by one, decides once per collection set which units pass (nothing at all when the set
 * covers every collection in the index, the usual case) and reuses that for every query.
 */
export function collectionFilter(collections: Iterable<string>): UnitFilter {
  const allowed = new Set(collections);
  const filter = (u: Unit) => allowed.has(u.collection);
  return Object.assign(filter, { [COLLECTIONS]: [...allowed].sort() });
}

function isCollectionFilter(f: UnitFilter): f is CollectionFilter {
  return COLLECTIONS in f;
}

/** Why the parts do not line up by position, or undefined when they do. */
export function misalignment(
  units: readonly Unit[],
  lexical: LexicalIndex,
  vectors: HnswVectorStore,
): string | undefined {
  if (lexical.ids.length !== units.length)
    return `the lexical index holds ${lexical.ids.length} units, not ${units.length}`;
  const labels = vectors.labelIds();
  for (let i = 0; i < units.length; i++) {
    const id = (units[i] as Unit).id;
    if (lexical.ids[i] !== id) return `lexical document ${i} is ${lexical.ids[i]}, unit ${i} is ${id}`;
    if (labels[i] !== id) return `vector label ${i} is ${labels[i]}, unit ${i} is ${id}`;
  }
  return undefined;
}

/** Eligibility sets kept per collection set; more than this and the cache starts again. */
const MAX_CACHED_SETS = 64;

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
  /** Units by position: the lexical document number and the vector label. */
  private readonly ordered: readonly Unit[];
  private collectionsPresent: ReadonlySet<string> | undefined;
  private readonly bySet = new Map<string, Eligibility | "all">();
  private readonly byFilter = new WeakMap<UnitFilter, Eligibility>();

  /** `parts` must line up by position (see `misalignment`); buildIndex and openIndex make sure they do. */
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
    this.ordered = [...parts.units.values()];
  }

  private decide(filter: UnitFilter): Eligibility {
    const flags = new Uint8Array(this.ordered.length);
    let count = 0;
    this.ordered.forEach((u, i) => {
      if (filter(u)) {
        flags[i] = 1;
        count++;
      }
    });
    return { flags, count };
  }

  /** The eligibility of a collection filter, decided once per collection set; "all" when it excludes nothing. */
  private collectionEligibility(filter: CollectionFilter): Eligibility | "all" {
    const key = filter[COLLECTIONS].join("\u0000");
    const cached = this.bySet.get(key);
    if (cached) return cached;
    this.collectionsPresent ??= new Set(this.ordered.map((u) => u.collection));
    const wanted = new Set(filter[COLLECTIONS]);
    const covers = [...this.collectionsPresent].every((c) => wanted.has(c));
    const decided = covers ? "all" : this.decide(filter);
    if (this.bySet.size >= MAX_CACHED_SETS) this.bySet.clear();
    this.bySet.set(key, decided);
    return decided;
  }

  lexicalSearch(query: string, k: number, filter?: UnitFilter): SearchHit[] {
    if (!filter) return this.lexical.searchDocs(query, k);
    if (isCollectionFilter(filter)) {
      const eligible = this.collectionEligibility(filter);
      if (eligible === "all") return this.lexical.searchDocs(query, k);
      return this.lexical.searchDocs(query, k, (doc) => eligible.flags[doc] === 1);
    }
    // Asked only about units good enough for the top k: a few hundred calls, not one per matching unit.
    return this.lexical.searchDocs(query, k, (doc) => filter(this.ordered[doc] as Unit));
  }

  async vectorSearch(query: string, k: number, filter?: UnitFilter): Promise<SearchHit[]> {
    if (k <= 0 || this.vectors.size === 0) return [];
    const vector = await this.embeddings.embedQuery(query);
    if (!filter) return this.vectors.searchVector(vector, k);
    if (isCollectionFilter(filter)) {
      const eligible = this.collectionEligibility(filter);
      if (eligible === "all") return this.vectors.searchVector(vector, k);
      return this.vectors.searchEligible(vector, k, eligible);
    }
    // The unfiltered nearest k answer whenever the filter takes them all; otherwise decide every unit once.
    const nearest = this.vectors.searchVector(vector, k);
    if (
      nearest.every((h) => {
        const u = this.units.get(h.id);
        return u !== undefined && filter(u);
      })
    )
      return nearest;
    let eligible = this.byFilter.get(filter);
    if (!eligible) {
      eligible = this.decide(filter);
      this.byFilter.set(filter, eligible);
    }
    return this.vectors.searchEligible(vector, k, eligible);
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

/** The Document of a unit, built when asked for (LangChain callers only), never held for every unit. */
export function documentSource(units: ReadonlyMap<string, Unit>): DocumentSource {
  return (id) => {
    const u = units.get(id);
    return u && unitDocument(u);
  };
}

/**
 * Tokenizes every unit once: the terms go to the lexical index and, for hashed embeddings, to the features
 * that are both fitted and embedded.
 */
function tokenizeUnits(
  units: readonly Unit[],
  hashed: boolean,
): { lexical: LexicalIndex; features: HashedFeatures[] } {
  const lexical = new LexicalIndexBuilder();
  const features: HashedFeatures[] = [];
  for (const u of units) {
    const context = termGroups(u.context);
    const text = termGroups(u.text);
    lexical.add({ id: u.id, text: text.flat(), context: context.flat() });
    // As termGroups(searchText(u)): the newline between header and text ends every token.
    if (hashed) features.push(featurize(context.concat(text)));
  }
  return { lexical: lexical.finish(), features };
}

/** Vectors of the units in order, a batch at a time: reused (OpenAI, unchanged units) or embedded now. */
async function* embedUnits(
  units: readonly Unit[],
  ingest: IngestEmbeddings,
  features: HashedFeatures[],
  previous: IndexStore | undefined,
): AsyncGenerator<number[][]> {
  const reusable =
    ingest.kind === "openai" &&
    previous?.manifest.embedding.kind === "openai" &&
    previous.manifest.embedding.model === ingest.model;
  const { embeddings } = ingest;
  for (let start = 0; start < units.length; start += EMBED_BATCH) {
    const batch = units.slice(start, start + EMBED_BATCH);
    if (embeddings instanceof HashedEmbeddings && features.length === units.length) {
      yield batch.map((_, j) => embeddings.embedFeatures(features[start + j] as HashedFeatures));
      continue;
    }
    const vectors: (number[] | undefined)[] = batch.map((u) => {
      if (!reusable) return undefined;
      const before = previous.units.get(u.id);
      // Same id but a new context header (a retitled report) means the embedded text changed.
      return before && searchText(before) === searchText(u) ? previous.vectorOf(u.id) : undefined;
    });
    const missing = vectors.flatMap((v, i) => (v === undefined ? [i] : []));
    if (missing.length > 0) {
      const embedded = await embeddings.embedDocuments(missing.map((i) => searchText(batch[i] as Unit)));
      if (embedded.length !== missing.length) {
        throw new IndexWriteError(
          `index: ${ingest.kind} embeddings returned ${embedded.length} vectors for ${missing.length} units`,
        );
      }
      missing.forEach((i, j) => {
        vectors[i] = embedded[j];
      });
    }
    yield vectors as number[][];
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
  const hashed = opts.config.embeddings !== "openai";
  const { lexical, features } = tokenizeUnits(units, hashed);
  const ingest = createEmbeddingsForIngest(opts.config, features);
  const byId = new Map(units.map((u) => [u.id, u]));

  report(0, units.length, "embed");
  let store: HnswVectorStore | undefined;
  let done = 0;
  for await (const vectors of embedUnits(units, ingest, features, opts.previous)) {
    const ids = units.slice(done, done + vectors.length).map((u) => u.id);
    done += vectors.length;
    report(done, units.length, "embed");
    store ??= HnswVectorStore.empty(
      ingest.embeddings,
      ingest.dimensions ?? vectors[0]?.length ?? 1,
      units.length,
      documentSource(byId),
    );
    store.addById(vectors, ids);
    // The features of embedded units are no longer needed; at 100x they are a few hundred MB.
    features.fill(EMPTY_FEATURES, done - vectors.length, done);
    report(done, units.length, "vectors");
  }
  store ??= HnswVectorStore.empty(
    ingest.embeddings,
    ingest.dimensions ?? (await ingest.embeddings.embedQuery("dimensions")).length,
    units.length,
    documentSource(byId),
  );
  report(1, 1, "lexical");

  return new LocalIndexStore({
    dir: opts.dir ?? ":memory:",
    manifest: buildManifest(
      contents,
      { kind: ingest.kind, model: ingest.model, dimensions: store.dimensions },
      new Date(),
    ),
    documents: contents.documents,
    glossary: contents.glossary,
    units: byId,
    lexical,
    vectors: store,
    embeddings: ingest.embeddings,
    embeddingState: ingest.state,
  });
}

const EMPTY_FEATURES: HashedFeatures = {
  hashes: new Uint32Array(0),
  counts: new Uint16Array(0),
  ends: [0, 0],
};

/** A store built from contents in memory, through the same code as writeIndex; nothing is written. */
export function buildIndexInMemory(contents: IndexContents, config: Config): Promise<LocalIndexStore> {
  return buildIndex(contents, { config });
}
