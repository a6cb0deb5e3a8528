import { extractPeriods, MONTH_PATTERN, type Period, urlSpans } from "./periods.js";

/**
 * THE number parser (eval rules N1-N9): the ingest, the answer guard and the eval scorer all read
 * printed numbers through this module, so "82.6%", "82.6 per cent" and "£1.1million" mean one thing
 * everywhere.
 */

export type Currency = "gbp" | "usd" | "eur";
/** What a number is: a quantity ("figure") or a label that merely contains digits (N9). */
export type MentionRole = "figure" | "year" | "date" | "period" | "ref";

export interface NumberMention {
  /** Exact characters of the mention ("£1.1million", "(5)", "82.6 per cent", "Standing Order 7(3)"). */
  raw: string;
  start: number;
  end: number;
  /** The number as printed, sign applied, before scale: "£1.1million" -> 1.1, "(5)" -> -5. */
  value: number;
  /** 1, 1e3, 1e6 or 1e9 from k / m / bn / thousand / million / billion (N4). */
  scale: number;
  /** value * scale, computed on the decimal digits (so 1.1 * 1e6 is exactly 1100000). */
  amount: number;
  /** Digits after the decimal point as printed; number words have 0. */
  decimals: number;
  currency: Currency | null;
  /** "%", "per cent", "percent" (N6). False for percentage points, see `pp`. */
  percent: boolean;
  /** "percentage points", "pp", "% points": a difference of two percentages. */
  pp: boolean;
  negative: boolean;
  /**
   * Not a figure unless "figure" (N9). For the other roles `raw` covers the whole label
   * ("31 December 2023", "Q3 2023/24", "section 18(2)") and `value` is its first number.
   */
  role: MentionRole;
}

type Span = [number, number];

const UNITS_WORDS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS_WORDS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALE_WORDS: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9 };

/**
 * Nouns that make a bare integer a count of people or things. Stems: "child" covers "children",
 * "famil" covers "family"/"families".
 */
const COUNT_NOUN_SRC = [
  "child(?:ren)?",
  "young\\s+(?:people|persons?)",
  "people",
  "persons?",
  "individuals?",
  "famil(?:y|ies)",
  "households?",
  "pupils?",
  "students?",
  "learners?",
  "babies",
  "baby",
  "infants?",
  "girls?",
  "boys?",
  "teenagers?",
  "adults?",
  "adolescents?",
  "(?:care\\s+)?leavers?",
  "cases?",
  "assessments?",
  "(?:re-?)?referrals?",
  "contacts?",
  "plans?",
  "EHCPs?",
  "UASC",
  "placements?",
  "providers?",
  "places?",
  "beds?",
  "homes?",
  "propert(?:y|ies)",
  "schools?",
  "academ(?:y|ies)",
  "settings?",
  "nurser(?:y|ies)",
  "hubs?",
  "pods?",
  "sites?",
  "staff",
  "FTE",
  "posts?",
  "roles?",
  "vacanc(?:y|ies)",
  "(?:social\\s+)?workers?",
  "officers?",
  "practitioners?",
  "managers?",
  "members?",
  "councillors?",
  "teams?",
  "parents?",
  "carers?",
  "foster\\s+carers?",
  "adopters?",
  "mentors?",
  "volunteers?",
  "apprentices?",
  "apprenticeships?",
  "victims?",
  "offenders?",
  "entrants?",
  "offences?",
  "incidents?",
  "episodes?",
  "instances?",
  "exclusions?",
  "suspensions?",
  "admissions?",
  "applications?",
  "requests?",
  "claims?",
  "complaints?",
  "appeals?",
  "tribunals?",
  "reviews?",
  "visits?",
  "inspections?",
  "meetings?",
  "sessions?",
  "workshops?",
  "events?",
  "courses?",
  "qualifications?",
  "opportunities",
  "opportunity",
  "questions?",
  "responses?",
  "organisations?",
  "agenc(?:y|ies)",
  "partners?",
  "authorit(?:y|ies)",
  "councils?",
  "districts?",
  "programmes?",
  "projects?",
  "initiatives?",
  "schemes?",
  "services?",
  "units?",
  "areas?",
  "hotels?",
  "groups?",
  "cohorts?",
  "recommendations?",
  "actions?",
  "priorities",
  "ambitions?",
  "indicators?",
  "measures?",
].join("|");

