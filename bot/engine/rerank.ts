import { type Period, periodsOverlap, samePeriod } from "../../ingest/periods.js";
import { kindAnswers, type UnitProfile } from "./profile.js";
import type { Concept, QueryInfo } from "./query.js";
import { hasPhrase, type Terms } from "./terms.js";

/**
 * Reranking of retrieved units against what the question asks: content covered, the period asked (a different
 * period of the same kind is worse than none), the kind of figure, hints at which paper, and recency. Pure.
 */

export type PeriodFit = "match" | "overlap" | "unknown" | "conflict";

export interface RerankWeights {
  retrieval: number;
  coverage: number;
  indicator: number;
  period: number;
  kind: number;
  docHint: number;
  recency: number;
  recencyAsked: number;
}

export const DEFAULT_WEIGHTS: RerankWeights = {
  retrieval: 1,
  coverage: 3,
  indicator: 1.2,
  period: 1.5,
  kind: 0.8,
  docHint: 1.2,
  recency: 0.15,
  recencyAsked: 1,
};

export interface Candidate {
  profile: UnitProfile;
  /** Fused retrieval score (reciprocal rank fusion), higher is better. */
  fused: number;
}

export interface Features {
  retrieval: number;
  coverage: number;
  indicator: number;
  period: PeriodFit;
  kind: boolean;
  docHint: number;
  recency: number;
}

export interface Ranked {
  profile: UnitProfile;
  score: number;
  features: Features;
}

/** Weight of each concept: how specific the papers' own wording of it is. */
export type ConceptWeight = (c: Concept) => number;

export function conceptCovered(c: Concept, terms: Terms): boolean {
  return c.alternatives.some((alt) => hasPhrase(terms, alt));
}

/** Credit for a concept the paragraph leaves to the rest of its paper ("the programme with Newton Europe"). */
export const DOCUMENT_CREDIT = 0.6;

/**
 * Share of the question's content (weighted) that `tokens` state; 1 when the question names no content. A
 * concept stated only elsewhere in the same paper (`docTokens`) earns partial credit.
 */
export function coverage(
  concepts: Concept[],
  weight: ConceptWeight,
  tokens: Terms,
  docTokens?: Terms,
): number {
  let total = 0;
  let got = 0;
  for (const c of concepts) {
    const w = weight(c);
    total += w;
    if (conceptCovered(c, tokens)) got += w;
    else if (docTokens && conceptCovered(c, docTokens)) got += w * DOCUMENT_CREDIT;
  }
  return total === 0 ? 1 : got / total;
}

/** "Q3" asked, "Q3 2023/24" stated: the same quarter as far as the question says. */
function sameOpenPeriod(asked: Period, stated: Period): boolean {
  if (asked.yearKnown || asked.kind !== stated.kind) return false;
  return asked.quarter === stated.quarter && asked.term === stated.term;
}

const YEARLONG: ReadonlySet<Period["kind"]> = new Set(["fiscal_year", "year", "range"]);
const WITHIN_YEAR: ReadonlySet<Period["kind"]> = new Set(["quarter", "month", "date", "term"]);
/** Last month of an open quarter (financial year: Q1 ends in June) and of an open term. */
const OPEN_END_MONTH: Record<string, number> = {
  Q1: 6,
  Q2: 9,
  Q3: 12,
  Q4: 3,
  autumn: 12,
  spring: 4,
  summer: 7,
};

/**
 * A year's figure does not state a quarter, month or day inside it: the 2019/20 end-of-year figure is no answer to
 * "Q2", the 2023 figure none to "June 2023". It does state the part that ends with it (Q4, March, 31 March).
 */
function yearCoversPart(asked: Period, stated: Period): boolean {
  if (!YEARLONG.has(stated.kind) || !WITHIN_YEAR.has(asked.kind) || !stated.yearKnown) return false;
  if (asked.yearKnown) return asked.end !== stated.end;
  const key = asked.kind === "quarter" ? `Q${asked.quarter}` : (asked.term ?? "");
  const endMonth = OPEN_END_MONTH[key];
  return endMonth === undefined || endMonth !== Number(stated.end.slice(5, 7));
}

/** "as of 17 May 2020" is the May 2020 figure of a count taken on a day. */
function dayOfMonth(asked: Period, stated: Period): boolean {
  return (
    asked.kind === "month" &&
    stated.kind === "date" &&
    asked.yearKnown &&
    stated.start >= asked.start &&
    stated.end <= asked.end
  );
}

export function fitOf(asked: Period[], stated: Period[]): PeriodFit {
  if (asked.length === 0) return "unknown";
  const known = stated.filter((p) => p.yearKnown || !asked.every((a) => a.yearKnown));
  if (known.length === 0) return "unknown";
  if (asked.some((a) => known.some((s) => samePeriod(a, s) || sameOpenPeriod(a, s) || dayOfMonth(a, s))))
    return "match";
  if (asked.some((a) => known.some((s) => periodsOverlap(a, s) && !yearCoversPart(a, s)))) return "overlap";
  return "conflict";
}

