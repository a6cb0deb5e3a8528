/**
 * Reporting periods named in committee papers and in councillors' questions.
 *
 * UK local-government conventions: the financial year runs 1 April - 31 March, so "2023/24" is
 * 2023-04-01..2024-03-31 and its quarters are Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec, Q4 Jan-Mar.
 * "Qn YYYY" is read as quarter n of financial year YYYY/YY+1 (papers never use calendar quarters).
 * School terms: autumn Sep-Dec, spring Jan-Mar, summer Apr-Jul of the stated year.
 * Ranges of years ("2020-2023", "2020-23") are calendar years end to end: a plan period written that
 * way is not reliably financial, and the wider interval is the safer one for overlap tests.
 */

export type PeriodKind = "quarter" | "fiscal_year" | "year" | "date" | "month" | "term" | "range";
export type SchoolTerm = "autumn" | "spring" | "summer";

export interface Period {
  /** Normalised label; `extractPeriods(label)` gives the same period back. */
  label: string;
  kind: PeriodKind;
  /** ISO dates (inclusive). Empty strings when `yearKnown` is false. */
  start: string;
  end: string;
  /** Exact characters of the mention. */
  raw: string;
  /** Offset of `raw` in the text. */
  index: number;
  /**
   * False for a quarter or term named without a year ("end of quarter 3", "autumn term"): such a period
   * has a label ("Q3", "Autumn term") but no dates, and overlaps every instance of itself.
   */
  yearKnown: boolean;
  /** 1-4 for kind "quarter". */
  quarter?: number;
  /** For kind "term". */
  term?: SchoolTerm;
}

type PeriodCore = Omit<Period, "raw" | "index">;

export const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

/** Month words as papers print them: full or abbreviated, Capitalised or UPPER. */
/** "2024-03-05" -> "5 March 2024", the way committee papers write dates; anything else comes back unchanged. */
export function formatLongDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const month = m ? MONTH_NAMES[Number(m[2]) - 1] : undefined;
  return m && month ? `${Number(m[3])} ${month} ${m[1]}` : iso;
}

const MONTH_SRC = `(?:${[
  "Jan(?:uary)?",
  "Feb(?:ruary)?",
  "Mar(?:ch)?",
  "Apr(?:il)?",
  "May",
  "June?",
  "July?",
  "Aug(?:ust)?",
  "Sep(?:t(?:ember)?)?",
  "Oct(?:ober)?",
  "Nov(?:ember)?",
  "Dec(?:ember)?",
]
  .flatMap((m) => [m, m.toUpperCase()])
  .join("|")})`;
/** A month word as papers print it (for numbers.ts, which marks "1 September" as a date). */
export const MONTH_PATTERN = MONTH_SRC;
/** Lower-case month words too, only where a year follows (so "aged 5 may be" is never a date). */
const MONTH_ANYCASE_SRC = MONTH_SRC.replace(
  /\b([A-Z])([a-z])/g,
  (_m, a: string, b: string) => `[${a}${a.toLowerCase()}]${b}`,
);

const YEAR_SRC = "(?:19|20)\\d{2}";

function monthNumber(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, "").slice(0, 3);
  const i = MONTH_NAMES.findIndex((m) => m.toLowerCase().startsWith(w));
  return i >= 0 ? i + 1 : null;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

function monthEnd(year: number, month: number): string {
  return iso(year, month, lastDayOfMonth(year, month));
}

function fyLabel(startYear: number): string {
  return `${startYear}/${pad2((startYear + 1) % 100)}`;
}

function fiscalYear(startYear: number): PeriodCore {
  return {
    label: fyLabel(startYear),
    kind: "fiscal_year",
    start: iso(startYear, 4, 1),
    end: iso(startYear + 1, 3, 31),
    yearKnown: true,
  };
}

const QUARTER_MONTHS: Record<number, [number, number]> = { 1: [4, 6], 2: [7, 9], 3: [10, 12], 4: [1, 3] };

