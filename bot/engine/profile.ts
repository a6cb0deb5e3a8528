import {
  completePeriod,
  extractPeriods,
  followsSince,
  type Period,
  periodsOverlap,
  quarterBefore,
  sinceSpan,
} from "../../ingest/periods.js";
import { tokenize } from "../../ingest/tokenize.js";
import type { Figure, Unit } from "../../ingest/types.js";
import type { Concept, FigureKind } from "./query.js";
import { type Span, splitSentences } from "./sentences.js";
import { type Terms, termsOf } from "./terms.js";

/**
 * Everything about a unit that answering needs and that does not depend on the question: its terms, sentences,
 * periods (open ones like "end of quarter 3" placed in a year), figures with their kind, period and role, and for
 * table rows which cell holds which value. Built when a question first reaches the unit (see prepare.ts): at 100x
 * the demo corpus, profiling every unit up front took half a minute and most of the heap.
 */

export type FigureRole = "actual" | "target" | "benchmark";

export interface FigureInfo {
  figure: Figure;
  kind: FigureKind;
  /** The period the paper ties this figure to, placed in a year where the paper allows; null when unstated. */
  period: Period | null;
  role: FigureRole;
  /**
   * Whose value a prose figure is, when the words before it name a comparator ("outstanding shire Local Authorities
   * who report 21.25%", "Nationally, 45%"): its first word ("shire", "national", "statistical"), else null.
   */
  comparator: string | null;
  /** Index into `sentences`. */
  sentence: number;
  /** For a table row: the header of the column whose cell prints it. */
  column: string | null;
}

export interface SentenceInfo extends Span {
  tokens: Terms;
  /** Periods the sentence names for its own figures (comparisons like "compared to quarter 2" left out). */
  periods: Period[];
  /** The sentence names any period or date at all (answers "when" questions). */
  dated: boolean;
}

export interface TableValue {
  header: string;
  role: FigureRole;
  /** "latest" or "previous" column of a dashboard; null for target/benchmark columns. */
  when: "latest" | "previous" | null;
  period: Period | null;
  figures: FigureInfo[];
}

export interface TableInfo {
  indicator: string;
  indicatorTokens: Terms;
  values: TableValue[];
}

export interface UnitProfile {
  unit: Unit;
  tokens: Terms;
  sentences: SentenceInfo[];
  figures: FigureInfo[];
  /** Periods of the whole unit (all sentences, comparisons included). */
  periods: Period[];
  /** Periods named in the paper's title ("Quarter 3 2023/24 Performance Report", "Plan 2020-2023"). */
  docPeriods: Period[];
  /** Periods its section's heading names: a minute item "Quarter 3 Performance Report" discusses that report. */
  sectionPeriods: Period[];
  /** Meeting date of the paper (ISO) or null. */
  date: string | null;
  table: TableInfo | null;
  /**
   * Named subjects of the paper from its title (glossary terms: "Unaccompanied Asylum-Seeking Children" is
   * UASC). A figure stated about one of them does not answer a question that does not name it.
   */
  topics: Concept[];
  /** Every term of the unit's paper (shared by its units; filled in by the engine). */
  docTokens: Terms;
  /** The context header's terms and the table's title and column headers: what labels every sentence. */
  contextTerms: Terms;
  /** Terms of the nearest heading (`unit.section`). */
  sectionTerms: Terms;
  /**
   * `tokenize` of a piece of this unit's text, memoised: answering reads the same clauses of a candidate for
   * every question that reaches it, and tokenizing them again was a fifth of a warm question. Do not mutate.
   */
  terms(text: string): readonly string[];
}

/** Pieces of text memoised per profile; far above what the questions of a session ask of one unit. */
const MEMO_TERMS = 256;

function memoTokenize(): (text: string) => readonly string[] {
  const memo = new Map<string, string[]>();
  return (text) => {
    const hit = memo.get(text);
    if (hit) return hit;
    const terms = tokenize(text);
    if (memo.size >= MEMO_TERMS) memo.clear();
    memo.set(text, terms);
    return terms;
  };
}

/** Text of a table's title and column headers, tokenized as one segment of the unit's terms. */
export function tableHeaderText(unit: Unit): string | null {
  return unit.table ? [unit.table.title ?? "", ...unit.table.header].join(" ") : null;
}

