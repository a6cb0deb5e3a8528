import type { DocumentMeta, LoadedText, UnitDraft } from "../types.js";
import { buildBlocks } from "./blocks.js";
import { type CoverageInput, type LineReport, lineCoverage } from "./coverage.js";
import { splitDocuments } from "./documents.js";
import { detectFurniture, withListedPages } from "./furniture.js";
import { detectLayout, splitLines } from "./lines.js";
import { planMinutesUnits } from "./minutes.js";
import { buildPageMap } from "./pages.js";
import { planReportUnits } from "./paragraphs.js";
import { detectStackedTables } from "./stackedTables.js";
import { detectTables } from "./tables.js";
import { DEFAULT_MAX_UNIT_CHARS, type FinishedUnit, finishUnits } from "./units.js";

export type { LineReport, LineRole } from "./coverage.js";

/** Bump whenever the units or figures produced for the same text change; the index manifest stores it. */
export const CHUNKER_VERSION = "structure-3";

export interface StructureOptions {
  /** Units longer than this are split at sentence ends into parts 1..n (default 1500). */
  maxUnitChars?: number;
}

export interface Structured {
  documents: DocumentMeta[];
  units: UnitDraft[];
  warnings: string[];
}

/** Page starts the loader measured, or the form feeds of a text export. */
function pageStartsOf(loaded: LoadedText): number[] {
  if (loaded.pages.length > 0) return loaded.pages.map((p) => p.start);
  const starts: number[] = [];
  for (let i = loaded.text.indexOf("\f"); i !== -1; i = loaded.text.indexOf("\f", i + 1)) starts.push(i + 1);
  return starts.length > 0 ? [0, ...starts] : [];
}

/**
 * One loaded file -> its documents (agenda, minutes, reports, appendices) and citable units, each
 * unit pointing at the span of `loaded.text` it was read from and the page it starts on.
 */
export function structureText(loaded: LoadedText, options: StructureOptions = {}): Structured {
  return run(loaded, options).structured;
}

/**
 * `structureText` plus what became of every line of the text (in a unit, a heading, furniture, a
 * document header, or dropped): for tests and for debugging a file that answers badly.
 */
export function inspectStructure(
  loaded: LoadedText,
  options: StructureOptions = {},
): { structured: Structured; lines: LineReport[] } {
  const { structured, trace } = run(loaded, options);
  return { structured, lines: lineCoverage(trace) };
}

function run(
  loaded: LoadedText,
  options: StructureOptions,
): { structured: Structured; trace: CoverageInput } {
  const max = options.maxUnitChars ?? DEFAULT_MAX_UNIT_CHARS;
  const lines = splitLines(loaded.text);
  const layout = detectLayout(lines);
  const printed = detectFurniture(lines, pageStartsOf(loaded));
  const isFurniture = (i: number) => printed.kinds.has(i);
  const found = detectTables(lines, isFurniture);
  const tables = [...found, ...detectStackedTables(lines, isFurniture, found)].sort(
    (a, b) => a.firstLine - b.firstLine,
  );
  const split = splitDocuments({ lines, furniture: printed, tables, source: loaded.source });
  const listed = split.documents.flatMap((d) =>
    d.meta.pageStart !== null && d.meta.pageEnd !== null
      ? [{ firstLine: d.firstLine, endLine: d.endLine, pageStart: d.meta.pageStart, pageEnd: d.meta.pageEnd }]
      : [],
  );
  const furniture = withListedPages(lines, printed, listed);
  const paging = buildPageMap({ text: loaded.text, lines, furniture, layout, loadedPages: loaded.pages });
  const warnings = [...paging.warnings, ...split.warnings];

  const documents: DocumentMeta[] = [];
  const units: UnitDraft[] = [];
  const finished: (FinishedUnit & { document: number })[] = [];
  for (const plan of split.documents) {
    const meta: DocumentMeta = {
      id: `${loaded.source}#${documents.length}`,
      source: loaded.source,
      ...plan.meta,
    };
    const inDoc = tables.filter((t) => t.firstLine >= plan.headerEnd && t.lastLine < plan.endLine);
    const blocks = buildBlocks(
      { lines, furniture, tables: inDoc, layout },
      plan.headerEnd,
      plan.endLine,
      meta.kind === "minutes" ? "minutes" : "paragraphs",
    );
    const plans =
      meta.kind === "minutes"
        ? planMinutesUnits(blocks, meta.title, max)
        : planReportUnits(blocks, meta.title, max);
    const done = finishUnits(plans, meta, paging.pages, max);
    const docUnits = done.map((f) => f.unit);
    if (docUnits.length === 0) warnings.push(`"${meta.title}": no citable text`);
    if (meta.pageStart === null) {
      const startPage = paging.pages.pageAt(lines[plan.firstLine]?.start ?? 0);
      const known = docUnits.map((u) => u.page).filter((p): p is number => p !== null);
      meta.pageStart = startPage ?? (known.length > 0 ? known.reduce((a, b) => Math.min(a, b)) : null);
      let last = plan.endLine - 1;
      while (last > plan.firstLine && (lines[last]?.blank || furniture.kinds.has(last))) last--;
      const endPage = paging.pages.pageAt(lines[last]?.start ?? 0);
      meta.pageEnd = endPage ?? (known.length > 0 ? known.reduce((a, b) => Math.max(a, b)) : null);
    }
    for (const f of done) {
      units.push(f.unit);
      finished.push({ ...f, document: documents.length });
    }
    documents.push(meta);
  }
  return {
    structured: { documents, units, warnings },
    trace: { lines, furniture, tables, documents: split.documents, units: finished },
  };
}
