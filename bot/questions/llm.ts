import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { z } from "zod";
import type { OpenAIConfig } from "../../ingest/config.js";
import type { Unit } from "../../ingest/types.js";
import { DEFAULT_PROMPTS_DIR, type Passage, renderPassages } from "../engine/llm.js";
import { type RetryOptions, withRetry } from "../engine/retry.js";
import type { ComposedQuestion } from "./compose.js";
import type { Signal } from "./signals.js";

/**
 * LLM drafting: the same selected facts the offline drafter uses go to a chat model, each group labelled "S1"...
 * with its passages labelled "P1"...; the structured reply is validated with zod. Checking the reply against the
 * ids sent and the numeric guard happens in the drafter, per question.
 */

/** `.nullable()` rather than `.optional()`: strict JSON-schema mode needs every field in `required`. */
export const LlmQuestionsSchema = z.object({
  questions: z.array(
    z.object({
      signal: z.string().nullable().describe('Id of the fact group the question is about, e.g. "S1".'),
      question: z.string().describe("The question, naming the figure and its period."),
      why: z.string().describe("One line: why a scrutiny member would ask it."),
      citations: z.array(z.string()).describe('Ids of the passages that state every figure, e.g. ["P1"].'),
    }),
  ),
});
export type LlmQuestions = z.infer<typeof LlmQuestionsSchema>;

export interface QuestionPrompts {
  system: string;
  user: string;
}

export class QuestionPromptError extends Error {
  override readonly name = "QuestionPromptError";
}

export class LlmQuestionsRejected extends Error {
  override readonly name = "LlmQuestionsRejected";
}

const SLOTS = ["{{topic}}", "{{facts}}", "{{passages}}"] as const;

/** Read once when the drafter is created. */
export function loadQuestionPrompts(dir: string = DEFAULT_PROMPTS_DIR): QuestionPrompts {
  const read = (name: string) => {
    const path = join(dir, name);
    try {
      return readFileSync(path, "utf8");
    } catch (error) {
      throw new QuestionPromptError(`questions: prompt file "${path}" could not be read`, { cause: error });
    }
  };
  const prompts = { system: read("questions.system.md"), user: read("questions.user.md") };
  for (const slot of SLOTS) {
    if (!prompts.user.includes(slot)) {
      throw new QuestionPromptError(
        `questions: prompt file "${join(dir, "questions.user.md")}" has no ${slot} slot`,
      );
    }
  }
  return prompts;
}

/** One selected signal as the model sees it. */
export interface FactGroup {
  label: string;
  signal: Signal;
  offline: ComposedQuestion;
  passages: Passage[];
}

/** Labels passages "P1".. across all groups (a unit shared by two groups keeps one label) and groups "S1"... */
export function labelGroups(
  items: { signal: Signal; offline: ComposedQuestion }[],
  unitById: (id: string) => Unit | undefined,
): { groups: FactGroup[]; passages: Passage[] } {
  const passages: Passage[] = [];
  const byUnit = new Map<string, Passage>();
  const groups = items.map((item, i) => {
    const own: Passage[] = [];
    for (const id of item.offline.unitIds) {
      const unit = unitById(id);
      if (!unit) continue;
      let p = byUnit.get(id);
      if (!p) {
        p = { label: `P${passages.length + 1}`, unit };
        byUnit.set(id, p);
        passages.push(p);
      }
      own.push(p);
    }
    return { label: `S${i + 1}`, signal: item.signal, offline: item.offline, passages: own };
  });
  return { groups, passages };
}

function factLines(g: FactGroup): string[] {
  const lines = [
    `<group id="${g.label}" kind="${g.signal.kind}" passages="${g.passages.map((p) => p.label).join(",")}">`,
  ];
  const ind = g.signal.indicator;
  if (ind) {
    lines.push(`indicator: ${ind.name}`);
    if (ind.latest)
      lines.push(`latest: ${ind.latest.raw}${ind.latest.period ? ` (${ind.latest.period})` : ""}`);
    if (ind.previous)
      lines.push(`previous: ${ind.previous.raw}${ind.previous.period ? ` (${ind.previous.period})` : ""}`);
    if (ind.target) lines.push(`target: ${ind.target.raw}`);
    if (ind.rag) lines.push(`status: ${ind.rag}`);
    if (ind.quartile !== null) lines.push(`national quartile: ${ind.quartile} (1 = top)`);
    if (ind.polarity) lines.push(`polarity: ${ind.polarity} is good`);
    if (ind.neighbours) lines.push(`statistical neighbours: ${ind.neighbours.raw}`);
  }
  if (g.signal.quote) lines.push(`the paper says: ${g.signal.quote}`);
  lines.push(`plain draft: ${g.offline.question}`);
  lines.push("</group>");
  return lines;
}

/** Group and passage text cannot close the tags around it. */
function body(text: string): string {
  return text.replace(/<\/?\s*(group|facts|context|topic|passage|system)\b[^>]*>/gi, (m) =>
    m.replace(/</g, "&lt;"),
  );
}

export function renderQuestionsPrompt(
  template: string,
  topic: string,
  groups: FactGroup[],
  passages: Passage[],
) {
  const facts = groups.map((g) =>
    factLines(g)
      .map((l, i, all) => (i === 0 || i === all.length - 1 ? l : body(l)))
      .join("\n"),
  );
  return template
    .replace("{{topic}}", () => body(topic))
    .replace("{{facts}}", () => facts.join("\n"))
    .replace("{{passages}}", () => renderPassages(passages));
}

/**
 * Asks the model; retries transient failures. Throws RetriesExhaustedError (transport, or a reply the output parser
 * could not read) or LlmQuestionsRejected (a reply that does not match the schema).
 */
export async function draftWithModel(args: {
  model: BaseChatModel;
  method: OpenAIConfig["structuredMethod"];
  prompts: QuestionPrompts;
  topic: string;
  groups: FactGroup[];
  passages: Passage[];
  retry: RetryOptions;
}): Promise<LlmQuestions> {
  const structured = args.model.withStructuredOutput(LlmQuestionsSchema, {
    name: "draft_questions",
    ...(args.method ? { method: args.method } : {}),
  });
  const messages = [
    new SystemMessage(args.prompts.system),
    new HumanMessage(renderQuestionsPrompt(args.prompts.user, args.topic, args.groups, args.passages)),
  ];
  const raw = await withRetry(
    "questions: drafting with the chat model",
    () => structured.invoke(messages),
    args.retry,
  );
  const parsed = LlmQuestionsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LlmQuestionsRejected(
      `questions: the model's reply did not match the schema: ${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}
