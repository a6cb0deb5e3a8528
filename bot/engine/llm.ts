import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { ChatOpenAI } from "@langchain/openai";
import { z } from "zod";
import type { OpenAIConfig } from "../../ingest/config.js";
import { FIGURE_UNITS, type Unit } from "../../ingest/types.js";
import { type RetryOptions, withRetry } from "./retry.js";
import type { AnswerFigure } from "./types.js";

/**
 * The drafted answer: the best passages go to a chat model in tags, each labelled with its citation id, and the
 * structured reply is validated with zod. A reply citing an id that was not sent is rejected here; the numeric
 * guard runs after.
 */

/** `.nullable()` rather than `.optional()`: strict JSON-schema mode needs every field in `required`. */
export const LlmAnswerSchema = z.object({
  answer: z.string().describe("The answer in one to three short sentences."),
  citations: z.array(z.string()).describe('Ids of the passages used, e.g. ["P1"].'),
  figures: z
    .array(
      z.object({
        value: z.number(),
        unit: z.string().nullable(),
        text: z.string(),
      }),
    )
    .describe("Each figure the answer states; the one that answers the question first."),
  answered: z.boolean().describe("False when the passages do not answer the question."),
});
export type LlmAnswer = z.infer<typeof LlmAnswerSchema>;

export interface Prompts {
  system: string;
  user: string;
}

export class PromptFileError extends Error {
  override readonly name = "PromptFileError";
}

export const DEFAULT_PROMPTS_DIR = fileURLToPath(new URL("../../prompts/", import.meta.url));

/** Read once when the engine is created. */
export function loadPrompts(dir: string = DEFAULT_PROMPTS_DIR): Prompts {
  const read = (name: string) => {
    const path = join(dir, name);
    try {
      return readFileSync(path, "utf8");
    } catch (error) {
      throw new PromptFileError(`engine: prompt file "${path}" could not be read`, { cause: error });
    }
  };
  const prompts = { system: read("answer.system.md"), user: read("answer.user.md") };
  for (const slot of ["{{question}}", "{{passages}}"]) {
    if (!prompts.user.includes(slot)) {
      throw new PromptFileError(`engine: prompt file "${join(dir, "answer.user.md")}" has no ${slot} slot`);
    }
  }
  return prompts;
}

/** The chat model for an OpenAI-compatible server; retries are ours (withRetry), so the client makes none. */
export function createChatModel(openai: OpenAIConfig, temperature: number): BaseChatModel {
  return new ChatOpenAI({
    model: openai.chatModel,
    apiKey: openai.apiKey,
    temperature,
    timeout: openai.timeoutMs,
    maxRetries: 0,
    configuration: openai.baseURL ? { baseURL: openai.baseURL } : {},
  });
}

export interface Passage {
  /** The citation id the model sees: "P1", "P2"... */
  label: string;
  unit: Unit;
}

function attr(value: string): string {
  return value.replace(/[&"<>]/g, (c) => ({ "&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;" })[c] ?? c);
}

/** Passage text cannot close its own tag or open a new one. */
function body(text: string): string {
  return text.replace(/<\/?\s*(passage|context|question|system)\b[^>]*>/gi, (m) => m.replace(/</g, "&lt;"));
}

export function renderPassages(passages: Passage[]): string {
  return passages
    .map(({ label, unit }) => {
      const attrs = [
        `id="${label}"`,
        `title="${attr(unit.title)}"`,
        unit.meetingDate ? `date="${unit.meetingDate}"` : null,
        unit.section ? `section="${attr(unit.section)}"` : null,
        unit.paragraph ? `paragraph="${attr(unit.paragraph)}"` : null,
        unit.page !== null ? `page="${unit.page}"` : null,
      ]
        .filter(Boolean)
        .join(" ");
      return `<passage ${attrs}>\n${body(unit.text)}\n</passage>`;
    })
    .join("\n");
}

export function renderUserPrompt(template: string, question: string, passages: Passage[]): string {
  return template
    .replace("{{question}}", () => body(question))
    .replace("{{passages}}", () => renderPassages(passages));
}

export class LlmAnswerRejected extends Error {
  override readonly name = "LlmAnswerRejected";
}

const UNIT_WORDS: Record<string, string> = {
  "%": "percent",
  percentage: "percent",
  per_cent: "percent",
  "£": "gbp",
  pounds: "gbp",
  pound: "gbp",
  money: "gbp",
  people: "count",
  children: "count",
  number: "number",
};

export function normaliseUnit(unit: string | null): string {
  const u = (unit ?? "").trim().toLowerCase();
  if ((FIGURE_UNITS as readonly string[]).includes(u)) return u;
  return UNIT_WORDS[u] ?? "number";
}

export interface DraftResult {
  answer: string;
  answered: boolean;
  citations: Passage[];
  figures: AnswerFigure[];
}

/**
 * Asks the model; retries transient failures; rejects replies that cite ids it was not given. Throws
 * RetriesExhaustedError (transport) or LlmAnswerRejected (content).
 */
export async function draftAnswer(args: {
  model: BaseChatModel;
  method: "jsonSchema" | "functionCalling" | "jsonMode" | undefined;
  prompts: Prompts;
  question: string;
  passages: Passage[];
  retry: RetryOptions;
}): Promise<DraftResult> {
  const { model, method, prompts, question, passages } = args;
  const structured = model.withStructuredOutput(LlmAnswerSchema, {
    name: "answer",
    ...(method ? { method } : {}),
  });
  const messages = [
    new SystemMessage(prompts.system),
    new HumanMessage(renderUserPrompt(prompts.user, question, passages)),
  ];
  const raw = await withRetry("engine: drafting the answer", () => structured.invoke(messages), args.retry);
  const parsed = LlmAnswerSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LlmAnswerRejected(
      `engine: the drafted answer did not match the schema: ${z.prettifyError(parsed.error)}`,
    );
  }
  const reply = parsed.data;
  const byLabel = new Map(passages.map((p) => [p.label, p]));
  const unknown = reply.citations.filter((c) => !byLabel.has(c.trim()));
  if (unknown.length > 0) {
    throw new LlmAnswerRejected(
      `engine: the drafted answer cited passages that were not given: ${unknown.join(", ")}`,
    );
  }
  const cited = [...new Set(reply.citations.map((c) => c.trim()))].map((c) => byLabel.get(c) as Passage);
  if (reply.answered && cited.length === 0) {
    throw new LlmAnswerRejected("engine: the drafted answer cited no passage");
  }
  return {
    answer: reply.answer.trim(),
    answered: reply.answered,
    citations: cited,
    figures: reply.figures.map((f) => ({ value: f.value, unit: normaliseUnit(f.unit), text: f.text })),
  };
}
