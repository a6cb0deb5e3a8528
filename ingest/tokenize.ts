/**
 * The council-aware tokenizer shared by the lexical index and the hashed embeddings. Money, percentages,
 * financial years, quarters, statutory sections, dates and planning references each come out as one
 * normalised term, so the different ways papers and councillors write the same figure meet on a token:
 * "£1.1m", "£1.1 million" and "£1,100,000" all give "1100000"; "23/24", "2023-24" and "2023/24" all give
 * "2023/24". Words are lowercased, stopworded and lightly stemmed.
 */

/** Bump when the terms this module produces change: indexes built with another version must be rebuilt. */
export const TOKENIZER_VERSION = "council-4";

const STOPWORDS = new Set(
  (
    "a about above after again against all also am an and any are as at be because been before being below " +
    "between both but by can could did do does doing down during each etc few for from further had has have " +
    "having he her here hers herself him himself his how i if in into is it its itself just may me might more " +
    "most must my myself of off on once only or other ought our ours ourselves out over own per same shall she " +
    "should so some such than that the their theirs them themselves then there these they this those through " +
    "thus to too under until up upon us very via was we were what when where whereas which while whilst who " +
    "whom whose why will with within would yet you your yours yourself yourselves s t"
  ).split(" "),
);

/** Words a question carries that say nothing about which paragraph answers it. */
const QUERY_STOPWORDS = new Set("many much tell show give please know like want find list".split(" "));

/** "one" is left out: it is far more often a pronoun ("one of its members") than a count. */
const NUMBER_WORDS: Record<string, string> = {
  zero: "0",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  ten: "10",
  eleven: "11",
  twelve: "12",
  thirteen: "13",
  fourteen: "14",
  fifteen: "15",
  sixteen: "16",
  seventeen: "17",
  eighteen: "18",
  nineteen: "19",
  twenty: "20",
};

const QUARTER_WORDS: Record<string, string> = {
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  first: "1",
  second: "2",
  third: "3",
  fourth: "4",
};

const IRREGULAR: Record<string, string> = { children: "child", women: "woman", men: "man" };

/**
 * Noun endings taken back to the verb the papers and councillors use interchangeably ("excluded" and
 * "exclusions", "referred" and "referrals", "assessed" and "assessments"). Each gives its replacement; the
 * stem left must keep five letters, so short words that merely end alike ("pension", "station", "mission")
 * stay whole.
 */
const DERIVATIONS: readonly [RegExp, string][] = [
  [/usion$/, "ud"],
  [/(?<=[ptx])ension$/, "end"],
  [/ansion$/, "and"],
  [/cision$/, "cid"],
  [/(?<=^(?:pro|di))vision$/, "vid"],
  [/ssion(?:al)?$/, "ss"],
  [/tion(?:al)?$/, "t"],
  [/erral$/, "er"],
  [/(?<=[aeiou])val$/, "v"],
  [/ment$/, ""],
];

/** Words whose "-ment" is their root, not a suffix ("implemented" must still meet "implement"). */
const ROOT_MENT = new Set(
  "implement supplement complement compliment experiment increment segment document comment element moment fragment augment".split(
    " ",
  ),
);

/** Every ending DERIVATIONS knows closes with one of these: most words skip the list at once. */
const DERIVED_END = /(?:ion|al|ment)$/;

function derive(word: string): string {
  if (!DERIVED_END.test(word) || ROOT_MENT.has(word)) return word;
  for (const [ending, replacement] of DERIVATIONS) {
    if (!ending.test(word)) continue;
    const base = word.replace(ending, replacement);
    return base.length >= 5 ? base : word;
  }
  return word;
}

const SCALE_DIGITS: Record<string, number> = { k: 3, thousand: 3, m: 6, million: 6, bn: 9, billion: 9 };

/**
 * Alternatives are tried in order at each position, so the specific shapes win over the generic number and
 * word. Every alternative refuses to stop inside a run of letters/digits, so "2nd" or "ks2" stay words.
 */
