import type { AblationRow } from "../compare.js";
import type { Rate } from "../metrics.js";
import type { EvalResults } from "../run.js";
import { pct } from "./format.js";

/** What `npm run eval` prints: a plain fixed-width summary table, or one JSON summary object. */

/** Plain fixed-width table for the terminal; by default the first column is left-aligned, the rest right. */
export function formatTable(
  head: readonly string[],
  body: readonly (readonly string[])[],
  align: readonly ("left" | "right")[] = head.map((_, i) => (i === 0 ? "left" : "right")),
): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)));
  const fmt = (r: readonly string[]) =>
    r
      .map((c, i) => (align[i] === "right" ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [fmt(head), fmt(widths.map((w) => "-".repeat(w))), ...body.map(fmt)].join("\n");
}

function rateRow(name: string, r: Rate): string[] {
  return [name, pct(r.rate), r.n === 0 ? "-" : `${r.passed}/${r.n}`];
}

export function summaryTable(results: EvalResults): string {
  const o = results.summary.overall;
  const body = [
    rateRow("strict pass", o.strict_pass),
    rateRow("figure accuracy (strict)", o.figure_accuracy),
    rateRow("figure accuracy (lenient)", o.figure_lenient),
    rateRow("scale/unit accuracy", o.scale_unit_accuracy),
    rateRow("relaxed @5% (diagnostic)", o.relaxed_5pct),
    rateRow("fact accuracy", o.fact_accuracy),
    rateRow("refusal accuracy", o.refusal_accuracy),
    rateRow("false refusals", o.false_abstention_rate),
    rateRow("citation validity", o.citation_validity),
    rateRow("evidence hit", o.evidence_hit),
    rateRow("figure in cited text", o.figure_in_cited_text),
    rateRow("recall@1", o.recall_at_1),
    rateRow("recall@5", o.recall_at_5),
    rateRow("recall@10", o.recall_at_10),
    ["MRR", o.mrr.mean === null ? "n/a" : o.mrr.mean.toFixed(3), String(o.mrr.n)],
    ["ungrounded numbers", String(o.ungrounded_numbers), `${o.cases_with_ungrounded} case(s)`],
  ];
  const papers = Object.entries(results.summary.byPaper).map(([p, m]) => rateRow(`  ${p}`, m.strict_pass));
  const gate = results.gate.checks.map((c) => [
    `${c.name} ${c.op} ${c.threshold}`,
    c.actual === null ? "n/a" : c.name === "ungrounded_numbers" ? String(c.actual) : pct(c.actual),
    c.status.toUpperCase(),
  ]);
  return [
    formatTable(["metric", "value", "n"], body),
    "",
    formatTable(["strict pass by paper", "value", "n"], papers),
    "",
    formatTable(["gate", "actual", "status"], gate),
    "",
    `GATE ${results.gate.passed ? "PASSED" : "FAILED"}`,
  ].join("\n");
}

export function jsonSummary(
  results: EvalResults,
  reportPath: string,
  ablations?: AblationRow[],
): Record<string, unknown> {
  const o = results.summary.overall;
  const sources = [...new Set(results.cases.flatMap((c) => c.papers))].sort();
  return {
    questions: o.cases,
    sources,
    pipeline: results.run.pipeline,
    mode: results.run.mode,
    strict_pass: o.strict_pass.rate,
    figure_accuracy: o.figure_accuracy.rate,
    figure_accuracy_lenient: o.figure_lenient.rate,
    scale_unit_accuracy: o.scale_unit_accuracy.rate,
    fact_accuracy: o.fact_accuracy.rate,
    // "Cited the right paragraph": the share of answerable cases with an expected paragraph among the citations.
    citation_accuracy: o.evidence_hit.rate,
    citation_validity: o.citation_validity.rate,
    figure_in_cited_text: o.figure_in_cited_text.rate,
    recall_at_1: o.recall_at_1.rate,
    recall_at_5: o.recall_at_5.rate,
    recall_at_10: o.recall_at_10.rate,
    mrr: o.mrr.mean,
    refusal_accuracy: o.refusal_accuracy.rate,
    false_abstention_rate: o.false_abstention_rate.rate,
    ungrounded_numbers: o.ungrounded_numbers,
    failures: results.summary.failureCounts,
    latency_p50_ms: results.run.latencyMs.p50,
    gate: { passed: results.gate.passed, checks: results.gate.checks },
    report: reportPath,
    ...(ablations ? { ablations } : {}),
  };
}
