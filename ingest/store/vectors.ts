import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { DocumentInterface } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { VectorStore } from "@langchain/core/vectorstores";
import hnswlib from "hnswlib-node";
import { z } from "zod";
import type { SearchHit } from "./types.js";

/**
 * hnswlib-node wrapped as a LangChain VectorStore (instead of @langchain/community's HNSWLib, which never
 * sets ef and resizes on every batch). Labels are dense integers; the label -> id list is saved beside the
 * graph. Not safe for concurrent add and search (nmslib/hnswlib#562): the index is built once, then read.
 */

export const HNSW = { space: "cosine", m: 16, efConstruction: 200, ef: 128 } as const;

/**
 * Below this many eligible vectors a filtered search is exact: HNSW with a restrictive filter can miss
 * eligible neighbours, and scoring a few hundred stored vectors directly costs well under a millisecond.
 */
const EXACT_LIMIT = 256;
const INITIAL_CAPACITY = 16;

const LabelsSchema = z.object({
  dimensions: z.number().int().positive(),
  /** Index is the hnsw label; null where a vector was deleted. */
  ids: z.array(z.string().nullable()),
});

export class VectorIndexError extends Error {
  override readonly name = "VectorIndexError";
}

type Hnsw = InstanceType<typeof hnswlib.HierarchicalNSW>;

export interface HnswAddOptions {
  ids?: string[];
}

export class HnswVectorStore extends VectorStore {
  declare FilterType: (doc: DocumentInterface) => boolean;

  readonly dimensions: number;
  private readonly index: Hnsw;
  private readonly ids: (string | null)[];
  private readonly labels = new Map<string, number>();
  private readonly docs: Map<string, DocumentInterface>;

  private constructor(
    embeddings: EmbeddingsInterface,
    dimensions: number,
    index: Hnsw,
    ids: (string | null)[],
    docs: Map<string, DocumentInterface>,
  ) {
    super(embeddings, {});
    this.dimensions = dimensions;
    this.index = index;
    this.ids = ids;
    this.docs = docs;
    ids.forEach((id, label) => {
      if (id !== null) this.labels.set(id, label);
    });
    // ef is not saved with the graph and is 10 after a read: set it every time an index comes to life.
    index.setEf(HNSW.ef);
  }

  static empty(
    embeddings: EmbeddingsInterface,
    dimensions: number,
    capacity = INITIAL_CAPACITY,
  ): HnswVectorStore {
    const index = new hnswlib.HierarchicalNSW(HNSW.space, dimensions);
    index.initIndex({
      maxElements: Math.max(1, capacity),
      m: HNSW.m,
      efConstruction: HNSW.efConstruction,
    });
    return new HnswVectorStore(embeddings, dimensions, index, [], new Map());
  }

  /**
   * Reads a graph and its labels. `documents` supplies the Document behind each id, so the graph file
   * needs no docstore of its own (the index folder already holds the units).
   */
  static async load(
    graphFile: string,
    labelsFile: string,
    embeddings: EmbeddingsInterface,
    documents: Map<string, DocumentInterface>,
    expectedDimensions: number,
  ): Promise<HnswVectorStore> {
    const labels = LabelsSchema.safeParse(JSON.parse(await readFile(labelsFile, "utf8")));
    if (!labels.success) {
      throw new VectorIndexError(`vectors: "${labelsFile}" is invalid: ${z.prettifyError(labels.error)}`);
    }
    const { dimensions, ids } = labels.data;
    // hnswlib trusts the caller's dimensions when reading; a mismatch would read garbage, so check first.
    if (dimensions !== expectedDimensions) {
      throw new VectorIndexError(
        `vectors: "${labelsFile}" says ${dimensions} dimensions, the manifest ${expectedDimensions}`,
      );
    }
    const index = new hnswlib.HierarchicalNSW(HNSW.space, dimensions);
    try {
      await index.readIndex(graphFile, true);
    } catch (e) {
      throw new VectorIndexError(`vectors: cannot read "${graphFile}"`, { cause: e });
    }
    if (index.getCurrentCount() !== ids.length) {
      throw new VectorIndexError(
        `vectors: "${graphFile}" holds ${index.getCurrentCount()} vectors, "${labelsFile}" names ${ids.length}`,
      );
    }
    return new HnswVectorStore(embeddings, dimensions, index, ids, documents);
  }

  /** Writes the graph; the labels that give it meaning come from `labelsJSON`, saved beside it. */
  async saveGraph(graphFile: string): Promise<void> {
    await this.index.writeIndex(graphFile);
  }

  labelsJSON(): string {
    return JSON.stringify({ dimensions: this.dimensions, ids: this.ids });
  }

  _vectorstoreType(): string {
    return "hnswlib-node";
  }

  get ef(): number {
    return this.index.getEf();
  }

  get size(): number {
    return this.labels.size;
  }

  has(id: string): boolean {
    return this.labels.has(id);
  }

