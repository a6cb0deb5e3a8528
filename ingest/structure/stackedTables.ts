import { CAPTION, cutHeader, FIGURE_TOKEN } from "./inlineTables.js";
import type { Line } from "./lines.js";
import { joinMapped, type MappedText } from "./mapped.js";
import type { Table, TableRow } from "./tables.js";
import { startsLowercase, words } from "./text.js";

/**
 * Tables as pdf-parse prints them when each cell is its own text block: one cell per block, blocks
 * separated by blank lines, a cell wrapped over at most two lines, read column by column within a
 * row:
 *
 *   Measure Baseline      <- header blocks: the label column's name and k column names
 *   (2017)
 *
 *   December
 *   2018
 *   ...
 *   Turnover              <- a row: its label block...
 *   rate[1]
 *
 *   19.6%                 <- ...and k value blocks, each nothing but figures
 *   (38.8)
 *
 * Left alone, these blocks join into one paragraph and nobody can tell which figure belongs to which
 * column. The shape that gives a table away is strict on purpose, since prose read as a table loses
 * its sentences: at least two rows in a row, each a short label followed by the same number (two or
 * more) of blocks made only of figures, under exactly that many short column-name blocks.
 */

/** Years name columns ("2019", "2019/20", "(2017)"); a row of them is a header, not data. */
const YEAR_TOKEN = /^\(?(?:19|20)\d{2}(?:[/-]\d{2}(?:\d{2})?)?\)?$/;
/** A wrapped cell spans two lines; a block of three or more is a paragraph. */
const MAX_CELL_LINES = 2;
const MAX_FIGURE_TOKENS = 3;
const MAX_LABEL_CHARS = 60;
const MAX_LABEL_WORDS = 8;
const MAX_HEADER_CHARS = 40;
const MAX_HEADER_WORDS = 6;
/** A sentence's end or a clause mark: the line belongs to prose, however short. */
const PUNCTUATED_END = /[.,;:!?]$/;

/** Lines between blank lines (or page furniture). */
interface TextBlock {
  firstLine: number;
  lastLine: number;
  lineCount: number;
  /** The block's lines cleaned and joined with a space, mapped to the file. */
  text: MappedText;
  /** Another table or a tab-separated line stands between this block and the one before. */
  cut: boolean;
}

function textBlocks(
  lines: readonly Line[],
  skip: (index: number) => boolean,
  taken: ReadonlySet<number>,
): TextBlock[] {
  const blocks: TextBlock[] = [];
  let cut = false;
  let i = 0;
  while (i < lines.length) {
    const l = lines[i] as Line;
    if (taken.has(i) || l.raw.includes("\t")) {
      cut = true;
      i++;
      continue;
    }
    if (l.blank || skip(i)) {
      i++;
      continue;
    }
    const own: Line[] = [];
    while (i < lines.length) {
      const cur = lines[i] as Line;
      if (cur.blank || skip(i) || taken.has(i) || cur.raw.includes("\t")) break;
      own.push(cur);
      i++;
    }
    blocks.push({
      firstLine: (own[0] as Line).index,
      lastLine: (own.at(-1) as Line).index,
      lineCount: own.length,
      text: joinMapped(
        own.map((x) => x.clean),
        " ",
      ),
      cut,
    });
    cut = false;
  }
  return blocks;
}

const tokensOf = (b: TextBlock) => b.text.text.split(" ");

/** "19.6% (38.8)": a block of nothing but one to three figures. */
export function isValueCell(text: string): boolean {
  const ts = text.split(/\s+/).filter((t) => t !== "");
  return (
    ts.length >= 1 &&
    ts.length <= MAX_FIGURE_TOKENS &&
    ts.every((t) => FIGURE_TOKEN.test(t)) &&
    /\d/.test(text)
  );
}

/** A short, unpunctuated name of words that is no value cell and not the tail of a wrapped sentence. */
function isNameCell(text: string, maxChars: number, maxWords: number): boolean {
  return (
    /\p{L}/u.test(text) &&
    !isValueCell(text) &&
    text.length <= maxChars &&
    words(text).length <= maxWords &&
    !PUNCTUATED_END.test(text) &&
    !startsLowercase(text)
  );
}

/** "Turnover rate[1]": a row's name. */
export function isLabelCell(text: string): boolean {
  return isNameCell(text, MAX_LABEL_CHARS, MAX_LABEL_WORDS);
}

/** "December 2018", "Baseline (2017)", "2019/20": a column's name. */
export function isHeaderCell(text: string): boolean {
  const ts = text.split(/\s+/).filter((t) => t !== "");
  if (ts.length > 0 && ts.every((t) => YEAR_TOKEN.test(t))) return true;
  return isNameCell(text, MAX_HEADER_CHARS, MAX_HEADER_WORDS);
}

const fits = (b: TextBlock | undefined, shape: (text: string) => boolean): b is TextBlock =>
  b !== undefined && b.lineCount <= MAX_CELL_LINES && shape(b.text.text);

interface RowAt {
  label: TextBlock;
  values: TextBlock[];
}

/**
 * Rows from block `at` on: each a label block and the same number (>= 2) of value blocks. `end` is the
 * block after the last row.
 */
