import { createHash } from "node:crypto";
import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import type { Answer } from "../engine/types.js";
import { shrinkBudget, truncate } from "./text.js";

/**
 * 👍/👎 clicks, one JSON line each, appended to the feedback log that the eval replays.
 * The button carries what the line needs (question, answer, citation refs) so a click can be
 * logged after a restart and on any instance: there is no server-side answer store.
 */

export const BUTTON_VALUE_MAX = 2000;

export const FeedbackCitationSchema = z.object({
  id: z.string(),
  source: z.string(),
  paragraph: z.string().nullable(),
  page: z.number().int().nullable(),
});
export type FeedbackCitation = z.infer<typeof FeedbackCitationSchema>;

export const FeedbackRecordSchema = z.object({
  time: z.iso.datetime(),
  rating: z.enum(["up", "down"]),
  /** sha256(salt, user id), hex. */
  user: z.string().regex(/^[0-9a-f]{64}$/),
  channel: z.string().nullable(),
  /** What the asker could see where they clicked, so a replay asks with the same scope. */
  collections: z.array(z.string()),
  question: z.string(),
  answer: z.string(),
  answered: z.boolean(),
  citations: z.array(FeedbackCitationSchema),
  /** The question or answer was shortened to fit Slack's button value limit. */
  truncated: z.boolean(),
});
export type FeedbackRecord = z.infer<typeof FeedbackRecordSchema>;

const FeedbackValueSchema = z.object({
  q: z.string(),
  a: z.string(),
  ok: z.boolean(),
  c: z.array(z.tuple([z.string(), z.string(), z.string().nullable(), z.number().int().nullable()])),
  t: z.literal(1).optional(),
});
type FeedbackValue = z.infer<typeof FeedbackValueSchema>;

export interface FeedbackPayload {
  question: string;
  answer: string;
  answered: boolean;
  citations: FeedbackCitation[];
  truncated: boolean;
}

const MAX_QUESTION_IN_VALUE = 500;
const MAX_CITATIONS_IN_VALUE = 8;

/** The value both feedback buttons carry; always at most BUTTON_VALUE_MAX characters. */
export function encodeFeedbackValue(answer: Answer, max = BUTTON_VALUE_MAX): string {
  const cited = answer.answered ? answer.citations : answer.suggestions;
  let refs: FeedbackValue["c"] = cited
    .slice(0, MAX_CITATIONS_IN_VALUE)
    .map((c) => [c.id, truncate(c.source, 200), c.paragraph, c.page]);
  const question = truncate(answer.question, MAX_QUESTION_IN_VALUE);
  const build = (a: string, c: FeedbackValue["c"]): string => {
    const cut = question !== answer.question || a !== answer.answer || c.length < cited.length;
    const v: FeedbackValue = { q: question, a, ok: answer.answered, c, ...(cut ? { t: 1 as const } : {}) };
    return JSON.stringify(v);
  };
  while (refs.length > 0 && build("", refs).length > max) refs = refs.slice(0, -1);
  let budget = max;
  let encoded = build(truncate(answer.answer, budget), refs);
  while (encoded.length > max && budget > 0) {
    budget = shrinkBudget(budget, encoded.length, max);
    encoded = build(truncate(answer.answer, budget), refs);
  }
  return encoded;
}

export function decodeFeedbackValue(value: string): FeedbackPayload | null {
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return null;
  }
  const parsed = FeedbackValueSchema.safeParse(raw);
  if (!parsed.success) return null;
  const v = parsed.data;
  return {
    question: v.q,
    answer: v.a,
    answered: v.ok,
    citations: v.c.map(([id, source, paragraph, page]) => ({ id, source, paragraph, page })),
    truncated: v.t === 1,
  };
}

export function hashUser(userId: string, salt: string): string {
  return createHash("sha256").update(salt).update("\0").update(userId).digest("hex");
}

export class FeedbackLogError extends Error {
  override readonly name = "FeedbackLogError";
}

export async function appendFeedback(file: string, record: FeedbackRecord): Promise<void> {
  const line = `${JSON.stringify(FeedbackRecordSchema.parse(record))}\n`;
  try {
    await mkdir(dirname(file), { recursive: true });
    // One write per line in append mode: concurrent clicks do not interleave within a line.
    await appendFile(file, line, { encoding: "utf8", flag: "a" });
  } catch (cause) {
    throw new FeedbackLogError(`feedback: cannot append to "${file}"`, { cause });
  }
}
