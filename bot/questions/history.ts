import { tokenize } from "../../ingest/tokenize.js";
import type { Unit } from "../../ingest/types.js";
import { type Aliases, type Concept, understandQuestion } from "../engine/query.js";
import { splitSentences } from "../engine/sentences.js";
import type { Citation } from "../engine/types.js";
import { type Library, phraseCovered, termSequence } from "./library.js";

/**
 * Memory of past meetings: for a drafted question, the minute where the committee already asked about the same
 * subject, and what it was told. Similarity is on the subject's concepts weighted by rarity, so a minute sharing
 * only "children" or "Leicestershire" never counts.
 */

export interface PastMinute {
  unit: Unit;
  /** Meeting the minutes record, ISO. */
  date: string | null;
  score: number;
  covered: string[];
}

/**
 * Thresholds, tuned on the demo minutes (23 January 2024, 3 March 2020) against the Q3 2023/24 dashboard, the
 * department overview, the UASC and innovation partnership reports: a minute must state at least two of the
 * subject's concepts, together at least this share of the subject's weight, every named thing (glossary term)
 * of the subject but one when it names three or more, and be about the same group of children; sharing no named
 * thing, it must share a two-word phrase of the subject. Measured: the Q3 Red indicators (repeat plans,
 * re-referrals, CP reviews) and the overview find nothing; EHCP numbers, KS2 FSM/EHCP, UASC over 18s, CIP homes and
 * placement stability find the minutes that discussed them.
 */
export const MIN_COVERAGE = 0.5;
export const MIN_CONCEPTS = 2;
/** A concept this common (weight below) is background, not a subject: "children", "pupils". */
export const MIN_WEIGHT = 1.2;

/**
 * Groups of children a measure can be about. The same measure for another group is a different question: KS2
 * results of pupils with an EHCP are not those of pupils eligible for free school meals.
 */
const COHORT_TERMS = ["FSM", "EHCP", "SEN", "CLA", "UASC", "CIN"];
/** Groups with no acronym of their own in the glossary. */
const COHORT_PHRASES = ["care leavers"];

/** Words of a draft that say how it is asked, not what about. */
const FRAMING =
  /\b(?:rose|fell|stayed|against|target|rated|red|amber|green|quartile|nationally|statistical neighbours?|previous|quarter|para(?:graph)?|says|report)\b/gi;

/**
 * Everyday wordings that say how a measure is framed, not what it is about ("on time", "per year", "set up",
 * "expected"). A concept with any of these among its wordings is framing; subject words ("placement", "homes",
 * "savings") still count.
 */
const FRAMING_PHRASES = new Set(
  [
    "on time",
    "within timescales",
    "done",
    "completed",
    "started",
    "set up",
    "set",
    "established",
    "created",
    "open",
    "opened",
    "per week",
    "per month",
    "per year",
    "weekly",
    "monthly",
    "annual",
    "average",
    "result",
    "performance",
    "outcome",
    "kids",
    "children",
    "young people",
    "pupils",
    "worth",
    "take up",
    "partner",
    "expected",
    "anticipated",
    "planned",
  ].map((p) => tokenize(p).join(" ")),
);

function isFraming(c: Concept): boolean {
  return c.alternatives.some((alt) => FRAMING_PHRASES.has(alt.join(" ")));
}

function conceptKey(c: Concept): string {
  return c.alternatives.map((a) => a.join(" ")).join("|");
}

/** What a draft is about, as concepts: no numbers, no everyday wording ("on time", "per year"), each once. */
export function subjectConcepts(about: string, aliases: Aliases, now: Date): Concept[] {
  const text = about.replace(FRAMING, " ");
  const seen = new Set<string>();
  const out: Concept[] = [];
  for (const c of understandQuestion(text, aliases, now).concepts) {
    if (isFraming(c) || /^\d/.test(c.label)) continue;
    const key = conceptKey(c);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out;
}

export interface Matcher {
  aliases: Aliases;
  now: Date;
  cohorts: Concept[];
}

export function buildMatcher(aliases: Aliases, now: Date): Matcher {
  const cohorts: Concept[] = COHORT_TERMS.flatMap((t) =>
    understandQuestion(t, aliases, now).concepts.filter((c) => c.label === t),
  );
  for (const p of COHORT_PHRASES)
    cohorts.push({ label: p, alternatives: [termSequence(p)], expanded: false });
  return { aliases, now, cohorts };
}

function cohortsIn(m: Matcher, seq: readonly string[]): Set<string> {
  return new Set(m.cohorts.filter((c) => phraseCovered(c, seq)).map(conceptKey));
}

/** Adjacent word pairs, numbers left out ("3 or more placements" is not a subject). */
function bigrams(seq: readonly string[]): Set<string> {
  const words = seq.filter((t) => t !== "" && !/^\d/.test(t));
  const out = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) out.add(`${words[i]} ${words[i + 1]}`);
  return out;
}