function fiscalQuarter(q: number, fyStart: number): PeriodCore {
  const [m1, m2] = QUARTER_MONTHS[q] ?? [4, 6];
  const year = q === 4 ? fyStart + 1 : fyStart;
  return {
    label: `Q${q} ${fyLabel(fyStart)}`,
    kind: "quarter",
    start: iso(year, m1, 1),
    end: monthEnd(year, m2),
    yearKnown: true,
    quarter: q,
  };
}

function openQuarter(q: number): PeriodCore {
  return { label: `Q${q}`, kind: "quarter", start: "", end: "", yearKnown: false, quarter: q };
}

const TERM_MONTHS: Record<SchoolTerm, [number, number]> = { autumn: [9, 12], spring: [1, 3], summer: [4, 7] };

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function schoolTerm(term: SchoolTerm, year: number | null): PeriodCore {
  if (year === null) {
    return { label: `${capitalise(term)} term`, kind: "term", start: "", end: "", yearKnown: false, term };
  }
  const [m1, m2] = TERM_MONTHS[term];
  return {
    label: `${capitalise(term)} ${year}`,
    kind: "term",
    start: iso(year, m1, 1),
    end: monthEnd(year, m2),
    yearKnown: true,
    term,
  };
}

function calendarYear(year: number): PeriodCore {
  return {
    label: String(year),
    kind: "year",
    start: iso(year, 1, 1),
    end: iso(year, 12, 31),
    yearKnown: true,
  };
}

function month(year: number, m: number): PeriodCore {
  return {
    label: `${MONTH_NAMES[m - 1]} ${year}`,
    kind: "month",
    start: iso(year, m, 1),
    end: monthEnd(year, m),
    yearKnown: true,
  };
}

function date(year: number, m: number, day: number): PeriodCore | null {
  if (m < 1 || m > 12 || day < 1 || day > lastDayOfMonth(year, m)) return null;
  const d = iso(year, m, day);
  return { label: d, kind: "date", start: d, end: d, yearKnown: true };
}

function yearRange(from: number, to: number): PeriodCore | null {
  if (to <= from || to - from > 20) return null;
  return {
    label: `${from}-${to}`,
    kind: "range",
    start: iso(from, 1, 1),
    end: iso(to, 12, 31),
    yearKnown: true,
  };
}

function fiscalRange(from: number, to: number): PeriodCore | null {
  if (to <= from || to - from > 20) return null;
  return {
    label: `${fyLabel(from)}-${fyLabel(to)}`,
    kind: "range",
    start: iso(from, 4, 1),
    end: iso(to + 1, 3, 31),
    yearKnown: true,
  };
}

function academicYear(startYear: number): PeriodCore {
  return {
    label: `academic year ${fyLabel(startYear)}`,
    kind: "range",
    start: iso(startYear, 9, 1),
    end: iso(startYear + 1, 8, 31),
    yearKnown: true,
  };
}

function monthRange(y1: number, m1: number, y2: number, m2: number): PeriodCore | null {
  if (y2 * 12 + m2 <= y1 * 12 + m1 || y2 - y1 > 5) return null;
  return {
    label: `${MONTH_NAMES[m1 - 1]} ${y1} to ${MONTH_NAMES[m2 - 1]} ${y2}`,
    kind: "range",
    start: iso(y1, m1, 1),
    end: monthEnd(y2, m2),
    yearKnown: true,
  };
}

/** "2023" + "24" or "2018" + "9": does the second part name the year after the first? */
function followsYear(first: number, second: string): boolean {
  const n = Number(second);
  if (second.length === 4) return n === first + 1;
  if (second.length === 2) return n === (first + 1) % 100;
  return second.length === 1 && n === (first + 1) % 10;
}

/** The full year a second part ("24", "2024", "9") stands for, given the first year of the range. */
function expandSecondYear(first: number, second: string): number {
  if (second.length === 4) return Number(second);
  const mod = 10 ** second.length;
  let y = first - (first % mod) + Number(second);
  if (y <= first) y += mod;
  return y;
}

