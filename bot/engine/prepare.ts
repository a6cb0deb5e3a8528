import { extractPeriods, type Period } from "../../ingest/periods.js";
import type { IndexStore } from "../../ingest/store/index.js";
import { tokenize } from "../../ingest/tokenize.js";
import { profileUnit, type UnitProfile, unitTermSegments } from "./profile.js";
import { type Aliases, buildAliases, type Concept, understandQuestion } from "./query.js";
import type { ConceptWeight } from "./rerank.js";
import { looseTerms, type Terms } from "./terms.js";

/**
 * Everything the engine knows about an index before the first question: term statistics, the glossary's aliases,
 * the span of meeting dates, and a way to a unit's profile. Statistics take one tokenizing pass over the units;
 * profiles are built when a question first reaches a unit and kept in a bounded cache, so a warm question does
 * no per-unit work beyond its candidates and memory follows what questions touch, not the index's size.
 */

/** Share of its weight an answer-type word keeps ("which consultancy"): see Concept.soft. */
const SOFT_WEIGHT = 0.3;
/** Weight of a question word the papers never use. */
const UNKNOWN_WEIGHT = 1.5;

/** Profiles kept (about 6 KB each): a question reaches at most 40 candidates, so this holds a long session's working set. */
export const PROFILE_CACHE = 8192;

export interface Prepared {
  /** The unit's profile, built on first use; undefined for an id the index does not hold. */
  profileOf(id: string): UnitProfile | undefined;
  /** Profiles built so far, evicted ones included (tests and tuning). */
  readonly profiled: () => number;
  vocabulary: ReadonlySet<string>;
  idf: ReadonlyMap<string, number>;
  maxIdf: number;
  aliases: Aliases;
  dateRange: { min: string; max: string } | null;
}

interface Acronym {
  term: RegExp;
  lower: string;
  tokens: string[];
}

/** Acronyms of the glossary ("FEEE", "UASC"), matched case-sensitively so "CIN" is not "cin" in a word. */
function acronymsOf(glossary: IndexStore["glossary"]): Acronym[] {
  return glossary
    .filter((g) => /^[A-Z][A-Za-z]*[A-Z][A-Za-z]*$/.test(g.term) && g.term.length <= 8)
    .map((g) => ({
      term: new RegExp(`\\b${g.term}s?\\b`),
      lower: g.term.toLowerCase(),
      tokens: tokenize(g.expansion),
    }));
}

/** A paper writes "FEEE" after defining it once: text using it states the long form too, for coverage. */
function acronymExpander(acronyms: Acronym[]): (text: string) => string[] {
  return (text) => {
    const out: string[] = [];
    const lower = text.toLowerCase();
    for (const a of acronyms) if (lower.includes(a.lower) && a.term.test(text)) out.push(...a.tokens);
    return out;
  };
}

export interface PrepareOptions {
  /** Most profiles held at once (least recently used go first). */
  cacheSize?: number;
}

export function prepareIndex(store: IndexStore, now: Date, options: PrepareOptions = {}): Prepared {
  const aliases = buildAliases(store.glossary);
  const expand = acronymExpander(acronymsOf(store.glossary));
  const cacheSize = Math.max(1, options.cacheSize ?? PROFILE_CACHE);
  // Contexts and table headers repeat across a paper's units: tokenized once each.
  const shared = new Map<string, readonly string[]>();
  const tokenizeShared = (text: string): readonly string[] => {
    let terms = shared.get(text);
    if (!terms) {
      terms = tokenize(text);
      shared.set(text, terms);
    }
    return terms;
  };
  const docTerms = new Map<string, Set<string>>();
  const df = new Map<string, number>();
  const seen = new Set<string>();
  for (const unit of store.units.values()) {
    seen.clear();
    for (const segment of unitTermSegments(unit, expand, tokenizeShared))
      for (const t of segment) seen.add(t);
    let doc = docTerms.get(unit.documentId);
    if (!doc) {
      doc = new Set<string>();
      docTerms.set(unit.documentId, doc);
    }
    for (const t of seen) {
      doc.add(t);
      df.set(t, (df.get(t) ?? 0) + 1);
    }
  }
  shared.clear();
  const docTokens = new Map<string, Terms>();
  for (const [id, terms] of docTerms) docTokens.set(id, looseTerms(terms));
  const n = Math.max(1, store.units.size);
  const idf = new Map<string, number>();
  for (const [t, d] of df) idf.set(t, Math.log(1 + n / d));
  const maxIdf = Math.log(1 + n);
  const vocabulary = new Set(df.keys());
  for (const g of store.glossary) for (const t of tokenize(`${g.term} ${g.expansion}`)) vocabulary.add(t);
  const dates = store.documents
    .map((d) => d.meetingDate)
    .filter((d): d is string => d !== null)
    .sort();
  const dateRange =
    dates.length > 0 ? { min: dates[0] as string, max: dates[dates.length - 1] as string } : null;

  const titles = new Map<string, { periods: Period[]; topics: Concept[] }>();
  const titleOf = (title: string) => {
    let t = titles.get(title);
    if (!t) {
      t = { periods: extractPeriods(title), topics: titleTopics(title, aliases, now) };
      titles.set(title, t);
    }
    return t;
  };
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const cache = new Map<string, UnitProfile>();
  let profiled = 0;
  const profileOf = (id: string): UnitProfile | undefined => {
    const hit = cache.get(id);
    if (hit) {
      cache.delete(id);
      cache.set(id, hit);
      return hit;
    }
    const unit = store.units.get(id);
    if (!unit) return undefined;
    const title = titleOf(unit.title);
    const profile = profileUnit(unit, title.periods, title.topics, expand);
    const doc = docTokens.get(unit.documentId);
    if (doc) profile.docTokens = doc;
    profiled++;
    if (cache.size >= cacheSize) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(id, profile);
    return profile;
  };
  return { profileOf, profiled: () => profiled, vocabulary, idf, maxIdf, aliases, dateRange };
}

/** Glossary terms a paper's title names: the population or programme the whole paper is about. */
function titleTopics(title: string, aliases: Aliases, now: Date): Concept[] {
  return understandQuestion(title, aliases, now).concepts.filter(
    (c) =>
      c.expanded &&
      c.alternatives.some((alt) => alt.length === 1) &&
      c.alternatives.some((alt) => alt.length > 1),
  );
}

export function conceptWeight(prep: Prepared): ConceptWeight {
  const cache = new Map<string, number>();
  return (c: Concept) => {
    const key = `${c.soft ? "~" : ""}${c.alternatives.map((a) => a.join(" ")).join("|")}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    // The papers' most common wording sets the weight. A word the papers never use weighs like a common one: it is filler ("altogether", "roughly") far more often
    // than the topic, and a question about a topic the papers lack fails on what it does name.
    let w = UNKNOWN_WEIGHT;
    let known = false;
    for (const alt of c.alternatives) {
      if (!alt.every((t) => prep.idf.has(t))) continue;
      if (!known) w = prep.maxIdf;
      known = true;
      // A wording is as specific as its most specific word: "child criminal exploitation" is about exploitation.
      const specific = Math.max(...alt.map((t) => prep.idf.get(t) ?? 0));
      w = Math.min(w, specific);
    }
    w = Math.max(0.3, w) * (c.soft ? SOFT_WEIGHT : 1);
    cache.set(key, w);
    return w;
  };
}
