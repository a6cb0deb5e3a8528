import type { RetrievalMode } from "../bot/engine/index.js";
import type { Summary } from "./metrics.js";
import { pct } from "./report/format.js";
import { formatTable } from "./report/terminal.js";

/**
 * Ablations: the same gold through alternative pipelines, one row each. The engine variants are the
 * real engine built with `createEngine({ retrieval, rerank })`, so only the switched part differs.
 */

export const PIPELINES = ["baseline", "lexical", "vector", "hybrid_no_rerank", "hybrid"] as const;
export type Pipeline = (typeof PIPELINES)[number];

/** How each engine pipeline is built; the baseline is not the engine at all. */
export const ENGINE_VARIANTS: Readonly<
  Record<Exclude<Pipeline, "baseline">, { retrieval: RetrievalMode; rerank: boolean }>
> = {
  lexical: { retrieval: "lexical", rerank: true },
  vector: { retrieval: "vector", rerank: true },
  hybrid_no_rerank: { retrieval: "hybrid", rerank: false },
  hybrid: { retrieval: "hybrid", rerank: true },
};

export interface AblationRow {
  pipeline: Pipeline;
  cases: number;
  strict_pass: number | null;
  figure_accuracy: number | null;
  recall_at_5: number | null;
  refusal_accuracy: number | null;
  ungrounded_numbers: number;
  p50_ms: number | null;
}

export function ablationRow(pipeline: Pipeline, summary: Summary, p50: number | null): AblationRow {
  const o = summary.overall;
  return {
    pipeline,
    cases: o.cases,
    strict_pass: o.strict_pass.rate,
    figure_accuracy: o.figure_accuracy.rate,
    recall_at_5: o.recall_at_5.rate,
    refusal_accuracy: o.refusal_accuracy.rate,
    ungrounded_numbers: o.ungrounded_numbers,
    p50_ms: p50,
  };
}

export function formatAblationTable(rows: readonly AblationRow[]): string {
  const head = ["pipeline", "strict pass", "figure acc", "recall@5", "refusal acc", "ungrounded", "p50 ms/q"];
  const body = rows.map((r) => [
    r.pipeline,
    pct(r.strict_pass),
    pct(r.figure_accuracy),
    pct(r.recall_at_5),
    pct(r.refusal_accuracy),
    String(r.ungrounded_numbers),
    r.p50_ms === null ? "n/a" : r.p50_ms.toFixed(1),
  ]);
  return formatTable(head, body);
}
