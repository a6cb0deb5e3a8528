import { z } from "zod";
import builtin from "./glossary.builtin.json" with { type: "json" };
import type { GlossaryEntry } from "./types.js";

/**
 * Acronyms and the words councillors use for them. Papers define acronyms as "Long Name (ACR)";
 * the shipped glossary adds common ones and colloquial forms ("kids in care"), and `expandTerms`
 * turns a question into extra search terms in both directions.
 */

export const BUILTIN_SOURCE = "builtin";

const BuiltinSchema = z.array(
  z.object({ term: z.string().min(1), expansion: z.string().min(1), synonyms: z.array(z.string()) }),
);

/** The shipped glossary (ingest/glossary.builtin.json), validated. */
export function loadBuiltinGlossary(): GlossaryEntry[] {
  const parsed = BuiltinSchema.safeParse(builtin);
  if (!parsed.success) {
    throw new Error(`glossary: "glossary.builtin.json" is malformed: ${parsed.error.message}`, {
      cause: parsed.error,
    });
  }
  return parsed.data.map((e) => ({
    term: e.term,
    expansion: e.expansion,
    origin: "builtin",
    sources: [BUILTIN_SOURCE],
    synonyms: e.synonyms,
  }));
}

/** Words a long form may leave out of its acronym ("Director of Children and Family Services"). */
const SMALL_WORDS = new Set([
  "and",
  "or",
  "of",
  "the",
  "for",
  "in",
  "to",
  "with",
  "a",
  "an",
  "on",
  "at",
  "by",
  "from",
  "&",
]);

/** "SEND", "DfE", "CYCLe", "ATfEST", "EHCPs": at least two capitals, never a run of 3 lower-case letters. */
function isAcronym(s: string): boolean {
  if (!/^[A-Z][A-Za-z&]{1,9}$/.test(s)) return false;
  if ((s.match(/[A-Z]/g) ?? []).length < 2) return false;
  return !/[a-z]{3}/.test(s);
}

/** "EHCPs" -> "EHCP"; other acronyms unchanged. */
function singularAcronym(s: string): string {
  return /[A-Z]s$/.test(s) ? s.slice(0, -1) : s;
}

interface Word {
  text: string;
  start: number;
  end: number;
}