/**
 * The segments of a unit's terms (`UnitProfile.tokens`): context, text, the long forms of its acronyms, the
 * table's headers. One function for the profile and for the engine's term statistics, so the two never
 * disagree. `tokenizeShared` tokenizes text many units share (contexts, headers) and may memoise it.
 */
export function unitTermSegments(
  unit: Unit,
  expand: (text: string) => string[],
  tokenizeShared: (text: string) => readonly string[] = tokenize,
): (readonly string[])[] {
  const header = tableHeaderText(unit);
  return [
    tokenizeShared(unit.context),
    tokenize(unit.text),
    expand(`${unit.context}\n${unit.text}`),
    header === null ? [] : tokenizeShared(header),
  ];
}

const COMPARISON_BEFORE =
  /(compared (to|with)|than( in| at)?|from|since|except( for| in)?|apart from|other than|excluding|on the|previous(ly)?|prior|last|preceding|same [a-z ]{0,20} as|increase from|decrease from|up from|down from|improvement on( the)?|against)\s+(the\s+)?(end of\s+)?(the\s+)?$/i;

const TARGET_NEAR = /\b(targets?|ambition)\b/i;
const BENCHMARK_NEAR =
  /\b(england|national|statistical neighbou?rs?|regional|east midlands|shire) (average|avg|mean|median|performance|rate|figure|level)|\baverage for (england|statistical neighbours)|\bnationally\b|\bacross the country\b|\bnational results\b/i;

/** "At 43.4% the National performance is ...", "38% nationally": the comparator named right after its figure. */
const BENCHMARK_AFTER =
  /^\s*(?:the\s+)?(?:england|national|statistical neighbours?|regional|east midlands)\s+(?:average|performance|rate|figure|level)\b|^\s*nationally\b/i;

export function kindOfFigure(f: Figure): FigureKind {
  switch (f.unit) {
    case "percent":
    case "pp":
      return "percent";
    case "count":
      return "count";
    case "gbp":
      return "money";
    case "weeks":
    case "days":
    case "months":
    case "years":
    case "hours":
      return "duration";
    default:
      return "number";
  }
}

/** Does a figure of kind `have` answer a question asking for `want`? */
export function kindAnswers(want: FigureKind, have: FigureKind, f?: Figure): boolean {
  if (want === have) return true;
  if (want === "count") return have === "number" && (f === undefined || f.amount >= 0);
  if (want === "number") return have === "count";
  return false;
}

function fiscalYearOf(p: Period): Period | null {
  if (p.kind === "fiscal_year") return p;
  if (p.kind === "quarter" && p.yearKnown) {
    const fy = p.label.split(" ")[1];
    return fy ? (extractPeriods(fy)[0] ?? null) : null;
  }
  return null;
}

/** Open quarters and terms are the latest ones that had ended by the meeting: papers report on the past. */
function latestBefore(open: Period, meetingDate: string): Period | null {
  const year = Number(meetingDate.slice(0, 4));
  const candidates: Period[] = [];
  for (let y = year - 2; y <= year; y++) {
    const label =
      open.kind === "quarter" && open.quarter !== undefined
        ? `Q${open.quarter} ${y}/${String((y + 1) % 100).padStart(2, "0")}`
        : open.kind === "term" && open.term !== undefined
          ? `${open.term} ${y}`
          : null;
    if (label === null) return null;
    const p = extractPeriods(label)[0];
    if (p?.yearKnown && p.end <= meetingDate) candidates.push(p);
  }
  const best = candidates.sort((a, b) => (a.end < b.end ? 1 : -1))[0];
  return best ? { ...best, raw: open.raw, index: open.index } : null;
}

/** Places an open period in a year: from its own sentence, then the paper's title, then the meeting date. */
export function placePeriod(open: Period, near: Period[], docPeriods: Period[], date: string | null): Period {
  if (open.yearKnown) return open;
  for (const other of [...near, ...docPeriods]) {
    if (!other.yearKnown) continue;
    const fy = open.kind === "quarter" ? fiscalYearOf(other) : other;
    const placed = fy ? completePeriod(open, fy) : null;
    // "The quarter 4 figure" in a Q3 2023/24 report is last year's Q4: a paper reports periods already over.
    if (placed && (date === null || placed.end <= date)) return placed;
  }
  if (date) return latestBefore(open, date) ?? open;
  return open;
}

