import type { GateCheck, Mean, MetricSet, Rate } from "../metrics.js";
import type { CaseResult, EvalResults } from "../run.js";
import { describeExpected, pct } from "./format.js";

/**
 * The governance report: one self-contained HTML file (inline CSS and SVG, no scripts, no external
 * assets) that can be emailed or attached to committee papers. Every piece of text from the papers,
 * the gold or the answers goes through `esc`.
 */

export function esc(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const CSS = `
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1d2430;margin:0;background:#f4f5f7}
main{max-width:1180px;margin:0 auto;padding:24px 28px 60px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:19px;margin:34px 0 10px;padding-bottom:4px;border-bottom:2px solid #d9dde3}
h3{font-size:15px;margin:0}
.meta{color:#5b6575;font-size:13px}
.meta code{background:#e8ebef;padding:0 4px;border-radius:3px}
.banner{display:flex;align-items:center;gap:16px;padding:14px 18px;border-radius:8px;margin:16px 0;color:#fff}
.banner.pass{background:#1f7a3f}.banner.fail{background:#b42318}
.banner strong{font-size:22px;letter-spacing:.04em}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #d9dde3;border-radius:6px}
th,td{padding:6px 10px;border-bottom:1px solid #e6e9ed;text-align:left;vertical-align:top}
th{background:#eef1f4;font-size:13px;color:#3a4454}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.desc{color:#5b6575;font-size:13px}
.status{font-weight:600;font-size:12px;padding:1px 7px;border-radius:10px;white-space:nowrap}
.status.pass{background:#dcf3e4;color:#1f6b3a}.status.fail{background:#fde2df;color:#a3261a}.status.skip{background:#eceef1;color:#5b6575}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:18px;align-items:start}
.chart{background:#fff;border:1px solid #d9dde3;border-radius:6px;padding:12px}
.chart svg{width:100%;height:auto;display:block}
.case{background:#fff;border:1px solid #d9dde3;border-left:5px solid #b42318;border-radius:6px;margin:14px 0;padding:12px 14px}
.case .q{font-size:16px;margin:6px 0 8px}
.codes span{display:inline-block;font:600 11px/1.6 ui-monospace,Menlo,Consolas,monospace;background:#fde2df;color:#8f1f14;border-radius:4px;padding:0 6px;margin:0 4px 4px 0}
.side{display:grid;grid-template-columns:1fr 1fr;gap:14px;margin-top:8px}
.side>div{background:#f8f9fb;border:1px solid #e3e6ea;border-radius:5px;padding:8px 10px;min-width:0}
.side h4{margin:0 0 6px;font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:#5b6575}
.fig{font-size:18px;font-weight:700}
blockquote{margin:6px 0;padding:6px 10px;border-left:3px solid #9aa5b5;background:#fff;font-size:13.5px;white-space:pre-wrap;overflow-wrap:anywhere;max-height:260px;overflow:auto}
blockquote.hit{border-left-color:#1f7a3f}blockquote.bad{border-left-color:#b42318}
.src{font-size:12px;color:#5b6575}
.tag{font-size:11px;color:#3a4454;background:#e8ebef;border-radius:3px;padding:0 5px;margin-right:3px}
ul.details{margin:6px 0 0;padding-left:18px;font-size:13px;color:#7a2a20}
.none{color:#5b6575;font-style:italic}
@media (max-width:820px){.charts,.side{grid-template-columns:1fr}}
`;

function rateCell(r: Rate): string {
  return `<td class="num">${pct(r.rate)}</td><td class="num">${r.n === 0 ? "—" : `${r.passed}/${r.n}`}</td>`;
}

function meanCell(m: Mean): string {
  return `<td class="num">${m.mean === null ? "n/a" : m.mean.toFixed(3)}</td><td class="num">${m.n}</td>`;
}

interface MetricRow {
  key: keyof MetricSet;
  label: string;
  desc: string;
  gate?: GateCheck["name"];
}

const METRICS: MetricRow[] = [
  {
    key: "strict_pass",
    label: "Strict pass (headline)",
    desc: "Right figure or fact, right paragraph cited, every citation valid, no unchecked number; unanswerable: refused",
    gate: "strict_pass",
  },
  {
    key: "figure_accuracy",
    label: "Figure accuracy (strict)",
    desc: "The answer's figure equals the paper's, same unit and scale, within half a unit of the last printed decimal",
  },
  {
    key: "figure_lenient",
    label: "Figure accuracy (lenient)",
    desc: "The expected figure appears anywhere in the answer text",
  },
  {
    key: "scale_unit_accuracy",
    label: "Scale / unit accuracy",
    desc: "Right unit (%, £, count…) and order of magnitude, whatever the value",
  },
  {
    key: "relaxed_5pct",
    label: "Relaxed accuracy @5%",
    desc: "Diagnostic only: within 5% of the expected value",
  },
  {
    key: "fact_accuracy",
    label: "Fact accuracy",
    desc: "A key phrase of the expected fact is in the answer or its citations",
  },
  {
    key: "refusal_accuracy",
    label: "Refusal accuracy",
    desc: "Questions the papers do not answer: refused, with no figure offered",
    gate: "refusal_accuracy",
  },
  {
    key: "false_abstention_rate",
    label: "False refusals",
    desc: "Answerable questions refused (lower is better)",
  },
  {
    key: "citation_validity",
    label: "Citation validity",
    desc: "Citations that resolve to a paragraph of the index with that text (over citations)",
  },
  { key: "evidence_hit", label: "Evidence hit", desc: "Some citation is an expected paragraph" },
  {
    key: "citation_precision",
    label: "Citation precision",
    desc: "Share of an answer's citations that are expected paragraphs (mean)",
  },
  {
    key: "figure_in_cited_text",
    label: "Figure in cited text",
    desc: "The expected figure is stated in a cited paragraph",
  },
  { key: "recall_at_1", label: "Retrieval recall@1", desc: "An expected paragraph is ranked first" },
  { key: "recall_at_5", label: "Retrieval recall@5", desc: "An expected paragraph is in the top 5" },
  { key: "recall_at_10", label: "Retrieval recall@10", desc: "An expected paragraph is in the top 10" },
  { key: "mrr", label: "MRR", desc: "Mean reciprocal rank of the first expected paragraph" },
];

function gateCell(check: GateCheck | undefined): string {
  if (!check) return "<td></td><td></td>";
  const threshold = `${check.op} ${check.op === ">=" ? pct(check.threshold) : check.threshold}`;
  return `<td class="num">${esc(threshold)}</td><td><span class="status ${check.status}">${check.status.toUpperCase()}</span></td>`;
}

function summaryTable(results: EvalResults): string {
  const o = results.summary.overall;
  const gate = new Map(results.gate.checks.map((c) => [c.name, c]));
  const rows = METRICS.map((m) => {
    const v = o[m.key];
    const cells =
      typeof v === "number" ? `<td class="num">${v}</td><td></td>` : "mean" in v ? meanCell(v) : rateCell(v);
    return `<tr><th scope="row">${esc(m.label)}</th>${cells}${gateCell(m.gate ? gate.get(m.gate) : undefined)}<td class="desc">${esc(m.desc)}</td></tr>`;
  });
  const ung = gate.get("ungrounded_numbers");
  rows.push(
    `<tr><th scope="row">Ungrounded numbers</th><td class="num">${o.ungrounded_numbers}</td><td class="num">${o.cases_with_ungrounded} case(s)</td>${gateCell(ung)}<td class="desc">Figures in answers that no cited paragraph states</td></tr>`,
  );
  const crit = gate.get("critical_strict_pass");
  if (crit) {
    rows.push(
      `<tr><th scope="row">Critical cases strict pass</th><td class="num">${pct(crit.actual)}</td><td class="num">${crit.n === 0 ? "—" : crit.n}</td>${gateCell(crit)}<td class="desc">Strict pass on cases tagged "critical"</td></tr>`,
    );
  }
  return `<table><thead><tr><th>Metric</th><th>Value</th><th>n</th><th>Gate</th><th>Status</th><th>What it means</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function barColour(rate: number): string {
  if (rate >= 0.85) return "#2e8b57";
  if (rate >= 0.6) return "#d08a1c";
  return "#c0392b";
}

/** Horizontal bars of strict pass rate, one per group, drawn as inline SVG. */
export function barChart(title: string, groups: Record<string, MetricSet>): string {
  const entries = Object.entries(groups);
  const row = 24;
  const labelW = 230;
  const barW = 260;
  const width = labelW + barW + 110;
  const height = 30 + entries.length * row;
  const bars = entries.map(([name, m], i) => {
    const y = 26 + i * row;
    const r = m.strict_pass.rate ?? 0;
    const label = name.length > 34 ? `${name.slice(0, 33)}…` : name;
    return [
      `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" font-size="12" fill="#1d2430"><title>${esc(name)}</title>${esc(label)}</text>`,
      `<rect x="${labelW}" y="${y + 3}" width="${barW}" height="${row - 8}" fill="#eceff3"/>`,
      `<rect x="${labelW}" y="${y + 3}" width="${(barW * r).toFixed(1)}" height="${row - 8}" fill="${barColour(r)}"/>`,
      `<text x="${labelW + barW + 8}" y="${y + 15}" font-size="12" fill="#1d2430">${pct(m.strict_pass.rate)} (${m.strict_pass.passed}/${m.strict_pass.n})</text>`,
    ].join("");
  });
  return `<div class="chart"><h3>${esc(title)}</h3><svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}" xmlns="http://www.w3.org/2000/svg"><text x="${labelW}" y="16" font-size="11" fill="#5b6575">0%</text><text x="${labelW + barW}" y="16" font-size="11" fill="#5b6575" text-anchor="end">100%</text>${bars.join("")}</svg></div>`;
}

