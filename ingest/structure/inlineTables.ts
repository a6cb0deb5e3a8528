import type { Line } from "./lines.js";
import { type MappedText, mappedSlice } from "./mapped.js";
import type { Table, TableRow } from "./tables.js";

/**
 * Tables as pdf-parse prints them: no tabs, no runs of spaces, each row one line of words with its
 * figures at the end, separated by single spaces like any other words:
 *
 *   Table 1: Key measures, Quarter 3 2023/24
 *   Measure Q2 2023/24 Q3 2023/24
 *   Looked After Children 712 728
 *
 * A row is a label (its leading words) and the figures that end it; every row of the table ends with
 * the same number of figures. The header row above names those columns, but its words are spaced
 * like everything else, so it is cut into cells from the right, one per figure column, by what
 * column names look like ("Q2 2023/24", "2022/23", "Latest Value"). Where the cut is a guess the
 * lines stay text: a wrong header on a figure is worse than no table.
 */

/** A figure cell: 82.6%, £5,800, (5), 1,023, 0.4, N/A, "-". */
export const FIGURE_TOKEN =
  /^(?:[-+<>≥≤~]?[£$€]?\(?[-+]?\d(?:[\d,]*\d)?(?:\.\d+)?\)?(?:%|k|m|bn|pp)?|n\/a|[-–—])$/i;
export const CAPTION = /^(?:table|figure|chart)\s+[\dA-Z]{1,3}[a-z]?\s*[:.–—-]\s*\S/i;
const YEAR = /^(?:19|20)\d{2}(?:[/-]\d{2}(?:\d{2})?)?$/;
const PERIOD_HEAD =
  /^(?:q[1-4]|quarter|term|spring|summer|autumn|winter|fy|ytd|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$/i;
const MONTH_YEAR = /^[A-Z][a-z]{2}-\d{2}$/;
/** First words of two-word column names: "Latest Value", "National Average", "Forecast Outturn". */
const QUALIFIER =
  /^(?:latest|previous|current|last|this|next|baseline|national|england|regional|statistical|annual|forecast|actual|revised|original|target|average|benchmark|local|county)$/i;
const MAX_HEADER_CELL = 40;

interface Token {
  text: string;
  from: number;
  to: number;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/\S+/g)) out.push({ text: m[0], from: m.index, to: m.index + m[0].length });
  return out;
}

interface Cut {
  label: MappedText;
  figures: MappedText[];
}

/** "Looked After Children 712 728" -> label + figures; null when the line does not end in figures. */
export function cutRow(line: Line): Cut | null {
  const ts = tokens(line.text);
  let k = ts.length;
  while (k > 0 && FIGURE_TOKEN.test(ts[k - 1]?.text ?? "")) k--;
  if (k === ts.length || k === 0) return null;
  const labelEnd = ts[k - 1] as Token;
  const labelText = line.text.slice(0, labelEnd.to);
  // A sentence that ends in a number ("...fell from 601 to 574") is not a row.
  if (!/\p{L}/u.test(labelText) || /[,;:.]$/.test(labelText) || /[.!?]\s/.test(labelText)) return null;
  return {
    label: mappedSlice(line.clean, 0, labelEnd.to),
    figures: ts.slice(k).map((t) => mappedSlice(line.clean, t.from, t.to)),
  };
}

interface Atom {
  from: number;
  to: number;
  /** Shaped like a column name (a period, "Latest Value", "Baseline (2017)") rather than any word. */
  strong: boolean;
}

/** Header words grouped into the cells they probably form. */
function atoms(text: string): Atom[] {
  const ts = tokens(text);
  const out: Atom[] = [];
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i] as Token;
    const next = ts[i + 1];
    const after = ts[i + 2];
    if (/^quarter$/i.test(t.text) && next && /^[1-4]$/.test(next.text) && after && YEAR.test(after.text)) {
      out.push({ from: t.from, to: after.to, strong: true });
      i += 2;
    } else if (PERIOD_HEAD.test(t.text) && next && YEAR.test(next.text)) {
      out.push({ from: t.from, to: next.to, strong: true });
      i += 1;
    } else if (QUALIFIER.test(t.text) && next && /^\p{Lu}/u.test(next.text) && !YEAR.test(next.text)) {
      out.push({ from: t.from, to: next.to, strong: true });
      i += 1;
    } else if (/^\(.*\)$/.test(t.text) && out.length > 0) {
      // "Baseline (2017)", "Rate (%)": the bracket qualifies the name before it.
      const prev = out.pop() as Atom;
      out.push({ from: prev.from, to: t.to, strong: true });
    } else {
      out.push({ from: t.from, to: t.to, strong: YEAR.test(t.text) || MONTH_YEAR.test(t.text) });
    }
  }
  return out;
}

