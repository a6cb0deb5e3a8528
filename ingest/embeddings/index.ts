import type { Embeddings } from "@langchain/core/embeddings";
import { z } from "zod";
import type { Config } from "../config.js";
import {
  HASHED_MODEL,
  HashedEmbeddings,
  HashedEmbeddingsStateError,
  HashedEmbeddingsStateSchema,
  type HashedFeatures,
  textFeatures,
} from "./hashed.js";
import { createOpenAIEmbeddings } from "./openai.js";

export {
  featurize,
  HASHED_DIMENSIONS,
  HASHED_MODEL,
  HASHED_SCHEME,
  HashedEmbeddings,
  type HashedEmbeddingsState,
  HashedEmbeddingsStateError,
  type HashedFeatures,
  textFeatures,
} from "./hashed.js";
export { createOpenAIEmbeddings } from "./openai.js";

export type EmbeddingKind = "hashed" | "openai";

/** How an index's vectors were made; recorded in its manifest. */
export interface EmbeddingInfo {
  kind: EmbeddingKind;
  model: string;
  dimensions: number;
}

/** What is saved beside the vectors so a query can be embedded into the same space. Never a credential. */
export const EmbeddingStateSchema = z.discriminatedUnion("kind", [
  HashedEmbeddingsStateSchema,
  z.object({ kind: z.literal("openai"), model: z.string() }),
]);
export type EmbeddingState = z.infer<typeof EmbeddingStateSchema>;

export interface IngestEmbeddings {
  embeddings: Embeddings;
  kind: EmbeddingKind;
  model: string;
  /** Known up front for hashed vectors; for OpenAI learnt from the first vector returned. */
  dimensions: number | undefined;
  state: EmbeddingState;
}

/** The index cannot be queried with the embeddings this process can build. */
export class EmbeddingsUnavailableError extends Error {
  override readonly name = "EmbeddingsUnavailableError";
}

/**
 * Embeddings for a new index: hashed ones are fitted on `corpus`, the texts about to be embedded, or their
 * features when the caller has them already (`featurize`), so no text is tokenized twice.
 */
export function createEmbeddingsForIngest(
  config: Config,
  corpus: readonly (string | HashedFeatures)[],
): IngestEmbeddings {
  if (config.embeddings === "openai") {
    if (!config.openai)
      throw new EmbeddingsUnavailableError("embeddings: EMBEDDINGS=openai needs OPENAI_API_KEY");
    const model = config.openai.embeddingsModel;
    return {
      embeddings: createOpenAIEmbeddings(config.openai, model),
      kind: "openai",
      model,
      dimensions: undefined,
      state: { kind: "openai", model },
    };
  }
  const hashed = HashedEmbeddings.fitFeatures(
    (function* () {
      for (const c of corpus) yield typeof c === "string" ? textFeatures(c) : c;
    })(),
  );
  return {
    embeddings: hashed,
    kind: "hashed",
    model: HASHED_MODEL,
    dimensions: hashed.dimensions,
    state: hashed.toJSON(),
  };
}

/** Rebuilds the embeddings an index was made with, from its manifest and saved state. */
export function restoreEmbeddings(
  config: Config,
  manifest: { embedding: EmbeddingInfo },
  state: unknown,
): Embeddings {
  const { kind, model, dimensions } = manifest.embedding;
  const parsed = EmbeddingStateSchema.safeParse(state);
  if (!parsed.success) {
    throw new EmbeddingsUnavailableError(
      `embeddings: saved state is invalid: ${z.prettifyError(parsed.error)}`,
    );
  }
  if (parsed.data.kind !== kind) {
    throw new EmbeddingsUnavailableError(
      `embeddings: manifest says ${kind} but the saved state is ${parsed.data.kind}`,
    );
  }
  if (parsed.data.kind === "openai") {
    if (!config.openai) {
      throw new EmbeddingsUnavailableError(
        `embeddings: built with OpenAI embeddings (model ${model}) and OPENAI_API_KEY is not set, so questions cannot be embedded`,
      );
    }
    return createOpenAIEmbeddings(config.openai, model);
  }
  if (model !== HASHED_MODEL) {
    throw new EmbeddingsUnavailableError(
      `embeddings: built with hashed embeddings ${model}, this version computes ${HASHED_MODEL}`,
    );
  }
  try {
    const hashed = HashedEmbeddings.fromJSON(parsed.data);
    if (hashed.dimensions !== dimensions) {
      throw new EmbeddingsUnavailableError(
        `embeddings: manifest says ${dimensions} dimensions, the saved state ${hashed.dimensions}`,
      );
    }
    return hashed;
  } catch (e) {
    if (e instanceof HashedEmbeddingsStateError)
      throw new EmbeddingsUnavailableError(e.message, { cause: e });
    throw e;
  }
}
