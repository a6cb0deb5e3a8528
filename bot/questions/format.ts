import type { types } from "@slack/bolt";
import { formatDate } from "../engine/conflicts.js";
import { citationLabel } from "../engine/format.js";
import type { Citation } from "../engine/types.js";
import { escapeMrkdwn, truncate } from "../slack/text.js";
import type { DraftResult, PreviouslyAsked } from "./types.js";

/** Renderings of a DraftResult: numbered plain text for the terminal, Block Kit for Slack. Pure. */

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

type KnownBlock = types.KnownBlock;

/** Slack's limits: a section's text, a context element's text, blocks per message, elements per context. */
export const SLACK_LIMITS = {
  sectionText: 3000,
  contextText: 3000,
  blocks: 50,
  contextElements: 10,
} as const;

/** Escaped, then shortened on the raw text so an entity (&amp;) or a figure is never cut. */
function mrkdwn(raw: string, max: number): string {
  let out = escapeMrkdwn(raw);
  let budget = raw.length;
  while (out.length > max && budget > 0) {
    budget = Math.max(0, budget - (out.length - max) - 1);
    out = escapeMrkdwn(truncate(raw, budget));
  }
  return out;
}

function section(text: string): KnownBlock {
  return { type: "section", text: { type: "mrkdwn", text } };
}

function context(lines: string[]): KnownBlock {
  return {
    type: "context",
    elements: lines.slice(0, SLACK_LIMITS.contextElements).map((text) => ({ type: "mrkdwn" as const, text })),
  };
}

/** Block Kit for a draft: a heading, each question as a section with its why, sources and past minutes beneath. */
export function formatDraftsForSlack(result: DraftResult): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [section(`*${mrkdwn(heading(result), SLACK_LIMITS.sectionText - 2)}*`)];
  if (result.questions.length === 0) blocks.push(section("No questions drafted."));
  // Two blocks per question; the heading and the notes take two more.
  const room = Math.floor((SLACK_LIMITS.blocks - 2) / 2);
  const shown = result.questions.slice(0, room);
  shown.forEach((q, i) => {
    const lead = `*${i + 1}.* `;
    blocks.push(section(`${lead}${mrkdwn(q.question, SLACK_LIMITS.sectionText - lead.length)}`));
    const lines = [`_Why ask:_ ${mrkdwn(q.why, SLACK_LIMITS.contextText - 12)}`];
    for (const c of q.citations)
      lines.push(`:page_facing_up: ${mrkdwn(sourceLabel(c), SLACK_LIMITS.contextText - 20)}`);
    for (const p of q.previously_asked) {
      lines.push(`:repeat: Previously ${mrkdwn(pastLine(p), SLACK_LIMITS.contextText - 20)}`);
    }
    blocks.push(context(lines));
  });
  const notes = [...result.notes];
  if (result.questions.length > shown.length) {
    notes.push(`${result.questions.length - shown.length} more question(s) left out to fit Slack.`);
  }
  if (notes.length > 0) {
    blocks.push(
      context(notes.map((n) => `:information_source: ${mrkdwn(n, SLACK_LIMITS.contextText - 24)}`)),
    );
  }
  const text = [heading(result), ...result.questions.map((q, i) => `${i + 1}. ${q.question}`)].join("\n");
  return { text: escapeMrkdwn(text), blocks };
}
