import type { CaseScore } from "./score.js";

/**
 * Aggregation of case scores into rates with their n, overall and broken down by paper and by tag, and
 * the CI gate. The gate reads per-case pass rates only, never a mean score (a mean-based gate once printed
 * FAIL and exited 0: EntityProcess/agentv#882).
 */

export interface Rate {
  /** null when no case was eligible (n = 0). */
  rate: number | null;
  passed: number;
  n: number;
}

export interface Mean {
  mean: number | null;
  n: number;
}

export interface MetricSet {
  cases: number;
  strict_pass: Rate;
  figure_accuracy: Rate;
  figure_lenient: Rate;
  scale_unit_accuracy: Rate;
  relaxed_5pct: Rate;
  fact_accuracy: Rate;
  refusal_accuracy: Rate;
  false_abstention_rate: Rate;
  /** Over citations, not cases. */
  citation_validity: Rate;
  evidence_hit: Rate;
  citation_precision: Mean;
  figure_in_cited_text: Rate;
  recall_at_1: Rate;
  recall_at_5: Rate;
  recall_at_10: Rate;
  mrr: Mean;
  /** Distinct ungrounded figures summed over cases. */
  ungrounded_numbers: number;
  cases_with_ungrounded: number;
}

export interface Summary {
  overall: MetricSet;
  byPaper: Record<string, MetricSet>;
  byTag: Record<string, MetricSet>;
  failureCounts: Record<string, number>;
}

function rate(values: readonly (boolean | null)[]): Rate {
  const eligible = values.filter((v): v is boolean => v !== null);
  const passed = eligible.filter(Boolean).length;
  return { rate: eligible.length === 0 ? null : passed / eligible.length, passed, n: eligible.length };
}

function mean(values: readonly (number | null)[]): Mean {
  const xs = values.filter((v): v is number => v !== null);
  return { mean: xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length, n: xs.length };
}

function recallAt(k: number, s: CaseScore): boolean | null {
  if (s.kind === "unanswerable") return null;
  return s.checks.evidenceRank !== null && s.checks.evidenceRank <= k;
}

export function metricSet(scores: readonly CaseScore[]): MetricSet {
  const answerable = scores.filter((s) => s.kind !== "unanswerable");
  const citationsValid = scores.reduce((n, s) => n + s.checks.citationsValid, 0);
  const citationsTotal = scores.reduce((n, s) => n + s.checks.citationsTotal, 0);
  return {
    cases: scores.length,
    strict_pass: rate(scores.map((s) => s.pass)),
    figure_accuracy: rate(scores.map((s) => s.checks.figure)),
    figure_lenient: rate(scores.map((s) => s.checks.figureLenient)),
    scale_unit_accuracy: rate(scores.map((s) => s.checks.scaleUnit)),
    relaxed_5pct: rate(scores.map((s) => s.checks.relaxed5)),
    fact_accuracy: rate(scores.map((s) => s.checks.fact)),
    refusal_accuracy: rate(scores.map((s) => s.checks.refusedCorrectly)),
    false_abstention_rate: rate(scores.map((s) => s.checks.falseAbstain)),
    citation_validity: {
      rate: citationsTotal === 0 ? null : citationsValid / citationsTotal,
      passed: citationsValid,
      n: citationsTotal,
    },
    evidence_hit: rate(answerable.map((s) => s.checks.evidenceHit)),
    citation_precision: mean(answerable.map((s) => s.checks.citationPrecision)),
    figure_in_cited_text: rate(scores.map((s) => s.checks.figureInCited)),
    recall_at_1: rate(scores.map((s) => recallAt(1, s))),
    recall_at_5: rate(scores.map((s) => recallAt(5, s))),
    recall_at_10: rate(scores.map((s) => recallAt(10, s))),
    mrr: mean(answerable.map((s) => (s.checks.evidenceRank === null ? 0 : 1 / s.checks.evidenceRank))),
    ungrounded_numbers: scores.reduce((n, s) => n + s.checks.ungrounded.length, 0),
    cases_with_ungrounded: scores.filter((s) => s.checks.ungrounded.length > 0).length,
  };
}

/** The bucket a case without evidence (an unanswerable one) falls into in the by-paper breakdown. */
export const NO_PAPER = "(no paper)";