const PATTERN = new RegExp(
  [
    String.raw`(?<iso>\d{4}-\d{2}-\d{2})(?![a-z0-9])`,
    String.raw`(?<date>(?<dd>\d{1,2})/(?<mm>\d{1,2})/(?<yy>\d{4}|\d{2}))(?![a-z0-9/])`,
    String.raw`(?<ref>(?:\d{2,4}/\d{2,6}/[a-z][a-z0-9]*|[a-z]{2,6}/\d{2,4}/\d{2,6})(?:/[a-z0-9]+)*)(?![a-z0-9])`,
    String.raw`(?<fy>(?<fyA>(?:19|20)\d{2}) ?[/-] ?(?<fyB>(?:19|20)\d{2}|\d{2})|(?<fyC>\d{2})/(?<fyD>\d{2}))(?![a-z0-9/])`,
    String.raw`(?<quarter>q(?<qn>[1-4])|quarter\s+(?<qw>one|two|three|four|[1-4])|(?<qo>first|second|third|fourth)\s+quarter)(?![a-z0-9])`,
    String.raw`(?<section>(?:s|section\s*)(?<sn>\d{1,3}[a-z]?))(?![a-z0-9])`,
    String.raw`(?<pcword>per\s?cent(?:age)?|percent(?:age)?)(?![a-z])`,
    String.raw`(?<num>(?:(?<cur>[£$€])\s?)?(?<int>\d{1,3}(?:,\d{3})+|\d+)(?<frac>\.\d+)?(?:\s?(?<pct>%|per\s?cent(?![a-z])|percent(?![a-z]))|(?<sc>k|m|bn)|\s?(?<scw>thousand|million|billion))?)(?![a-z0-9])`,
    "(?<word>[a-z0-9]+(?:['-][a-z0-9]+)*)",
  ].join("|"),
  "g",
);

/**
 * A number written with its decimal point moved `shift` places right, as a canonical string: no leading or
 * trailing zeros, no float rounding ("1.1" shifted 6 gives "1100000", never "1100000.0000000002").
 */
function canonicalNumber(intDigits: string, fracDigits: string, shift = 0): string {
  let digits = intDigits + fracDigits;
  const point = intDigits.length + shift;
  if (point > digits.length) digits = digits.padEnd(point, "0");
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, "") || "0";
  const frac = digits.slice(point).replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : whole;
}

function financialYear(a: number, bText: string): string | null {
  let b = bText.length === 4 ? Number(bText) : Math.floor(a / 100) * 100 + Number(bText);
  if (bText.length === 2 && b <= a) b += 100;
  const span = b - a;
  if (span < 1 || span > 10) return null;
  return `${a}/${String(b % 100).padStart(2, "0")}`;
}

function stem(word: string): string {
  const irregular = IRREGULAR[word];
  if (irregular) return irregular;
  if (word.length <= 3 || /\d/.test(word)) return word;
  let s = word;
  if (s.endsWith("sses")) s = s.slice(0, -2);
  else if (s.endsWith("ies") && s.length > 4) s = `${s.slice(0, -3)}y`;
  else if (s.endsWith("s") && !/(?:ss|us|is)$/.test(s)) s = s.slice(0, -1);
  s = derive(s);
  const suffix = s.endsWith("ing") ? 3 : s.endsWith("ed") ? 2 : 0;
  if (suffix > 0) {
    const base = s.slice(0, -suffix);
    if (base.length >= 3 && /[aeiouy]/.test(base)) {
      // planned -> plan, but staffing -> staff: only the consonants English doubles before -ed/-ing.
      s = /([bdgmnprt])\1$/.test(base) ? base.slice(0, -1) : base;
    } else if (/^[aeiou][^aeiou]$/.test(base)) {
      // "used", "using" -> "use"; "aged" -> "age": a two-letter base lost the e its verb ends with.
      s = `${base}e`;
    }
  }
  // A final e is dropped everywhere so "place", "placed" and "placing" meet on "plac".
  if (s.length >= 4 && s.endsWith("e")) s = s.slice(0, -1);
  return s;
}

