import { MONTH_NAMES } from "../../ingest/periods.js";
/**
 * Synthetic corpora for the scale benchmark: copies of the demo papers whose figures, dates and names are
 * perturbed deterministically, so the ingest's content-hash dedupe keeps them apart the way it would keep
 * apart another council's papers. Pure: text in, text out; the same seed always gives the same corpus.
 */

export interface CorpusFile {
  name: string;
  text: string;
}

/** mulberry32: tiny, fast and good enough to pick perturbations; not for anything secret. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of the label: one independent seed per (run seed, copy, file). */
export function seedFor(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function pick<T>(items: readonly T[], rng: () => number): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new RangeError("synth: pick from an empty list");
  return item;
}

/** Committee subjects that replace "Children and Families" before "Overview and Scrutiny". */
export const COMMITTEE_SUBJECTS = [
  "Adults and Communities",
  "Environment and Climate Change",
  "Highways and Transport",
  "Health",
  "Scrutiny Commission",
  "Corporate Resources",
  "Young People and Learning",
  "Families and Skills",
] as const;

export const COUNTIES = [
  "Northamptonshire",
  "Derbyshire",
  "Nottinghamshire",
  "Lincolnshire",
  "Warwickshire",
  "Staffordshire",
  "Worcestershire",
  "Cambridgeshire",
] as const;

export const CITIES = ["Northampton", "Derby", "Nottingham", "Lincoln", "Coventry", "Stafford", "Worcester"];

export const TOWNS = [
  "Kettering",
  "Matlock",
  "Mansfield",
  "Grantham",
  "Nuneaton",
  "Tamworth",
  "Bromsgrove",
  "Huntingdon",
  "Corby",
  "Buxton",
] as const;

const LOCAL_TOWNS = [
  "Glenfield",
  "Wigston",
  "Loughborough",
  "Hinckley",
  "Coalville",
  "Charnwood",
  "Oadby",
  "Melton",
  "Lutterworth",
];

const MONTHS = MONTH_NAMES.map((m) => m.toLowerCase());

/** "march" -> "[Mm][Aa][Rr][Cc][Hh]": case-insensitive for one part of a case-sensitive pattern. */
function anyCase(word: string): string {
  return [...word].map((c) => `[${c.toUpperCase()}${c.toLowerCase()}]`).join("");
}

function sameCase(model: string, replacement: string): string {
  if (model === model.toUpperCase() && model !== model.toLowerCase()) return replacement.toUpperCase();
  return replacement;
}