function groupBy(scores: readonly CaseScore[], keys: (s: CaseScore) => string[]): Record<string, MetricSet> {
  const groups = new Map<string, CaseScore[]>();
  for (const s of scores) {
    for (const k of keys(s)) {
      const list = groups.get(k) ?? [];
      list.push(s);
      groups.set(k, list);
    }
  }
  const out: Record<string, MetricSet> = {};
  for (const k of [...groups.keys()].sort()) out[k] = metricSet(groups.get(k) ?? []);
  return out;
}

export function summarise(scores: readonly CaseScore[]): Summary {
  const failureCounts: Record<string, number> = {};
  for (const s of scores) for (const f of s.failures) failureCounts[f] = (failureCounts[f] ?? 0) + 1;
  return {
    overall: metricSet(scores),
    byPaper: groupBy(scores, (s) => (s.papers.length > 0 ? s.papers : [NO_PAPER])),
    byTag: groupBy(scores, (s) => s.tags),
    failureCounts,
  };
}

// ---- gate ----

export interface Thresholds {
  /** Minimum share of all cases passing strict end to end. */
  strict_pass: number;
  /** Minimum share of unanswerable cases refused with no figure. */
  refusal_accuracy: number;
  /** Maximum count of ungrounded figures over the whole run. */
  ungrounded_numbers: number;
  /** Minimum strict pass share of cases tagged "critical". */
  critical_strict_pass: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  strict_pass: 0.85,
  refusal_accuracy: 0.8,
  ungrounded_numbers: 0,
  critical_strict_pass: 0.9,
};

export const THRESHOLD_NAMES = Object.keys(DEFAULT_THRESHOLDS) as (keyof Thresholds)[];

export class ThresholdError extends Error {
  override readonly name = "ThresholdError";
}

/** Parses `name=value` overrides; unknown names and non-numbers are errors, not silently ignored. */
export function parseThresholds(
  overrides: readonly string[],
  base: Thresholds = DEFAULT_THRESHOLDS,
): Thresholds {
  const out: Thresholds = { ...base };
  for (const o of overrides) {
    const m = /^([a-z_0-9]+)=(.+)$/.exec(o.trim());
    const name = m?.[1];
    const raw = m?.[2];
    if (!name || raw === undefined) {
      throw new ThresholdError(`eval: --threshold "${o}": expected name=value, e.g. strict_pass=0.9`);
    }
    if (!(THRESHOLD_NAMES as string[]).includes(name)) {
      throw new ThresholdError(
        `eval: --threshold "${o}": unknown name; known: ${THRESHOLD_NAMES.join(", ")}`,
      );
    }
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) {
      throw new ThresholdError(`eval: --threshold "${o}": value must be a number >= 0`);
    }
    out[name as keyof Thresholds] = value;
  }
  return out;
}

export interface GateCheck {
  name: keyof Thresholds;
  op: ">=" | "<=";
  threshold: number;
  actual: number | null;
  n: number;
  /** "skip" when no case was eligible (e.g. no critical cases in this gold). */
  status: "pass" | "fail" | "skip";
}

export interface Gate {
  passed: boolean;
  checks: GateCheck[];
}

export const CRITICAL_TAG = "critical";

export function evaluateGate(summary: Summary, thresholds: Thresholds): Gate {
  const critical = summary.byTag[CRITICAL_TAG]?.strict_pass ?? { rate: null, passed: 0, n: 0 };
  const atLeast = (name: keyof Thresholds, r: Rate): GateCheck => ({
    name,
    op: ">=",
    threshold: thresholds[name],
    actual: r.rate,
    n: r.n,
    status: r.rate === null ? "skip" : r.rate >= thresholds[name] ? "pass" : "fail",
  });
  const o = summary.overall;
  const checks: GateCheck[] = [
    atLeast("strict_pass", o.strict_pass),
    atLeast("refusal_accuracy", o.refusal_accuracy),
    {
      name: "ungrounded_numbers",
      op: "<=",
      threshold: thresholds.ungrounded_numbers,
      actual: o.ungrounded_numbers,
      n: o.cases,
      status: o.ungrounded_numbers <= thresholds.ungrounded_numbers ? "pass" : "fail",
    },
    atLeast("critical_strict_pass", critical),
  ];
  return { passed: checks.every((c) => c.status !== "fail"), checks };
}
