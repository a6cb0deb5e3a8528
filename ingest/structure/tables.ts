import { detectInlineTable } from "./inlineTables.js";
import type { Line } from "./lines.js";
import type { MappedText } from "./mapped.js";
import { cleanLine } from "./markup.js";

/**
 * Tables as extractors leave them: tab-separated rows (Word/HTML exports), Markdown pipes, or columns
 * aligned with runs of spaces (PDF text). A row only makes sense with its header, so each data row is
 * read as "Header: cell; Header: cell", with merged (blank) leading cells filled down from above.
 */
export interface TableRow {
  line: number;
  /** Cells as printed, mapped to the file; "" for an empty cell. */
  cells: MappedText[];
  /** Cell text after filling merged leading cells down from the row above. */
  filled: string[];
}

export interface Table {
  kind: "tsv" | "markdown" | "spaced" | "inline" | "stacked";
  firstLine: number;
  lastLine: number;
  /** A caption printed as the table's own first row ("RISK FACTORS IN EARLY LIFE TO ADOLESCENCE"). */
  caption: string | null;
  /** Column groups printed over the header whose columns the extract no longer shows ("Primary Prevention, ..."). */
  groups: string | null;
  /** One label per column; "" where the header cell is empty. All "" when the table has no header. */
  header: string[];
  rows: TableRow[];
}

const VALUE = /^[-+<>≥≤~£$€]?\(?\d[\d,.]*\)?\s*(%|k|m|bn|million|pp)?$/i;

function cellsOf(line: Line, separator: RegExp, trimEdges: boolean): MappedText[] {
  let raw = line.raw;
  let base = line.start;
  if (trimEdges) {
    const lead = /^\s*(?:-\s+)?\|?/.exec(raw)?.[0].length ?? 0;
    raw = raw.slice(lead).replace(/\|\s*$/, "");
    base += lead;
  }
  const cells: MappedText[] = [];
  let at = 0;
  for (const m of raw.matchAll(separator)) {
    cells.push(cleanLine(raw.slice(at, m.index), base + at));
    at = m.index + m[0].length;
  }
  cells.push(cleanLine(raw.slice(at), base + at));
  while (cells.length > 0 && cells.at(-1)?.text === "") cells.pop();
  return cells;
}

const nonEmpty = (cells: readonly MappedText[]) => cells.filter((c) => c.text !== "").length;

/** A header row names columns: no cell is a bare figure and none runs to a sentence. */
function looksLikeHeader(cells: readonly MappedText[]): boolean {
  if (nonEmpty(cells) < 2) return false;
  // A one- or two-character cell after a label is a fragment of it ("Action" | "1"), not a figure.
  const fragment = (c: MappedText, i: number) =>
    i > 0 && c.text.length <= 2 && (cells[i - 1]?.text ?? "") !== "";
  // Years name columns ("2019", "2019/20"); other bare figures are data.
  const year = (c: MappedText) => /^(19|20)\d{2}(\/\d{2})?$/.test(c.text);
  return cells.every(
    (c, i) => fragment(c, i) || year(c) || (!VALUE.test(c.text) && c.text.length <= 80 && !/%/.test(c.text)),
  );
}

/** "Actio" + "n" split over two cells by the extractor is one label, "Action", over both columns. */
function repairLabels(labels: string[]): string[] {
  const out = [...labels];
  for (let i = 1; i < out.length; i++) {
    const cur = out[i] ?? "";
    const prev = out[i - 1] ?? "";
    if (cur.length === 0 || cur.length > 2 || prev.length === 0) continue;
    const completes = /^[a-z]+$/.test(cur) && !prev.toLowerCase().endsWith(cur);
    const merged = completes ? prev + cur : prev;
    out[i - 1] = merged;
    out[i] = merged;
  }
  return out;
}

/**
 * Fills merged leading cells down: a blank first cell under a value means "as above". A TOTAL row's
 * blank first cell means "nothing here", and so does a blank in a column that never has a value above.
 */
function fillDown(rows: readonly MappedText[][], width: number): string[][] {
  const grouping: boolean[] = [];
  for (let c = 0; c < width; c++) {
    let blanks = 0;
    for (const r of rows) {
      if ((r[c]?.text ?? "") === "" && r.slice(c + 1).some((x) => x.text !== "")) blanks++;
    }
    grouping.push(blanks >= 1);
  }
  const last: string[] = new Array(width).fill("");
  const out: string[][] = [];
  for (const r of rows) {
    const cells = Array.from({ length: width }, (_, c) => r[c]?.text ?? "");
    const firstText = cells.find((x) => x !== "") ?? "";
    const isTotal = /^(sub-?)?totals?\b/i.test(firstText);
    for (let c = 0; c < width && cells[c] === "" && !isTotal; c++) {
      if (grouping[c]) cells[c] = last[c] ?? "";
    }
    for (let c = 0; c < width; c++) if (cells[c] !== "") last[c] = cells[c] ?? "";
    out.push(cells);
  }
  return out;
}

