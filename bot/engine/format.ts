import type { Unit } from "../../ingest/types.js";
import { formatDate } from "./conflicts.js";
import type { Answer, Citation } from "./types.js";

/** Plain-text rendering of an answer for terminals: the answer, numbered sources, notes. Pure. */

export interface FormatOptions {
  /** ANSI bold for the figures and dim for the source lines (stdout is a TTY). */
  color: boolean;
}

const BOLD = "\u001b[1m";
const DIM = "\u001b[2m";
const RESET = "\u001b[0m";

/** "Quarter 3 2023/24 Performance Report (5 March 2024), para 7, page 70" */
export function citationLabel(c: Citation): string {
  const parts = [c.title + (c.date ? ` (${formatDate(c.date)})` : "")];
  if (c.paragraph) parts.push(`para ${c.paragraph}`);
  // A table row's section is usually its table's title, which often repeats the paper's.
  if (
    c.section &&
    !c.paragraph &&
    !c.title.toLowerCase().includes(c.section.toLowerCase().replace(/^appendix:\s*/, ""))
  ) {
    parts.push(c.section);
  }
  if (c.page !== null) parts.push(`page ${c.page}`);
  return parts.join(", ");
}

function highlight(text: string, answer: Answer, color: boolean): string {
  if (!color) return text;
  let out = text;
  const seen = new Set<string>();
  for (const f of answer.figures) {
    if (!f.text || seen.has(f.text)) continue;
    seen.add(f.text);
    out = out.split(f.text).join(`${BOLD}${f.text}${RESET}`);
  }
  return out;
}

export function formatAnswer(answer: Answer, options: FormatOptions = { color: false }): string {
  const { color } = options;
  const dim = (s: string) => (color ? `${DIM}${s}${RESET}` : s);
  const lines: string[] = [highlight(answer.answer, answer, color)];
  if (answer.citations.length > 0) {
    lines.push("", "Sources:");
    answer.citations.forEach((c, i) => {
      lines.push(`  [${i + 1}] ${citationLabel(c)}`);
      lines.push(dim(`      ${c.source}`));
    });
  }
  if (answer.suggestions.length > 0) {
    lines.push("", "Closest passages in the papers:");
    for (const c of answer.suggestions) lines.push(`  - ${citationLabel(c)}`);
  }
  if (answer.notes.length > 0) {
    lines.push("");
    for (const n of answer.notes) lines.push(`Note: ${n}`);
  }
  return lines.join("\n");
}

/** The citation of a unit, as every face shows it. */
export function citationOf(unit: Unit, score: number): Citation {
  return {
    id: unit.id,
    source: unit.source,
    title: unit.title,
    section: unit.section,
    paragraph: unit.paragraph,
    page: unit.page,
    date: unit.meetingDate,
    text: unit.text,
    score: Math.round(score * 1000) / 1000,
    collection: unit.collection,
  };
}
