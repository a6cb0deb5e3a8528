import { z } from "zod";

/**
 * The one place that reads the environment. Entry points call `loadConfig(process.env)` once and pass
 * the result down; library code never touches process.env.
 */

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) {
        ctx.addIssue({ code: "custom", message: `must be a positive whole number, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

export const EnvSchema = z.object({
  SCRUTINY_INDEX: optionalString,
  SCRUTINY_MAX_FILE_MB: positiveInt(50),
  EMBEDDINGS: z.enum(["hashed", "openai"]).optional(),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  OPENAI_MODEL: optionalString,
  OPENAI_EMBEDDINGS_MODEL: optionalString,
  OPENAI_TIMEOUT_MS: positiveInt(20_000),
  OPENAI_STRUCTURED_METHOD: z.enum(["jsonSchema", "functionCalling", "jsonMode"]).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
});

export interface OpenAIConfig {
  apiKey: string;
  baseURL: string | undefined;
  chatModel: string;
  embeddingsModel: string;
  timeoutMs: number;
  structuredMethod: "jsonSchema" | "functionCalling" | "jsonMode" | undefined;
}

export interface Config {
  indexDir: string;
  maxFileBytes: number;
  embeddings: "hashed" | "openai";
  /** Present only when OPENAI_API_KEY is set: it switches on LLM answers. */
  openai: OpenAIConfig | undefined;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
}

export const DEFAULT_INDEX_DIR = ".scrutiny/index";

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`configuration: ${z.prettifyError(parsed.error)}`);
  }
  const e = parsed.data;
  const openai: OpenAIConfig | undefined = e.OPENAI_API_KEY
    ? {
        apiKey: e.OPENAI_API_KEY,
        baseURL: e.OPENAI_BASE_URL,
        chatModel: e.OPENAI_MODEL ?? "gpt-4o-mini",
        embeddingsModel: e.OPENAI_EMBEDDINGS_MODEL ?? "text-embedding-3-small",
        timeoutMs: e.OPENAI_TIMEOUT_MS,
        structuredMethod: e.OPENAI_STRUCTURED_METHOD,
      }
    : undefined;
  const embeddings = e.EMBEDDINGS ?? "hashed";
  if (embeddings === "openai" && !openai) {
    throw new ConfigError("configuration: EMBEDDINGS=openai needs OPENAI_API_KEY");
  }
  return {
    indexDir: e.SCRUTINY_INDEX ?? DEFAULT_INDEX_DIR,
    maxFileBytes: e.SCRUTINY_MAX_FILE_MB * 1024 * 1024,
    embeddings,
    openai,
    logLevel: e.LOG_LEVEL ?? "warn",
  };
}