function breakdownTable(title: string, groups: Record<string, MetricSet>): string {
  const head =
    "<tr><th>" +
    esc(title) +
    "</th><th>Cases</th><th>Strict pass</th><th>Figure acc.</th><th>Fact acc.</th><th>Evidence hit</th><th>Recall@5</th><th>Refusal acc.</th><th>Ungrounded</th></tr>";
  const rows = Object.entries(groups).map(
    ([name, m]) =>
      `<tr><th scope="row">${esc(name)}</th><td class="num">${m.cases}</td>${[
        m.strict_pass,
        m.figure_accuracy,
        m.fact_accuracy,
        m.evidence_hit,
        m.recall_at_5,
        m.refusal_accuracy,
      ]
        .map((r) => `<td class="num">${pct(r.rate)}${r.n ? ` <span class="src">(${r.n})</span>` : ""}</td>`)
        .join("")}<td class="num">${m.ungrounded_numbers}</td></tr>`,
  );
  return `<table><thead>${head}</thead><tbody>${rows.join("")}</tbody></table>`;
}

function citationLabel(x: CaseResult["cited"][number]): string {
  const parts = [x.title || x.source];
  if (x.paragraph) parts.push(`para ${x.paragraph}`);
  if (x.page !== null) parts.push(`p. ${x.page}`);
  return parts.join(", ");
}

