import { extractPeriods, periodsOverlap } from "../../ingest/periods.js";
import { tokenize } from "../../ingest/tokenize.js";
import type { DocumentMeta, Unit } from "../../ingest/types.js";
import { type Aliases, type Concept, understandQuestion } from "../engine/query.js";
import { type Library, phraseCovered, termSequence } from "./library.js";

/**
 * Which report(s) a topic means: an agenda item number ("item 12"), a title ("Q3 performance", "UASC", "innovation
 * partnership", "performance report"), else the paragraphs a search finds about it ("EHCP"), accepted only when they
 * cover most of what the topic names. A topic the papers do not cover matches nothing.
 */

export interface TopicMatch {
  /** The report(s) read, best first; the same report printed in two files counts once. */
  documents: DocumentMeta[];
  /** Drafting material in reading order: the whole report, or for a searched theme only the paragraphs about it. */
  units: Unit[];
  how: "agenda item" | "title" | "search";
}

/** Documents that are drafting material: minutes are the memory, agendas only list items. */
function draftable(d: DocumentMeta): boolean {
  return d.kind !== "minutes" && d.kind !== "agenda";
}

const ITEM_RE = /\b(?:agenda\s+)?item\s+(?:no\.?\s*)?(\d{1,2}[a-z]?)\b/i;

function sameReport(a: DocumentMeta, b: DocumentMeta): boolean {
  const norm = (t: string) => tokenize(t).join(" ");
  return norm(a.title) === norm(b.title) && a.meetingDate === b.meetingDate;
}

function newestFirst(a: DocumentMeta, b: DocumentMeta): number {
  return (b.meetingDate ?? "").localeCompare(a.meetingDate ?? "");
}

/** Title words that say nothing about which report it is. */
const TITLE_NOISE = new Set(
  tokenize(
    "appendix report children child family families services service department council leicestershire",
  ),
);

function titleTerms(title: string): Set<string> {
  return new Set(tokenize(title).filter((t) => !TITLE_NOISE.has(t)));
}

/**
 * Same file, same agenda item, and titles that share a word that matters: the Q3 report and its performance
 * dashboard go together; an improvement plan appended to the innovation partnership report does not.
 */
function sameItem(a: DocumentMeta, b: DocumentMeta): boolean {
  if (a.source !== b.source || a.agendaItem === null || a.agendaItem !== b.agendaItem) return false;
  const ta = titleTerms(a.title);
  return [...titleTerms(b.title)].some((t) => ta.has(t));
}

/**
 * The best document with its report or appendices under the same agenda item (the report first), and any copies
 * of the same report in other files.
 */
function withCopies(best: DocumentMeta, pool: DocumentMeta[]): DocumentMeta[] {
  const item = pool.filter((d) => d === best || sameItem(d, best));
  item.sort(
    (a, b) =>
      Number(b.kind === "report") - Number(a.kind === "report") || Number(b === best) - Number(a === best),
  );
  const copies = pool.filter((d) => !item.includes(d) && item.some((i) => sameReport(d, i)));
  return [...item, ...copies];
}

function unitsOfAll(lib: Library, docs: DocumentMeta[]): Unit[] {
  const seen = new Set<string>();
  const out: Unit[] = [];
  for (const d of docs) {
    for (const u of lib.unitsOf(d.id)) {
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      out.push(u);
    }
  }
  return out;
}

/** "12. Quarter 3 2023/24 Performance Report. Chief Executive ..." in an agenda: the title of item `n`. */
function agendaTitle(lib: Library, n: string): string | null {
  const line = new RegExp(`(?:^|\\n)\\s*${n}\\.\\s+([^\\n]+)`, "i");
  for (const d of lib.documents) {
    if (d.kind !== "agenda") continue;
    for (const u of lib.unitsOf(d.id)) {
      const m = line.exec(u.text) ?? (u.paragraph === n ? [u.text, u.text] : null);
      const title = m?.[1]?.split(/\.\s/)[0]?.trim();
      if (title) return title;
    }
  }
  return null;
}

function byAgendaItem(lib: Library, topic: string, pool: DocumentMeta[]): DocumentMeta[] | null {
  const n = ITEM_RE.exec(topic)?.[1];
  if (n === undefined) return null;
  const direct = pool.filter((d) => d.agendaItem !== null && d.agendaItem.toLowerCase() === n.toLowerCase());
  if (direct.length > 0) {
    const best = [...direct].sort(newestFirst)[0] as DocumentMeta;
    return withCopies(best, pool);
  }
  const title = agendaTitle(lib, n);
  if (title === null) return null;
  const want = new Set(tokenize(title));
  const scored = pool
    .map((d) => {
      const have = tokenize(d.title);
      const hit = have.filter((t) => want.has(t)).length;
      return { d, score: have.length === 0 ? 0 : hit / Math.max(want.size, have.length) };
    })
    .filter((s) => s.score >= 0.6)
    .sort((a, b) => b.score - a.score || newestFirst(a.d, b.d));
  const best = scored[0]?.d;
  return best ? withCopies(best, pool) : null;
}

