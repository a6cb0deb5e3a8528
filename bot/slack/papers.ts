import type { IndexStore } from "../../ingest/store/types.js";
import type { PaperInfo } from "./blocks.js";

/** One entry per document in the index, with the collection its file was ingested into. */
export function papersOf(index: Pick<IndexStore, "documents" | "manifest">): PaperInfo[] {
  const collectionOf = new Map(index.manifest.files.map((f) => [f.source, f.collection]));
  return index.documents.map((d) => ({
    title: d.title,
    source: d.source,
    meetingDate: d.meetingDate,
    // A document whose file is missing from the manifest is treated as the most restricted case.
    collection: collectionOf.get(d.source) ?? "unknown",
  }));
}