function twoDigitYear(yy: string): number {
  return 2000 + Number(yy);
}

function quarterWord(word: string): number | null {
  const w = word.toLowerCase();
  const words: Record<string, number> = {
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    first: 1,
    second: 2,
    third: 3,
    fourth: 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
  };
  return words[w] ?? null;
}

/** A financial year written "2023/24", "2023-24", "2023/2024", "2018/9"; in questions also "23/24". */
const FY_SRC = `(${YEAR_SRC})\\s?[/\\-–]\\s?(\\d{4}|\\d{2}|\\d)(?![\\d/])`;
const FY_SHORT_SRC = `(?<![\\d/.])(\\d{2})/(\\d{2})(?![\\d/])`;

interface Rule {
  re: RegExp;
  /** Questions only (looser forms a paper would not use). */
  queryOnly?: boolean;
  /** A year straight after "Act", "Regulations"... names a statute, not a period. */
  notAfterStatute?: boolean;
  /** Word forms ("first quarter", "summer term") can match a text with no digit; other rules are skipped there. */
  wordForms?: boolean;
  make: (m: RegExpExecArray) => PeriodCore | null;
}

function fyFromGroups(first: string | undefined, second: string | undefined): number | null {
  if (first === undefined || second === undefined) return null;
  const y = Number(first);
  return followsYear(y, second) ? y : null;
}

function fyFromShort(a: string | undefined, b: string | undefined): number | null {
  if (a === undefined || b === undefined) return null;
  return Number(b) === (Number(a) + 1) % 100 ? twoDigitYear(a) : null;
}

const QUARTER_HEAD_SRC =
  "(?:\\bQ([1-4])\\b|\\b(?:[Qq]uarter|QUARTER|[Qq]tr\\.?)\\s?([1-4]|one|two|three|four)\\b|\\b(first|second|third|fourth|[1-4](?:st|nd|rd|th))\\s+quarter\\b)";
const QUARTER_YEAR_TAIL_SRC = `(?:\\s*,?\\s*(?:of\\s+|in\\s+)?(?:the\\s+)?(?:FY\\s?|financial\\s+year\\s+)?(?:${FY_SRC}|${FY_SHORT_SRC}|(${YEAR_SRC})\\b))?`;

function quarterFromHead(m: RegExpExecArray): number | null {
  const word = m[1] ?? m[2] ?? m[3];
  return word === undefined ? null : quarterWord(word);
}