function ownPeriods(text: string, span: Span, docPeriods: Period[], date: string | null): Period[] {
  const local = extractPeriods(text.slice(span.start, span.end)).map((p) => ({
    ...p,
    index: p.index + span.start,
  }));
  const out: Period[] = [];
  for (const p of local) {
    const before = text.slice(Math.max(span.start, p.index - 40), p.index);
    if (COMPARISON_BEFORE.test(before)) continue;
    out.push(placePeriod(p, local, docPeriods, date));
  }
  return out;
}

/** "higher than in 2018", "lower than at Q2": the period a figure is set against. */
const THAN_BEFORE = /\bthan(\s+(in|at|for))?\s+(the\s+)?$/i;
/** The latest date a passage stands at ("As of 31 December 2023"), up to its paper's meeting, else the meeting. */
function standsAt(periods: Period[], date: string | null): string | null {
  const ends = periods.filter((o) => o.yearKnown && (date === null || o.end <= date)).map((o) => o.end);
  return ends.sort()[ends.length - 1] ?? date;
}

/** A change "since" a date runs to the date its passage stands at, else to the meeting. */
function since(p: Period, at: number, text: string, asOf: string | null, date: string | null): Period {
  if (!followsSince(text.slice(Math.max(0, at - 20), at))) return p;
  return sinceSpan(p, asOf !== null && asOf > p.end ? asOf : date);
}

function figurePeriod(
  f: Figure,
  text: string,
  sentence: SentenceInfo,
  docPeriods: Period[],
  date: string | null,
  asOf: string | null,
): Period | null {
  // "risen from 30 children in Q1 to 53 children in Q3": the end of a range takes the period after it.
  if (/\bto\s+$/.test(text.slice(Math.max(sentence.start, f.start - 6), f.start))) {
    const next = sentence.periods.find((p) => p.index >= f.end && p.index - f.end <= 30);
    if (next) return next;
  }
  if (f.period) {
    const parsed = extractPeriods(f.period)[0];
    const local = extractPeriods(text.slice(sentence.start, sentence.end));
    // "At 43.4% the National performance is still lower than in 2018": a period the figure is then compared
    // with is not its own. "lower than the summer term 2023 census (12,801)" names the bracketed figure's own.
    const mention = local.find((p) => p.label === parsed?.label);
    const compared =
      mention !== undefined &&
      sentence.start + mention.index > f.end &&
      THAN_BEFORE.test(
        text.slice(
          Math.max(sentence.start, sentence.start + mention.index - 40),
          sentence.start + mention.index,
        ),
      );
    if (parsed && !compared) {
      const placed = placePeriod(parsed, local, docPeriods, date);
      return mention ? since(placed, sentence.start + mention.index, text, asOf, date) : placed;
    }
  }
  // "In this quarter, 50 children began ..., an increase from 40 reported in the preceding quarter": in a quarterly
  // report, the quarters it names by their place.
  const relative = relativeQuarter(f, text, sentence, docPeriods);
  if (relative) return relative;
  // The nearest period before the figure in its sentence, else the sentence's own (non-comparison) periods.
  const before = sentence.periods.filter((p) => p.index < f.start);
  const after = sentence.periods.filter((p) => p.index >= f.end);
  const nearest = before[before.length - 1] ?? after[0];
  return nearest ? since(nearest, nearest.index, text, asOf, date) : null;
}

const PRECEDING_QUARTER_AFTER = /^[^.;,]{0,30}?\b(?:the|a) (?:preceding|previous|prior|last) quarter\b/i;
const THIS_QUARTER_BEFORE = /\b(?:in|during|for) this quarter\b[^.;]*$/i;

/** In a paper titled for a quarter: "in the preceding quarter" after a figure, "in this quarter" before it. */
function relativeQuarter(f: Figure, text: string, sentence: Span, docPeriods: Period[]): Period | null {
  const own = docPeriods.find((p) => p.kind === "quarter" && p.yearKnown);
  if (!own) return null;
  if (PRECEDING_QUARTER_AFTER.test(text.slice(f.end, Math.min(sentence.end, f.end + 60))))
    return quarterBefore(own);
  if (THIS_QUARTER_BEFORE.test(text.slice(sentence.start, f.start))) return own;
  return null;
}