function buildTable(kind: Table["kind"], rowLines: Line[], rowCells: MappedText[][]): Table | null {
  const width = Math.max(...rowCells.map((r) => r.length));
  // Two columns are a layout (name | name, label | phone); they read fine as plain text.
  if (rowCells.length < 2 || width <= 2) return null;
  let caption: string | null = null;
  let i = 0;
  if (nonEmpty(rowCells[0] ?? []) === 1 && rowCells.length > 2) {
    caption = (rowCells[0] ?? []).find((c) => c.text !== "")?.text ?? null;
    i = 1;
  }
  let labels: string[] = new Array(width).fill("");
  let groups: string | null = null;
  const first = rowCells[i] ?? [];
  if (looksLikeHeader(first) && rowCells.length - i >= 2) {
    labels = Array.from({ length: width }, (_, c) => first[c]?.text ?? "");
    i++;
    // A second header row (blank first cell above data rows that have one) names sub-columns.
    const second = rowCells[i] ?? [];
    const next = rowCells[i + 1] ?? [];
    if (
      rowCells.length - i >= 2 &&
      (second[0]?.text ?? "") === "" &&
      (next[0]?.text ?? "") !== "" &&
      looksLikeHeader(second)
    ) {
      // The upper row groups the columns ("Primary Prevention" over "MVP"). Where every sub-column
      // has its group printed straight above it, each label names both; where a group spans columns
      // the extract no longer shows which, so the groups go to the table's title rather than guess.
      const sub = (c: number) => second[c]?.text ?? "";
      const aligned = labels.every((l, c) => c === 0 || sub(c) === "" || l !== "");
      if (!aligned) groups = labels.filter((l, c) => c > 0 && l !== "" && sub(c) !== "").join(", ") || null;
      labels = labels.map((l, c) =>
        aligned && l && sub(c) && l !== sub(c) ? `${l} – ${sub(c)}` : sub(c) || l,
      );
      i++;
    }
    labels = repairLabels(labels);
  }
  const dataCells = rowCells.slice(i);
  const filled = fillDown(dataCells, width);
  return {
    kind,
    firstLine: (rowLines[0] as Line).index,
    lastLine: (rowLines.at(-1) as Line).index,
    caption,
    groups,
    header: labels,
    rows: dataCells.map((cells, r) => ({
      line: (rowLines[i + r] as Line).index,
      cells,
      filled: filled[r] ?? [],
    })),
  };
}

const MD_ROW = /^\s*(?:-\s+)?\|.*\|\s*$/;
const MD_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const SPACED_GAP = /\s{3,}/g;

/** Every table in the lines, in order; lines in no table are left for paragraphs. */
export function detectTables(lines: readonly Line[], skip: (index: number) => boolean): Table[] {
  const tables: Table[] = [];
  let i = 0;
  while (i < lines.length) {
    const l = lines[i] as Line;
    if (l.blank || skip(i)) {
      i++;
      continue;
    }
    let run: Line[] = [];
    let kind: Table["kind"] | null = null;
    if (l.raw.includes("\t")) {
      kind = "tsv";
      for (let j = i; j < lines.length && !lines[j]?.blank && lines[j]?.raw.includes("\t"); j++) {
        run.push(lines[j] as Line);
      }
    } else if (MD_ROW.test(l.raw)) {
      kind = "markdown";
      for (let j = i; j < lines.length && MD_ROW.test(lines[j]?.raw ?? ""); j++) run.push(lines[j] as Line);
    } else if (l.raw.trim().split(SPACED_GAP).length >= 3) {
      kind = "spaced";
      const width = l.raw.trim().split(SPACED_GAP).length;
      for (let j = i; j < lines.length; j++) {
        const cur = lines[j] as Line;
        if (cur.blank || cur.raw.trim().split(SPACED_GAP).length !== width) break;
        run.push(cur);
      }
      if (run.length < 3) run = [];
    }
    if (kind === null || run.length === 0) {
      const inline = kind === null ? detectInlineTable(lines, i, skip) : null;
      if (inline) tables.push(inline);
      i = inline ? inline.lastLine + 1 : i + 1;
      continue;
    }
    const rows = run.filter((r) => !(kind === "markdown" && MD_RULE.test(r.raw)));
    const cells = rows.map((r) =>
      kind === "tsv"
        ? cellsOf(r, /\t/g, false)
        : kind === "markdown"
          ? cellsOf(r, /\|/g, true)
          : spacedCells(r),
    );
    const spacedHasFigures =
      kind !== "spaced" || cells.slice(1).some((r) => r.some((c) => VALUE.test(c.text)));
    const table = spacedHasFigures ? buildTable(kind, rows, cells) : null;
    if (table) {
      table.lastLine = (run.at(-1) as Line).index;
      tables.push(table);
      i = table.lastLine + 1;
    } else {
      i += kind === "spaced" ? 1 : run.length;
    }
  }
  return tables;
}

function spacedCells(line: Line): MappedText[] {
  const lead = line.raw.length - line.raw.trimStart().length;
  const raw = line.raw.trim();
  const cells: MappedText[] = [];
  let at = 0;
  for (const m of raw.matchAll(SPACED_GAP)) {
    cells.push(cleanLine(raw.slice(at, m.index), line.start + lead + at));
    at = m.index + m[0].length;
  }
  cells.push(cleanLine(raw.slice(at), line.start + lead + at));
  return cells;
}