function countNounAfter(maxWords: number): RegExp {
  return new RegExp(
    `^\\+?\\s*(?:x\\s+)?(?:(?!(?:of|in|to|at|by|for|from|with|was|were|is|are|had|has|have|and|or|per|than|a|an|the)\\b)[A-Za-z0-9][\\w'’-]*\\s+){0,${maxWords}}?(?:${COUNT_NOUN_SRC})\\b`,
    "i",
  );
}
/** "children", "Child Protection plans", "x Contextual Safeguarding Properties": up to 3 words first. */
const COUNT_NOUN_AFTER = countNounAfter(3);
/** For a year-like number the noun must come straight after ("2019 children", "2019 young people"). */
const COUNT_NOUN_RIGHT_AFTER = countNounAfter(0);

/** Is the text right after a number a count noun ("266 of 322 children": true after 322)? */
export function countNounFollows(text: string, end: number): boolean {
  return COUNT_NOUN_AFTER.test(text.slice(end, end + 80));
}

/** "2019 children were referred" is a count; "in 2019 children were referred" is a year. */
function yearIsCount(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 12), start);
  return (
    COUNT_NOUN_RIGHT_AFTER.test(text.slice(end, end + 80)) &&
    !/\b(?:in|since|during|by|from|of|until|to|before|after|for|and|between|Act|Acts)\s+$/i.test(before)
  );
}

/** Time units that follow a number ("12 months", "2 yrs", "ten-week", "5-year-olds"). */
export const TIME_UNIT_AFTER =
  /^\+?(?:\s|-|–)?(?:([Ww]eeks?|WEEKS?|wks?)|([Dd]ays?|DAYS?)|([Mm]onths?|MONTHS?|mths?)|(years?|Years?(?!\s+\d)|YEARS?|yrs?)|([Hh]ours?|HOURS?|hrs?))\b/;

const WORD_NUMBER_SRC = [
  ...Object.keys(UNITS_WORDS),
  ...Object.keys(TENS_WORDS),
  "hundred",
  ...Object.keys(SCALE_WORDS),
]
  .sort((a, b) => b.length - a.length)
  .join("|");
/** Regex source for one number word ("three", "twenty", "hundred"), for patterns elsewhere. */
export const NUMBER_WORD_PATTERN = `(?:${WORD_NUMBER_SRC})`;

/** Labels whose numbers are references, not quantities (N9). Case-insensitive ones first. */
const LABEL_ANYCASE = [
  "paras?\\.?",
  "paragraphs?",
  "sections?",
  "agenda\\s+items?",
  "items?",
  "minutes?",
  "pages?",
  "pp?\\.",
  "appendix",
  "appendices",
  "annex(?:es)?",
  "schedules?",
  "chapters?",
  "articles?",
  "rules?",
  "regulations?",
  "clauses?",
  "standing\\s+orders?",
  "key\\s+stages?",
  "stages?",
  "tiers?",
  "levels?",
  "phases?",
  "parts?",
  "quartiles?",
  "nos?\\.",
];
const LABEL_CAPITAL = [
  "Orders?",
  "Tables?",
  "Figures?",
  "Charts?",
  "Graphs?",
  "Options?",
  "Questions?",
  "Recommendations?",
  "Priority",
  "Priorities",
  "Ambitions?",
  "Objectives?",
  "Outcomes?",
  "Steps?",
  "Lots?",
  "Waves?",
  "Cohorts?",
  "Rounds?",
  "Actions?",
  "Progress",
  "Attainment",
  "Standards?",
  "Principles?",
  "Themes?",
  "Workstreams?",
  "Pillars?",
  "Strands?",
  "Bands?",
  "Grades?",
];
const SMALL_WORD_NUMBERS = "one|two|three|four|five|six|seven|eight|nine|ten";
const LABEL_NUM = `(?:\\d{1,3}(?:\\.\\d{1,3})*(?:\\([a-z0-9]{1,4}\\))*(?:\\/\\d{1,3})?[a-z]?(?!\\w)|(?:${SMALL_WORD_NUMBERS})\\b)`;
const LABEL_LIST = `${LABEL_NUM}(?:\\s*(?:,\\s*(?:and|or)?|and|&|or|to|-|–)\\s*${LABEL_NUM})*`;
const NOT_QUANTITY_AFTER = "(?!\\s?(?:%|per\\s?cent|percent))";
const LABEL_RES = [
  new RegExp(`\\b(?:${LABEL_ANYCASE.join("|")})\\s*${LABEL_LIST}${NOT_QUANTITY_AFTER}`, "gi"),
  new RegExp(`\\b(?:${LABEL_CAPITAL.join("|")})\\s+${LABEL_LIST}${NOT_QUANTITY_AFTER}`, "g"),
  // School years: "Year 6", "Years 7 to 11" (never "year 2019/20" or "a year 20 children").
  new RegExp(
    `\\bYears?\\s+(?:[1-9]|1[0-3])\\b(?![/\\d])(?:\\s*(?:,|and|&|or|to|-|–)\\s*(?:[1-9]|1[0-3])\\b(?![/\\d]))*${NOT_QUANTITY_AFTER}`,
    "g",
  ),
  // "1 to 1 intervention", "1:1 sessions": a way of working, not a count ("one to one" is never read as figures in the first place).
  /\b1\s*(?:-|–|:|\bto\b)\s*1\b(?![.,]\d)(?!\s*(?:%|per ?cent|children|young|people|families|pupils|cases))/gi,
];