function wordTerm(raw: string): string | null {
  if (/^\d+$/.test(raw)) return canonicalNumber(raw, "");
  const number = NUMBER_WORDS[raw];
  if (number) return number;
  if (STOPWORDS.has(raw)) return null;
  return stem(raw);
}

/** Terms of a word run that may hold apostrophes and hyphens ("children's", "well-being", "co-ordinate"). */
function wordTerms(run: string): string[] {
  const word = run.replace(/'s$/, "").replace(/'/g, "");
  if (!word.includes("-")) {
    const t = wordTerm(word);
    return t ? [t] : [];
  }
  const parts = word.split("-").filter((p) => p.length > 0);
  const terms = parts.map(wordTerm).filter((t): t is string => t !== null);
  if (parts.every((p) => /^[a-z]+$/.test(p))) terms.push(stem(parts.join("")));
  return terms;
}

/** Fallback for a shape that matched but did not validate (e.g. "1990/2023" is no financial year). */
function plainGroups(text: string): string[][] {
  const groups: string[][] = [];
  for (const run of text.match(/[a-z0-9]+/g) ?? []) {
    const t = wordTerm(run);
    if (t) groups.push([t]);
  }
  return groups;
}

function normalise(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b\u2032`]/g, "'")
    .replace(/[\u2010-\u2015\u2212]/g, "-");
}

type Groups = Record<string, string | undefined>;

function matchGroups(g: Groups, matched: string): string[][] {
  if (g.iso) return [[g.iso]];
  if (g.date) {
    const d = Number(g.dd);
    const m = Number(g.mm);
    if (d < 1 || d > 31 || m < 1 || m > 12) return plainGroups(matched);
    const y = g.yy?.length === 2 ? `20${g.yy}` : (g.yy ?? "");
    return [[`${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`]];
  }
  if (g.ref) {
    const parts = g.ref.split("/").flatMap((p) => plainGroups(p));
    return [[g.ref, ...parts.flat()]];
  }
  if (g.fy) {
    let fy: string | null = null;
    if (g.fyA && g.fyB) fy = financialYear(Number(g.fyA), g.fyB);
    else if (g.fyC && g.fyD && Number(g.fyD) === (Number(g.fyC) + 1) % 100) fy = `20${g.fyC}/${g.fyD}`;
    return fy ? [[fy]] : plainGroups(matched);
  }
  if (g.quarter) {
    const n = g.qn ?? QUARTER_WORDS[g.qw ?? ""] ?? g.qw ?? QUARTER_WORDS[g.qo ?? ""];
    return [[`q${n}`]];
  }
  if (g.section) return [[`s${g.sn}`]];
  if (g.pcword) return [["percent"]];
  if (g.num !== undefined && g.int !== undefined) {
    const intDigits = g.int.replace(/,/g, "");
    const fracDigits = (g.frac ?? "").slice(1);
    const scale = g.sc ?? g.scw;
    if (scale) return [[canonicalNumber(intDigits, fracDigits, SCALE_DIGITS[scale] ?? 0)]];
    const n = canonicalNumber(intDigits, fracDigits);
    return g.pct ? [[n, `${n}%`, "percent"]] : [[n]];
  }
  return g.word ? wordTerms(g.word).map((t) => [t]) : [];
}

/**
 * Terms grouped by position: the first term of a group is the one that stands in the running text (used
 * for bigrams), the rest are extra forms of the same mention ("82.6%" -> ["82.6", "82.6%", "percent"]).
 */
export function termGroups(text: string): string[][] {
  const groups: string[][] = [];
  for (const m of normalise(text).matchAll(PATTERN)) {
    for (const g of matchGroups(m.groups ?? {}, m[0])) groups.push(g);
  }
  return groups;
}

/** Terms of indexed text (a unit's context and text), in order, repeats kept for term frequency. */
export function tokenize(text: string): string[] {
  return termGroups(text).flat();
}

/** Terms of a question: as `tokenize`, without question filler, each term once. */
export function tokenizeQuery(text: string): string[] {
  return [...new Set(tokenize(text).filter((t) => !QUERY_STOPWORDS.has(t)))];
}
