import type { DocumentMeta, UnitDraft, UnitKind } from "../types.js";
import { joinMapped, type MappedText, mappedSlice, spanOf, trimMapped } from "./mapped.js";
import type { PageMap } from "./pages.js";
import { sentenceBreaks } from "./text.js";

/** A unit before its final cut: its pieces (paragraph body, list items, row cells) in reading order. */
export interface UnitPlan {
  kind: UnitKind;
  paragraph: string | null;
  section: string | null;
  pieces: MappedText[];
  /** How pieces join: "\n" between a paragraph and its list items, "; " between a row's cells. */
  joiner: string;
  /** A split table row repeats its first cell (the row's name) at the head of every part. */
  repeatFirst?: boolean;
  table: UnitDraft["table"];
}

export const DEFAULT_MAX_UNIT_CHARS = 1500;

/**
 * A run of text far longer than a unit with no sentence end in it is not prose but a table or
 * diagram flattened by the extractor; it is cut at its last clause mark (or space) before `max`.
 */
function runOnChunks(chunk: MappedText, max: number): MappedText[] {
  const out: MappedText[] = [];
  let rest = chunk;
  while (rest.text.length > max * 1.5) {
    const window = rest.text.slice(0, max);
    const cut =
      [/;\s(?=\S)/g, /:\s(?=\S)/g, /,\s(?=\S)/g, /\s[–-]\s/g, /\s/g]
        .map((re) => [...window.matchAll(re)].filter((m) => m.index > max / 2).at(-1))
        .find((m) => m !== undefined) ?? null;
    const at = cut ? cut.index + cut[0].length : max;
    out.push(trimMapped(mappedSlice(rest, 0, at)));
    rest = trimMapped(mappedSlice(rest, at));
  }
  out.push(rest);
  return out;
}

/** Breaks a piece longer than `max` at sentence ends; a single sentence longer than `max` stays whole. */
function sentenceChunks(piece: MappedText, max: number): MappedText[] {
  if (piece.text.length <= max) return [piece];
  const chunks: MappedText[] = [];
  let from = 0;
  for (const end of sentenceBreaks(piece.text)) {
    if (end - from >= 1) chunks.push(mappedSlice(piece, from, end));
    from = end;
  }
  if (from < piece.text.length) chunks.push(mappedSlice(piece, from));
  return chunks
    .map(trimMapped)
    .filter((c) => c.text.length > 0)
    .flatMap((c) => runOnChunks(c, max));
}

/**
 * Packs pieces into parts of at most `max` characters, cutting only between pieces (list items,
 * rows' cells) or between sentences, never inside one. Returns each part's text.
 */
export function splitPieces(pieces: readonly MappedText[], joiner: string, max: number): MappedText[] {
  const whole = joinMapped(pieces, joiner);
  if (whole.text.length <= max) return [whole];
  // Sentences of one piece rejoin with a space; pieces keep their own joiner.
  const chunks: { glue: string; text: MappedText }[] = [];
  for (const piece of pieces) {
    for (const [i, chunk] of sentenceChunks(piece, max).entries())
      chunks.push({ glue: i === 0 ? joiner : " ", text: chunk });
  }
  const parts: MappedText[] = [];
  let current: MappedText | null = null;
  for (const { glue, text } of chunks) {
    if (current && current.text.length + glue.length + text.text.length > max) {
      parts.push(current);
      current = null;
    }
    current = current ? joinMapped([current, text], glue) : text;
  }
  if (current) parts.push(current);
  return parts;
}

export function contextOf(title: string, section: string | null, paragraph: string | null): string {
  return [title, section, paragraph ? `para ${paragraph}` : null].filter((x) => x).join(" > ");
}

/** A finished unit with the mapped text it was cut from, so callers can tell which characters it holds. */
export interface FinishedUnit {
  unit: UnitDraft;
  mapped: MappedText;
}

export function finishUnits(
  plans: readonly UnitPlan[],
  doc: DocumentMeta,
  pages: PageMap,
  max: number,
): FinishedUnit[] {
  const out: FinishedUnit[] = [];
  for (const plan of plans) {
    const pieces = plan.pieces.map(trimMapped).filter((p) => p.text.length > 0);
    if (pieces.length === 0) continue;
    let parts = splitPieces(pieces, plan.joiner, max);
    const head = pieces[0];
    if (plan.repeatFirst && head && parts.length > 1) {
      // Mapped to the part's own start, so the repeated name does not stretch the part's span.
      parts = parts.map((p, i) => {
        if (i === 0) return p;
        const at = p.offsets[0] ?? 0;
        return joinMapped([{ text: head.text, offsets: head.offsets.map(() => at) }, p], plan.joiner);
      });
    }
    for (const [i, part] of parts.entries()) {
      const text = trimMapped(part);
      if (text.text.length === 0) continue;
      const { start, end } = spanOf(text);
      const unit: UnitDraft = {
        kind: plan.kind,
        text: text.text,
        context: contextOf(doc.title, plan.section, plan.paragraph),
        documentId: doc.id,
        source: doc.source,
        title: doc.title,
        committee: doc.committee,
        meetingDate: doc.meetingDate,
        agendaItem: doc.agendaItem,
        section: plan.section,
        paragraph: plan.paragraph,
        part: parts.length > 1 ? i + 1 : 0,
        page: pages.pageAt(start),
        start,
        end,
        table: plan.table,
      };
      out.push({ unit, mapped: text });
    }
  }
  return out;
}