function failureCard(c: CaseResult): string {
  const expected =
    c.expected.evidence.length === 0
      ? `<p class="none">No paper answers this; the right answer is a refusal.</p>`
      : c.expected.evidence
          .map(
            (e) =>
              `<div class="src">${esc(e.source)}${e.document ? ` — ${esc(e.document)}` : ""}${e.paragraph ? `, para ${esc(e.paragraph)}` : ""}</div><blockquote>${esc(e.quote)}</blockquote>`,
          )
          .join("");
  const figures = c.got.figures.map((f) => esc(f.text)).join(", ");
  const cited =
    c.cited.length === 0
      ? `<p class="none">No citations.</p>`
      : c.cited
          .map((x, i) => {
            const flags = [x.evidence ? "expected evidence" : "", x.valid ? "" : "INVALID citation"].filter(
              Boolean,
            );
            return `<div class="src">[${i + 1}] ${esc(citationLabel(x))}${flags.length ? ` — <strong>${esc(flags.join(", "))}</strong>` : ""}</div><blockquote class="${x.evidence ? "hit" : x.valid ? "" : "bad"}">${esc(x.text)}</blockquote>`;
          })
          .join("");
  return `<article class="case" id="case-${esc(c.id)}">
<h3>${esc(c.id)} <span class="src">(${esc(c.kind)})</span></h3>
<div class="q">${esc(c.question)}</div>
<div class="codes">${c.failures.map((f) => `<span>${esc(f)}</span>`).join("")}</div>
<div>${c.tags.map((t) => `<span class="tag">${esc(t)}</span>`).join("")}</div>
${c.details.length ? `<ul class="details">${c.details.map((d) => `<li>${esc(d)}</li>`).join("")}</ul>` : ""}
<div class="side">
<div><h4>Expected</h4><div class="fig">${esc(describeExpected(c))}</div>${expected}</div>
<div><h4>Answer (${c.got.answered ? "answered" : "refused"}${figures ? ` — figure: ${figures}` : ""})</h4><blockquote>${esc(c.got.answer)}</blockquote>${c.got.notes.length ? `<div class="src">Notes: ${esc(c.got.notes.join(" · "))}</div>` : ""}<h4 style="margin-top:10px">Cited text</h4>${cited}</div>
</div>
</article>`;
}