const RULES: Rule[] = [
  // "2021/22-2024/25"
  {
    re: new RegExp(`\\b${FY_SRC}\\s?[-–]\\s?${FY_SRC}`, "g"),
    make: (m) => {
      const a = fyFromGroups(m[1], m[2]);
      const b = fyFromGroups(m[3], m[4]);
      return a !== null && b !== null ? fiscalRange(a, b) : null;
    },
  },
  // "academic year 2023/24"
  {
    re: new RegExp(`\\b[Aa]cademic\\s+[Yy]ear\\s+(?:${FY_SRC}|${FY_SHORT_SRC})`, "g"),
    make: (m) => {
      const y = fyFromGroups(m[1], m[2]) ?? fyFromShort(m[3], m[4]);
      return y === null ? null : academicYear(y);
    },
  },
  // "2023/24 Q3", "2023/24 quarter 3"
  {
    re: new RegExp(`\\b(?:${FY_SRC}|${FY_SHORT_SRC})\\s*,?\\s*(?:Q([1-4])\\b|[Qq]uarter\\s([1-4])\\b)`, "g"),
    make: (m) => {
      const fy = fyFromGroups(m[1], m[2]) ?? fyFromShort(m[3], m[4]);
      const q = Number(m[5] ?? m[6]);
      return fy === null ? null : fiscalQuarter(q, fy);
    },
  },
  // "quarter 3 2023/24", "Q3 2023/24", "Quarter 3, 2023/24", "third quarter of 2023/24", "end of Q3"
  {
    re: new RegExp(QUARTER_HEAD_SRC + QUARTER_YEAR_TAIL_SRC, "g"),
    wordForms: true,
    make: (m) => {
      const q = quarterFromHead(m);
      if (q === null) return null;
      const fy = fyFromGroups(m[4], m[5]) ?? fyFromShort(m[6], m[7]);
      if (fy !== null) return fiscalQuarter(q, fy);
      if (m[8] !== undefined) return fiscalQuarter(q, Number(m[8]));
      // A year part that is not a financial year ("2023/25") leaves the quarter open rather than wrong.
      return openQuarter(q);
    },
  },
  // "FY24", "FY 2024" (the financial year ending then): question shorthand.
  {
    re: /\bFY\s?(\d{2}|(?:19|20)\d{2})\b(?![/\-–]\d)/gi,
    queryOnly: true,
    make: (m) => {
      const y = m[1] ?? "";
      const end = y.length === 2 ? twoDigitYear(y) : Number(y);
      return fiscalYear(end - 1);
    },
  },
  // "31 December 2023", "31st December", "1 September 2020", "19-April-2021"
  {
    re: new RegExp(
      `\\b(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+|-)(?:of\\s+)?(${MONTH_SRC})\\b,?(?:\\s+|-)(${YEAR_SRC})\\b`,
      "g",
    ),
    make: (m) => {
      const mo = monthNumber(m[2] ?? "");
      return mo === null ? null : date(Number(m[3]), mo, Number(m[1]));
    },
  },
  // "December 31, 2023"
  {
    re: new RegExp(`\\b(${MONTH_SRC})\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(${YEAR_SRC})\\b`, "g"),
    make: (m) => {
      const mo = monthNumber(m[1] ?? "");
      return mo === null ? null : date(Number(m[3]), mo, Number(m[2]));
    },
  },
  // "15/02/2024", "27/04/20", "15.02.2024"
  {
    re: /(?<![\d/.])(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d/])/g,
    make: (m) => {
      const y = (m[4] ?? "").length === 2 ? twoDigitYear(m[4] ?? "") : Number(m[4]);
      return date(y, Number(m[3]), Number(m[1]));
    },
  },
  // "2023-12-31"
  {
    re: new RegExp(`\\b(${YEAR_SRC})-(\\d{2})-(\\d{2})\\b`, "g"),
    make: (m) => date(Number(m[1]), Number(m[2]), Number(m[3])),
  },
  // "October to December 2023", "April 2023 to March 2024", "November - January 2024"
  {
    re: new RegExp(
      `\\b(?:between\\s+)?(${MONTH_ANYCASE_SRC})(?:\\s+(${YEAR_SRC}))?\\s*(?:to|until|-|–|and)\\s*(${MONTH_ANYCASE_SRC})\\s+(${YEAR_SRC})\\b`,
      "g",
    ),
    make: (m) => {
      const m1 = monthNumber(m[1] ?? "");
      const m2 = monthNumber(m[3] ?? "");
      if (m1 === null || m2 === null) return null;
      const y2 = Number(m[4]);
      const y1 = m[2] !== undefined ? Number(m[2]) : m1 <= m2 ? y2 : y2 - 1;
      return monthRange(y1, m1, y2, m2);
    },
  },
  // "May 19 to April 20", "(May 19-April 20)": two-digit years only inside such a range.
  {
    re: new RegExp(
      `\\b(${MONTH_ANYCASE_SRC})\\s+(\\d{2})\\s*(?:to|until|-|–)\\s*(${MONTH_ANYCASE_SRC})\\s+(\\d{2})\\b(?![/.:]\\d)`,
      "g",
    ),
    make: (m) => {
      const m1 = monthNumber(m[1] ?? "");
      const m2 = monthNumber(m[3] ?? "");
      if (m1 === null || m2 === null) return null;
      return monthRange(twoDigitYear(m[2] ?? ""), m1, twoDigitYear(m[4] ?? ""), m2);
    },
  },
  // "March 2024", "DECEMBER 2023"
  {
    re: new RegExp(`\\b(${MONTH_ANYCASE_SRC}),?\\s+(${YEAR_SRC})\\b`, "g"),
    make: (m) => {
      const mo = monthNumber(m[1] ?? "");
      return mo === null ? null : month(Number(m[2]), mo);
    },
  },
  // "Autumn 2023", "autumn term 2023", "the summer term" (papers say "term" when no year follows)
  {
    re: new RegExp(
      `\\b(autumn|spring|summer)(?:\\s+term)?\\s+(${YEAR_SRC})\\b|\\b(autumn|spring|summer)\\s+term\\b`,
      "gi",
    ),
    wordForms: true,
    make: (m) => {
      const word = (m[1] ?? m[3] ?? "").toLowerCase() as SchoolTerm;
      return schoolTerm(word, m[2] !== undefined ? Number(m[2]) : null);
    },
  },
  // "autumn" alone in a question ("how many in the autumn?")
  {
    re: /\b(autumn|spring|summer)\b/gi,
    queryOnly: true,
    wordForms: true,
    make: (m) => schoolTerm((m[1] ?? "").toLowerCase() as SchoolTerm, null),
  },
  // "2020-2023", "2020 - 2023", "2019 to 2021"
  {
    re: new RegExp(`\\b(${YEAR_SRC})\\s?(?:-|–|to)\\s?(${YEAR_SRC})\\b(?![/\\-–]\\d)`, "g"),
    make: (m) => yearRange(Number(m[1]), Number(m[2])),
  },
  // "2023/24", "2023-24", "2020 -21", "FY 2023/24", "financial year 2023/24"; "2020-23" is a range
  {
    re: new RegExp(`(?:\\b(?:FY|[Ff]inancial\\s+[Yy]ear)\\s?)?\\b${FY_SRC}`, "g"),
    make: (m) => {
      const first = Number(m[1]);
      const second = m[2] ?? "";
      if (followsYear(first, second)) return fiscalYear(first);
      // "2020/23" and "2018-21" are multi-year plan periods.
      return yearRange(first, expandSecondYear(first, second));
    },
  },
  // "20/21", "23/24" (only consecutive pairs, so "24/7" or "72/5" never match)
  {
    re: new RegExp(`(?:\\b(?:FY|[Ff]inancial\\s+[Yy]ear)\\s?)?${FY_SHORT_SRC}`, "g"),
    make: (m) => {
      const y = fyFromShort(m[1], m[2]);
      return y === null ? null : fiscalYear(y);
    },
  },
  // "2023"; a statute's year ("Children Act 1989") names no period.
  {
    re: new RegExp(`(?<![\\d£$€.,/])\\b(${YEAR_SRC})\\b(?![\\d,.]\\d|%|\\s?per\\s?cent)`, "g"),
    notAfterStatute: true,
    make: (m) => calendarYear(Number(m[1])),
  },
];