function sharesBigram(pairs: ReadonlySet<string>, seq: readonly string[]): boolean {
  for (const p of bigrams(seq)) if (pairs.has(p)) return true;
  return false;
}

export interface MinutesSearch {
  /** Only minutes of meetings before this date (ISO) count; null for any. */
  before: string | null;
  max: number;
}

/** Minute units visible in the library, with the date of the meeting they record. */
export function minuteUnits(lib: Library): { unit: Unit; date: string | null }[] {
  const out: { unit: Unit; date: string | null }[] = [];
  for (const d of lib.documents) {
    if (d.kind !== "minutes") continue;
    for (const u of lib.unitsOf(d.id)) {
      if (u.kind !== "minute" && u.kind !== "subpoint" && u.kind !== "paragraph") continue;
      out.push({ unit: u, date: d.meetingDate });
    }
  }
  return out;
}

function firstSentence(text: string): string {
  const s = splitSentences(text)[0];
  return s ? text.slice(s.start, s.end) : text;
}

/** Minutes where the committee already asked about the subject of `about`, best first. */
export function findPastMinutes(
  about: string,
  minutes: { unit: Unit; date: string | null }[],
  lib: Library,
  matcher: Matcher,
  search: MinutesSearch,
): PastMinute[] {
  const subjectSeq = termSequence(about);
  const weighted = subjectConcepts(about, matcher.aliases, matcher.now)
    // Glossary concepts carry the acronym as their label ("EHCP"); everyday phrase groups a lower-case word.
    .map((c) => ({ c, w: lib.weight(c), named: c.expanded && c.label === c.label.toUpperCase() }))
    .filter((x) => x.w >= MIN_WEIGHT);
  const total = weighted.reduce((n, x) => n + x.w, 0);
  if (weighted.length < MIN_CONCEPTS || total === 0) return [];
  const named = weighted.filter((x) => x.named);
  const allowedMissing = named.length >= 3 ? 1 : 0;
  const subjectCohorts = cohortsIn(matcher, subjectSeq);
  const subjectPairs = bigrams(subjectSeq);
  const found: PastMinute[] = [];
  for (const m of minutes) {
    if (search.before !== null && m.date !== null && m.date >= search.before) continue;
    const seq = lib.termsOf(m.unit);
    const hit = weighted.filter((x) => phraseCovered(x.c, seq));
    if (hit.length < MIN_CONCEPTS) continue;
    const score = hit.reduce((n, x) => n + x.w, 0) / total;
    if (score < MIN_COVERAGE) continue;
    if (named.filter((x) => !hit.includes(x)).length > allowedMissing) continue;
    // Without a named thing in common, the subject's wording must be: "placement stability", not "homes ... remain".
    if (!hit.some((x) => x.named) && !sharesBigram(subjectPairs, seq)) continue;
    const minuteCohorts = cohortsIn(matcher, seq);
    if ([...subjectCohorts].some((c) => !minuteCohorts.has(c))) continue;
    const raised = cohortsIn(matcher, termSequence(firstSentence(m.unit.text)));
    if ([...raised].some((c) => !subjectCohorts.has(c))) continue;
    found.push({ unit: m.unit, date: m.date, score, covered: hit.map((x) => x.c.label) });
  }
  found.sort((a, b) => b.score - a.score || (b.date ?? "").localeCompare(a.date ?? ""));
  // A minute number printed twice (a question and its answer share "46(a)") is shown once, at its best match.
  const seen = new Set<string>();
  const distinct = found.filter((m) => {
    const key = `${m.date ?? ""} ${m.unit.paragraph ?? m.unit.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return distinct.slice(0, search.max);
}

const RESPONSE =
  /\b(?:Director|Chairman|Lead Member|responded|advised|explained|assured|confirmed|acknowledged|reported that)\b/;
/** Whole sentences only, up to about this many characters: a cut sentence could cut a figure. */
const SUMMARY_CHARS = 450;

/** What was raised and what the committee was told, in the minute's own sentences. */
export function minuteSummary(text: string): string {
  const sentences = splitSentences(text).map((s) => text.slice(s.start, s.end).replace(/\s+/g, " ").trim());
  const first = sentences[0] ?? "";
  const picked = [first];
  let used = first.length;
  const response = sentences.slice(1).find((s) => RESPONSE.test(s));
  if (response && !RESPONSE.test(first) && used + response.length <= SUMMARY_CHARS) {
    picked.push(response);
    used += response.length;
  }
  for (const s of sentences.slice(1)) {
    if (picked.includes(s)) continue;
    if (used + s.length > SUMMARY_CHARS) break;
    if (picked.length >= 3) break;
    picked.push(s);
    used += s.length;
  }
  const order = new Map(sentences.map((s, i) => [s, i]));
  return picked
    .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
    .join(" ")
    .replace(/^-\s*/, "");
}

export function previouslyAsked(m: PastMinute, citation: Citation) {
  return { date: m.date, minute: m.unit.paragraph, text: minuteSummary(m.unit.text), citation };
}
