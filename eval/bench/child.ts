import { readFile } from "node:fs/promises";
import { z } from "zod";
import { createEngine } from "../../bot/engine/index.js";
import type { Answer } from "../../bot/engine/types.js";
import { loadConfig } from "../../ingest/config.js";
import { ingestPaths } from "../../ingest/pipeline.js";
import { openIndex } from "../../ingest/store/index.js";
import { buildBaseline } from "../baseline/index.js";
import { loadCorpus } from "../run.js";
import {
  chunkScoreContext,
  indexScoreContext,
  type ScoreContext,
  scoreCase,
  toScoringCase,
} from "../score.js";
import { memoryNow, peakRssMb, summariseLatencies } from "./measure.js";
import { type BenchQuestion, BenchQuestionSchema, sampleEvery } from "./questions.js";
import {
  type BaselineResult,
  type ChildTask,
  ChildTaskSchema,
  type Hits,
  type IngestResult,
  type QueryResult,
  RESULT_MARKER,
} from "./tasks.js";

/**
 * One measurement in a fresh process, so each scale's memory and cold load are its own: the parent
 * (cli.ts) spawns `node --import tsx eval/bench/child.ts '<task json>'` and reads the one result line.
 * Progress goes to stderr; stdout carries only the result.
 */

/** The hit@k depth: hit@1 and hit@5 are read off one top-5 ranking. */
const HIT_DEPTH = 5;

function progress(label: string, done: number, total: number): void {
  if (done === total || done % 50 === 0) process.stderr.write(`  [${label}] ${done}/${total}\n`);
}

async function readQuestions(file: string): Promise<BenchQuestion[]> {
  const raw: unknown = JSON.parse(await readFile(file, "utf8"));
  return z.array(BenchQuestionSchema).parse(raw);
}

type Asker = (q: string) => Promise<Answer>;

interface Answered {
  q: BenchQuestion;
  answer: Answer;
  ms: number;
}

/** Warm-up, then each question timed on its own with performance.now. */
async function timeQuestions(
  label: string,
  questions: readonly BenchQuestion[],
  ask: Asker,
  warmup: number,
): Promise<Answered[]> {
  for (const q of questions.slice(0, warmup)) await ask(q.question);
  const out: Answered[] = [];
  for (const q of questions) {
    const started = performance.now();
    const answer = await ask(q.question);
    out.push({ q, answer, ms: performance.now() - started });
    progress(label, out.length, questions.length);
  }
  return out;
}

/** hit@k with the eval's own evidence rule (eval/score.ts), the same for units and for baseline chunks. */
async function scoreHits(
  answered: readonly Answered[],
  rank: (q: string) => Promise<string[]>,
  ctx: ScoreContext,
  corpusFiles: readonly string[],
): Promise<Hits> {
  let n = 0;
  let at1 = 0;
  let at5 = 0;
  let cited = 0;
  for (const { q, answer } of answered) {
    if (q.gold.kind === "unanswerable") continue;
    const scoring = { ...toScoringCase(q.gold, corpusFiles), question: q.question };
    const score = scoreCase(scoring, answer, await rank(q.question), ctx);
    n++;
    const r = score.checks.evidenceRank;
    if (r !== null && r <= 1) at1++;
    if (r !== null && r <= HIT_DEPTH) at5++;
    if (score.checks.evidenceHit) cited++;
  }
  const share = (k: number) => (n === 0 ? 0 : Math.round((1000 * k) / n) / 1000);
  return { n, hit_at_1: share(at1), hit_at_5: share(at5), cited_hit: share(cited) };
}

function offlineConfig() {
  // The benchmark measures the offline engine: no chat model, hashed embeddings, quiet logs.
  return loadConfig({ ...process.env, OPENAI_API_KEY: "", EMBEDDINGS: "hashed", LOG_LEVEL: "silent" });
}

