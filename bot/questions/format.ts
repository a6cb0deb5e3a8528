import { formatDate } from "../engine/conflicts.js";
import { citationLabel } from "../engine/format.js";
import type { Citation } from "../engine/types.js";
import type { DraftResult, PreviouslyAsked } from "./types.js";

/** Renderings of a DraftResult: numbered plain text for the terminal (Slack's Block Kit is bot/slack/blocks.ts draftMessage). Pure. */

function heading(result: DraftResult): string {
  if (!result.report) return `Scrutiny questions on “${result.topic}”`;
  const date = result.report.meetingDate ? ` (${formatDate(result.report.meetingDate)})` : "";
  return `Scrutiny questions: ${result.report.title}${date}`;
}

/** "asked on 23 January 2024, minute 53(i): Concern was raised ..." */
export function pastLine(p: PreviouslyAsked): string {
  const when = p.date ? `asked on ${formatDate(p.date)}` : `asked at ${p.citation.title}`;
  const minute = p.minute ? `, minute ${p.minute}` : "";
  return `${when}${minute}: ${p.text}`;
}

/** A table row has no paragraph number: it is named by its indicator ("Indicator: Re-referrals ...") instead. */
export function sourceLabel(c: Citation): string {
  if (c.paragraph !== null) return citationLabel(c);
  // Rows are stored as "Header: cell; ..."; a table whose indicator column has no header starts with the cell.
  const indicator =
    /(?:^|;\s)(?:Indicator|Measure)s?:\s([^;]+)/i.exec(c.text)?.[1]?.trim() ??
    /^([^:;]{8,200});\s/.exec(c.text)?.[1]?.trim();
  const row = indicator ? `row “${indicator}”` : c.section && c.section !== c.title ? c.section : null;
  const base = citationLabel({ ...c, section: null });
  return row ? `${base}, ${row}` : base;
}

export function formatDraftsForTerminal(result: DraftResult): string {
  const lines = [heading(result), ""];
  if (result.questions.length === 0) lines.push("No questions drafted.");
  result.questions.forEach((q, i) => {
    lines.push(`${i + 1}. ${q.question}`);
    lines.push(`   Why ask: ${q.why}`);
    for (const c of q.citations) lines.push(`   Source: ${sourceLabel(c)}`);
    for (const p of q.previously_asked) lines.push(`   Previously ${pastLine(p)}`);
    lines.push("");
  });
  for (const n of result.notes) lines.push(`Note: ${n}`);
  return lines.join("\n").trimEnd();
}
