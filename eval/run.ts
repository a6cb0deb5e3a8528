import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { createEngine, type ScrutinyEngine } from "../bot/engine/index.js";
import type { Answer, Engine } from "../bot/engine/types.js";
import type { Config } from "../ingest/config.js";
import { loadFile } from "../ingest/load/index.js";
import type { Logger } from "../ingest/logger.js";
import { type IngestSummary, ingestPaths } from "../ingest/pipeline.js";
import { openIndex } from "../ingest/store/index.js";
import type { Manifest } from "../ingest/store/types.js";
import { CHUNKER_VERSION } from "../ingest/structure/index.js";
import { buildBaseline, corpusPapers, DEFAULT_MAX_FILE_BYTES } from "./baseline/index.js";
import { type AblationRow, ablationRow, ENGINE_VARIANTS, PIPELINES, type Pipeline } from "./compare.js";
import { type GoldCase, loadGold, SMOKE_FILE } from "./gold.js";
import { formatLintProblems, lintGold } from "./lint.js";
import { evaluateGate, type Gate, type Summary, summarise, type Thresholds } from "./metrics.js";
import { renderHtmlReport } from "./report/html.js";
import { renderJunit } from "./report/junit.js";
import {
  type CaseChecks,
  type CaseKind,
  type CaseScore,
  chunkScoreContext,
  type ExpectedEvidence,
  type ExpectedFigure,
  indexScoreContext,
  type ScoreContext,
  type ScoringCase,
  scoreCase,
  toScoringCase,
} from "./score.js";

/**
 * Runs gold cases through an answerer (the real engine, an ablation of it, or the naive baseline),
 * scores them and assembles the results every report is rendered from.
 */

/** How many ranked units the retrieval metrics look at (recall@10 is the deepest). */
export const RETRIEVAL_DEPTH = 10;

/** What the runner needs from a pipeline: answers, and optionally its ranked retrieval. */
export interface Answerer {
  ask(question: string): Promise<Answer>;
  /** Ranked unit ids, best first; absent when the pipeline exposes no retrieval call. */
  retrieve?: (question: string, k: number) => Promise<string[]>;
}

/**
 * The engine as an Answerer. Its `retrieve(question, {k})` ranking feeds recall@k and MRR; an engine
 * without one is measured on the citations and suggestions it returns (a lower bound).
 */
export function engineAnswerer(engine: Engine & Partial<Pick<ScrutinyEngine, "retrieve">>): Answerer {
  const answerer: Answerer = { ask: (q) => engine.ask(q) };
  const retrieve = engine.retrieve?.bind(engine);
  if (retrieve) {
    answerer.retrieve = async (q, k) => (await retrieve(q, { k })).map((r) => r.unit.id);
  }
  return answerer;
}

/**
 * Text of each paper by file name, loaded exactly as the ingest loads it (so unit offsets point into
 * it, PDFs included), for locating gold quotes.
 */
export async function loadCorpus(
  corpusDir: string,
  maxBytes = DEFAULT_MAX_FILE_BYTES,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const path of await corpusPapers(corpusDir)) {
    out.set(basename(path), (await loadFile(path, { maxBytes })).text);
  }
  return out;
}

// ---- running ----

export interface CitedDetail {
  id: string;
  source: string;
  title: string;
  paragraph: string | null;
  page: number | null;
  valid: boolean;
  evidence: boolean;
  text: string;
}

export interface RetrievedDetail {
  rank: number;
  id: string;
  source: string | null;
  title: string | null;
  paragraph: string | null;
  evidence: boolean;
}

export interface CaseResult {
  id: string;
  question: string;
  kind: CaseKind;
  tags: string[];
  papers: string[];
  pass: boolean;
  failures: CaseScore["failures"];
  details: string[];
  warnings: string[];
  expected: {
    figures: ExpectedFigure[];
    any_of: string[];
    evidence: ExpectedEvidence[];
  };
  got: {
    answer: string;
    answered: boolean;
    mode: Answer["mode"];
    figures: Answer["figures"];
    notes: string[];
  };
  cited: CitedDetail[];
  retrieved: RetrievedDetail[];
  /** Where the ranking came from: the pipeline's retrieval call, or its citations and suggestions. */
  retrievedFrom: "retrieve" | "citations";
  checks: CaseChecks;
  ms: number;
}

export interface RunProgress {
  done: number;
  total: number;
  id: string;
}

