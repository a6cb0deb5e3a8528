import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BASELINE_CHUNK_OVERLAP,
  BASELINE_CHUNK_SIZE,
  buildBaseline,
  chunkText,
} from "../../eval/baseline/index.js";
import { loadGold } from "../../eval/gold.js";
import { DEFAULT_THRESHOLDS } from "../../eval/metrics.js";
import { summaryTable } from "../../eval/report/terminal.js";
import { type EvalResults, type Evaluation, evaluate, HarnessError, runCases } from "../../eval/run.js";
import { chunkScoreContext } from "../../eval/score.js";
import { loadConfig } from "../../ingest/config.js";

/**
 * The smoke gold end to end: the real ingest into a temp index, the real engine (offline extractive
 * mode), the scorer, the three reports; then the CLI against the same index (the ingest is incremental,
 * so it reuses it) for exit codes and the --json contract.
 */

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");
const CORPUS = join(ROOT, "eval/corpus");
const SMOKE = join(ROOT, "eval/gold/smoke.jsonl");

let dir: string;
let evaluation: Evaluation;
let results: EvalResults;

async function cli(
  args: string[],
  script = "eval/cli.ts",
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: ROOT,
      env: { ...process.env, OPENAI_API_KEY: "", EMBEDDINGS: "hashed" },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "eval-run-"));
  evaluation = await evaluate({
    goldPath: SMOKE,
    corpusDir: CORPUS,
    indexDir: join(dir, "index"),
    outDir: join(dir, "out"),
    config: loadConfig({}),
    thresholds: DEFAULT_THRESHOLDS,
  });
  results = evaluation.results;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("evaluate() on the smoke gold through the real engine", () => {
  it("answers and scores every case, with the engine's own ranking for recall", () => {
    expect(results.cases).toHaveLength(12);
    expect(results.run.gold.cases).toBe(12);
    expect(results.run.retrievedFrom).toBe("retrieve");
    expect(results.run.mode).toBe("extractive");
    for (const c of results.cases) {
      expect(c.got.answer.length).toBeGreaterThan(0);
      expect(c.retrieved.length).toBeGreaterThan(0);
    }
    expect(results.summary.overall.cases).toBe(12);
    expect(results.summary.overall.strict_pass.n).toBe(12);
  });

  it("records the index it ran on and the gold it scored against", () => {
    const index = results.run.index;
    expect(index?.counts.files).toBe(5);
    expect(index?.counts.units).toBeGreaterThan(500);
    expect(results.run.gold.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(evaluation.ingest.skipped).toEqual([]);
  });

  it("holds the product's invariants: every citation real, no ungrounded number", () => {
    const o = results.summary.overall;
    expect(o.citation_validity.rate ?? 1).toBe(1);
    expect(o.ungrounded_numbers).toBe(0);
  });

  it("finds the headline figure the way a councillor needs it", () => {
    const cp = results.cases.find((c) => c.id === "q3-2324-cp-reviews-in-timescale");
    expect(cp?.failures).toEqual([]);
    expect(cp?.pass).toBe(true);
    expect(cp?.checks.evidenceRank).not.toBeNull();
  });

  it("writes results.json, report.html and junit.xml", async () => {
    const w = evaluation.written;
    const json = JSON.parse(await readFile(w.results, "utf8")) as EvalResults;
    expect(json.cases.map((c) => c.id)).toEqual(results.cases.map((c) => c.id));
    expect(json.gate.passed).toBe(results.gate.passed);
    expect(await readFile(w.html, "utf8")).toContain("Scrutiny assistant evaluation");
    expect((await readFile(w.junit, "utf8")).match(/<testcase /g)).toHaveLength(12);
  });
});

describe("npm run eval (CLI)", () => {
  it("prints one JSON summary and exits 100 when the gate fails", async () => {
    const out = join(dir, "cli-out");
    const r = await cli([
      "--gold",
      SMOKE,
      "--index",
      join(dir, "index"),
      "--out",
      out,
      "--json",
      "--threshold",
      "strict_pass=1.01",
    ]);
    expect(r.code).toBe(100);
    const summary = JSON.parse(r.stdout) as Record<string, unknown> & {
      gate: { passed: boolean; checks: { name: string; status: string; threshold: number }[] };
    };
    for (const key of [
      "questions",
      "sources",
      "figure_accuracy",
      "citation_accuracy",
      "recall_at_5",
      "refusal_accuracy",
      "ungrounded_numbers",
      "strict_pass",
      "gate",
      "report",
    ]) {
      expect(summary).toHaveProperty(key);
    }
    expect(summary.questions).toBe(12);
    expect(summary.sources).toContain("001_bc9149fb7ac2f9bb.txt");
    expect(summary.gate.passed).toBe(false);
    expect(summary.gate.checks.find((c) => c.name === "strict_pass")).toMatchObject({
      threshold: 1.01,
      status: "fail",
    });
    expect(summary.report).toBe(join(out, "report.html"));
    expect(existsSync(join(out, "junit.xml"))).toBe(true);
    expect(r.stderr).toMatch(/ingest: 5 files, \d+ units \(0 re-read, 5 unchanged\)/);
  });

  it("prints a summary table with the gate's verdict", () => {
    const table = summaryTable(results);
    expect(table).toMatch(/^strict pass +\d+\.\d%/m);
    expect(table).toMatch(/^recall@5 +\d+\.\d%/m);
    expect(table).toContain("001_bc9149fb7ac2f9bb.txt");
    expect(table).toContain(results.gate.passed ? "GATE PASSED" : "GATE FAILED");
  });

  it("refuses stale gold (exit 1) and lists the lint problem", async () => {
    const gold = (await readFile(SMOKE, "utf8")).replace(
      "was 82.6% at the end of quarter 3",
      "was 92.6% at the end of quarter 3",
    );
    await writeFile(join(dir, "stale.jsonl"), gold);
    const r = await cli([
      "--gold",
      join(dir, "stale.jsonl"),
      "--index",
      join(dir, "index"),
      "--out",
      join(dir, "x"),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("QUOTE_NOT_IN_SOURCE");
    expect(r.stderr).toContain("q3-2324-cp-reviews-in-timescale");
  });

  it("treats zero cases as a harness error (exit 1)", async () => {
    await writeFile(join(dir, "empty.jsonl"), "\n");
    const r = await cli([
      "--gold",
      join(dir, "empty.jsonl"),
      "--index",
      join(dir, "index"),
      "--out",
      join(dir, "y"),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no cases/);
    await expect(
      evaluate({
        goldPath: join(dir, "empty.jsonl"),
        corpusDir: CORPUS,
        indexDir: join(dir, "index"),
        outDir: join(dir, "z"),
        config: loadConfig({}),
        thresholds: DEFAULT_THRESHOLDS,
      }),
    ).rejects.toThrow(HarnessError);
  });

  it("rejects an unknown threshold name (exit 1) with the usage", async () => {
    const r = await cli(["--threshold", "accuracy=0.9"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown name; known: strict_pass, refusal_accuracy");
    expect(r.stderr).toContain("usage: npm run eval");
  });
});

describe("npm run train (CLI)", () => {
  it("scores every figure question's candidates on the real index and reports the held-out comparison", async () => {
    const r = await cli(["--gold", SMOKE, "--index", join(dir, "index"), "--json"], "eval/train/cli.ts");
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      questions: number;
      reachable: number;
      folds: { heldOut: string; questions: number; reachable: number; engine: number; learned: number }[];
      crossValidated: { engine: number; learned: number };
      learnedWeights: Record<string, number>;
    };
    const figureCases = (await loadGold(SMOKE)).filter((c) => c.kind === "figure").length;
    expect(report.questions).toBe(figureCases);
    // The engine answers the smoke figures: for most, its right figure is among the candidates and on top.
    expect(report.reachable).toBeGreaterThanOrEqual(figureCases - 1);
    expect(report.folds).toHaveLength(1);
    expect(report.folds[0]?.heldOut).toBe("smoke");
    expect(report.crossValidated.engine).toBeGreaterThanOrEqual(figureCases - 2);
    expect(report.crossValidated.engine).toBeLessThanOrEqual(report.reachable);
    expect(Object.keys(report.learnedWeights)).toContain("sentence");
  });
});

describe("runCases", () => {
  it("turns a pipeline that throws into a harness error naming the case", async () => {
    const cases = await loadGold(SMOKE);
    const broken = {
      ask: async () => {
        throw new Error("socket hang up");
      },
    };
    const ctx = chunkScoreContext([], new Map());
    await expect(runCases(cases.slice(0, 1), broken, ctx, { corpusFiles: [] })).rejects.toThrow(
      /the pipeline failed on case "q3-2324-cp-reviews-in-timescale".*socket hang up/,
    );
  });
});

describe("the naive baseline", () => {
  it("cuts fixed 1000-character windows overlapping by 200", () => {
    const text = "x".repeat(2500);
    const chunks = chunkText(text);
    expect(chunks.map((c) => [c.start, c.end])).toEqual([
      [0, 1000],
      [800, 1800],
      [1600, 2500],
    ]);
    expect(BASELINE_CHUNK_SIZE - BASELINE_CHUNK_OVERLAP).toBe(800);
    expect(() => chunkText(text, 100, 100)).toThrow(RangeError);
  });

  it("finds a figure by its words and answers with the best sentence", async () => {
    const baseline = await buildBaseline(CORPUS);
    expect(new Set(baseline.chunks.map((c) => c.source)).size).toBe(5);
    const hits = baseline.search("High Needs Grant allocated to Leicestershire", 5);
    expect(hits[0]?.chunk.text).toContain("High Needs Grant allocated to Leicestershire");
    const a = await baseline.ask("What is the High Needs Grant allocated to Leicestershire for 2023/24?");
    expect(a.answer).toContain("£105,082,000");
    expect(a.figures[0]?.value).toBe(105_082_000);
    expect(a.citations[0]?.id).toBe(hits[0]?.chunk.id);
  });
});