async function runIngest(task: Extract<ChildTask, { kind: "ingest" }>): Promise<IngestResult> {
  const config = offlineConfig();
  let lastReport = 0;
  const started = performance.now();
  const summary = await ingestPaths(task.paths, {
    indexDir: task.indexDir,
    config,
    root: task.root,
    onProgress: (e) => {
      const now = performance.now();
      if (e.done === e.total || now - lastReport > 5000) {
        lastReport = now;
        process.stderr.write(`  [${task.label}] ${e.phase} ${e.done}/${e.total}\n`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    files: summary.files,
    documents: summary.documents,
    units: summary.units,
    figures: summary.figures,
    skipped: summary.skipped,
    seconds: Math.round(seconds * 1000) / 1000,
    rss_mb: peakRssMb(),
  };
}

function latencyOf(answered: readonly Answered[], variant?: BenchQuestion["variant"]) {
  return summariseLatencies(answered.filter((a) => !variant || a.q.variant === variant).map((a) => a.ms));
}

async function runQuery(task: Extract<ChildTask, { kind: "query" }>): Promise<QueryResult> {
  const config = offlineConfig();
  const questions = await readQuestions(task.questionsFile);
  const corpus = await loadCorpus(task.goldCorpusDir);
  const t0 = performance.now();
  const store = await openIndex(task.indexDir, { config });
  const t1 = performance.now();
  const afterOpen = memoryNow();
  const engine = createEngine({ store, config });
  const t2 = performance.now();
  const afterEngine = memoryNow();
  process.stderr.write(
    `  [${task.label}] index open ${Math.round(t1 - t0)} ms, engine ready ${Math.round(t2 - t1)} ms, ${store.units.size} units\n`,
  );
  const answered = await timeQuestions(task.label, questions, (q) => engine.ask(q), task.warmup);
  const afterQuestions = memoryNow();
  const hits = await scoreHits(
    sampleEvery(answered, task.hitsEvery),
    async (q) => (await engine.retrieve(q, { k: HIT_DEPTH })).map((r) => r.unit.id),
    indexScoreContext(store.units, corpus),
    [...corpus.keys()],
  );
  return {
    units: store.units.size,
    open_ms: Math.round(t1 - t0),
    engine_ms: Math.round(t2 - t1),
    latency: latencyOf(answered),
    gold: latencyOf(answered, "gold"),
    paraphrase: latencyOf(answered, "paraphrase"),
    answered: answered.filter((a) => a.answer.answered).length,
    hits,
    rss_mb: peakRssMb(),
    memory: { after_open: afterOpen, after_engine: afterEngine, after_questions: afterQuestions },
  };
}

async function runBaseline(task: Extract<ChildTask, { kind: "baseline" }>): Promise<BaselineResult> {
  const questions = sampleEvery(await readQuestions(task.questionsFile), task.every);
  const corpus = await loadCorpus(task.goldCorpusDir);
  const t0 = performance.now();
  const baseline = await buildBaseline(task.corpusDir);
  const buildMs = performance.now() - t0;
  const answered = await timeQuestions(task.label, questions, (q) => baseline.ask(q), task.warmup);
  const hits = await scoreHits(
    answered,
    async (q) => baseline.search(q, HIT_DEPTH).map((h) => h.chunk.id),
    chunkScoreContext(baseline.chunks, corpus),
    [...corpus.keys()],
  );
  return {
    chunks: baseline.chunks.length,
    build_ms: Math.round(buildMs),
    latency: latencyOf(answered),
    answered: answered.filter((a) => a.answer.answered).length,
    hits,
    rss_mb: peakRssMb(),
  };
}

async function main(): Promise<void> {
  const task = ChildTaskSchema.parse(JSON.parse(process.argv[2] ?? "null"));
  const result =
    task.kind === "ingest"
      ? await runIngest(task)
      : task.kind === "query"
        ? await runQuery(task)
        : await runBaseline(task);
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(`bench child: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
