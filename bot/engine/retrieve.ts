import { collectionFilter, type IndexStore, type SearchHit } from "../../ingest/store/index.js";
import type { Prepared } from "./prepare.js";
import type { QueryInfo } from "./query.js";
import { type ConceptWeight, type Ranked, type RerankWeights, rerank } from "./rerank.js";

/**
 * Hybrid retrieval: BM25 and vector search, each filtered to the asker's collections BEFORE ranking, fused by
 * reciprocal rank, then reranked against what the question asks.
 */

export type RetrievalMode = "hybrid" | "lexical" | "vector";

/** Hits taken from each search before fusion. */
const SEARCH_K = 60;
/** Fused units handed to the rerank. */
const RERANK_POOL = 40;
/** Reciprocal rank fusion constant (Cormack et al.). */
const RRF_K = 60;

export function fuse(lists: SearchHit[][]): Map<string, number> {
  const fused = new Map<string, number>();
  for (const hits of lists) {
    hits.forEach((hit, rank) => {
      fused.set(hit.id, (fused.get(hit.id) ?? 0) + 1 / (RRF_K + rank + 1));
    });
  }
  return fused;
}

export interface RankOptions {
  mode: RetrievalMode;
  /** False for the eval's ablation: fused retrieval order only. */
  rerank: boolean;
  weight: ConceptWeight;
  weights?: RerankWeights;
}

export async function rankUnits(
  store: IndexStore,
  prep: Prepared,
  q: QueryInfo,
  collections: string[],
  options: RankOptions,
): Promise<Ranked[]> {
  const allowed = new Set(collections);
  // The store recognises this filter and skips filtering altogether when the asker may see every collection.
  const filter = collectionFilter(collections);
  const lists: SearchHit[][] = [];
  if (options.mode !== "vector") lists.push(store.lexicalSearch(q.searchText, SEARCH_K, filter));
  if (options.mode !== "lexical") lists.push(await store.vectorSearch(q.searchText, SEARCH_K, filter));
  const fused = [...fuse(lists).entries()].sort((a, b) => b[1] - a[1]).slice(0, RERANK_POOL);
  const candidates = fused.flatMap(([id, score]) => {
    const profile = prep.profileOf(id);
    // The filter ran inside each search; checked again so no other collection can leak through a stale id.
    return profile && allowed.has(profile.unit.collection) ? [{ profile, fused: score }] : [];
  });
  const ranked = rerank(q, candidates, {
    weight: options.weight,
    dateRange: prep.dateRange,
    ...(options.weights ? { weights: options.weights } : {}),
  });
  if (!options.rerank) ranked.sort((a, b) => b.features.retrieval - a.features.retrieval);
  return ranked;
}