function rowsFrom(blocks: readonly TextBlock[], at: number): { rows: RowAt[]; end: number } {
  const rows: RowAt[] = [];
  let width = 0;
  let j = at;
  while (fits(blocks[j], isLabelCell) && (rows.length === 0 || !blocks[j]?.cut)) {
    const values: TextBlock[] = [];
    let v = j + 1;
    while (fits(blocks[v], isValueCell) && !blocks[v]?.cut) values.push(blocks[v++] as TextBlock);
    if (values.length < 2 || (width !== 0 && values.length !== width)) break;
    width = values.length;
    rows.push({ label: blocks[j] as TextBlock, values });
    j = v;
  }
  return { rows, end: j };
}

/** A block's text as a one-line `Line`, so the inline-table header cutter can read it. */
function asLine(b: TextBlock): Line {
  return {
    index: b.firstLine,
    start: b.text.offsets[0] ?? 0,
    end: (b.text.offsets.at(-1) ?? 0) + 1,
    raw: b.text.text,
    clean: b.text,
    text: b.text.text,
    indent: 0,
    blank: false,
  };
}

interface Head {
  /** The label column's name, then one per value column. */
  cells: MappedText[];
  firstBlock: number;
}

const NO_NAME: MappedText = { text: "", offsets: [] };

/**
 * The column names standing in the `width` blocks just above the first row. The label column's name
 * may share the first block ("Measure Baseline (2017)") or stand in a short block of its own above.
 */
function headAbove(blocks: readonly TextBlock[], firstRow: number, width: number): Head | null {
  const from = firstRow - width;
  if (from < 0) return null;
  const names = blocks.slice(from, firstRow);
  if (names.some((b, i) => !fits(b, isHeaderCell) || (i > 0 && b.cut))) return null;
  if (blocks[firstRow]?.cut) return null;
  const first = names[0] as TextBlock;
  const split = cutHeader(asLine(first), 1, false);
  if (split && split.length === 2 && split[0]?.text !== "") {
    return { cells: [...split, ...names.slice(1).map((b) => b.text)], firstBlock: from };
  }
  const above = blocks[from - 1];
  if (
    !first.cut &&
    fits(above, isHeaderCell) &&
    above.lineCount === 1 &&
    words(above.text.text).length <= 3 &&
    !/\d/.test(above.text.text)
  ) {
    return { cells: [above.text, ...names.map((b) => b.text)], firstBlock: from - 1 };
  }
  return { cells: [NO_NAME, ...names.map((b) => b.text)], firstBlock: from };
}

const allYears = (bs: readonly TextBlock[]) => bs.every((b) => tokensOf(b).every((t) => YEAR_TOKEN.test(t)));

/** A "Table 3: ..." line standing straight above the header, with nothing but space between. */
function captionAbove(
  lines: readonly Line[],
  headerLine: number,
  skip: (index: number) => boolean,
  taken: ReadonlySet<number>,
): Line | null {
  let j = headerLine - 1;
  while (j >= 0 && (lines[j]?.blank || skip(j)) && !taken.has(j)) j--;
  const l = lines[j];
  return l && !taken.has(j) && CAPTION.test(l.text) ? l : null;
}

/**
 * Every stacked-cell table in the lines, in order. `skip` marks page furniture (a table may run over
 * a page foot); `existing` are the tables already found, whose lines no stacked table may take.
 */
export function detectStackedTables(
  lines: readonly Line[],
  skip: (index: number) => boolean,
  existing: readonly Table[],
): Table[] {
  const taken = new Set<number>();
  for (const t of existing) for (let i = t.firstLine; i <= t.lastLine; i++) taken.add(i);
  const blocks = textBlocks(lines, skip, taken);
  const tables: Table[] = [];
  let k = 0;
  while (k < blocks.length) {
    const found = rowsFrom(blocks, k);
    let rows = found.rows;
    if (rows.length < 2) {
      k++;
      continue;
    }
    const width = (rows[0] as RowAt).values.length;
    let head: Head | null;
    if (allYears((rows[0] as RowAt).values)) {
      // "Measure" over "2018", "2019", "2020": the first "row" names the columns.
      const top = rows[0] as RowAt;
      head = { cells: [top.label.text, ...top.values.map((b) => b.text)], firstBlock: k };
      rows = rows.slice(1);
    } else {
      head = headAbove(blocks, k, width);
    }
    if (head === null || rows.length < 2) {
      k++;
      continue;
    }
    const top = blocks[head.firstBlock] as TextBlock;
    const caption = captionAbove(lines, top.firstLine, skip, taken);
    const last = rows.at(-1) as RowAt;
    const tableRows: TableRow[] = rows.map((r) => {
      const cells = [r.label.text, ...r.values.map((b) => b.text)];
      return { line: r.label.firstLine, cells, filled: cells.map((c) => c.text) };
    });
    tables.push({
      kind: "stacked",
      firstLine: caption ? caption.index : top.firstLine,
      lastLine: (last.values.at(-1) as TextBlock).lastLine,
      caption: caption ? caption.text : null,
      groups: null,
      header: head.cells.map((c) => c.text),
      rows: tableRows,
    });
    k = found.end;
  }
  return tables;
}