/** "0116 305 0183", "(0116) 3052649", "07700 900123". */
const PHONE_RE = /(?<![\d£$€.,])(?:\(0\d{2,4}\)|0\d{2,4})(?:[ -]?\d){6,8}(?!\d)/g;
/** "1 September", "15th February" without a year (with a year, periods.ts reads them). */
const DAY_MONTH_RE = new RegExp(
  `\\b\\d{1,2}(?:st|nd|rd|th)?(?:\\s+|-)(?:of\\s+)?${MONTH_PATTERN}\\b|\\b${MONTH_PATTERN}\\s+\\d{1,2}(?:st|nd|rd|th)\\b`,
  "g",
);
const TIME_RE =
  /\b(?:[01]?\d|2[0-3])[:.][0-5]\d\s?[-–]\s?(?:[01]?\d|2[0-3])[:.][0-5]\d\s?(?:am|pm)\b|\b(?:[01]?\d|2[0-3])[:.][0-5]\d\s?(?:am|pm|a\.m\.|p\.m\.)|\b(?:[01]?\d|2[0-3]):[0-5]\d\b|\b(?:1[0-2]|0?[1-9])\s?(?:am|pm)\b/gi;
/** "1990s", "90's", "90’s". */
const DECADE_RE = /\b(?:19|20)?\d0['’]?s\b/g;
/** "24/7", "72/5": slashed numbers that are neither dates nor financial years. */
const SLASHED_RE = /(?<![\d/.])\d+(?:\/\d+)+(?![\d/])/g;
/** Paragraph numbers opening a line: "7. The percentage", "3.2 The", "71. 16+ Semi", "**7.**". */
const PARA_START_RES = [
  /^[ \t]*(?:[-*#>]+[ \t]*)?(\d{1,3}(?:\.\d{1,3}){0,3})[.)](?:\*\*)?(?=\s)/gm,
  /^[ \t]*(?:[-*#>]+[ \t]*)?(\d{1,3}\.\d{1,3}(?:\.\d{1,3})*)(?=[ \t]+[A-Z(‘'"“])/gm,
];
/** A paragraph number after a sentence on the same line: "...in 2023. 5. The service". */
const PARA_INLINE_RE = /(?<=[.!?][ \t]{1,3})\d{1,3}(?:\.\d{1,3}){0,2}\.(?=[ \t]+[A-Z])/g;
/** Citation and footnote markers: "[1]", "[2, 3]", "[4-6]". */
const BRACKET_REF_RE = /\[\d{1,3}(?:\s?[,–-]\s?\d{1,3})*\]/g;
/** "1) ..." list markers inside a line (not "(6 children, 12)"). */
const LIST_MARKER_RE = /(?<=^|\s)\d{1,2}\)(?=\s)/gm;

const DIGITS_RE = /([-−])?([£$€])?([-−])?(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(\.\d+)?/g;
/** "one hundred and five", "twenty-two"; "and" only after hundred/thousand ("three and four" is two numbers). */
const WORDS_RE = new RegExp(
  `\\b(?:${WORD_NUMBER_SRC})(?:(?:[\\s-]+|(?<=hundred|thousand|million|billion)\\s+and\\s+)(?:${WORD_NUMBER_SRC}))*\\b`,
  "gi",
);

const PP_AFTER =
  /^[ \u00a0]?(?:pp\b|ppts?\b|percentage[\s-]points?\b|%\s?points?\b|per\s?cent(?:age)?\s+points?\b)/i;
const PERCENT_AFTER = /^[ \u00a0]?(?:%|per[\s-]?cent\b|percent\b)/i;
const SCALE_AFTER = /^(?:[ \u00a0]?(million|billion|thousand|bn|mn)\b|([kKmM]|bn)(?![A-Za-z]))/;
const THOUSANDS_OF_POUNDS_AFTER = /^ ?\(£ ?,?'?000\)|^ ?\(£k\)/;
const POUNDS_AFTER = /^ pounds\b/i;

const CURRENCY: Record<string, Currency> = { "£": "gbp", $: "usd", "€": "eur" };

function overlaps(spans: Span[], s: number, e: number): boolean {
  for (const [a, b] of spans) if (s < b && a < e) return true;
  return false;
}

function scaleOf(word: string): number {
  const w = word.toLowerCase();
  if (w === "k" || w === "thousand") return 1e3;
  if (w === "m" || w === "million" || w === "mn") return 1e6;
  if (w === "bn" || w === "billion") return 1e9;
  return 1;
}

/** "1.1" shifted by 6 places -> 1100000, on the digits, so no float product error creeps in. */
function shiftDecimal(digits: string, places: number): number {
  const [int = "0", frac = ""] = digits.split(".");
  if (places <= 0) return Number(digits);
  const fracPadded = frac.padEnd(places, "0");
  return Number(`${int}${fracPadded.slice(0, places)}.${fracPadded.slice(places) || "0"}`);
}

function makeMention(
  raw: string,
  start: number,
  digits: string,
  opts: Partial<Pick<NumberMention, "scale" | "currency" | "percent" | "pp" | "negative" | "role">> = {},
): NumberMention {
  const scale = opts.scale ?? 1;
  const negative = opts.negative ?? false;
  const decimals = digits.includes(".") ? (digits.split(".")[1] ?? "").length : 0;
  const magnitude = Number(digits);
  const scaled = shiftDecimal(digits, Math.round(Math.log10(scale)));
  return {
    raw,
    start,
    end: start + raw.length,
    value: negative ? -magnitude : magnitude,
    scale,
    amount: negative ? -scaled : scaled,
    decimals,
    currency: opts.currency ?? null,
    percent: opts.percent ?? false,
    pp: opts.pp ?? false,
    negative,
    role: opts.role ?? "figure",
  };
}

/** A label mention: its value is the first number in it. */
function labelMention(text: string, start: number, end: number, role: MentionRole): NumberMention | null {
  const raw = text.slice(start, end);
  const m = /\d+(?:\.\d+)?/.exec(raw);
  if (m !== null) return makeMention(raw, start, m[0], { role });
  const w = new RegExp(`\\b(?:${WORD_NUMBER_SRC})\\b`, "i").exec(raw);
  const value = w === null ? null : parseNumberWords(w[0]);
  return value === null ? null : makeMention(raw, start, String(value), { role });
}

/** "one hundred and five" -> 105, "twenty-two" -> 22, "nine thousand" -> 9000; null if not a number. */
function parseNumberWords(words: string): number | null {
  const tokens = words
    .toLowerCase()
    .split(/[\s-]+/)
    .filter((t) => t !== "" && t !== "and");
  if (tokens.length === 0) return null;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const t of tokens) {
    const unit = UNITS_WORDS[t] ?? TENS_WORDS[t];
    if (unit !== undefined) {
      // "twenty one" and "hundred and five" add up; "three four" is not one number.
      if (current % 100 !== 0 && !(current % 100 >= 20 && current % 10 === 0 && unit < 10)) return null;
      current += unit;
      seen = true;
    } else if (t === "hundred") {
      current = (seen ? current : 1) * 100;
      seen = true;
    } else {
      const scale = SCALE_WORDS[t];
      if (scale === undefined || !seen) return null;
      total += current * scale;
      current = 0;
    }
  }
  return seen ? total + current : null;
}

/** Splits "nine thousand" into (9, 1e3) so word and digit forms share value/scale ("9 thousand"). */
function wordsValueAndScale(words: string): { value: number; scale: number } | null {
  const tokens = words.toLowerCase().split(/[\s-]+/);
  const last = tokens[tokens.length - 1] ?? "";
  const scale = SCALE_WORDS[last];
  if (scale !== undefined && tokens.length > 1) {
    const head = parseNumberWords(tokens.slice(0, -1).join(" "));
    if (head !== null && head < 1000) return { value: head, scale };
  }
  const v = parseNumberWords(words);
  return v === null ? null : { value: v, scale: 1 };
}

/** The cell (tab-separated) around [s, e), trimmed; null when the line is not a table row. */
function enclosingCell(text: string, s: number, e: number): string | null {
  const lineStart = text.lastIndexOf("\n", s - 1) + 1;
  const nl = text.indexOf("\n", e);
  const lineEnd = nl === -1 ? text.length : nl;
  const line = text.slice(lineStart, lineEnd);
  if (!line.includes("\t")) {
    // Rows as the structure step renders them: "Header: value; Header: (5); ...".
    if ((line.match(/; [^;:]{1,80}: /g) ?? []).length < 1) return null;
    const colon = text.lastIndexOf(": ", s - 1);
    const semi = text.indexOf(";", e);
    if (colon < lineStart || text.slice(colon, s).includes(";")) return null;
    return text.slice(colon + 2, semi === -1 || semi > lineEnd ? lineEnd : semi).trim();
  }
  const cellStart = Math.max(text.lastIndexOf("\t", s - 1) + 1, lineStart);
  const tab = text.indexOf("\t", e);
  const cellEnd = tab === -1 || tab > lineEnd ? lineEnd : tab;
  return text.slice(cellStart, cellEnd).trim();
}

/** Is a "-" at `i` a minus sign rather than a dash between two numbers ("28 -30") or words? */
function isMinusSign(text: string, i: number): boolean {
  const before = text.slice(Math.max(0, i - 12), i);
  if (before === "" || /[\t([=:<>~]$/.test(before)) return true;
  if (!/\s$/.test(before)) return false;
  // Spaces only, after a number: a range written "28 -30".
  return !/(?:\d|%|\d[kKmM]|\d\s?bn)[ ]*$/.test(before);
}

interface RoleSpan {
  start: number;
  end: number;
  role: MentionRole;
}

/** Spans that are labels, dates, periods, phone numbers...: their digits are never figures. */
function nonFigureSpans(text: string, skip: Span[], periods: readonly Period[]): RoleSpan[] {
  const taken: Span[] = [...skip];
  const out: RoleSpan[] = [];
  const take = (start: number, end: number, role: MentionRole): void => {
    if (end <= start || overlaps(taken, start, end)) return;
    taken.push([start, end]);
    out.push({ start, end, role });
  };
  // Half of all units hold no digit: there only periods and word-numbered labels ("Option one") can match.
  const digits = /\d/.test(text);
  if (digits) {
    for (const m of text.matchAll(PHONE_RE)) {
      if (m[0].replace(/\D/g, "").length >= 10) take(m.index, m.index + m[0].length, "ref");
    }
    for (const m of text.matchAll(TIME_RE)) take(m.index, m.index + m[0].length, "date");
  }
  for (const p of periods) {
    const end = p.index + p.raw.length;
    // "2019 children" is a count that happens to look like a year.
    if (p.kind === "year" && yearIsCount(text, p.index, end)) continue;
    if (!/\d/.test(p.raw) && p.kind !== "quarter") continue;
    take(p.index, end, p.kind === "date" ? "date" : p.kind === "year" ? "year" : "period");
  }
  if (digits) for (const m of text.matchAll(DAY_MONTH_RE)) take(m.index, m.index + m[0].length, "date");
  for (const re of LABEL_RES) {
    for (const m of text.matchAll(re)) take(m.index, m.index + m[0].trimEnd().length, "ref");
  }
  if (!digits) return out;
  for (const re of PARA_START_RES) {
    for (const m of text.matchAll(re)) {
      const numStart = m.index + m[0].indexOf(m[1] ?? "");
      take(numStart, m.index + m[0].length, "ref");
    }
  }
  for (const m of text.matchAll(PARA_INLINE_RE)) take(m.index, m.index + m[0].length, "ref");
  for (const m of text.matchAll(BRACKET_REF_RE)) take(m.index, m.index + m[0].length, "ref");
  for (const m of text.matchAll(LIST_MARKER_RE)) {
    const lineStart = text.lastIndexOf("\n", m.index - 1) + 1;
    const before = text.slice(lineStart, m.index);
    const open = (before.match(/\(/g) ?? []).length;
    const close = (before.match(/\)/g) ?? []).length;
    if (open <= close) take(m.index, m.index + m[0].length, "ref");
  }
  for (const m of text.matchAll(DECADE_RE)) take(m.index, m.index + m[0].length, "year");
  for (const m of text.matchAll(SLASHED_RE)) take(m.index, m.index + m[0].length, "ref");
  return out;
}

/** Reads the number whose digits match `m` (from DIGITS_RE); null when the text is not a number there. */
function readDigits(text: string, m: RegExpExecArray, skip: Span[]): NumberMention | null {
  const [, sign1, cur, sign2, intPart = "", frac = ""] = m;
  let start = m.index;
  let negative = sign2 !== undefined;
  if (sign1 !== undefined) {
    const minus =
      sign1 === "−"
        ? !/[\p{L}\d]$/u.test(text.slice(Math.max(0, start - 1), start))
        : isMinusSign(text, start);
    if (minus) negative = true;
    else start += 1;
  }
  let end = m.index + m[0].length;
  const digits = `${intPart.replace(/,/g, "")}${frac}`;
  const bare = cur === undefined && !negative;
  const before = text.slice(Math.max(0, start - 12), start);
  if (bare && /[\d_.]$/.test(before)) return null;
  // "KS2", "Y6": digits glued to a word are part of a name ("Secondary97.1%" is a lost space).
  const gluedToWord = bare && /\p{L}$/u.test(before);
  // "Covid-19", "post-16": digits hung on a word by a hyphen name something ("£12k-14k" is a range).
  const hungOn = /(\p{L}{2,})[-–]$/u.exec(before);
  if (bare && hungOn !== null && !/^(?:bn|mn)$/i.test(hungOn[1] ?? "")) {
    return makeMention(text.slice(start, end), start, digits, { role: "ref" });
  }
  let rest = text.slice(end, end + 40);
  // "1,23" or "1,2345": grouping that is not in threes is unparseable (N2), not 123.
  if (/^,\d/.test(rest) && !/^,\d{3}(?!\d)/.test(rest)) return null;
  if (/^\.\d/.test(rest)) return null;

  let scale = 1;
  let currency: Currency | null = cur !== undefined ? (CURRENCY[cur] ?? null) : null;
  let percent = false;
  let pp = false;
  const sc = SCALE_AFTER.exec(rest);
  if (sc !== null) {
    scale = scaleOf(sc[1] ?? sc[2] ?? "");
    end += sc[0].length;
    rest = text.slice(end, end + 40);
  }
  const ppm = PP_AFTER.exec(rest);
  const pcm = ppm === null ? PERCENT_AFTER.exec(rest) : null;
  if (ppm !== null) {
    pp = true;
    end += ppm[0].length;
  } else if (pcm !== null) {
    percent = true;
    end += pcm[0].length;
  } else if (scale === 1) {
    const k = THOUSANDS_OF_POUNDS_AFTER.exec(rest);
    if (k !== null) {
      scale = 1e3;
      currency = "gbp";
      end += k[0].length;
    }
  }
  if (currency === null && !percent && !pp) {
    const pounds = POUNDS_AFTER.exec(text.slice(end, end + 10));
    if (pounds !== null) {
      currency = "gbp";
      end += pounds[0].length;
    }
  }
  rest = text.slice(end, end + 40);
  let role: MentionRole = "figure";
  if (/^(?:st|nd|rd|th)\b/i.test(rest)) role = "ref";
  else if (/^['’]?s\b/.test(rest)) role = "figure";
  else if (/^[A-Za-z]/.test(rest) && !/^[A-Z][a-z]{2,}/.test(rest)) role = "ref";
  if (gluedToWord && !percent && !pp && frac === "") role = "ref";
  if (overlaps(skip, start, end)) return null;

  let raw = text.slice(start, end);
  // "(1,234)" alone in a table cell is an accounting negative (N3); in prose, brackets are just brackets.
  if (!negative && role === "figure" && text.charAt(start - 1) === "(" && text.charAt(end) === ")") {
    const cell = enclosingCell(text, start - 1, end + 1);
    if (cell === `(${raw})`) {
      negative = true;
      start -= 1;
      end += 1;
      raw = text.slice(start, end);
    }
  }
  const isPlainInt =
    frac === "" && !intPart.includes(",") && cur === undefined && scale === 1 && !percent && !pp;
  if (role === "figure" && isPlainInt && /^0\d/.test(intPart)) role = "ref";
  if (role === "figure" && isPlainInt && /^(?:19|20)\d{2}$/.test(intPart) && !yearIsCount(text, start, end)) {
    role = "year";
  }
  return makeMention(raw, start, digits, { scale, currency, percent, pp, negative, role });
}

/** Number words that state a quantity: "Eleven opportunities", "nine of the ten", not "one of its members". */
function readWords(text: string, m: RegExpExecArray): NumberMention | null {
  let raw = m[0];
  // "twenty and" / "hundred and": trailing joiners are not part of the number.
  raw = raw.replace(/(?:[\s-]+and)?[\s-]+$/i, "");
  const start = m.index;
  let end = start + raw.length;
  const vs = wordsValueAndScale(raw);
  if (vs === null) return null;
  const before = text.slice(Math.max(0, start - 12), start);
  const after = text.slice(end, end + 60);
  // "one-off", "two-way", "two-thirds", "three-yearly", "one-to-one": hyphenated into another word.
  if (/^[-–][A-Za-z]/.test(after) && !TIME_UNIT_AFTER.test(after)) return null;
  if (/[A-Za-z][-–]$/.test(before)) return null;
  // "one" is a quantity only before a noun or unit, or in "one of 322" / "one in five":
  // "one of its members", "no one", "one-to-one" are not figures.
  if (raw.toLowerCase() === "one") {
    if (/^\s+to\s+one\b/i.test(after) || /\bone\s+to\s+$/i.test(before)) return null;
    const ofNumber = new RegExp(
      `^\\s+(?:of|in|out\\s+of)\\s+(?:the\\s+)?(?:\\d|(?:${WORD_NUMBER_SRC})\\b)`,
      "i",
    );
    if (!countNounFollows(text, end) && !TIME_UNIT_AFTER.test(after) && !ofNumber.test(after)) return null;
  }
  let percent = false;
  const pcm = PERCENT_AFTER.exec(after);
  if (pcm !== null) {
    percent = true;
    end += pcm[0].length;
  }
  return makeMention(text.slice(start, end), start, String(vs.value), { scale: vs.scale, percent });
}

/**
 * Every number mention in `text`, in order, with its role (N1-N9). URLs and e-mail addresses are
 * skipped entirely. Labels, dates, periods, phone numbers and ordinals get a non-figure role, so
 * `mentions.filter((m) => m.role === "figure")` is what a guard or scorer should compare.
 * `periods` must be `extractPeriods(text)`; pass it when you have it already (figures.ts does).
 */
export function parseNumberMentions(
  text: string,
  periods: readonly Period[] = extractPeriods(text),
): NumberMention[] {
  const skip = urlSpans(text);
  const labels = nonFigureSpans(text, skip, periods);
  const taken: Span[] = [...skip, ...labels.map((l): Span => [l.start, l.end])];
  const out: NumberMention[] = [];
  for (const l of labels) {
    const mention = labelMention(text, l.start, l.end, l.role);
    if (mention !== null) out.push(mention);
  }
  const re = new RegExp(DIGITS_RE.source, "g");
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const digitsAt = m.index + m[0].length - (m[4] ?? "").length - (m[5] ?? "").length;
    if (overlaps(taken, digitsAt, m.index + m[0].length)) continue;
    const mention = readDigits(text, m, skip);
    if (mention === null) {
      // Skip the rest of an unparseable run ("1,23,4", "3.2.1") so its tail is not read as a number.
      const run = /^[\d.,]*/.exec(text.slice(re.lastIndex))?.[0] ?? "";
      re.lastIndex += run.length;
      continue;
    }
    if (overlaps(taken, mention.start, mention.end)) continue;
    taken.push([mention.start, mention.end]);
    out.push(mention);
  }
  for (const m of text.matchAll(WORDS_RE)) {
    if (overlaps(taken, m.index, m.index + m[0].length)) continue;
    const mention = readWords(text, m);
    if (mention === null) continue;
    taken.push([mention.start, mention.end]);
    out.push(mention);
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Parses one printed value: "£1.1m", "82.6 per cent", "1,023", "(5)", "nine", "£5.8k", "0.51", "−3.2".
 * Null when the string is not exactly one number (surrounding spaces and a leading ">", "<", "~"
 * or "approx." allowed). A lone "one" counts here: there is no sentence to make it a pronoun.
 */
export function parseNumber(raw: string): NumberMention | null {
  const trimmed = raw.trim().replace(/^(?:[<>≤≥~≈]=?|approx\.?|c\.|circa|about|around|over|under)\s*/i, "");
  const paren = /^\((.*)\)$/s.exec(trimmed);
  const inner = paren?.[1]?.trim() ?? trimmed;
  if (inner === "") return null;
  const offset = raw.indexOf(inner);
  let found: NumberMention | undefined;
  const digits = new RegExp(`^${DIGITS_RE.source}`).exec(inner);
  if (digits !== null) {
    found = readDigits(inner, digits, []) ?? undefined;
  } else {
    const words = new RegExp(`^${WORDS_RE.source}`, "i").exec(inner);
    const vs = words === null ? null : wordsValueAndScale(words[0]);
    if (words !== null && vs !== null) {
      const pcm = PERCENT_AFTER.exec(inner.slice(words[0].length));
      const text = inner.slice(0, words[0].length + (pcm?.[0].length ?? 0));
      found = makeMention(text, 0, String(vs.value), { scale: vs.scale, percent: pcm !== null });
    }
  }
  if (found === undefined || found.raw.length !== inner.length) return null;
  if (paren !== undefined && paren !== null) {
    if (found.negative || found.percent) return null;
    return {
      ...found,
      raw: trimmed,
      start: raw.indexOf(trimmed),
      end: raw.indexOf(trimmed) + trimmed.length,
      value: -found.value,
      amount: -found.amount,
      negative: true,
    };
  }
  return { ...found, start: offset, end: offset + found.raw.length };
}

interface Decimal {
  /** value = mantissa * 10^exponent */
  mantissa: bigint;
  exponent: number;
}

function toDecimal(n: number): Decimal {
  const s = n.toString();
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(s);
  if (m === null) throw new Error(`numbers: cannot read ${s} as a decimal`);
  const [, sign = "", int = "0", frac = "", exp = "0"] = m;
  const mantissa = BigInt(`${sign}${int}${frac}`);
  return { mantissa, exponent: Number(exp) - frac.length };
}

function alignTo(d: Decimal, exponent: number): bigint {
  return d.mantissa * 10n ** BigInt(d.exponent - exponent);
}

/** Half a unit in the last printed place, in base units: 0.5 * 10^-decimals * scale. */
function halfUlp(decimals: number, scale: number): Decimal {
  const scaleExp = Math.round(Math.log10(scale));
  if (10 ** scaleExp === scale) return { mantissa: 5n, exponent: scaleExp - decimals - 1 };
  return toDecimal(0.5 * 10 ** -decimals * scale);
}

/**
 * N8, decimal-safe. Two amounts match when |a - b| <= tolerance (inclusive, so no rounding tie rule can
 * flip a result). The tolerance is half a unit in the last printed place of the LESS precise side,
 * in base units (0.5 * 10^-decimals * scale): "£1.1m" (d=1, scale 1e6) allows ±£50,000, so it matches
 * £1,100,000 and also £1,080,000 (a correct rounding of it); "82.6" allows ±0.05, so it matches 82.64
 * but not 82.66.
 * Omit `b.decimals` to use `a`'s precision only, which asks "is `a` a correct rounding of `b`?": that is
 * how the answer guard checks a claimed figure (a) against a paper (b), and how the eval applies N8
 * with a = the gold value. `toleranceAbs` (base units) replaces the computed tolerance.
 */
export function numbersMatch(
  a: { amount: number; decimals: number; scale?: number },
  b: { amount: number; decimals?: number; scale?: number },
  toleranceAbs?: number,
): boolean {
  let tol: Decimal;
  if (toleranceAbs !== undefined) {
    tol = toDecimal(Math.abs(toleranceAbs));
  } else {
    const ta = halfUlp(a.decimals, a.scale ?? 1);
    const tb = b.decimals === undefined ? null : halfUlp(b.decimals, b.scale ?? 1);
    tol = ta;
    if (tb !== null) {
      const e = Math.min(ta.exponent, tb.exponent);
      if (alignTo(tb, e) > alignTo(ta, e)) tol = tb;
    }
  }
  const da = toDecimal(a.amount);
  const db = toDecimal(b.amount);
  const e = Math.min(da.exponent, db.exponent, tol.exponent);
  let diff = alignTo(da, e) - alignTo(db, e);
  if (diff < 0n) diff = -diff;
  return diff <= alignTo(tol, e);
}