const STATUTE_BEFORE = /\b(?:Act|Acts|Regulations|Rules|Order|Bill|Measure|Directive)\s*$/;

/**
 * Spans of URLs and e-mail addresses, whose digits are never periods or figures.
 * Exported for numbers.ts; offsets point into `text`.
 */
export function urlSpans(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  // Every alternative needs one of these; most units have none, and the e-mail branch is slow on prose.
  if (!(text.includes("@") || text.includes("<") || text.includes("www.") || text.includes("http"))) {
    return out;
  }
  const re = /(?:https?:\/\/|www\.)[^\s<>"')\]]+|<[^<>\s]*[/.=][^<>\s]*>|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
  for (const m of text.matchAll(re)) {
    let end = m.index + m[0].length;
    // A hard-wrapped URL goes on as one unbroken token on the next line ("...uploaded_fil\nes/U0706%20CFS...").
    const wrapped =
      /^[ \t]*\r?\n(?:\S*(?:%[0-9A-F]{2}|\.pdf|\.html?|\.aspx?)\S*|[^\s/]*\/\S{12,})[ \t]*(?=\r?\n|$)/i.exec(
        text.slice(end, end + 400),
      );
    if (wrapped !== null) end += wrapped[0].length;
    out.push([m.index, end]);
  }
  return out;
}

function overlaps(spans: Array<[number, number]>, s: number, e: number): boolean {
  return spans.some(([a, b]) => s < b && a < e);
}

function scanPeriods(text: string, query: boolean): Period[] {
  const taken: Array<[number, number]> = urlSpans(text);
  const out: Period[] = [];
  // Half of all units hold no digit at all: skip the rules that cannot match them.
  const hasDigit = /\d/.test(text);
  for (const rule of RULES) {
    if (rule.queryOnly && !query) continue;
    if (!hasDigit && !rule.wordForms) continue;
    // Query mode reads "q3" and "quarter 3" in any case.
    const re =
      query && !rule.re.flags.includes("i") ? new RegExp(rule.re.source, `${rule.re.flags}i`) : rule.re;
    for (const m of text.matchAll(re)) {
      const raw = m[0].trimEnd();
      const index = m.index;
      const end = index + raw.length;
      if (overlaps(taken, index, end)) continue;
      if (rule.notAfterStatute && STATUTE_BEFORE.test(text.slice(Math.max(0, index - 20), index))) continue;
      const core = rule.make(m);
      if (core === null) continue;
      taken.push([index, end]);
      out.push({ ...core, raw, index });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/**
 * Every period a paper names, in text order, non-overlapping (the most specific reading of a span wins:
 * "quarter 3 2023/24" is one quarter, not a quarter and a financial year).
 */
export function extractPeriods(text: string): Period[] {
  return scanPeriods(text, false);
}

function fyStartOf(d: Date): number {
  const y = d.getUTCFullYear();
  return d.getUTCMonth() + 1 >= 4 ? y : y - 1;
}

function quarterOf(d: Date): { q: number; fy: number } {
  const m = d.getUTCMonth() + 1;
  const q = m >= 4 && m <= 6 ? 1 : m >= 7 && m <= 9 ? 2 : m >= 10 ? 3 : 4;
  return { q, fy: fyStartOf(d) };
}

function previousQuarter(q: number, fy: number): PeriodCore {
  return q === 1 ? fiscalQuarter(4, fy - 1) : fiscalQuarter(q - 1, fy);
}

/** The financial quarter before a dated one: Q3 2023/24 -> Q2 2023/24, Q1 2023/24 -> Q4 2022/23. */
export function quarterBefore(p: Period): Period | null {
  if (p.kind !== "quarter" || !p.yearKnown) return null;
  const { q, fy } = quarterOf(new Date(`${p.start}T00:00:00Z`));
  return { ...previousQuarter(q, fy), raw: p.raw, index: p.index };
}

const RELATIVE: Array<{ re: RegExp; make: (now: Date) => PeriodCore }> = [
  {
    re: /\b(?:last|previous|prior)\s+(?:financial|fiscal)\s+year\b/gi,
    make: (now) => fiscalYear(fyStartOf(now) - 1),
  },
  {
    re: /\b(?:this|current)\s+(?:financial|fiscal)\s+year\b/gi,
    make: (now) => fiscalYear(fyStartOf(now)),
  },
  {
    re: /\b(?:last|previous|prior)\s+quarter\b/gi,
    make: (now) => {
      const { q, fy } = quarterOf(now);
      return previousQuarter(q, fy);
    },
  },
  {
    re: /\b(?:this|current)\s+quarter\b/gi,
    make: (now) => {
      const { q, fy } = quarterOf(now);
      return fiscalQuarter(q, fy);
    },
  },
  {
    re: /\b(?:last|previous|prior)\s+year\b/gi,
    make: (now) => calendarYear(now.getUTCFullYear() - 1),
  },
  { re: /\bthis\s+year\b/gi, make: (now) => calendarYear(now.getUTCFullYear()) },
  {
    re: /\b(?:last|previous|prior)\s+month\b/gi,
    make: (now) => {
      const m = now.getUTCMonth() + 1;
      return m === 1 ? month(now.getUTCFullYear() - 1, 12) : month(now.getUTCFullYear(), m - 1);
    },
  },
];

const SINCE_BEFORE = /\bsince\s+(?:the\s+)?(?:end\s+of\s+)?$/i;

/**
 * "an increase of 52 young people (59%) since 31st December 2022": a period after "since" is where a change starts,
 * not when it stands.
 */
export function followsSince(before: string): boolean {
  return SINCE_BEFORE.test(before);
}

/** A period a change started at, as the span from then to `end` (when `end` is later). */
export function sinceSpan(p: Period, end: string | null): Period {
  if (!p.yearKnown || end === null || end <= p.end) return p;
  return { ...p, kind: "range", label: `${p.label} to ${end}`, end };
}

/**
 * Periods in a councillor's question, including loose forms ("23/24", "Q3 23/24", "end of Q3",
 * "autumn term", "FY24", "2019-20") and relative ones resolved against `now`: "last year" is the
 * previous calendar year, "last financial year" the previous April-March year, "last quarter" the
 * previous financial quarter.
 */
export function parseQueryPeriods(question: string, now: Date = new Date()): Period[] {
  const found = scanPeriods(question, true);
  for (const { re, make } of RELATIVE) {
    for (const m of question.matchAll(re)) {
      const end = m.index + m[0].length;
      if (found.some((p) => m.index < p.index + p.raw.length && p.index < end)) continue;
      // "Q3 last year, 22/23", "last year (2022/23)": the period written out says which year was meant.
      if (found.some((p) => p.yearKnown && /^[\s,(-]{0,3}$/.test(question.slice(end, p.index)))) continue;
      found.push({ ...make(now), raw: m[0], index: m.index });
    }
  }
  const today = now.toISOString().slice(0, 10);
  return placeOpenPeriod(question, found)
    .map((p) => (followsSince(question.slice(Math.max(0, p.index - 20), p.index)) ? sinceSpan(p, today) : p))
    .map((p) => (YEAR_TO_BEFORE.test(question.slice(Math.max(0, p.index - 30), p.index)) ? yearTo(p) : p))
    .sort((a, b) => a.index - b.index);
}

/** "Over the year up to spring 2020", "in the twelve months to March 2020": the year that ends with the period. */
const YEAR_TO_BEFORE = /\b(?:year|twelve months|12 months)\s+(?:up\s+)?to\s+(?:the\s+)?(?:end\s+of\s+)?$/i;

function yearTo(p: Period): Period {
  if (!p.yearKnown) return p;
  const [y, m, d] = p.end.split("-").map(Number) as [number, number, number];
  const start = new Date(Date.UTC(y - 1, m - 1, d + 1)).toISOString().slice(0, 10);
  return { ...p, kind: "range", label: `${start} to ${p.end}`, start };
}

const OPEN_YEAR_BETWEEN = /^[\s,()-]*(?:(?:of|in|for|the|last|this|financial|year)\b[\s,()-]*)*$/i;

/**
 * "Q3 last year, 22/23", "the summer term last year": a quarter or term named without its year, and one year named
 * apart, are one period. A quarter takes a financial year; a term a calendar year, or the half of a financial year
 * it falls in.
 */
function placeOpenPeriod(question: string, found: Period[]): Period[] {
  const open = found.filter((p) => (p.kind === "quarter" || p.kind === "term") && !p.yearKnown);
  const years = found.filter(
    (p) => p.kind === "fiscal_year" || (p.kind === "year" && open[0]?.kind === "term"),
  );
  const period = open[0];
  const year = years[0];
  if (open.length !== 1 || years.length !== 1 || !period || !year) return found;
  // One mention from the first to the last, so the words between are read as the period's, not the subject's;
  // only when nothing but such words stand between ("Q3 EHE compared to 2022/23" names two periods).
  const index = Math.min(period.index, year.index);
  const end = Math.max(period.index + period.raw.length, year.index + year.raw.length);
  const [first, second] = period.index < year.index ? [period, year] : [year, period];
  if (!OPEN_YEAR_BETWEEN.test(question.slice(first.index + first.raw.length, second.index))) return found;
  const startYear = Number(year.start.slice(0, 4));
  const core =
    period.kind === "quarter" && period.quarter !== undefined && year.kind === "fiscal_year"
      ? fiscalQuarter(period.quarter, startYear)
      : period.kind === "term" && period.term !== undefined
        ? schoolTerm(
            period.term,
            year.kind === "fiscal_year" && period.term !== "autumn" ? startYear + 1 : startYear,
          )
        : null;
  if (core === null) return found;
  const placed = { ...core, raw: question.slice(index, end), index };
  return found.filter((p) => p !== year).map((p) => (p === period ? placed : p));
}

function monthsOfOpen(p: Period): [number, number] | null {
  if (p.kind === "quarter" && p.quarter !== undefined) return QUARTER_MONTHS[p.quarter] ?? null;
  if (p.kind === "term" && p.term !== undefined) return TERM_MONTHS[p.term];
  return null;
}

/** An open quarter or term placed in a year: quarter n of financial year `y`, or the term of year `y`. */
function instantiate(p: Period, y: number): PeriodCore | null {
  if (p.kind === "quarter" && p.quarter !== undefined) return fiscalQuarter(p.quarter, y);
  if (p.kind === "term" && p.term !== undefined) return schoolTerm(p.term, y);
  return null;
}

function intervalsOverlap(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/**
 * Do two periods share at least one day? A period without a year overlaps a dated one when some
 * instance of it does ("Q3" overlaps "2023/24" and "31 December 2023", not "Q4 2022/23"); two
 * open periods overlap when their months meet (Q3 Oct-Dec and the autumn term Sep-Dec).
 */
export function periodsOverlap(a: Period, b: Period): boolean {
  if (a.yearKnown && b.yearKnown) return intervalsOverlap(a, b);
  if (!a.yearKnown && !b.yearKnown) {
    const ma = monthsOfOpen(a);
    const mb = monthsOfOpen(b);
    if (ma === null || mb === null) return false;
    return ma[0] <= mb[1] && mb[0] <= ma[1];
  }
  const open = a.yearKnown ? b : a;
  const known = a.yearKnown ? a : b;
  const from = Number(known.start.slice(0, 4)) - 1;
  const to = Number(known.end.slice(0, 4));
  for (let y = from; y <= to; y++) {
    const inst = instantiate(open, y);
    if (inst !== null && intervalsOverlap(inst, known)) return true;
  }
  return false;
}

/** The same period, however written ("Q3 2023/24" = "quarter 3 2023/24"; "Q3" = "end of quarter 3"). */
export function samePeriod(a: Period, b: Period): boolean {
  if (a.yearKnown !== b.yearKnown) return false;
  if (a.yearKnown) return a.start === b.start && a.end === b.end;
  return a.kind === b.kind && a.quarter === b.quarter && a.term === b.term;
}

/**
 * An open quarter or term given its year from another period of the same sentence: a financial year
 * (or a month or date inside that quarter) for a quarter, a calendar year for a term. Null when the
 * other period does not settle it.
 */
export function completePeriod(open: Period, other: Period): Period | null {
  if (open.yearKnown || !other.yearKnown) return null;
  let core: PeriodCore | null = null;
  if (open.kind === "quarter" && open.quarter !== undefined) {
    if (other.kind === "fiscal_year") {
      core = fiscalQuarter(open.quarter, Number(other.start.slice(0, 4)));
    } else if (other.kind === "month" || other.kind === "date") {
      const d = new Date(`${other.start}T00:00:00Z`);
      const { q, fy } = quarterOf(d);
      if (q === open.quarter) core = fiscalQuarter(q, fy);
    }
  } else if (open.kind === "term" && open.term !== undefined && other.kind === "year") {
    core = schoolTerm(open.term, Number(other.start.slice(0, 4)));
  }
  return core === null ? null : { ...core, raw: open.raw, index: open.index };
}