function byTitle(
  topic: string,
  concepts: Concept[],
  pool: DocumentMeta[],
  aliases: Aliases,
  now: Date,
): DocumentMeta[] | null {
  const periods = understandQuestion(topic, aliases, now).periods;
  if (concepts.length === 0 && periods.length === 0) return null;
  const scored: { d: DocumentMeta; covered: number; precision: number; dated: boolean }[] = [];
  for (const d of pool) {
    const seq = termSequence(d.title);
    const covered = concepts.filter((c) => phraseCovered(c, seq)).length;
    const enough =
      concepts.length === 0 ||
      covered === concepts.length ||
      (concepts.length >= 3 && covered / concepts.length >= 2 / 3);
    if (!enough) continue;
    // A title naming another period is another report; one naming none may still be the one meant.
    const titlePeriods = extractPeriods(d.title);
    const dated = periods.length > 0 && periods.some((p) => titlePeriods.some((t) => periodsOverlap(p, t)));
    if (periods.length > 0 && !dated && titlePeriods.length > 0) continue;
    if (concepts.length === 0 && !dated) continue;
    const precision = covered / Math.max(1, titleTerms(d.title).size);
    scored.push({ d, covered, precision, dated });
  }
  if (scored.length === 0) return null;
  scored.sort(
    (a, b) =>
      b.covered - a.covered ||
      Number(b.dated) - Number(a.dated) ||
      b.precision - a.precision ||
      Number(b.d.kind === "report") - Number(a.d.kind === "report") ||
      newestFirst(a.d, b.d),
  );
  return withCopies((scored[0] as { d: DocumentMeta }).d, pool);
}

/** Share of the topic (weighted by rarity) a unit must state to count as being about it. */
export const THEME_COVERAGE = 0.6;
/** Search hits examined for a theme. */
const THEME_HITS = 60;

function bySearch(
  lib: Library,
  info: ReturnType<typeof understandQuestion>,
): { documents: DocumentMeta[]; units: Unit[] } | null {
  const concepts = info.concepts;
  if (concepts.length === 0) return null;
  const total = concepts.reduce((n, c) => n + lib.weight(c), 0);
  const isDraftable = (u: Unit) => {
    const doc = lib.documentById.get(u.documentId);
    return lib.visible(u) && u.kind !== "minute" && (doc === undefined || draftable(doc));
  };
  const hits = lib.store.lexicalSearch(info.searchText, THEME_HITS, isDraftable);
  const accepted: { unit: Unit; score: number }[] = [];
  for (const hit of hits) {
    const unit = lib.store.units.get(hit.id);
    if (!unit) continue;
    const seq = lib.termsOf(unit);
    const got = concepts.filter((c) => phraseCovered(c, seq)).reduce((n, c) => n + lib.weight(c), 0);
    if (total > 0 && got / total >= THEME_COVERAGE) accepted.push({ unit, score: hit.score });
  }
  if (accepted.length === 0) return null;
  const byDoc = new Map<string, number>();
  for (const a of accepted) byDoc.set(a.unit.documentId, (byDoc.get(a.unit.documentId) ?? 0) + a.score);
  const ranked = [...byDoc.entries()]
    .map(([id, score]) => ({ doc: lib.documentById.get(id), score }))
    .filter((r): r is { doc: DocumentMeta; score: number } => r.doc !== undefined)
    .sort((a, b) => b.score - a.score);
  const documents = ranked.map((r) => r.doc);
  const rank = new Map(documents.map((d, i) => [d.id, i]));
  const position = new Map<string, number>();
  for (const d of documents) {
    for (const [i, u] of lib.unitsOf(d.id).entries()) position.set(u.id, i);
  }
  const units = accepted
    .map((a) => a.unit)
    .sort(
      (a, b) =>
        (rank.get(a.documentId) ?? 99) - (rank.get(b.documentId) ?? 99) ||
        (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0),
    );
  return { documents, units };
}

/** Reads `topic` against the visible papers; null when nothing in them is about it. */
export function resolveTopic(topic: string, lib: Library, aliases: Aliases, now: Date): TopicMatch | null {
  const pool = lib.documents.filter(draftable);
  const byItem = byAgendaItem(lib, topic, pool);
  if (byItem) return { documents: byItem, units: unitsOfAll(lib, byItem), how: "agenda item" };
  const info = understandQuestion(topic, aliases, now);
  const titled = byTitle(topic, info.concepts, pool, aliases, now);
  if (titled) return { documents: titled, units: unitsOfAll(lib, titled), how: "title" };
  const searched = bySearch(lib, info);
  if (searched) return { ...searched, how: "search" };
  return null;
}
