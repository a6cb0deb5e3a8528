import {
  countNounFollows,
  NUMBER_WORD_PATTERN,
  type NumberMention,
  numbersMatch,
  parseNumberMentions,
  TIME_UNIT_AFTER,
} from "./numbers.js";
import { completePeriod, extractPeriods, type Period } from "./periods.js";
import type { Figure, FigureUnit } from "./types.js";

/**
 * Figures: the number mentions of a unit's text that are quantities, with their unit, the period the
 * sentence ties them to and "266 of 322" part/whole links. `figureStatedIn` is the answer guard's test.
 */

const TIME_UNITS: FigureUnit[] = ["weeks", "days", "months", "years", "hours"];

/** "10-19-year olds", "3 and 4 year olds", "two or three weeks": the unit after the last number is theirs. */
const RANGE_TAIL = new RegExp(
  `^(?:\\s?[-–]\\s?|\\s+(?:and|or|to)\\s+)(?:\\d+(?:\\.\\d+)?|${NUMBER_WORD_PATTERN}\\b)`,
  "i",
);
const RATIO_AFTER = /^\s+per\s+(?:\d{1,3}(?:,\d{3})+|\d+|hundred|thousand)\b|^:\d/i;
const RATIO_BEFORE = /(?:\bratio\s+(?:of\s+|was\s+|is\s+)?|\d:)$/i;
const OF_BETWEEN = /^\s*(?:out\s+of|of)\s+(?:the\s+)?$/i;

function unitOf(text: string, m: NumberMention): FigureUnit {
  if (m.pp) return "pp";
  if (m.percent) return "percent";
  if (m.currency === "gbp") return "gbp";
  if (m.currency !== null) return "number";
  let end = m.end;
  const range = RANGE_TAIL.exec(text.slice(end, end + 20));
  if (range !== null) end += range[0].length;
  const after = text.slice(end, end + 80);
  const time = TIME_UNIT_AFTER.exec(after);
  if (time !== null) {
    const i = time.slice(1).findIndex((g) => g !== undefined);
    const unit = TIME_UNITS[i];
    if (unit !== undefined) return unit;
  }
  if (
    RATIO_AFTER.test(text.slice(m.end, m.end + 30)) ||
    RATIO_BEFORE.test(text.slice(Math.max(0, m.start - 20), m.start))
  ) {
    return "ratio";
  }
  if (countNounFollows(text, end)) return "count";
  return "number";
}

interface Sentence {
  start: number;
  end: number;
}

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATION_BEFORE =
  /\b(?:approx|Mr|Mrs|Ms|Dr|Cllr|No|Nos|para|paras|e\.g|i\.e|etc|cf|vs|St|Co|Ltd|fig|p|pp)\.$/i;

