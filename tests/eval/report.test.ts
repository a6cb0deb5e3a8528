import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBaseline } from "../../eval/baseline/index.js";
import { loadGold } from "../../eval/gold.js";
import { DEFAULT_THRESHOLDS } from "../../eval/metrics.js";
import { renderHtmlReport } from "../../eval/report/html.js";
import { renderJunit } from "../../eval/report/junit.js";
import { buildResults, type EvalResults, loadCorpus, runCases, writeReports } from "../../eval/run.js";
import { chunkScoreContext } from "../../eval/score.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");
const CORPUS = join(ROOT, "eval/corpus");
const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

let dir: string;
let results: EvalResults;

/** A real results object: the smoke gold through the naive baseline, which fails some cases. */
async function baselineResults(): Promise<EvalResults> {
  const cases = await loadGold(join(ROOT, "eval/gold/smoke.jsonl"));
  const corpus = await loadCorpus(CORPUS);
  const baseline = await buildBaseline(CORPUS);
  const scored = await runCases(
    cases,
    { ask: (q) => baseline.ask(q), retrieve: async (q, k) => baseline.search(q, k).map((h) => h.chunk.id) },
    chunkScoreContext(baseline.chunks, corpus),
    { corpusFiles: [...corpus.keys()] },
  );
  // A hostile question proves every text is escaped, not interpreted.
  const first = scored[0];
  if (first)
    first.question = `<script>document.title="pwned"</script><img src=x onerror=alert(1)> ${first.question}`;
  return buildResults(
    {
      pipeline: "baseline",
      mode: "extractive",
      model: null,
      gitSha: "0123456789abcdef",
      gitDirty: false,
      corpusDir: CORPUS,
      index: null,
      gold: { path: "eval/gold/smoke.jsonl", sha256: "f".repeat(64), cases: cases.length },
      startedAt: "2024-03-05T10:00:00.000Z",
      finishedAt: "2024-03-05T10:00:01.000Z",
      seconds: 1,
    },
    scored,
    DEFAULT_THRESHOLDS,
  );
}

async function chromiumDom(file: string): Promise<string> {
  if (!CHROMIUM) throw new Error("no chromium");
  const { stdout } = await run(
    CHROMIUM,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      `--user-data-dir=${join(dir, "chromium-profile")}`,
      "--dump-dom",
      `file://${file}`,
    ],
    { timeout: 60_000, maxBuffer: 32 * 1024 * 1024 },
  );
  return stdout;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "eval-report-"));
  results = await baselineResults();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the report's content", () => {
  it("has real failures to show", () => {
    expect(results.cases.length).toBeGreaterThanOrEqual(10);
    expect(results.cases.some((c) => !c.pass)).toBe(true);
    expect(results.gate.passed).toBe(false);
  });

  it("is self-contained: no scripts, no external assets, every text escaped", () => {
    const html = renderHtmlReport(results);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).toContain("&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("writes one JUnit testcase per gold case with the failure codes as the message", () => {
    const xml = renderJunit(results);
    const testcases = xml.match(/<testcase /g) ?? [];
    expect(testcases).toHaveLength(results.cases.length);
    const failed = results.cases.filter((c) => !c.pass);
    expect(xml.match(/<failure /g) ?? []).toHaveLength(failed.length);
    const f = failed[0];
    expect(xml).toContain(`name="${f?.id}"`);
    expect(xml).toContain(`<failure message="${f?.failures.join(" ")}"`);
    expect(xml).toContain(`failures="${failed.length}"`);
  });
});

const CHROMIUM_SUITE = CHROMIUM
  ? "the report in headless Chromium"
  : "the report in headless Chromium: SKIPPED, no chromium binary (CI installs Debian's chromium in .ci/run)";

describe.skipIf(!CHROMIUM)(CHROMIUM_SUITE, () => {
  it("renders the summary, the charts and a failure with its expected quote and cited text", async () => {
    const written = await writeReports(results, join(dir, "out"));
    const dom = await chromiumDom(written.html);
    expect(dom).toContain('id="summary"');
    expect(dom).toContain("Strict pass (headline)");
    expect(dom).toContain("GATE FAILED");
    expect(dom.match(/<svg\b/g) ?? []).toHaveLength(2);
    const failed = results.cases.find((c) => !c.pass && c.kind === "figure" && c.cited.length > 0);
    expect(failed).toBeDefined();
    if (!failed) return;
    const article = dom.slice(dom.indexOf(`id="case-${failed.id}"`));
    expect(article).toContain(failed.failures[0] ?? "");
    expect(article).toContain("Expected");
    // The expected quote and the cited text both appear, as text.
    expect(article).toContain(failed.expected.evidence[0]?.quote.slice(0, 40) ?? "");
    expect(article).toContain("Cited text");
    // The hostile question stayed text: the page title was not rewritten and no script element exists.
    expect(dom).toContain("<title>Scrutiny assistant evaluation — FAIL</title>");
    expect(dom).not.toMatch(/<script/i);
  });

  it("writes JUnit XML that a browser parses without errors", async () => {
    const written = await writeReports(results, join(dir, "out"));
    const dom = await chromiumDom(written.junit);
    expect(dom).not.toContain("parsererror");
    expect(dom).toContain("<testsuites");
    expect((await readFile(written.results, "utf8")).length).toBeGreaterThan(1000);
  });
});