function titleCase(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Words before a bare number that make it a reference (paragraph, minute, order...), never a figure. */
const REFERENCE_WORDS =
  /(?:number|no|item|items|order|orders|minute|minutes|para|paragraph|paragraphs|section|sections|page|pages|appendix|rule|rules|act|key|stage|year|years|ks|aged|age|ages|phase|tier|level|grade)\s$/i;

/**
 * Every perturbable token, one alternative per kind; at each position the first alternative that matches
 * wins, so a date's year is never also shifted as a bare year and "£2,000" is money, not a count.
 */
const TOKEN = new RegExp(
  [
    `(?<date>\\b(?<day>\\d{1,2})(?:st|nd|rd|th)?(?<gap>\\s+)(?<month>${MONTHS.map(anyCase).join("|")})(?<gap2>\\s+)(?<dyear>(?:19|20)\\d{2})\\b)`,
    "(?<money>£(?<mnum>\\d[\\d,]*(?:\\.\\d+)?))",
    "(?<percent>\\b(?<pnum>\\d+(?:\\.\\d+)?)(?=%))",
    "(?<period>\\b(?<y1>(?:19|20)\\d{2})(?:(?<sep>[/-])(?<y2>\\d{2}|(?:19|20)\\d{2}))?\\b(?![.,]\\d))",
    "(?<short>\\b(?<s1>\\d{2})/(?<s2>\\d{2})\\b(?!/))",
    "(?<thousands>\\b\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?\\b)",
    "(?<count>(?<=[a-z,] |\\()\\d{2,4}(?= [a-z]))",
  ].join("|"),
  "g",
);

export interface Perturbation {
  /** Whole years added to every year and period ("2023/24" -> "2025/26"); never 0. */
  yearShift: number;
  /** Days added to a day of the month, wrapping within 1..28 so every date stays valid. */
  dayShift: number;
  committee: string;
  county: string;
  city: string;
  /** Each local town maps to one replacement for the whole copy, so a paper stays consistent. */
  towns: Map<string, string>;
  rng: () => number;
}

/** The choices for one copy; copy 0 is the original and is never perturbed (see synthCorpus). */
export function perturbationFor(seed: number): Perturbation {
  const rng = mulberry32(seed);
  const shifts = [-4, -3, -2, -1, 1, 2, 3, 4];
  return {
    yearShift: pick(shifts, rng),
    dayShift: 1 + Math.floor(rng() * 27),
    committee: pick(COMMITTEE_SUBJECTS, rng),
    county: pick(COUNTIES, rng),
    city: pick(CITIES, rng),
    towns: new Map(LOCAL_TOWNS.map((t) => [t, pick(TOWNS, rng)])),
    rng,
  };
}

/**
 * Moves a printed number by 3-15% up or down, keeping its format: the same decimal places, thousands
 * separators when it had them, never negative, a percentage of at most 100 stays at most 100.
 * "82.6" -> "79.3", "1,023" -> "1,187", "1.1" -> "1.4".
 */
export function shiftNumber(raw: string, rng: () => number, opts: { cap?: number } = {}): string {
  const digits = raw.replace(/,/g, "");
  const value = Number(digits);
  if (!Number.isFinite(value)) return raw;
  const decimals = digits.includes(".") ? (digits.split(".")[1] ?? "").length : 0;
  const step = 10 ** -decimals;
  const magnitude = 0.03 + rng() * 0.12;
  const direction = rng() < 0.5 ? -1 : 1;
  let next = value * (1 + direction * magnitude);
  next = Math.round(next / step) * step;
  if (Math.abs(next - value) < step / 2) next = value + direction * step;
  if (next < 0 || (value >= step && next < step)) next = value + step;
  const cap = opts.cap;
  if (cap !== undefined && value <= cap && next > cap) next = value - step >= 0 ? value - step : value;
  if (Math.abs(next - value) < step / 2) next = value + step;
  let text = next.toFixed(decimals);
  if (raw.includes(",")) {
    const [whole = "", fraction] = text.split(".");
    text = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (fraction === undefined ? "" : `.${fraction}`);
  }
  return text;
}

function shiftYear(year: string, by: number): string {
  return String(Number(year) + by);
}

function shiftShortYear(two: string, by: number): string {
  return String((Number(two) + by + 100) % 100).padStart(2, "0");
}

function replaceToken(
  groups: Record<string, string | undefined>,
  whole: string,
  before: string,
  p: Perturbation,
): string {
  const g = groups;
  if (g.date !== undefined) {
    const day = ((Number(g.day) - 1 + p.dayShift) % 28) + 1;
    return `${day}${g.gap}${g.month}${g.gap2}${shiftYear(g.dyear ?? "", p.yearShift)}`;
  }
  if (g.money !== undefined) return `£${shiftNumber(g.mnum ?? "", p.rng)}`;
  if (g.percent !== undefined) return shiftNumber(g.pnum ?? "", p.rng, { cap: 100 });
  if (g.period !== undefined) {
    const y1 = shiftYear(g.y1 ?? "", p.yearShift);
    if (g.y2 === undefined) return y1;
    const y2 = g.y2.length === 4 ? shiftYear(g.y2, p.yearShift) : shiftShortYear(g.y2, p.yearShift);
    return `${y1}${g.sep}${y2}`;
  }
  if (g.short !== undefined) {
    // Only consecutive two-digit years ("23/24") are a period; "21/01" is part of a date or a ratio.
    if (Number(g.s2) !== (Number(g.s1) + 1) % 100) return whole;
    return `${shiftShortYear(g.s1 ?? "", p.yearShift)}/${shiftShortYear(g.s2 ?? "", p.yearShift)}`;
  }
  if (g.thousands !== undefined) return shiftNumber(whole, p.rng);
  if (g.count !== undefined) {
    const n = Number(whole);
    // Bare years and references ("Minute Number 72", "Standing Order 34 and") keep their number.
    if ((n >= 1900 && n <= 2099) || REFERENCE_WORDS.test(before)) return whole;
    return shiftNumber(whole, p.rng);
  }
  return whole;
}

/**
 * Neutral rewordings, each applied to an occurrence with even odds. Figures, dates and names alone leave
 * most paragraphs of a paper untouched, and untouched paragraphs dedupe into one unit; another council's
 * papers word the same things differently. Lower case only, so headings the structure detector reads
 * ("REPORT OF THE DIRECTOR", "Background") keep their words.
 */
export const WORD_SWAPS: readonly (readonly [string, string])[] = [
  ["approximately", "around"],
  ["currently", "at present"],
  ["additional", "extra"],
  ["significant", "considerable"],
  ["ensure", "make sure"],
  ["provide", "deliver"],
  ["provides", "delivers"],
  ["across", "throughout"],
  ["including", "such as"],
  ["continue", "carry on"],
  ["develop", "build"],
  ["improve", "strengthen"],
  ["through", "via"],
  ["issues", "matters"],
  ["whether", "if"],
  ["will", "shall"],
  ["also", "as well"],
  ["young people", "young persons"],
  ["support", "help"],
  ["key", "main"],
  ["demand", "need"],
  ["staff", "employees"],
  ["noted", "observed"],
  ["however", "though"],
  ["increase", "rise"],
  ["number of", "count of"],
  ["work", "activity"],
  ["partners", "partner agencies"],
  ["children", "young children"],
  ["local authority", "council"],
  ["a range of", "various"],
  ["such as", "like"],
  ["in line with", "consistent with"],
  ["responsible for", "in charge of"],
  ["manages", "runs"],
  ["impact", "effect"],
  ["impacted", "affected"],
  ["timely", "prompt"],
  ["recently", "lately"],
  ["largely", "mostly"],
  ["relates to", "concerns"],
  ["identified", "found"],
  ["needs", "requirements"],
  ["showed", "demonstrated"],
  ["delays", "hold-ups"],
  ["factors", "reasons"],
  ["schools", "academies"],
  ["plan", "programme"],
  ["strategy", "approach"],
  ["partnership", "alliance"],
  ["performance", "delivery"],
  ["management", "oversight"],
  ["requests", "applications"],
  ["received", "taken in"],
  ["reviews", "check-ins"],
  ["communication", "liaison"],
  ["between", "among"],
  ["building", "forming"],
  ["confidence", "self-belief"],
  ["in a", "in one"],
  ["of the", "of this"],
  ["to the", "towards the"],
  ["for the", "on behalf of the"],
];

// Multi-word phrases match on one line only, so a hard-wrapped paper keeps its line breaks.
const SWAP = new RegExp(`\\b(?:${WORD_SWAPS.map(([from]) => from).join("|")})\\b`, "g");
const SWAP_TO = new Map(WORD_SWAPS.map(([from, to]) => [from, to]));

/** One perturbed copy of one paper. */
export function perturbText(text: string, p: Perturbation): string {
  let out = text.replace(TOKEN, (...args: unknown[]) => {
    const whole = args[0] as string;
    const offset = args[args.length - 3] as number;
    const groups = args[args.length - 1] as Record<string, string | undefined>;
    const before = text.slice(Math.max(0, offset - 24), offset);
    return replaceToken(groups, whole, before, p);
  });
  out = out.replace(SWAP, (m) => {
    const to = SWAP_TO.get(m);
    return to !== undefined && p.rng() < 0.5 ? to : m;
  });
  out = out.replace(/Children and Families(?=\s+Overview)/gi, (m) => sameCase(m, p.committee));
  out = out.replace(/\bLeicestershire\b/gi, (m) => sameCase(m, p.county));
  out = out.replace(/\bLeicester\b/gi, (m) => sameCase(m, p.city));
  for (const [from, to] of p.towns) {
    out = out.replace(new RegExp(`\\b${from}\\b`, "gi"), (m) => sameCase(m, titleCase(to)));
  }
  return out;
}

/** The name a perturbed copy's file gets; copy 0 keeps the original name so gold quotes still resolve. */
export function copyName(name: string, copy: number): string {
  return copy === 0 ? name : `c${String(copy).padStart(3, "0")}_${name}`;
}

/**
 * `factor` copies of the corpus: copy 0 is the original, each further copy is perturbed with its own seed.
 * Deterministic in (files, factor, seed).
 */
export function synthCorpus(files: readonly CorpusFile[], factor: number, seed = 1): CorpusFile[] {
  if (!Number.isInteger(factor) || factor < 1) {
    throw new RangeError(`synth: scale factor must be a whole number of at least 1, got ${factor}`);
  }
  const out: CorpusFile[] = [];
  for (let copy = 0; copy < factor; copy++) {
    for (const f of files) {
      const text =
        copy === 0 ? f.text : perturbText(f.text, perturbationFor(seedFor(`${seed}:${copy}:${f.name}`)));
      out.push({ name: copyName(f.name, copy), text });
    }
  }
  return out;
}