// Worst first: a wrong or unchecked number reaching a councillor outranks a refusal.
const SEVERITY: readonly string[] = [
  "UNGROUNDED_NUMBER",
  "FALSE_ANSWER",
  "VALUE_MISMATCH",
  "SCALE_MISMATCH",
  "UNIT_MISMATCH",
  "CITATION_INVALID",
  "FIGURE_NOT_IN_CITED_TEXT",
  "WRONG_PARAGRAPH",
  "FACT_NOT_FOUND",
  "NO_FIGURE",
  "NO_CITATION",
  "FALSE_ABSTAIN",
];

function severity(c: CaseResult): number {
  const worst = Math.min(
    ...c.failures.map((f) => SEVERITY.indexOf(f)).filter((i) => i >= 0),
    SEVERITY.length,
  );
  return worst * 2 + (c.tags.includes("critical") ? 0 : 1);
}

export function renderHtmlReport(results: EvalResults): string {
  const { run, summary, gate } = results;
  const failed = results.cases.filter((c) => !c.pass).sort((a, b) => severity(a) - severity(b));
  const title = `Scrutiny assistant evaluation — ${gate.passed ? "PASS" : "FAIL"}`;
  const index = run.index
    ? `${run.index.counts.files} files, ${run.index.counts.units} units, ${run.index.counts.figures} figures (chunker <code>${esc(run.index.chunkerVersion)}</code>, ${esc(run.index.embedding.kind)} embeddings)`
    : "no index (baseline)";
  const failedChecks = gate.checks.filter((c) => c.status === "fail").map((c) => c.name);
  const failureCounts = Object.entries(summary.failureCounts).sort((a, b) => b[1] - a[1]);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body><main>
<h1>Scrutiny assistant evaluation</h1>
<div class="meta">${esc(run.startedAt)} · pipeline <code>${esc(run.pipeline)}</code> · mode <code>${esc(run.mode)}${run.model ? ` (${esc(run.model)})` : ""}</code> · git <code>${esc(run.gitSha ? run.gitSha.slice(0, 10) : "unknown")}${run.gitDirty ? "+dirty" : ""}</code> · gold <code>${esc(run.gold.path)}</code> (${run.gold.cases} cases, sha256 <code>${esc(run.gold.sha256.slice(0, 12))}</code>) · index: ${index} · p50 ${run.latencyMs.p50 ?? "n/a"} ms/question</div>
<div class="banner ${gate.passed ? "pass" : "fail"}" id="gate"><strong>${gate.passed ? "GATE PASSED" : "GATE FAILED"}</strong><span>${summary.overall.strict_pass.passed} of ${summary.overall.cases} cases pass strictly; ${failed.length} fail.${failedChecks.length ? ` Failing checks: ${esc(failedChecks.join(", "))}.` : ""}</span></div>
<h2 id="summary">Summary</h2>
${summaryTable(results)}
<h2 id="charts">Strict pass rate by paper and by tag</h2>
<div class="charts">${barChart("By paper", summary.byPaper)}${barChart("By tag", summary.byTag)}</div>
<h2 id="failures">Failures (${failed.length})</h2>
${failureCounts.length ? `<p class="meta">${failureCounts.map(([code, n]) => `<code>${esc(code)}</code> × ${n}`).join(" · ")}</p>` : ""}
${failed.length === 0 ? `<p class="none">Every case passed.</p>` : failed.map(failureCard).join("\n")}
<h2 id="by-paper">By paper</h2>
${breakdownTable("Paper", summary.byPaper)}
<h2 id="by-tag">By tag</h2>
${breakdownTable("Tag", summary.byTag)}
</main></body></html>
`;
}
