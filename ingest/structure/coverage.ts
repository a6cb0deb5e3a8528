import type { UnitDraft } from "../types.js";
import { matchMarker, matchNumber } from "./blocks.js";
import type { Furniture, FurnitureKind } from "./furniture.js";
import type { Line } from "./lines.js";
import type { MappedText } from "./mapped.js";
import type { Table } from "./tables.js";

/**
 * What became of each line of the loaded text. A line with words or figures must end up somewhere a
 * reader can find it: in a unit's text, as the heading or table label that units carry, as page
 * furniture, or in a document's header (read into its metadata). Anything else was dropped, and a
 * dropped figure is one no answer can cite.
 */
export type LineRole =
  /** Whitespace only. */
  | "blank"
  /** No letters or digits ("-", "|---|", "•"): nothing to lose. */
  | "no-content"
  | "furniture"
  /** Committee line, title, "REPORT OF ..." of a report: read into the document's metadata. */
  | "header"
  /** Every letter, digit, "%" and "£" (bar a paragraph number or list marker) is in some unit's text. */
  | "unit"
  /** A heading, table caption or header row: carried by units as their section or table labels. */
  | "label"
  | "dropped";

export interface LineReport {
  line: number;
  start: number;
  end: number;
  /** The line as cleaned for reading (markup gone, whitespace collapsed). */
  text: string;
  role: LineRole;
  furniture: FurnitureKind | null;
  /** Indexes (into the units) of the units holding some of the line's characters. */
  units: number[];
}

export interface CoverageInput {
  lines: readonly Line[];
  furniture: Furniture;
  tables: readonly Table[];
  documents: readonly { firstLine: number; endLine: number; headerEnd: number }[];
  /** Every unit in output order, with the document (index into `documents`) it belongs to. */
  units: readonly { unit: UnitDraft; mapped: MappedText; document: number }[];
}

const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
const CONTENT = /[\p{L}\p{N}]/u;
/** What a figure is made of: a lost "%" or "£" changes what the number says. */
const MEANING = /[\p{L}\p{N}%£$€]/u;

/** Characters a unit legitimately leaves out: the paragraph number or list marker it turned into a label. */
function labelLength(text: string): number {
  const marker = matchMarker(text);
  if (marker) return marker.afterLabel;
  const n = matchNumber(text);
  return n ? n.rest : 0;
}

export function lineCoverage(input: CoverageInput): LineReport[] {
  const { lines, furniture, documents, units } = input;
  const owner = new Map<number, number[]>();
  for (const [k, u] of units.entries()) {
    for (const o of u.mapped.offsets) {
      const list = owner.get(o);
      if (!list) owner.set(o, [k]);
      else if (list.at(-1) !== k) list.push(k);
    }
  }
  // A heading, caption or header row labels what comes after it, so only later units can carry it.
  const labels = units.map((u) => {
    const t = u.unit.table;
    const header = (t?.header ?? []).filter((h, i, all) => h !== all[i - 1]);
    return [u.unit.section ?? "", u.unit.title, t?.title ?? "", header.join(" "), ...header]
      .filter((x) => x !== "")
      .map(squash);
  });
  const labelled = (doc: number, from: number, own: string) =>
    units.some(
      (u, k) => u.document === doc && u.unit.end > from && (labels[k] ?? []).some((x) => x.includes(own)),
    );
  // Caption and header lines of tables: inside a table's span, in none of its rows.
  const tableLabelLines = new Set<number>();
  for (const t of input.tables) {
    const rows = new Set(t.rows.map((r) => r.line));
    for (let i = t.firstLine; i <= t.lastLine; i++) if (!rows.has(i)) tableLabelLines.add(i);
  }
  const docAt = (i: number) => documents.findIndex((d) => i >= d.firstLine && i < d.endLine);

  return lines.map((l): LineReport => {
    const kind = furniture.kinds.get(l.index) ?? null;
    const report = (role: LineRole, held: number[] = []): LineReport => ({
      line: l.index,
      start: l.start,
      end: l.end,
      text: l.text,
      role,
      furniture: kind,
      units: held,
    });
    if (l.blank) return report("blank");
    if (!CONTENT.test(l.text)) return report("no-content");
    if (kind) return report("furniture");
    const doc = docAt(l.index);
    const d = documents[doc];
    if (d && l.index < d.headerEnd) return report("header");

    const skip = labelLength(l.text);
    const held = new Set<number>();
    let missing = false;
    for (let c = 0; c < l.clean.text.length; c++) {
      const at = l.clean.offsets[c] ?? -1;
      const whose = owner.get(at);
      if (whose) for (const k of whose) held.add(k);
      else if (c >= skip && MEANING.test(l.clean.text[c] ?? "")) missing = true;
    }
    const holders = [...held].sort((a, b) => a - b);
    if (!missing && holders.length > 0) return report("unit", holders);
    const own = squash(
      l.text
        .slice(skip)
        .replace(/^#+\s*/, "")
        .replace(/[\s:.]+$/, ""),
    );
    if (!missing && own === "") {
      // "10." alone on its line: the number of the paragraph below it, or the end of a wrapped
      // minute title ("...Procedure Rule" over "16.") that the section carries.
      const number = /^\d{1,3}(?:\.\d{1,2})?/.exec(l.text)?.[0] ?? "";
      const numbers = (u: UnitDraft) => u.paragraph === number || u.paragraph?.startsWith(`${number}(`);
      const carried =
        units.some((u) => u.document === doc && u.unit.end > l.start && numbers(u.unit)) ||
        (number !== "" && labelled(doc, l.start, squash(number)));
      return report(carried ? "label" : "dropped", holders);
    }
    if (own !== "" && labelled(doc, l.start, own)) return report("label", holders);
    if (tableLabelLines.has(l.index)) {
      // Header cells one by one; one- and two-letter cells are a label the extractor split ("Actio" | "n").
      const cells = l.raw.split(/\t|\|| {3,}/).map(squash);
      const named = cells.filter((c) => c.length > 2);
      if (named.length > 0 && named.every((c) => labelled(doc, l.start, c))) return report("label", holders);
    }
    return report("dropped", holders);
  });
}
