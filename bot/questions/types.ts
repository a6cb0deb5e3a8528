import { z } from "zod";
import { CitationSchema } from "../engine/types.js";

/**
 * What the question drafter returns to its faces (CLI, Slack). The JSON of `questions --json` is exactly a
 * DraftResult.
 */

export const PreviouslyAskedSchema = z.object({
  /** ISO date of the meeting whose minutes record the question. */
  date: z.string().nullable(),
  /** Minute number as printed: "53(i)", "74(ii)". */
  minute: z.string().nullable(),
  /** What was asked and what was said, in the minute's own words. */
  text: z.string(),
  citation: CitationSchema,
});
export type PreviouslyAsked = z.infer<typeof PreviouslyAskedSchema>;

export const DraftQuestionSchema = z.object({
  question: z.string(),
  /** One line: why a scrutiny member would ask it. */
  why: z.string(),
  /** The units that state every figure in the question, the most readable first. */
  citations: z.array(CitationSchema),
  previously_asked: z.array(PreviouslyAskedSchema),
});
export type DraftQuestion = z.infer<typeof DraftQuestionSchema>;

export const DraftResultSchema = z.object({
  topic: z.string(),
  /** The report the topic was read as; null when nothing in the papers matched. */
  report: z.object({ title: z.string(), meetingDate: z.string().nullable() }).nullable(),
  questions: z.array(DraftQuestionSchema),
  notes: z.array(z.string()),
});
export type DraftResult = z.infer<typeof DraftResultSchema>;

export interface DraftOptions {
  /** Collections the asker may see; units of any other collection are never used. Default ["public"]. */
  collections?: string[];
  /** Most questions to return. Default 8. */
  max?: number;
}

export interface QuestionDrafter {
  draft(topic: string, options?: DraftOptions): Promise<DraftResult>;
}
