import type { Config } from "../../ingest/config.js";
import type { Logger } from "../../ingest/logger.js";
import { IndexIncompatibleError, IndexMissingError, openIndex } from "../../ingest/store/index.js";
import { CHUNKER_VERSION } from "../../ingest/structure/index.js";
import { createEngine, type EngineDeps, type ScrutinyEngine } from "./index.js";

export type Opened = { ok: true; engine: ScrutinyEngine } | { ok: false; message: string };

/**
 * Opens the index at `indexDir` (refusing one cut by another chunker) and builds the engine. A missing or
 * incompatible index is an expected outcome, returned with its message (which names the ingest command).
 */
export async function openEngineAt(
  indexDir: string,
  config: Config,
  extra: Omit<EngineDeps, "store" | "config"> & { logger?: Logger } = {},
): Promise<Opened> {
  try {
    const store = await openIndex(indexDir, { config, expectedChunkerVersion: CHUNKER_VERSION });
    return { ok: true, engine: createEngine({ ...extra, store, config }) };
  } catch (error) {
    if (error instanceof IndexMissingError || error instanceof IndexIncompatibleError) {
      return { ok: false, message: error.message };
    }
    throw error;
  }
}
