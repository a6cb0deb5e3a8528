import type { CaseResult } from "../run.js";
import { SCALE_WORDS } from "../score.js";

/** Small text forms shared by every report. */

export function pct(r: number | null): string {
  return r === null ? "n/a" : `${(r * 100).toFixed(1)}%`;
}

/** Short one-line form of an expected answer, for tables. */
export function describeExpected(c: Pick<CaseResult, "kind" | "expected">): string {
  if (c.kind === "unanswerable") return "(not in the papers: should refuse)";
  if (c.kind === "fact") return c.expected.any_of.map((p) => `"${p}"`).join(" or ");
  return c.expected.figures
    .map((f) => {
      const scale = Object.entries(SCALE_WORDS).find(([, v]) => v === f.scale)?.[0];
      const grouped = f.value.replace(/^(-?\d+)/, (int) => int.replace(/\B(?=(\d{3})+(?!\d))/g, ","));
      const value = scale ? `${grouped} ${scale}` : grouped;
      if (f.unit === "percent") return `${value}%`;
      if (f.unit === "gbp") return `£${value}`;
      if (f.unit === "pp") return `${value} pp`;
      return f.unit === "count" || f.unit === "number" ? value : `${value} ${f.unit}`;
    })
    .join(" and ");
}