/** Answers and scores every case, one at a time (so per-question times are comparable). */
export async function runCases(
  cases: readonly GoldCase[],
  answerer: Answerer,
  ctx: ScoreContext,
  options: { corpusFiles: readonly string[]; onProgress?: (p: RunProgress) => void },
): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const [i, gold] of cases.entries()) {
    const scoring = toScoringCase(gold, options.corpusFiles);
    const started = performance.now();
    let answer: Answer;
    let fromRetrieve: string[] | null;
    let ms: number;
    try {
      answer = await answerer.ask(gold.question);
      ms = performance.now() - started;
      fromRetrieve = answerer.retrieve ? await answerer.retrieve(gold.question, RETRIEVAL_DEPTH) : null;
    } catch (cause) {
      throw new HarnessError(
        `eval: the pipeline failed on case "${gold.id}" ("${gold.question}"): ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause },
      );
    }
    const ranked =
      fromRetrieve ??
      [...new Set([...answer.citations, ...answer.suggestions].map((c) => c.id))].slice(0, RETRIEVAL_DEPTH);
    const score = scoreCase(scoring, answer, ranked, ctx);
    out.push(toCaseResult(scoring, answer, score, ctx, ms, fromRetrieve ? "retrieve" : "citations"));
    options.onProgress?.({ done: i + 1, total: cases.length, id: gold.id });
  }
  return out;
}

function toCaseResult(
  c: ScoringCase,
  answer: Answer,
  score: CaseScore,
  ctx: ScoreContext,
  ms: number,
  retrievedFrom: CaseResult["retrievedFrom"],
): CaseResult {
  return {
    id: c.id,
    question: c.question,
    kind: c.kind,
    tags: c.tags,
    papers: c.papers,
    pass: score.pass,
    failures: score.failures,
    details: score.details,
    warnings: score.warnings,
    expected: { figures: c.figures, any_of: c.anyOf, evidence: c.evidence },
    got: {
      answer: answer.answer,
      answered: answer.answered,
      mode: answer.mode,
      figures: answer.figures,
      notes: answer.notes,
    },
    cited: answer.citations.map((cit, i) => ({
      id: cit.id,
      source: cit.source,
      title: cit.title,
      paragraph: cit.paragraph,
      page: cit.page,
      valid: score.citations[i]?.valid ?? false,
      evidence: score.citations[i]?.evidence ?? false,
      text: cit.text,
    })),
    retrieved: score.retrieved.map((r, i) => {
      const u = ctx.lookup(r.id);
      return {
        rank: i + 1,
        id: r.id,
        source: u?.sources[0]?.file ?? null,
        title: u?.title ?? null,
        paragraph: u?.paragraph ?? null,
        evidence: r.evidence,
      };
    }),
    retrievedFrom,
    checks: score.checks,
    ms: Math.round(ms * 10) / 10,
  };
}

/** Rebuilds the scorer's view from stored case results (reports and tests render from results alone). */
export function scoresOf(cases: readonly CaseResult[]): CaseScore[] {
  return cases.map((c) => ({
    id: c.id,
    kind: c.kind,
    papers: c.papers,
    tags: c.tags,
    pass: c.pass,
    failures: c.failures,
    details: c.details,
    warnings: c.warnings,
    checks: c.checks,
    citations: c.cited.map((x) => ({ id: x.id, valid: x.valid, evidence: x.evidence })),
    retrieved: c.retrieved.map((x) => ({ id: x.id, evidence: x.evidence })),
  }));
}

// ---- results ----

export interface RunMeta {
  /** "hybrid" (the engine as the bot runs it), "lexical", "vector" or "baseline". */
  pipeline: string;
  /** "extractive" offline, or "llm" when an OpenAI-compatible model answers. */
  mode: string;
  model: string | null;
  gitSha: string | null;
  gitDirty: boolean | null;
  corpusDir: string;
  index: {
    dir: string;
    formatVersion: number;
    chunkerVersion: string;
    embedding: Manifest["embedding"];
    counts: Manifest["counts"];
  } | null;
  gold: { path: string; sha256: string; cases: number };
  retrievedFrom: CaseResult["retrievedFrom"];
  thresholds: Thresholds;
  startedAt: string;
  finishedAt: string;
  seconds: number;
  latencyMs: { p50: number | null; p95: number | null };
}

export interface EvalResults {
  run: RunMeta;
  summary: Summary;
  gate: Gate;
  cases: CaseResult[];
}

export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? null;
}

export class HarnessError extends Error {
  override readonly name = "HarnessError";
}

export function buildResults(
  meta: Omit<RunMeta, "latencyMs" | "retrievedFrom" | "thresholds">,
  cases: CaseResult[],
  thresholds: Thresholds,
): EvalResults {
  if (cases.length === 0) {
    throw new HarnessError(`eval: zero cases scored from "${meta.gold.path}"; an empty run proves nothing`);
  }
  const summary = summarise(scoresOf(cases));
  const ms = cases.map((c) => c.ms);
  return {
    run: {
      ...meta,
      retrievedFrom: cases.every((c) => c.retrievedFrom === "retrieve") ? "retrieve" : "citations",
      thresholds,
      latencyMs: { p50: percentile(ms, 50), p95: percentile(ms, 95) },
    },
    summary,
    gate: evaluateGate(summary, thresholds),
    cases,
  };
}

/** sha256 over the gold file, or over every gold file of a folder the loader reads, in name order. */
export async function goldHash(pathOrDir: string): Promise<string> {
  const hash = createHash("sha256");
  if ((await stat(pathOrDir)).isDirectory()) {
    const names = (await readdir(pathOrDir))
      .filter((n) => /\.(jsonl|ya?ml)$/i.test(n) && n !== SMOKE_FILE)
      .sort();
    for (const n of names) {
      hash.update(`${n}\u0000`);
      hash.update(await readFile(join(pathOrDir, n)));
    }
  } else {
    hash.update(await readFile(pathOrDir));
  }
  return hash.digest("hex");
}

export interface WrittenReports {
  dir: string;
  results: string;
  html: string;
  junit: string;
}

/** Writes results.json, report.html and junit.xml into `dir`. */
export async function writeReports(results: EvalResults, dir: string): Promise<WrittenReports> {
  await mkdir(dir, { recursive: true });
  const paths = {
    dir,
    results: join(dir, "results.json"),
    html: join(dir, "report.html"),
    junit: join(dir, "junit.xml"),
  };
  await writeFile(paths.results, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(paths.html, renderHtmlReport(results));
  await writeFile(paths.junit, renderJunit(results));
  return paths;
}

/** Points `<parent>/latest` at `dir` (a relative symlink; a copy where symlinks are not allowed). */
export async function linkLatest(dir: string, parent: string): Promise<string> {
  const latest = join(parent, "latest");
  await rm(latest, { recursive: true, force: true });
  try {
    await symlink(relative(parent, dir), latest, "dir");
  } catch {
    await mkdir(latest, { recursive: true });
    for (const n of await readdir(dir)) await writeFile(join(latest, n), await readFile(join(dir, n)));
  }
  return latest;
}

// ---- the whole run, as `npm run eval` does it ----

export interface EvaluateOptions {
  goldPath: string;
  corpusDir: string;
  indexDir: string;
  /** Reports go here; created when missing. */
  outDir: string;
  config: Config;
  logger?: Logger;
  thresholds: Thresholds;
  /** Also run the ablations (baseline, lexical, vector, hybrid without rerank). */
  compare?: boolean;
  /** Progress lines for a person watching (stderr in the CLI). */
  onProgress?: (line: string, done: boolean) => void;
}

export interface Evaluation {
  results: EvalResults;
  written: WrittenReports;
  ingest: IngestSummary;
  ablations: AblationRow[] | null;
}

function git(args: string[]): string | null {
  try {
    return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

type BaseMeta = Omit<
  RunMeta,
  "latencyMs" | "retrievedFrom" | "thresholds" | "finishedAt" | "seconds" | "pipeline"
>;

export async function runPipeline(
  pipeline: string,
  answerer: Answerer,
  ctx: ScoreContext,
  cases: readonly GoldCase[],
  meta: BaseMeta,
  thresholds: Thresholds,
  corpusFiles: readonly string[],
  onProgress?: EvaluateOptions["onProgress"],
): Promise<EvalResults> {
  const started = performance.now();
  const results = await runCases(cases, answerer, ctx, {
    corpusFiles,
    onProgress: (p) => onProgress?.(`eval [${pipeline}]: ${p.done}/${p.total} ${p.id}`, p.done === p.total),
  });
  return buildResults(
    {
      ...meta,
      pipeline,
      finishedAt: new Date().toISOString(),
      seconds: Math.round((performance.now() - started) / 100) / 10,
    },
    results,
    thresholds,
  );
}

/** The eval's index of the corpus, brought up to date, with the corpus text and the scorer's lookups. */
export async function openEvalIndex(options: {
  corpusDir: string;
  indexDir: string;
  config: Config;
  logger?: Logger;
  onProgress?: EvaluateOptions["onProgress"];
}) {
  const { corpusDir, indexDir, config, logger, onProgress } = options;
  const indexConfig: Config = { ...config, indexDir };
  // The papers only: the corpus README describes them (with sample figures) and must never be cited.
  const ingest = await ingestPaths(await corpusPapers(corpusDir), {
    indexDir,
    config: indexConfig,
    prune: true,
    ...(logger ? { logger } : {}),
    onProgress: (p) =>
      onProgress?.(
        `ingest: ${p.phase} ${p.done}/${p.total}${p.file ? ` ${p.file}` : ""}`,
        p.done === p.total,
      ),
  });
  if (ingest.skipped.length > 0) {
    throw new HarnessError(
      `eval: the ingest of "${corpusDir}" skipped ${ingest.skipped.map((s) => `"${s.file}" (${s.reason})`).join(", ")}`,
    );
  }
  const store = await openIndex(indexDir, { config: indexConfig, expectedChunkerVersion: CHUNKER_VERSION });
  const corpus = await loadCorpus(corpusDir, config.maxFileBytes);
  const corpusFiles = [...corpus.keys()];
  const ctx = indexScoreContext(store.units, corpus);
  return { store, corpus, corpusFiles, indexConfig, ctx, ingest };
}

/**
 * Lint the gold, bring the eval index up to date, answer and score every case through the engine the
 * bot uses, write the reports. Throws HarnessError (or the lint/index/ingest error) when nothing
 * trustworthy can be scored.
 */
export async function evaluate(options: EvaluateOptions): Promise<Evaluation> {
  const { goldPath, corpusDir, indexDir, config, logger, thresholds, onProgress } = options;
  const startedAt = new Date();
  const cases = await loadGold(goldPath);
  if (cases.length === 0) throw new HarnessError(`eval: no cases in "${goldPath}"`);
  const problems = lintGold(cases, corpusDir);
  if (problems.length > 0) {
    throw new HarnessError(
      `eval: the gold does not match the papers (${problems.length} problem(s)); fix the gold or the papers:\n${formatLintProblems(problems)}`,
    );
  }

  const { store, corpus, corpusFiles, indexConfig, ctx, ingest } = await openEvalIndex({
    corpusDir,
    indexDir,
    config,
    ...(logger ? { logger } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  const sha = git(["rev-parse", "HEAD"]);
  const status = sha ? git(["status", "--porcelain"]) : null;
  const meta: BaseMeta = {
    mode: config.openai ? "llm" : "extractive",
    model: config.openai?.chatModel ?? null,
    gitSha: sha,
    gitDirty: status === null ? null : status.length > 0,
    corpusDir,
    index: {
      dir: indexDir,
      formatVersion: store.manifest.formatVersion,
      chunkerVersion: store.manifest.chunkerVersion,
      embedding: store.manifest.embedding,
      counts: store.manifest.counts,
    },
    gold: { path: goldPath, sha256: await goldHash(goldPath), cases: cases.length },
    startedAt: startedAt.toISOString(),
  };
  const engineOf = (pipeline: Exclude<Pipeline, "baseline">) =>
    engineAnswerer(
      createEngine({
        store,
        config: indexConfig,
        ...(logger ? { logger } : {}),
        ...ENGINE_VARIANTS[pipeline],
      }),
    );

  const results = await runPipeline(
    "hybrid",
    engineOf("hybrid"),
    ctx,
    cases,
    meta,
    thresholds,
    corpusFiles,
    onProgress,
  );
  const written = await writeReports(results, options.outDir);

  let ablations: AblationRow[] | null = null;
  if (options.compare) {
    const runs: Record<string, EvalResults> = {};
    const rows: AblationRow[] = [];
    const baseline = await buildBaseline(corpusDir);
    const baselineAnswerer: Answerer = {
      ask: (q) => baseline.ask(q),
      retrieve: async (q, k) => baseline.search(q, k).map((h) => h.chunk.id),
    };
    for (const pipeline of PIPELINES) {
      const r =
        pipeline === "hybrid"
          ? results
          : pipeline === "baseline"
            ? await runPipeline(
                pipeline,
                baselineAnswerer,
                chunkScoreContext(baseline.chunks, corpus),
                cases,
                { ...meta, index: null },
                thresholds,
                corpusFiles,
                onProgress,
              )
            : await runPipeline(
                pipeline,
                engineOf(pipeline),
                ctx,
                cases,
                meta,
                thresholds,
                corpusFiles,
                onProgress,
              );
      runs[pipeline] = r;
      rows.push(ablationRow(pipeline, r.summary, r.run.latencyMs.p50));
    }
    ablations = rows;
    await writeFile(join(options.outDir, "compare.json"), `${JSON.stringify({ rows, runs }, null, 2)}\n`);
  }
  return { results, written, ingest, ablations };
}