/** Lines are sentences too: table rows and list items never run into each other. */
function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const re = /\n|[.!?](?=\s+[A-Z0-9(‘“"'])/g;
  for (const m of text.matchAll(re)) {
    if (m[0] !== "\n" && ABBREVIATION_BEFORE.test(text.slice(Math.max(0, m.index - 6), m.index + 1)))
      continue;
    out.push({ start, end: m.index + 1 });
    start = m.index + 1;
  }
  out.push({ start, end: text.length });
  return out;
}

/** Clause breaks between a figure and a period make the pairing less likely. */
const CLAUSE_BREAK =
  /[,;:()\t]|\bcompared\s+(?:to|with)\b|\bfrom\b|\bagainst\b|\bwhereas\b|\bwhile\b|\bbut\b/gi;

function distance(text: string, m: NumberMention, p: Period): { score: number; before: boolean } {
  const pEnd = p.index + p.raw.length;
  const before = pEnd <= m.start;
  const gap = before ? text.slice(pEnd, m.start) : text.slice(m.end, p.index);
  const breaks = (gap.match(CLAUSE_BREAK) ?? []).length;
  return { score: breaks * 1000 + gap.length, before };
}

function periodFor(text: string, m: NumberMention, periods: Period[], sentence: Sentence): string | null {
  const inSentence = periods.filter(
    (p) => p.index >= sentence.start && p.index + p.raw.length <= sentence.end,
  );
  if (inSentence.length === 0) return null;
  // Table rows print the period cell before its value: "Q4 2022/23 <tab> 75.71% <tab> Q3 2023/24 <tab> 82.6%",
  // or as units render them, "Previous Period: Q4 2022/23; Previous Value: 75.71%; Latest Period: ...".
  const row = text.slice(sentence.start, sentence.end);
  const tableRow = row.includes("\t") || (row.match(/; [^;:]{1,80}: /g) ?? []).length >= 2;
  const ranked = inSentence
    .map((p) => ({ p, ...distance(text, m, p) }))
    .sort(
      (a, b) =>
        (tableRow ? Number(b.before) - Number(a.before) : 0) ||
        a.score - b.score ||
        Number(b.before) - Number(a.before),
    );
  const best = ranked[0]?.p;
  if (best === undefined) return null;
  if (best.yearKnown) return best.label;
  for (const { p } of ranked.slice(1)) {
    const completed = completePeriod(best, p);
    if (completed !== null) return completed.label;
  }
  return best.label;
}

/**
 * Every figure in a unit's text, in order: role-"figure" mentions of numbers.ts with a unit
 * (percent, pp, gbp, count for a number before a noun of people or things, weeks/days/months/years/
 * hours, ratio for "per 10,000" rates, else number), the period the sentence ties each to, and `of`
 * on the part of "266 of 322" / "252 out of 263" (the whole is a figure too).
 */
export function extractFigures(text: string): Figure[] {
  const allPeriods = extractPeriods(text);
  const mentions = parseNumberMentions(text, allPeriods).filter((m) => m.role === "figure");
  const periods = allPeriods.filter(
    (p) => !mentions.some((m) => m.start < p.index + p.raw.length && p.index < m.end),
  );
  const bounds = sentences(text);
  const figures: Figure[] = mentions.map((m) => {
    const sentence = bounds.find((s) => m.start >= s.start && m.start < s.end) ?? {
      start: 0,
      end: text.length,
    };
    return {
      value: m.value,
      scale: m.scale,
      amount: m.amount,
      decimals: m.decimals,
      unit: unitOf(text, m),
      raw: m.raw,
      start: m.start,
      end: m.end,
      period: periodFor(text, m, periods, sentence),
      of: null,
    };
  });
  for (let i = 0; i + 1 < figures.length; i++) {
    const part = figures[i];
    const whole = figures[i + 1];
    if (part === undefined || whole === undefined) continue;
    if (!OF_BETWEEN.test(text.slice(part.end, whole.start))) continue;
    const plain = (u: FigureUnit) => u === "count" || u === "number";
    if (!(plain(part.unit) && plain(whole.unit)) && part.unit !== whole.unit) continue;
    if (part.unit === "percent" || part.unit === "pp") continue;
    part.of = { part: part.amount, whole: whole.amount };
    if (part.unit === "count" || whole.unit === "count") {
      part.unit = "count";
      whole.unit = "count";
    }
  }
  return figures;
}

const UNIT_ALIASES: Record<string, FigureUnit> = {
  "%": "percent",
  percent: "percent",
  percentage: "percent",
  "per cent": "percent",
  pp: "pp",
  "percentage points": "pp",
  "percentage point": "pp",
  "£": "gbp",
  gbp: "gbp",
  pounds: "gbp",
  count: "count",
  people: "count",
  children: "count",
  week: "weeks",
  weeks: "weeks",
  day: "days",
  days: "days",
  month: "months",
  months: "months",
  year: "years",
  years: "years",
  hour: "hours",
  hours: "hours",
  ratio: "ratio",
  rate: "ratio",
  number: "number",
};

/** A unit as another part of the product may spell it ("%", "£", "percentage points") -> FigureUnit. */
export function normaliseUnit(unit: string): FigureUnit {
  return UNIT_ALIASES[unit.trim().toLowerCase()] ?? "number";
}

/** "an increase of 0.1%", "4.9% lower": a change that papers print as % but mean in points. */
function isChangePercent(text: string, f: Figure): boolean {
  const before = text.slice(Math.max(0, f.start - 40), f.start);
  const after = text.slice(f.end, f.end + 30);
  return (
    /\b(?:increase|decrease|rise|fall|drop|change|improvement|reduction|decline|up|down)\s+(?:of|by)\s+$/i.test(
      before,
    ) ||
    /^\s+(?:higher|lower|above|below|increase|decrease|rise|fall|up|down|more|less|improvement|reduction)\b/i.test(
      after,
    )
  );
}

function unitsCompatible(claimed: FigureUnit, stated: Figure, text: string): boolean {
  if (claimed === stated.unit) return true;
  // An undeclared unit on either side passes (N5: a missing symbol is a format matter, not a wrong value).
  if (claimed === "number" || stated.unit === "number") return true;
  if (claimed === "count" && TIME_UNITS.includes(stated.unit)) return false;
  if (claimed === "pp" && stated.unit === "percent") return isChangePercent(text, stated);
  return false;
}

/**
 * Is this figure stated in `text`? True when some figure of the text has a compatible unit and the
 * claimed figure is a correct rounding of it (numbersMatch with the claim's precision: "82.6%" is
 * stated by "82.64%", "82.64%" is not stated by "82.6%"; "£1.1m" = "£1,100,000" = "£1.1million").
 * Units: equal, or one side "number" (undeclared); "pp" is also stated by a % printed as a change
 * ("an increase of 0.1%"); percent, pp, count, gbp and time units never stand for one another.
 * Signs must agree: "-0.09" is not stated by "0.09".
 */
export function figureStatedIn(
  figure: { amount: number; unit: string; decimals: number; scale?: number },
  text: string,
): boolean {
  const claimed = normaliseUnit(figure.unit);
  const claim = { amount: figure.amount, decimals: figure.decimals, scale: figure.scale ?? 1 };
  return extractFigures(text).some(
    (stated) => unitsCompatible(claimed, stated, text) && numbersMatch(claim, { amount: stated.amount }),
  );
}

/** The figures of `answer` that none of `sources` states: what the answer guard must strip or flag. */
export function unstatedFigures(answer: string, sources: string[]): Figure[] {
  return extractFigures(answer).filter((f) => !sources.some((s) => figureStatedIn(f, s)));
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function printed(value: number, decimals: number): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [int = "0", frac] = fixed.split(".");
  const body = frac === undefined ? groupThousands(int) : `${groupThousands(int)}.${frac}`;
  return value < 0 ? `-${body}` : body;
}

const SCALE_SUFFIX: Record<number, string> = { 1e3: "k", 1e6: "m", 1e9: "bn" };

/** Canonical human form: "82.6%", "£1.1m", "£411,840", "1,023", "3.2 percentage points", "12 months". */
export function formatFigure(f: Figure): string {
  // Number words print as digits in full: "nine thousand" -> "9,000".
  const suffix = /\d/.test(f.raw) ? (SCALE_SUFFIX[f.scale] ?? "") : "";
  const number = suffix === "" ? printed(f.amount, f.decimals) : `${printed(f.value, f.decimals)}${suffix}`;
  switch (f.unit) {
    case "percent":
      return `${number}%`;
    case "pp":
      return `${number} percentage ${Math.abs(f.amount) === 1 ? "point" : "points"}`;
    case "gbp":
      return number.startsWith("-") ? `-£${number.slice(1)}` : `£${number}`;
    case "weeks":
    case "days":
    case "months":
    case "years":
    case "hours":
      return `${number} ${Math.abs(f.amount) === 1 ? f.unit.slice(0, -1) : f.unit}`;
    default:
      return number;
  }
}