function wordsOf(text: string, offset: number): Word[] {
  const out: Word[] = [];
  // Hyphenated words count as several ("Asylum-Seeking", "Multi-Agency", "Co-ordinators").
  for (const m of text.matchAll(/[A-Za-z][A-Za-z'’]*|&/g)) {
    out.push({
      text: m[0].replace(/['’]s$/, ""),
      start: offset + m.index,
      end: offset + m.index + m[0].length,
    });
  }
  return out;
}

/**
 * Can `words` spell `acr`? Every word is used: a small word may be skipped or give its initial; any other
 * word gives its initial, plus (for an all-capitals word like "EHC") more of its own letters, or plus
 * the acronym's lower-case letters found in it ("Le" of "Leicestershire" in "CYCLe").
 */
function spells(words: string[], acr: string): boolean {
  const memo = new Map<string, boolean>();
  const go = (wi: number, ai: number): boolean => {
    if (wi === words.length) return ai === acr.length;
    const key = `${wi}:${ai}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const word = words[wi] ?? "";
    const lower = word.toLowerCase();
    let ok = false;
    if (SMALL_WORDS.has(lower) && wi > 0 && go(wi + 1, ai)) ok = true;
    const a = acr[ai];
    if (!ok && a !== undefined && lower[0] === a.toLowerCase()) {
      const allCaps = /^[A-Z]{2,}$/.test(word);
      // Take the initial, then try taking more letters of this word.
      for (let take = 1; !ok && ai + take <= acr.length; take++) {
        const chunk = acr.slice(ai, ai + take);
        if (take > 1) {
          const extra = chunk.slice(1);
          const fits = allCaps
            ? word.startsWith(chunk)
            : /^[a-z]+$/.test(extra) && inOrder(lower.slice(1), extra);
          if (!fits) break;
        }
        if (go(wi + 1, ai + take)) ok = true;
      }
    }
    memo.set(key, ok);
    return ok;
  };
  return acr.length > 0 && go(0, 0);
}

function inOrder(haystack: string, letters: string): boolean {
  let i = 0;
  for (const ch of haystack) if (ch === letters[i]) i++;
  return i === letters.length;
}

/** The shortest run of words ending at the bracket that spells the acronym (Schwartz-Hearst style). */
function longForm(words: Word[], acr: string): Word[] | null {
  const maxWords = Math.min(acr.length + 5, acr.length * 2);
  for (let n = 1; n <= Math.min(maxWords, words.length); n++) {
    const run = words.slice(words.length - n);
    // A long form never starts with "the", "of", "&"...: the shortest run starting with a content word wins.
    if (SMALL_WORDS.has((run[0]?.text ?? "").toLowerCase())) continue;
    if (
      spells(
        run.map((w) => w.text),
        acr,
      )
    )
      return run;
  }
  return null;
}

function cleanExpansion(text: string, plural: boolean): string {
  let s = text
    .replace(/\s+/g, " ")
    .replace(/(\w)- (\w)/g, "$1-$2")
    .replace(/['’]s$/, "")
    .trim();
  if (plural) s = s.replace(/ies$/, "y").replace(/([^s])s$/, "$1");
  return s;
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/['’]/g, "").replace(/[-–,]/g, " ").replace(/\s+/g, " ").trim();
}

/**
 * Acronym definitions a paper makes: "Education, Health and Care Plan (EHCP)", "Unaccompanied
 * Asylum-Seeking Children (UASC)", and glossary lines "ACR – Long Name" / "ACR<tab>Long Name". A pair is kept
 * only when the long form spells the acronym; the long form is the shortest run of words before the
 * bracket that does. Plural acronyms ("EHCPs") are stored singular.
 */
export function extractGlossary(text: string, source: string): GlossaryEntry[] {
  const out: GlossaryEntry[] = [];
  const seen = new Set<string>();
  const add = (term: string, expansion: string): void => {
    const key = `${term.toUpperCase()}|${normalise(expansion)}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ term, expansion, origin: "papers", sources: [source] });
  };
  for (const m of text.matchAll(/\(([A-Za-z&]{2,10})\)/g)) {
    const raw = m[1] ?? "";
    if (!isAcronym(raw)) continue;
    const acr = singularAcronym(raw);
    // The long form stands in the same sentence: stop at a full stop, colon or earlier bracket.
    const windowStart = Math.max(0, m.index - 250);
    let before = text.slice(windowStart, m.index);
    const cut = before.search(/[.;:!?()][^.;:!?()]*$/);
    const from = cut >= 0 ? cut + 1 : 0;
    before = before.slice(from);
    const words = wordsOf(before, windowStart + from);
    const run = longForm(words, acr);
    const first = run?.[0];
    const last = run?.[run.length - 1];
    if (first === undefined || last === undefined) continue;
    add(acr, cleanExpansion(text.slice(first.start, last.end), acr !== raw));
  }
  for (const m of text.matchAll(
    /^[ \t]*([A-Z][A-Za-z&]{1,9})[ \t]*(?:[–—-][ \t]+|\t[ \t]*)([A-Z][^\t\n]{3,80}?)[ \t]*$/gm,
  )) {
    const raw = m[1] ?? "";
    const long = m[2] ?? "";
    if (!isAcronym(raw)) continue;
    const acr = singularAcronym(raw);
    const words = wordsOf(long, 0);
    if (
      words.length === 0 ||
      !spells(
        words.map((w) => w.text),
        acr,
      )
    )
      continue;
    add(acr, cleanExpansion(long, acr !== raw));
  }
  return out;
}

/**
 * One entry per term (case-insensitive). Papers win over the builtin glossary: the most frequent
 * expansion the papers give becomes the expansion; every other expansion and synonym is kept in
 * `synonyms`, and `sources` lists every source.
 */
export function mergeGlossary(entries: GlossaryEntry[]): GlossaryEntry[] {
  const groups = new Map<string, GlossaryEntry[]>();
  for (const e of entries) {
    const key = e.term.toUpperCase();
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [e]);
    else group.push(e);
  }
  const merged: GlossaryEntry[] = [];
  for (const group of groups.values()) {
    const papers = group.filter((e) => e.origin === "papers");
    const lead = papers.length > 0 ? papers : group;
    const counts = new Map<string, { text: string; n: number }>();
    for (const e of lead) {
      const k = normalise(e.expansion);
      const c = counts.get(k);
      if (c === undefined) counts.set(k, { text: e.expansion, n: 1 });
      else c.n++;
    }
    // Spelt out beats frequent: "Education, Health and Care Plan" over "EHC Plans".
    const spelt = (t: string) => !/\b[A-Z]{2,}\b/.test(t);
    let best: { text: string; n: number } | undefined;
    for (const c of counts.values()) {
      if (best === undefined) best = c;
      else if (spelt(c.text) !== spelt(best.text)) {
        if (spelt(c.text)) best = c;
      } else if (c.n > best.n) best = c;
    }
    const first = lead[0];
    if (best === undefined || first === undefined) continue;
    const taken = new Set([normalise(best.text), normalise(first.term)]);
    const synonyms: string[] = [];
    for (const s of group.flatMap((e) => [e.expansion, ...(e.synonyms ?? [])])) {
      const k = normalise(s);
      if (taken.has(k)) continue;
      taken.add(k);
      synonyms.push(s);
    }
    merged.push({
      term: first.term,
      expansion: best.text,
      origin: papers.length > 0 ? "papers" : "builtin",
      sources: [...new Set(group.flatMap((e) => e.sources))],
      synonyms,
    });
  }
  return merged;
}

/** Acronyms that are also everyday words: matched only when written in capitals. */
const WORD_LIKE = new Set([
  "send",
  "art",
  "mash",
  "pep",
  "cuts",
  "dace",
  "sen",
  "ap",
  "cp",
  "da",
  "ep",
  "sn",
]);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Does the question name this acronym? "CIN" matches "CiN" and "cin"; "send" does not match SEND. */
function mentionsTerm(question: string, term: string): boolean {
  const re = new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(term)}s?(?![A-Za-z0-9])`, "gi");
  for (const m of question.matchAll(re)) {
    const written = m[0].replace(/s$/, "");
    if (written === term) return true;
    const capitals = (written.match(/[A-Z]/g) ?? []).length;
    if (capitals >= 2) return true;
    if (capitals === 0 && term.length >= 3 && !WORD_LIKE.has(term.toLowerCase())) return true;
  }
  return false;
}

function mentionsPhrase(normalisedQuestion: string, phrase: string): boolean {
  const p = normalise(phrase);
  return p !== "" && ` ${normalisedQuestion} `.includes(` ${p} `);
}

/**
 * Extra search terms for a question, from the glossary, in both directions: an acronym in the question
 * adds its expansion and synonyms ("CIN" -> "child in need", "children in need"); a long form or synonym
 * adds the acronym and the rest ("children in care" -> "CLA", "LAC", ...). Colloquial entries (lower-case
 * terms such as "kids") only expand forwards, to the formal words. Terms already in the question are left out.
 */
export function expandTerms(query: string, glossary: GlossaryEntry[]): string[] {
  const q = normalise(query);
  const out: string[] = [];
  const seen = new Set<string>();
  const push = (s: string): void => {
    const k = normalise(s);
    if (k === "" || seen.has(k) || mentionsPhrase(q, s)) return;
    seen.add(k);
    out.push(s);
  };
  for (const e of glossary) {
    const forms = [e.expansion, ...(e.synonyms ?? [])];
    const colloquial = e.term === e.term.toLowerCase();
    const named = colloquial ? mentionsPhrase(q, e.term) : mentionsTerm(query, e.term);
    const described =
      !colloquial && forms.some((f) => (/[a-z]/.test(f) ? mentionsPhrase(q, f) : mentionsTerm(query, f)));
    if (!named && !described) continue;
    if (!colloquial) push(e.term);
    for (const f of forms) push(f);
  }
  return out;
}
