import { OpenAIEmbeddings } from "@langchain/openai";
import type { OpenAIConfig } from "../config.js";

/** Retries beyond this turn a dead endpoint into minutes of waiting during ingest. */
const MAX_RETRIES = 2;

/**
 * OpenAI (or compatible) embeddings. `model` overrides the configured one: an index must be queried with
 * the model it was built with, whatever OPENAI_EMBEDDINGS_MODEL says today.
 */
export function createOpenAIEmbeddings(openai: OpenAIConfig, model?: string): OpenAIEmbeddings {
  return new OpenAIEmbeddings({
    apiKey: openai.apiKey,
    model: model ?? openai.embeddingsModel,
    timeout: openai.timeoutMs,
    maxRetries: MAX_RETRIES,
    configuration: { baseURL: openai.baseURL },
  });
}