/**
 * The header line cut into a label column and `columns` figure columns, or null when the words do
 * not divide unambiguously. `captioned`: a "Table 1: ..." line stands above it.
 */
export function cutHeader(line: Line, columns: number, captioned: boolean): MappedText[] | null {
  const text = line.text;
  if (/[.;:,]$/.test(text) || !/\p{L}/u.test(text)) return null;
  const as = atoms(text);
  const slice = (a: Atom) => mappedSlice(line.clean, a.from, a.to);
  const word = (a: Atom) => text.slice(a.from, a.to);
  if (as.some((a) => a.to - a.from > MAX_HEADER_CELL)) return null;
  // A figure outside a period ("Quarter 2 2023/24") means a data row, not a header.
  if (as.some((a) => !a.strong && FIGURE_TOKEN.test(word(a)))) return null;
  const tail = as.slice(-columns);
  if (tail.length < columns) return null;
  // "Key measure Latest Target": a lower-case word continues the name before it, so the cut is a guess.
  if (tail.some((a) => !a.strong && !/^[\p{Lu}\p{N}]/u.test(word(a)))) return null;
  // Plain words name columns only under a caption; above a table without one they are more likely
  // a heading ("Key Performance Measures") over rows that have no header.
  if (as.length === columns + 1 && (captioned || tail.every((a) => a.strong))) return as.map(slice);
  if (!tail.every((a) => a.strong)) return null;
  if (as.length === columns) return [{ text: "", offsets: [] }, ...tail.map(slice)];
  const lead = as.slice(0, as.length - columns);
  const first = lead[0] as Atom;
  const last = lead.at(-1) as Atom;
  return [mappedSlice(line.clean, first.from, last.to), ...tail.map(slice)];
}

/**
 * The inline table starting at line `at` (its caption, or its header row), or null. `skip` marks page
 * furniture, which a table may run over.
 */
export function detectInlineTable(
  lines: readonly Line[],
  at: number,
  skip: (index: number) => boolean,
): Table | null {
  const nextContent = (from: number): number => {
    let j = from;
    while (j < lines.length && (lines[j]?.blank || skip(j))) j++;
    return j;
  };
  const first = lines[at] as Line;
  const caption = CAPTION.test(first.text) ? first.text : null;
  const headerAt = caption ? nextContent(at + 1) : at;
  const header = lines[headerAt];
  if (!header || header.raw.includes("\t")) return null;

  const rows: { line: Line; cut: Cut }[] = [];
  let columns = 0;
  for (let j = nextContent(headerAt + 1); j < lines.length; j = nextContent(j + 1)) {
    const l = lines[j] as Line;
    if (l.raw.includes("\t")) break;
    const cut = cutRow(l);
    if (!cut || (columns !== 0 && cut.figures.length !== columns)) break;
    columns = cut.figures.length;
    rows.push({ line: l, cut });
  }
  // Without a caption, a single figure column could be prose lines that end in a number.
  if (rows.length < 2 || (!caption && columns < 2)) return null;
  const head = cutHeader(header, columns, caption !== null);
  if (!head) return null;

  const tableRows: TableRow[] = rows.map(({ line, cut }) => {
    const cells = [cut.label, ...cut.figures];
    return { line: line.index, cells, filled: cells.map((c) => c.text) };
  });
  return {
    kind: "inline",
    firstLine: at,
    lastLine: (rows.at(-1) as { line: Line }).line.index,
    caption,
    groups: null,
    header: head.map((h) => h.text),
    rows: tableRows,
  };
}