function figureRole(f: Figure, text: string, sentence: Span, comparator: string | null): FigureRole {
  const window = text.slice(Math.max(sentence.start, f.start - 70), f.start);
  if (TARGET_NEAR.test(window)) return "target";
  if (BENCHMARK_NEAR.test(window)) return "benchmark";
  if (BENCHMARK_AFTER.test(text.slice(f.end, Math.min(sentence.end, f.end + 40)))) return "benchmark";
  // "Shire LAs who report 21.25%": a comparator's value is a benchmark, however the sentence is worded.
  return comparator !== null ? "benchmark" : "actual";
}

/** Words before a prose figure that make it a comparator's value, however the sentence is phrased. */
const COMPARATOR_BEFORE =
  /\b(national|england|regional|east midlands)\s+(average|figure|rate|performance|level|benchmark|results?)\b|\bnationally\b|\b[Ss]tatistical\s+[Nn]eighbou?rs?\b|\bshire\s+(local authorities|LAs?|counties|councils|average)\b|\bother (local authorities|LAs|councils)\b/i;

/** Whose value a prose figure is (see `FigureInfo.comparator`): read back to the figure before it in its sentence. */
function comparatorOf(f: Figure, text: string, sentence: Span, figures: readonly Figure[]): string | null {
  let from = Math.max(sentence.start, f.start - 70);
  for (const g of figures) if (g.end <= f.start && g.end > from) from = g.end;
  const before = text.slice(from, f.start);
  const m = COMPARATOR_BEFORE.exec(before);
  if (!m) return null;
  // "measures that have a national benchmark, three are in the top quartile": a clause about the measures, closed
  // by its comma, does not make the next figure the benchmark's ("Nationally, 45%" does).
  if (!/^nationally$/i.test(m[0]) && before.slice(m.index + m[0].length).includes(",")) return null;
  return (m[0].split(/\s+/)[0] ?? "").replace(/ly$/i, "");
}

const INDICATOR_HEADER = /indicator|measure|description|^kpi$/i;
const LATEST_VALUE = /latest value|end of year figure|^value$|^actual|^figure$|outturn|^result/i;
const PREVIOUS_VALUE = /previous value|previous year/i;
const TARGET_HEADER = /target/i;
const POSITION_HEADER = /\bquartile\b|\branking\b|\brank\b|\bposition\b/i;
const BENCHMARK_HEADER = /national|england|statistical neighbour|benchmark|comparator/i;
/** A column of money: its bare numbers ("Total Forecast Cost: 2,169,088") are pounds. */
const MONEY_HEADER =
  /£|\bcosts?\b|\bgrants?\b|contribution|budget|\bspend|funding|expenditure|income|savings?|allocation/i;
const LATEST_PERIOD = /latest period|latest update|^period$|^date$|as at/i;
const PREVIOUS_PERIOD = /previous period/i;
const PREVIOUS_YEAR = /previous year/i;

/** The same period a year earlier ("2019/20" -> "2018/19", "Q3 2023/24" -> "Q3 2022/23"), when its label has a year. */
export function yearBefore(p: Period): Period | null {
  if (!p.yearKnown) return null;
  const label = /\d{4}\/\d{2}/.test(p.label)
    ? p.label.replace(
        /(\d{4})\/(\d{2})/,
        (_, a: string, b: string) => `${Number(a) - 1}/${String((Number(b) + 99) % 100).padStart(2, "0")}`,
      )
    : p.label.replace(/\b(\d{4})\b/, (_, a: string) => String(Number(a) - 1));
  if (label === p.label) return null;
  return extractPeriods(label)[0] ?? null;
}

/** The figures printed in one cell: located by the row text's "Header: cell" segment, else by the cell text. */
function figuresInCell(text: string, header: string, cell: string, figures: FigureInfo[]): FigureInfo[] {
  const segment = header ? `${header}: ${cell}` : cell;
  const at = text.indexOf(segment);
  if (at >= 0) {
    const from = at + segment.length - cell.length;
    const to = at + segment.length;
    return figures.filter((f) => f.figure.start >= from && f.figure.end <= to);
  }
  return figures.filter((f) => {
    const raw = f.figure.raw.trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp(`(?<![\\d.,])${raw}(?![\\d.,])`).test(cell);
  });
}