/**
 * Can a paper of this date and title be about the asked period at all? A paper cannot report a period that began
 * after its meeting; a paper titled for a period (a quarter's performance report) is about that period.
 */
export function documentFit(asked: Period[], profile: UnitProfile): PeriodFit {
  if (asked.length === 0) return "unknown";
  const titled = fitOf(asked, profile.docPeriods);
  if (titled === "match" || titled === "overlap") return titled;
  const date = profile.date;
  if (date && asked.every((a) => a.yearKnown && a.start > date)) return "conflict";
  return "unknown";
}

/** Period fit of a whole unit: its figures' and sentences' periods, else what its paper can be about. */
export function unitFit(asked: Period[], profile: UnitProfile): PeriodFit {
  if (asked.length === 0) return "unknown";
  const stated: Period[] = [];
  for (const f of profile.figures) if (f.period) stated.push(f.period);
  for (const s of profile.sentences) stated.push(...s.periods);
  const own = fitOf(asked, stated);
  if (own !== "unknown") return own;
  return documentFit(asked, profile);
}

const FIT_SCORE: Record<PeriodFit, number> = { match: 1, overlap: 0.5, unknown: 0, conflict: -1 };

function docHintScore(q: QueryInfo, p: UnitProfile): number {
  const hints = q.docHints;
  let score = 0;
  let n = 0;
  if (hints.dates.length > 0) {
    n++;
    const date = p.date;
    const hit =
      date !== null &&
      hints.dates.some(
        (d) =>
          Number(date.slice(0, 4)) === d.year && (d.month === null || Number(date.slice(5, 7)) === d.month),
      );
    score += hit ? 1 : -1;
  }
  if (hints.titleTerms.length > 0) {
    n++;
    const title = p.unit.title.toLowerCase();
    const ctx = p.unit.context.toLowerCase();
    const hit = hints.titleTerms.filter((t) => title.includes(t) || ctx.includes(t)).length;
    score += hit / hints.titleTerms.length;
  }
  if (hints.titlePeriods.length > 0) {
    n++;
    // "When the Q3 report came to the March 2020 meeting": the report titled, or the minute item discussing it.
    const fit = fitOf(hints.titlePeriods, [...p.docPeriods, ...p.sectionPeriods]);
    score += fit === "match" || fit === "overlap" ? 1 : -0.5;
  }
  if (hints.minutes) {
    n++;
    score +=
      p.unit.kind === "minute" || p.unit.kind === "subpoint" || /minutes/i.test(p.unit.title) ? 1 : -0.5;
  }
  return n === 0 ? 0 : score / n;
}

export interface RerankContext {
  weight: ConceptWeight;
  /** Meeting dates of all papers, to place a paper between the oldest (0) and newest (1). */
  dateRange: { min: string; max: string } | null;
  weights?: RerankWeights;
}

function recencyOf(date: string | null, range: RerankContext["dateRange"]): number {
  if (!date || !range || range.max === range.min) return 0;
  const t = Date.parse(date);
  const lo = Date.parse(range.min);
  const hi = Date.parse(range.max);
  return Math.max(0, Math.min(1, (t - lo) / (hi - lo)));
}

export function rerank(q: QueryInfo, candidates: Candidate[], ctx: RerankContext): Ranked[] {
  const w = ctx.weights ?? DEFAULT_WEIGHTS;
  const maxFused = Math.max(1e-9, ...candidates.map((c) => c.fused));
  const ranked = candidates.map(({ profile, fused }): Ranked => {
    const features: Features = {
      retrieval: fused / maxFused,
      coverage: coverage(q.concepts, ctx.weight, profile.tokens, profile.docTokens),
      indicator: profile.table ? coverage(q.concepts, ctx.weight, profile.table.indicatorTokens) : 0,
      period: unitFit(q.periods, profile),
      kind:
        q.figureKind === null ||
        profile.figures.some((f) => q.figureKind !== null && kindAnswers(q.figureKind, f.kind, f.figure)),
      docHint: docHintScore(q, profile),
      recency: recencyOf(profile.date, ctx.dateRange),
    };
    const score =
      w.retrieval * features.retrieval +
      w.coverage * features.coverage +
      w.indicator * features.indicator +
      w.period * FIT_SCORE[features.period] +
      w.kind * (q.figureKind === null ? 0 : features.kind ? 1 : -1) +
      w.docHint * features.docHint +
      (q.recency ? w.recencyAsked : w.recency) * features.recency;
    return { profile, score, features };
  });
  return ranked.sort((a, b) => b.score - a.score);
}
