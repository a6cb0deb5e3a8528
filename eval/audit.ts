import { z } from "zod";
import { AnswerFigureSchema } from "../bot/engine/types.js";
import type { Unit } from "../ingest/types.js";
import { formatTable } from "./report/terminal.js";
import { collapse, ungroundedFigures } from "./score.js";

/**
 * Audit mode: checks answers that already went out (the Slack feedback log, `ask --jsonl` output) with no
 * gold at all. Two questions per answer: is every figure stated in a paragraph it cites, and is every
 * citation really that paragraph of the index?
 */

const CitationLike = z.union([z.string(), z.looseObject({ id: z.string(), text: z.string().optional() })]);

const AnswerLike = z.looseObject({
  answer: z.string(),
  citations: z.array(CitationLike).default([]),
  figures: z.array(AnswerFigureSchema).default([]),
});

/** One line: an Answer (`ask --jsonl`), or a feedback line whose `answer` is text or a whole Answer. */
export const AuditLineSchema = z.looseObject({
  question: z.string().optional(),
  answer: z.union([z.string(), AnswerLike]),
  citations: z.array(CitationLike).optional(),
  figures: z.array(AnswerFigureSchema).optional(),
});

export const AUDIT_CODES = [
  "UNGROUNDED_FIGURE",
  "CITATION_NOT_IN_INDEX",
  "CITATION_TEXT_MISMATCH",
  "BAD_LINE",
] as const;
export type AuditCode = (typeof AUDIT_CODES)[number];

export interface AuditProblem {
  line: number;
  question: string | null;
  code: AuditCode;
  detail: string;
}

export interface AuditReport {
  lines: number;
  answers: number;
  answersWithProblems: number;
  citations: number;
  problems: AuditProblem[];
}

function shorten(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Audits JSONL text against the index units; pure, so the CLI only reads files and prints. */
export function auditJsonl(text: string, units: ReadonlyMap<string, Unit>): AuditReport {
  const problems: AuditProblem[] = [];
  let lines = 0;
  let answers = 0;
  let citationCount = 0;
  const withProblems = new Set<number>();
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    if (raw.trim() === "") continue;
    lines++;
    const line = i + 1;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (cause) {
      problems.push({
        line,
        question: null,
        code: "BAD_LINE",
        detail: `not JSON: ${(cause as Error).message}`,
      });
      withProblems.add(line);
      continue;
    }
    const parsed = AuditLineSchema.safeParse(json);
    if (!parsed.success) {
      problems.push({
        line,
        question: null,
        code: "BAD_LINE",
        detail: z.prettifyError(parsed.error).replace(/\n/g, " "),
      });
      withProblems.add(line);
      continue;
    }
    answers++;
    const l = parsed.data;
    const nested = typeof l.answer === "string" ? null : l.answer;
    const answerText = typeof l.answer === "string" ? l.answer : l.answer.answer;
    const citations = l.citations ?? nested?.citations ?? [];
    const figures = l.figures ?? nested?.figures ?? [];
    const question = l.question ?? null;
    const add = (code: AuditCode, detail: string) => {
      problems.push({ line, question, code, detail });
      withProblems.add(line);
    };

    const citedTexts: string[] = [];
    for (const c of citations) {
      citationCount++;
      const id = typeof c === "string" ? c : c.id;
      const given = typeof c === "string" ? undefined : c.text;
      const unit = units.get(id);
      if (!unit) {
        // Its claimed text grounds nothing: only paragraphs that really are in the index do.
        add("CITATION_NOT_IN_INDEX", `citation ${id} is not a unit of the index`);
        continue;
      }
      if (given !== undefined && collapse(given) !== "" && !collapse(unit.text).includes(collapse(given))) {
        add(
          "CITATION_TEXT_MISMATCH",
          `citation ${id} quotes "${shorten(collapse(given))}", not the index text`,
        );
      }
      // The index is the truth: a figure is grounded only if the real paragraph states it.
      citedTexts.push(unit.text);
    }
    for (const raw of ungroundedFigures(answerText, figures, citedTexts)) {
      add("UNGROUNDED_FIGURE", `"${raw}" is not stated in any cited paragraph`);
    }
  }
  return { lines, answers, answersWithProblems: withProblems.size, citations: citationCount, problems };
}

export function formatAuditTable(report: AuditReport, file: string): string {
  const out = [
    `audit: ${file}: ${report.answers} answer(s), ${report.citations} citation(s), ${report.problems.length} problem(s) in ${report.answersWithProblems} line(s)`,
  ];
  if (report.problems.length > 0) {
    const rows = report.problems.map((p) => [
      String(p.line),
      p.code,
      shorten(p.question ?? "", 50),
      p.detail,
    ]);
    out.push(
      "",
      formatTable(["line", "problem", "question", "detail"], rows, ["right", "left", "left", "left"]),
    );
  }
  return out.join("\n");
}