/** Where each cell of a prose row ("...; The Reach Programme: ...") starts in its text: no sentence spans two. */
function cellStarts(unit: Unit): number[] {
  const t = unit.table;
  if (!t) return [];
  const starts: number[] = [];
  let from = 0;
  t.header.forEach((h, i) => {
    if (i === 0 || !h) return;
    const at = unit.text.indexOf(`; ${h}: `, from);
    if (at < 0) return;
    starts.push(at + 2);
    from = at + 2;
  });
  return starts;
}

/** Ties each figure of a table row to its column header, and reads bare numbers under a money header as pounds. */
function labelColumns(unit: Unit, figures: FigureInfo[]): void {
  const t = unit.table;
  if (!t) return;
  t.header.forEach((h, i) => {
    const cell = t.cells[i] ?? "";
    if (cell.trim() === "") return;
    for (const f of figuresInCell(unit.text, h, cell, figures)) {
      f.column ??= h;
      if (f.kind === "number" && MONEY_HEADER.test(h)) f.kind = "money";
    }
  });
}

function tableInfo(
  unit: Unit,
  figures: FigureInfo[],
  date: string | null,
  docPeriods: Period[],
): TableInfo | null {
  const t = unit.table;
  if (!t) return null;
  const cells = t.cells;
  const header = t.header;
  let indicatorAt = header.findIndex((h) => INDICATOR_HEADER.test(h));
  if (indicatorAt < 0 || !/[a-z]/i.test(cells[indicatorAt] ?? "")) {
    let best = -1;
    cells.forEach((c, i) => {
      if (i > 3) return;
      const letters = (c.match(/[a-z]/gi) ?? []).length;
      if (letters > 8 && (best < 0 || letters > (cells[best]?.match(/[a-z]/gi) ?? []).length)) best = i;
    });
    indicatorAt = best;
  }
  const indicator = indicatorAt >= 0 ? (cells[indicatorAt] ?? "") : "";
  const periodCell = (re: RegExp): Period | null => {
    const at = header.findIndex((h) => re.test(h));
    const cell = at >= 0 ? cells[at] : undefined;
    const p = cell ? extractPeriods(cell)[0] : undefined;
    return p ? placePeriod(p, [], docPeriods, date) : null;
  };
  const latestPeriod = periodCell(LATEST_PERIOD);
  // "Latest update: 2019/20 ... Previous year: 23.9%": without its own period cell, the previous year's value is
  // the year before the latest period's.
  const previousYear =
    header.some((h) => PREVIOUS_YEAR.test(h)) && latestPeriod ? yearBefore(latestPeriod) : null;
  const previousPeriod = periodCell(PREVIOUS_PERIOD) ?? previousYear;
  const values: TableValue[] = [];
  header.forEach((h, i) => {
    const cell = cells[i] ?? "";
    if (i === indicatorAt || cell.trim() === "") return;
    let role: FigureRole | null = null;
    let when: TableValue["when"] = null;
    // "National benchmark (quartile 1 = top): 3" ranks the council; it is no value of the measure.
    if (POSITION_HEADER.test(h)) return;
    if (TARGET_HEADER.test(h)) role = "target";
    else if (BENCHMARK_HEADER.test(h)) role = "benchmark";
    else if (PREVIOUS_VALUE.test(h)) {
      role = "actual";
      when = "previous";
    } else if (LATEST_VALUE.test(h)) {
      role = "actual";
      when = "latest";
    }
    // A column named for its period ("Feb 2020", "Baseline (2017)"): each is the measure's value then.
    const columnPeriod = role === null ? extractPeriods(h)[0] : undefined;
    if (columnPeriod) role = "actual";
    if (role === null) return;
    const inCell = figuresInCell(unit.text, h, cell, figures);
    if (inCell.length === 0) return;
    values.push({
      header: h,
      role,
      when,
      period: columnPeriod
        ? placePeriod(columnPeriod, [], docPeriods, date)
        : when === "latest"
          ? latestPeriod
          : when === "previous"
            ? previousPeriod
            : latestPeriod,
      figures: inCell,
    });
  });
  return { indicator, indicatorTokens: termsOf(tokenize(indicator)), values };
}

