import { MONTH_NAMES } from "../periods.js";

/** Small pure helpers about words and sentences shared by the structure passes. */

const CLOSERS = `"'”’)\\]`;
const SENTENCE_END = new RegExp(`[.!?][${CLOSERS}]*$`);
const CLAUSE_END = new RegExp(`(?:[.!?:;]|:\\s*-)[${CLOSERS}]*$`);

/** Ends like a finished sentence ("...benchmarks.", "...2024?”"). */
export function endsSentence(text: string): boolean {
  return SENTENCE_END.test(text.trimEnd());
}

/** Ends a sentence or introduces what follows (":" before a list, ";" between list items). */
export function endsClause(text: string): boolean {
  return CLAUSE_END.test(text.trimEnd());
}

export function startsLowercase(text: string): boolean {
  return /^[a-z]/.test(text);
}

export function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
}

const LETTER = /^\p{L}$/u;
const UPPER = /^\p{Lu}$/u;

/** No lowercase letters at all: "QUARTER 3 2023/24 PERFORMANCE REPORT", "2020/23". */
export function isAllCaps(text: string): boolean {
  // Counts UTF-16 units of letters, as the length of the letters-only string would.
  let letters = 0;
  let upper = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      if (code >= 65 && code <= 90) {
        letters++;
        upper++;
      } else if (code >= 97 && code <= 122) letters++;
      continue;
    }
    const cp = text.codePointAt(i) ?? code;
    const ch = String.fromCodePoint(cp);
    if (LETTER.test(ch)) {
      letters += ch.length;
      if (UPPER.test(ch)) upper += ch.length;
    }
    if (cp > 0xffff) i++;
  }
  if (letters === 0) return true;
  return upper / letters >= 0.9;
}

export const SMALL_WORDS: ReadonlySet<string> = new Set([
  "a",
  "an",
  "and",
  "as",
  "at",
  "but",
  "by",
  "for",
  "from",
  "in",
  "into",
  "of",
  "on",
  "or",
  "per",
  "the",
  "to",
  "via",
  "with",
  "nor",
  "vs",
]);

/** Share of the non-small words that start with a capital: headings score high, sentences low. */
export function titleCaseRatio(text: string): number {
  const ws = words(text).filter((w) => !SMALL_WORDS.has(w.toLowerCase()));
  if (ws.length === 0) return 0;
  return ws.filter((w) => /^[^\p{L}]*[\p{Lu}\p{N}]/u.test(w)).length / ws.length;
}

/** Acronyms that stay capitalised when an ALL-CAPS title is title-cased. */
const ACRONYMS = new Set([
  "UK",
  "NHS",
  "SEND",
  "SEN",
  "UASC",
  "VRN",
  "CSE",
  "CCE",
  "EHCP",
  "EHCPS",
  "EHRIA",
  "MTFS",
  "LLR",
  "CIP",
  "TSIL",
  "LCC",
  "CFS",
  "DFE",
  "ICT",
  "ASB",
  "DCFSF",
  "OFSTED",
  "HR",
  "CAMHS",
  "YOS",
  "FEEE",
  "NEET",
]);

function titleWord(word: string, first: boolean): string {
  const bare = word.replace(/[^\p{L}]/gu, "");
  if (bare.length === 0) return word;
  const upper = bare.toUpperCase();
  if (ACRONYMS.has(upper) || /^(?:II|III|IV|VI|VII|VIII|IX)$/.test(upper)) return word.toUpperCase();
  if (!/[AEIOUY]/.test(upper) && bare.length <= 5) return word.toUpperCase();
  const lower = word.toLowerCase();
  if (!first && SMALL_WORDS.has(bare.toLowerCase())) return lower;
  // Capitalise after the leading punctuation and after hyphens: "ASYLUM-SEEKING" -> "Asylum-Seeking".
  return lower.replace(/(^|[-–/(“"‘])(\p{L})/gu, (_m, p: string, c: string) => p + c.toUpperCase());
}

/** "QUARTER 3 2023/24 PERFORMANCE REPORT" -> "Quarter 3 2023/24 Performance Report". Mixed case is kept. */
export function titleCase(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (!isAllCaps(t)) return t;
  return t
    .split(" ")
    .map((w, i, all) => titleWord(w, i === 0 || /[:–-]$/.test(all[i - 1] ?? "")))
    .join(" ");
}

const MONTHS = MONTH_NAMES.map((m) => m.toLowerCase());

const DATE =
  /\b(\d{1,2})(?:st|nd|rd|th)?\s+(january|february|march|april|may|june|july|august|september|october|november|december)\s*,?\s+(\d{4})\b/i;

/** First "5 March 2024" / "5th March 2024" in the text, as ISO YYYY-MM-DD. */
export function findDate(text: string): { iso: string; raw: string; index: number } | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const day = Number(m[1]);
  const month = MONTHS.indexOf((m[2] ?? "").toLowerCase()) + 1;
  const year = Number(m[3]);
  if (day < 1 || day > 31 || month < 1) return null;
  const iso = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return { iso, raw: m[0], index: m.index };
}

const STOP = new Set([...SMALL_WORDS, "report", "the", "update", "updates"]);

function tokens(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .replace(/[’']s\b/g, "")
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 1 && !STOP.has(w)),
  );
}

/** Jaccard overlap of content words, for matching a document to its agenda line or appendix entry. */
export function similarity(a: string, b: string): number {
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.size === 0 || tb.size === 0) return 0;
  let both = 0;
  for (const t of ta) if (tb.has(t)) both++;
  return both / (ta.size + tb.size - both);
}

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATION =
  /(?:\b(?:Mr|Mrs|Ms|Dr|Cllr|St|No|Nos|approx|Approx|e\.g|i\.e|etc|vs|cf|Co|Ltd|para|paras|Ref|ref|Fig|fig|Vol|vol|Sec|sec|Art|art|Prof|Rev|Hon|CC|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$/;

/**
 * Offsets just past each sentence end in `text` (after the stop and any closing quote/bracket),
 * where the next character starts a new sentence. Never inside "Mr. J. Smith", "e.g. this" or "3.5".
 */
export function sentenceBreaks(text: string): number[] {
  const breaks: number[] = [];
  const re = new RegExp(`[.!?][${CLOSERS}]*(?=\\s+[“"‘'(]?[\\p{Lu}\\p{N}£])`, "gu");
  for (const m of text.matchAll(re)) {
    const end = m.index + m[0].length;
    const before = text.slice(Math.max(0, m.index - 12), m.index + 1);
    if (m[0].startsWith(".") && ABBREVIATION.test(before)) continue;
    breaks.push(end);
  }
  return breaks;
}
