import type { EvalResults } from "../run.js";
import { describeExpected } from "./format.js";

/** JUnit XML for CI annotations: one testcase per gold case; the failure message is its failure codes. */

// XML 1.0 forbids most control characters even when escaped; papers' text can carry them (form feeds).
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping exactly those characters is the point
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

export function renderJunit(results: EvalResults): string {
  const cases = results.cases;
  const failures = cases.filter((c) => !c.pass).length;
  const seconds = (cases.reduce((n, c) => n + c.ms, 0) / 1000).toFixed(3);
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="scrutiny-eval" tests="${cases.length}" failures="${failures}" errors="0" time="${seconds}">`,
    `  <testsuite name="scrutiny-eval.${xmlEscape(results.run.pipeline)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${seconds}" timestamp="${xmlEscape(results.run.startedAt)}">`,
    "    <properties>",
    `      <property name="gate" value="${results.gate.passed ? "pass" : "fail"}"/>`,
    ...results.gate.checks.map(
      (g) =>
        `      <property name="gate.${g.name}" value="${xmlEscape(`${g.status} (${g.actual === null ? "n/a" : Number(g.actual.toFixed(4))} ${g.op} ${g.threshold}, n=${g.n})`)}"/>`,
    ),
    `      <property name="git_sha" value="${xmlEscape(results.run.gitSha ?? "unknown")}"/>`,
    `      <property name="gold_sha256" value="${xmlEscape(results.run.gold.sha256)}"/>`,
    "    </properties>",
  ];
  for (const c of cases) {
    const open = `    <testcase classname="scrutiny-eval.${xmlEscape(c.kind)}" name="${xmlEscape(c.id)}" time="${(c.ms / 1000).toFixed(3)}"`;
    if (c.pass) {
      lines.push(`${open}/>`);
      continue;
    }
    const body = [
      `Question: ${c.question}`,
      `Expected: ${describeExpected(c)}`,
      `Answer (${c.got.answered ? "answered" : "refused"}): ${c.got.answer}`,
      ...c.cited.map(
        (x, i) =>
          `Citation ${i + 1}: ${x.title}${x.paragraph ? ` para ${x.paragraph}` : ""}${x.page !== null ? ` p.${x.page}` : ""}${x.evidence ? " [expected evidence]" : ""}${x.valid ? "" : " [INVALID]"}`,
      ),
      ...c.details,
    ].join("\n");
    lines.push(`${open}>`);
    lines.push(
      `      <failure message="${xmlEscape(c.failures.join(" ") || "FAIL")}" type="${xmlEscape(c.failures[0] ?? "FAIL")}">${xmlEscape(body)}</failure>`,
    );
    lines.push("    </testcase>");
  }
  lines.push("  </testsuite>", "</testsuites>", "");
  return lines.join("\n");
}