/** A cell holding sentences: two or more, or one long one. */
const PROSE_CELL = /[a-z]{3}[.!?]\s+[A-Z]|^(?=.{160})[^.]*[a-z][.!?]?$/s;

/**
 * A row of prose cells under headers that name no value ("The Reach Programme: The Reach Programme is an intensive
 * six-month mentoring programme ..."): read as prose, a sentence per cell at least, since its sentences say what
 * each figure is, not the row's first cell.
 */
function proseRow(unit: Unit): boolean {
  const t = unit.table;
  if (!t?.cells.some((c) => PROSE_CELL.test(c))) return false;
  const valueHeader = (h: string) =>
    [LATEST_VALUE, PREVIOUS_VALUE, TARGET_HEADER, BENCHMARK_HEADER].some((re) => re.test(h)) ||
    extractPeriods(h).length > 0;
  return !t.header.some(valueHeader);
}

export function profileUnit(
  unit: Unit,
  docTitlePeriods: Period[],
  topics: Concept[] = [],
  /** Terms a piece of text states in other words: the long forms of the acronyms it uses. */
  expand: (text: string) => string[] = () => [],
): UnitProfile {
  const text = unit.text;
  const date = unit.meetingDate;
  const terms = memoTokenize();
  // Computed once: a prose row has no dashboard reading, its cells end sentences and its label heads them.
  const prose = proseRow(unit);
  const sentences: SentenceInfo[] = splitSentences(text, prose ? cellStarts(unit) : []).map((span) => ({
    ...span,
    tokens: termsOf(terms(text.slice(span.start, span.end)), expand(text.slice(span.start, span.end))),
    periods: ownPeriods(text, span, docTitlePeriods, date),
    dated: extractPeriods(text.slice(span.start, span.end)).length > 0,
  }));
  const sentenceOf = (offset: number) => {
    const i = sentences.findIndex((s) => offset >= s.start && offset < s.end);
    return i >= 0 ? i : Math.max(0, sentences.length - 1);
  };
  const periods = extractPeriods(text).map((p) => placePeriod(p, [], docTitlePeriods, date));
  const asOf = standsAt(periods, date);
  const figures: FigureInfo[] = unit.figures.map((figure) => {
    const si = sentenceOf(figure.start);
    const sentence = sentences[si] ?? {
      start: 0,
      end: text.length,
      tokens: termsOf(),
      periods: [],
      dated: false,
    };
    // A dashboard row's columns say whose each value is; only prose names its comparators in words.
    const comparator = unit.table && !prose ? null : comparatorOf(figure, text, sentence, unit.figures);
    return {
      figure,
      kind: kindOfFigure(figure),
      period: figurePeriod(figure, text, sentence, docTitlePeriods, date, asOf),
      role: figureRole(figure, text, sentence, comparator),
      comparator,
      sentence: si,
      column: null,
    };
  });
  const segments = unitTermSegments(unit, expand, terms);
  const tokens = termsOf(...segments);
  const [contextSegment = [], , , headerSegment = []] = segments;
  if (unit.table) labelColumns(unit, figures);
  const table = prose ? null : tableInfo(unit, figures, date, docTitlePeriods);
  if (table) {
    // In a dashboard row the period columns tie every value to a period the prose-level reading cannot see.
    for (const v of table.values) {
      for (const f of v.figures) if (v.period) f.period = v.period;
      for (const f of v.figures) f.role = v.role;
    }
  }
  return {
    unit,
    tokens,
    sentences,
    figures,
    periods,
    docPeriods: docTitlePeriods,
    sectionPeriods: unit.section ? extractPeriods(unit.section) : [],
    date,
    table,
    topics,
    docTokens: tokens,
    contextTerms: termsOf(contextSegment, headerSegment),
    // A prose row's label ("VRN: Description of intervention") heads each of its cells as a heading would.
    sectionTerms: termsOf(
      terms(unit.section ?? ""),
      prose ? terms(`${unit.table?.header[0] ?? ""} ${unit.table?.cells[0] ?? ""}`) : [],
    ),
    terms,
  };
}

export function overlapsAny(p: Period, others: Period[]): boolean {
  return others.some((o) => periodsOverlap(p, o));
}
