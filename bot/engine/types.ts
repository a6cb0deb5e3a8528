import { z } from "zod";

/** What every face (CLI, Slack, eval) receives from the engine. The JSON of `ask --json` is exactly this. */

export const CitationSchema = z.object({
  /** Unit id in the index. */
  id: z.string(),
  source: z.string(),
  title: z.string(),
  section: z.string().nullable(),
  paragraph: z.string().nullable(),
  page: z.number().int().nullable(),
  /** Meeting date of the paper, ISO. */
  date: z.string().nullable(),
  /** The whole cited unit. */
  text: z.string(),
  score: z.number(),
  collection: z.string(),
});
export type Citation = z.infer<typeof CitationSchema>;

export const AnswerFigureSchema = z.object({
  value: z.number(),
  unit: z.string(),
  /** The figure as printed in the answer (e.g. "82.6%"). */
  text: z.string(),
});
export type AnswerFigure = z.infer<typeof AnswerFigureSchema>;

export const AnswerSchema = z.object({
  question: z.string(),
  answer: z.string(),
  answered: z.boolean(),
  mode: z.enum(["extractive", "llm"]),
  citations: z.array(CitationSchema),
  figures: z.array(AnswerFigureSchema),
  /** Short notes for the reader: a fallback, a conflict between papers, a capped question. */
  notes: z.array(z.string()),
  /** When unanswered: the closest sources, offered as "you may mean". */
  suggestions: z.array(CitationSchema),
});
export type Answer = z.infer<typeof AnswerSchema>;

export interface Turn {
  question: string;
  answer: string;
}

export interface AskOptions {
  /** Earlier turns of the same conversation, oldest first, for follow-ups. */
  history?: Turn[];
  /** Collections the asker may see; units of any other collection are never retrieved. Default ["public"]. */
  collections?: string[];
}

/** The engine as its faces see it. */
export interface Engine {
  ask(question: string, options?: AskOptions): Promise<Answer>;
}