  document(id: string): DocumentInterface | undefined {
    return this.docs.get(id);
  }

  private ensureCapacity(needed: number): void {
    let capacity = this.index.getMaxElements();
    if (needed <= capacity) return;
    while (capacity < needed) capacity *= 2;
    this.index.resizeIndex(capacity);
  }

  /** Adds or replaces vectors; ids come from `options.ids`, else `doc.id`, else `metadata.id`. */
  async addVectors(
    vectors: number[][],
    documents: DocumentInterface[],
    options?: HnswAddOptions,
  ): Promise<string[]> {
    if (vectors.length !== documents.length) {
      throw new VectorIndexError(`vectors: ${vectors.length} vectors for ${documents.length} documents`);
    }
    this.ensureCapacity(this.ids.length + vectors.length);
    const added: string[] = [];
    vectors.forEach((vector, i) => {
      const doc = documents[i] as DocumentInterface;
      const metaId: unknown = doc.metadata.id;
      const id = options?.ids?.[i] ?? doc.id ?? (typeof metaId === "string" ? metaId : randomUUID());
      if (vector.length !== this.dimensions) {
        throw new VectorIndexError(
          `vectors: "${id}" has ${vector.length} dimensions, expected ${this.dimensions}`,
        );
      }
      let label = this.labels.get(id);
      if (label === undefined) {
        label = this.ids.length;
        this.ids.push(id);
        this.labels.set(id, label);
      }
      this.index.addPoint(vector, label);
      this.docs.set(id, doc);
      added.push(id);
    });
    return added;
  }

  async addDocuments(documents: DocumentInterface[], options?: HnswAddOptions): Promise<string[]> {
    const vectors = await this.embeddings.embedDocuments(documents.map((d) => d.pageContent));
    return this.addVectors(vectors, documents, options);
  }

  override async delete(params?: { ids?: string[] }): Promise<void> {
    for (const id of params?.ids ?? []) {
      const label = this.labels.get(id);
      if (label === undefined) continue;
      this.index.markDelete(label);
      this.labels.delete(id);
      this.ids[label] = null;
      this.docs.delete(id);
    }
  }

  /** The stored (unit-length) vector of an id. */
  vectorOf(id: string): number[] | undefined {
    const label = this.labels.get(id);
    return label === undefined ? undefined : this.index.getPoint(label);
  }

  /** Nearest ids to a query vector, with cosine similarity as score; `accept` restricts which ids count. */
  searchVector(query: number[], k: number, accept?: (id: string) => boolean): SearchHit[] {
    if (query.length !== this.dimensions) {
      throw new VectorIndexError(
        `vectors: query has ${query.length} dimensions, the index ${this.dimensions}`,
      );
    }
    const live = this.labels.size;
    if (k <= 0 || live === 0) return [];
    if (!accept) return this.toHits(this.index.searchKnn(query, Math.min(k, live)));

    // Decided up front in JS: the native filter callback must never throw (yoshoku/hnswlib-node#132).
    const eligible = new Uint8Array(this.ids.length);
    let count = 0;
    this.ids.forEach((id, label) => {
      if (id !== null && accept(id)) {
        eligible[label] = 1;
        count++;
      }
    });
    const want = Math.min(k, count);
    if (want === 0) return [];
    if (count > EXACT_LIMIT) {
      const hits = this.toHits(this.index.searchKnn(query, want, (label) => eligible[label] === 1));
      if (hits.length >= want) return hits;
    }
    return this.exact(query, eligible, want);
  }

  private toHits(result: { neighbors: number[]; distances: number[] }): SearchHit[] {
    const hits: SearchHit[] = [];
    result.neighbors.forEach((label, i) => {
      const id = this.ids[label];
      if (id) hits.push({ id, score: 1 - (result.distances[i] ?? 1) });
    });
    return hits;
  }

  private exact(query: number[], eligible: Uint8Array, k: number): SearchHit[] {
    let norm = 0;
    for (const x of query) norm += x * x;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const hits: SearchHit[] = [];
    eligible.forEach((flag, label) => {
      const id = this.ids[label];
      if (flag !== 1 || !id) return;
      const stored = this.index.getPoint(label);
      let dot = 0;
      for (let i = 0; i < stored.length; i++) dot += (stored[i] ?? 0) * (query[i] ?? 0);
      hits.push({ id, score: dot * inv });
    });
    return hits.sort((a, b) => b.score - a.score).slice(0, k);
  }

  async similaritySearchVectorWithScore(
    query: number[],
    k: number,
    filter?: this["FilterType"],
  ): Promise<[DocumentInterface, number][]> {
    const accept = filter
      ? (id: string) => {
          const doc = this.docs.get(id);
          return doc !== undefined && filter(doc);
        }
      : undefined;
    return this.searchVector(query, k, accept).flatMap((hit): [DocumentInterface, number][] => {
      const doc = this.docs.get(hit.id);
      return doc ? [[doc, hit.score]] : [];
    });
  }
}
