import { spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadGold } from "../gold.js";
import { dirBytes, machineInfo, megabytes, rate } from "./measure.js";
import { writePdfSet } from "./pdfset.js";
import { CpuProfileSchema, type ProfileSummary, summariseCpuProfile } from "./profile.js";
import { questionMix } from "./questions.js";
import { type BenchResult, evaluateTargets, formatReport, growthOf, type ScaleRow } from "./report.js";
import { type CorpusFile, synthCorpus } from "./synth.js";
import type { BaselineResult, ChildTask, IngestResult, QueryResult } from "./tasks.js";
import { RESULT_MARKER } from "./tasks.js";

const USAGE = `usage: npm run bench -- [--json] [--scale 1,10,100] [--out DIR] [--profile] [--keep]

Speed, memory and scale of ingest and query, beside the naive baseline, on synthetic corpora made from
the demo papers (eval/corpus) at each scale factor.
  --json          stdout is one JSON object (progress stays on stderr)
  --scale LIST    scale factors, comma-separated (default 1,10,100); 1 is the demo corpus itself
  --out DIR       where the JSON goes: DIR/latest.json (default bench-out)
  --profile       run the largest scale's ingest and query under --cpu-prof and summarise the hot spots
  --pdfs N        PDFs in the PDF set for pages/s (default 30)
  --warmup N      questions asked before timing starts (default 20)
  --work DIR      scratch folder for corpora and indexes (default: a new temp folder, removed after)
  --keep          keep the scratch folder
exit: 0 the bench ran (targets are reported, not enforced), 1 it could not run, 2 bad arguments`;

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const CHILD = join(REPO, "eval/bench/child.ts");
const CORPUS_DIR = join(REPO, "eval/corpus");
const GOLD_DIR = join(REPO, "eval/gold");
/** The paper whose numbered paragraphs fill the PDF set: the department overview, Markdown-like. */
const PDF_SOURCE = "000_95470afa8ae34474.txt";

/**
 * Above 1x, hit@5 and the naive baseline run on a sample of the questions (every n-th) to keep the bench
 * inside its time budget; query latency is always timed on every question.
 */
const SCALE_SAMPLE = { hits: 3, baseline: 10 } as const;

class UsageError extends Error {
  override readonly name = "UsageError";
}

class BenchError extends Error {
  override readonly name = "BenchError";
}

interface Options {
  json: boolean;
  scales: number[];
  out: string;
  profile: boolean;
  pdfs: number;
  warmup: number;
  work: string | undefined;
  keep: boolean;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} "${value}": use a whole number`);
  return n;
}

function parse(argv: string[]): Options | "help" {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        json: { type: "boolean" },
        scale: { type: "string" },
        out: { type: "string" },
        profile: { type: "boolean" },
        pdfs: { type: "string" },
        warmup: { type: "string" },
        work: { type: "string" },
        keep: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  if (v.help) return "help";
  const scaleText = typeof v.scale === "string" ? v.scale : "1,10,100";
  const scales = [...new Set(scaleText.split(",").map((s) => Number(s.trim())))].sort((a, b) => a - b);
  if (scales.length === 0 || scales.some((s) => !Number.isInteger(s) || s < 1 || s > 1000)) {
    throw new UsageError(`--scale "${scaleText}": use whole numbers from 1 to 1000, e.g. 1,10,100`);
  }
  return {
    json: v.json === true,
    scales,
    out: typeof v.out === "string" ? v.out : "bench-out",
    profile: v.profile === true,
    pdfs: positive("pdfs", typeof v.pdfs === "string" ? v.pdfs : undefined, 30),
    warmup: positive("warmup", typeof v.warmup === "string" ? v.warmup : undefined, 20),
    work: typeof v.work === "string" ? v.work : undefined,
    keep: v.keep === true,
  };
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * Runs one measurement in a fresh Node process (its own heap, its own maxRSS), optionally under
 * --cpu-prof; returns the result line it printed.
 */
async function runChild<T>(task: ChildTask, profileDir?: string): Promise<T> {
  const args = [
    ...(profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : []),
    "--import",
    "tsx",
    CHILD,
    JSON.stringify(task),
  ];
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    stdout += chunk;
  });
  const code = await new Promise<number | null>((done, fail) => {
    child.on("error", fail);
    child.on("close", done);
  });
  if (code !== 0)
    throw new BenchError(`bench: ${task.label}: the measuring process exited with code ${code}`);
  const line = stdout.split("\n").find((l) => l.startsWith(RESULT_MARKER));
  if (!line) throw new BenchError(`bench: ${task.label}: the measuring process printed no result`);
  return JSON.parse(line.slice(RESULT_MARKER.length)) as T;
}

async function summariseProfiles(dir: string, label: string, outDir: string): Promise<ProfileSummary> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(".cpuprofile"));
  // tsx's loader thread writes a small profile of its own; the main thread's is the large one.
  const sizes = await Promise.all(names.map(async (n) => ({ n, bytes: (await stat(join(dir, n))).size })));
  const name = sizes.sort((a, b) => b.bytes - a.bytes)[0]?.n;
  if (!name) throw new BenchError(`bench: ${label}: --cpu-prof wrote no profile into "${dir}"`);
  const saved = join(outDir, "profiles", `${label.replace(/[^a-z0-9]+/gi, "-")}.cpuprofile`);
  await mkdir(join(outDir, "profiles"), { recursive: true });
  await copyFile(join(dir, name), saved);
  const profile = CpuProfileSchema.parse(JSON.parse(await readFile(join(dir, name), "utf8")));
  return summariseCpuProfile(profile, REPO.replace(/\/$/, ""));
}

async function readCorpus(): Promise<CorpusFile[]> {
  const names = (await readdir(CORPUS_DIR)).filter((n) => n.endsWith(".txt")).sort();
  if (names.length === 0) throw new BenchError(`bench: no .txt papers in "${CORPUS_DIR}"`);
  return Promise.all(
    names.map(async (name) => ({ name, text: await readFile(join(CORPUS_DIR, name), "utf8") })),
  );
}

/** Writes the corpus at `factor` into its own folder; 1x is the demo corpus itself, copied as is. */
async function writeScaleCorpus(work: string, files: readonly CorpusFile[], factor: number) {
  const dir = join(work, `corpus-${factor}x`);
  await mkdir(dir, { recursive: true });
  let bytes = 0;
  const synth = synthCorpus(files, factor);
  for (const f of synth) {
    await writeFile(join(dir, f.name), f.text);
    bytes += Buffer.byteLength(f.text);
  }
  return { dir, files: synth.length, bytes };
}

async function main(argv: string[]): Promise<number> {
  let opts: Options | "help";
  try {
    opts = parse(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`bench: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (opts === "help") {
    console.log(USAGE);
    return 0;
  }
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const work = opts.work ? resolve(opts.work) : await mkdtemp(join(tmpdir(), "scrutiny-bench-"));
  await mkdir(work, { recursive: true });
  const outDir = resolve(opts.out);
  await mkdir(outDir, { recursive: true });
  const largest = opts.scales[opts.scales.length - 1] ?? 1;
  say(`bench: ${machine.cpus} x ${machine.model}, Node ${machine.node}; scratch in ${work}`);

  try {
    const questions = questionMix(await loadGold(GOLD_DIR));
    const questionsFile = join(work, "questions.json");
    await writeFile(questionsFile, JSON.stringify(questions));
    const gold = questions.filter((q) => q.variant === "gold").length;
    say(`bench: ${questions.length} questions (${gold} gold, ${questions.length - gold} paraphrases)`);

    const corpus = await readCorpus();
    const source = corpus.find((f) => f.name === PDF_SOURCE) ?? corpus[0];
    if (!source) throw new BenchError("bench: the demo corpus is empty");
    const pdfSet = await writePdfSet(join(work, "pdf"), source.text, opts.pdfs);
    say(`bench: PDF set: ${pdfSet.files} files, ${pdfSet.pages} pages; ingesting`);
    const pdf = await runChild<IngestResult>({
      kind: "ingest",
      label: "ingest pdf",
      paths: [pdfSet.dir],
      indexDir: join(work, "index-pdf"),
      root: pdfSet.dir,
    });
    if (pdf.skipped.length > 0) {
      throw new BenchError(
        `bench: the PDF ingest skipped ${pdf.skipped.map((s) => `${s.file} (${s.reason})`).join(", ")}`,
      );
    }
    await rm(join(work, "index-pdf"), { recursive: true, force: true });

    const rows: ScaleRow[] = [];
    const ingestBy = new Map<number, IngestResult>();
    const queryBy = new Map<number, QueryResult>();
    const baselineBy = new Map<number, BaselineResult>();
    const profiles: Record<string, ProfileSummary> = {};
    for (const factor of opts.scales) {
      const label = `${factor}x`;
      const c = await writeScaleCorpus(work, corpus, factor);
      say(`bench: ${label}: ${c.files} files, ${megabytes(c.bytes)} MB of text; ingesting`);
      const indexDir = join(work, `index-${label}`);
      const profiled = opts.profile && factor === largest;
      const profDir = (what: string) => (profiled ? join(work, "prof", `${what}-${label}`) : undefined);

      const ingest = await runChild<IngestResult>(
        { kind: "ingest", label: `ingest ${label}`, paths: [c.dir], indexDir, root: c.dir },
        profDir("ingest"),
      );
      if (ingest.skipped.length > 0) {
        throw new BenchError(
          `bench: ${label}: the ingest skipped ${ingest.skipped.map((s) => s.file).join(", ")}`,
        );
      }
      const diskBytes = await dirBytes(indexDir);
      say(`bench: ${label}: ${ingest.units} units in ${ingest.seconds}s; loading and asking`);
      const query = await runChild<QueryResult>(
        {
          kind: "query",
          label: `query ${label}`,
          indexDir,
          questionsFile,
          goldCorpusDir: CORPUS_DIR,
          warmup: opts.warmup,
          hitsEvery: factor === 1 ? 1 : SCALE_SAMPLE.hits,
        },
        profDir("query"),
      );
      say(`bench: ${label}: naive baseline`);
      const baseline = await runChild<BaselineResult>({
        kind: "baseline",
        label: `baseline ${label}`,
        corpusDir: c.dir,
        questionsFile,
        goldCorpusDir: CORPUS_DIR,
        warmup: factor === 1 ? opts.warmup : Math.min(opts.warmup, 5),
        every: factor === 1 ? 1 : SCALE_SAMPLE.baseline,
      });
      for (const what of ["ingest", "query"]) {
        const dir = profDir(what);
        if (dir) profiles[`${what}@${label}`] = await summariseProfiles(dir, `${what}@${label}`, outDir);
      }
      ingestBy.set(factor, ingest);
      queryBy.set(factor, query);
      baselineBy.set(factor, baseline);
      rows.push({
        factor,
        files: c.files,
        text_mb: megabytes(c.bytes),
        units: ingest.units,
        ingest_s: ingest.seconds,
        mb_per_s: rate(c.bytes / (1024 * 1024), ingest.seconds),
        units_per_s: rate(ingest.units, ingest.seconds),
        p50_ms: query.latency.p50_ms,
        p95_ms: query.latency.p95_ms,
        p99_ms: query.latency.p99_ms,
        load_ms: query.open_ms,
        ready_ms: query.open_ms + query.engine_ms,
        rss_mb: query.rss_mb,
        ingest_rss_mb: ingest.rss_mb,
        disk_mb: megabytes(diskBytes),
        hit_at_5: query.hits.hit_at_5,
        hits_n: query.hits.n,
        baseline_p95_ms: baseline.latency.p95_ms,
        baseline_n: baseline.latency.n,
        memory: query.memory,
      });
      if (!opts.keep) {
        await rm(indexDir, { recursive: true, force: true });
        await rm(c.dir, { recursive: true, force: true });
      }
    }

    const smallest = opts.scales[0] ?? 1;
    const headRow = rows.find((r) => r.factor === largest);
    const q = queryBy.get(smallest);
    const b = baselineBy.get(smallest);
    const first = rows.find((r) => r.factor === smallest);
    if (!headRow || !q || !b || !first) throw new BenchError("bench: no scale was measured");
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    const result: BenchResult = {
      ingest: {
        factor: largest,
        mb_per_s: headRow.mb_per_s,
        pages_per_s: rate(pdfSet.pages, pdf.seconds),
        units_per_s: headRow.units_per_s,
        seconds: headRow.ingest_s,
        text_mb: headRow.text_mb,
        units: headRow.units,
        pdf: { files: pdfSet.files, pages: pdfSet.pages, units: pdf.units, seconds: pdf.seconds },
      },
      query: {
        factor: smallest,
        p50_ms: q.latency.p50_ms,
        p95_ms: q.latency.p95_ms,
        p99_ms: q.latency.p99_ms,
        mean_ms: q.latency.mean_ms,
        max_ms: q.latency.max_ms,
        n: q.latency.n,
        gold: { n: q.gold.n, p50_ms: q.gold.p50_ms, p95_ms: q.gold.p95_ms },
        paraphrase: { n: q.paraphrase.n, p50_ms: q.paraphrase.p50_ms, p95_ms: q.paraphrase.p95_ms },
        answered: q.answered,
      },
      load_ms: first.load_ms,
      ready_ms: first.ready_ms,
      rss_mb: first.rss_mb,
      disk_mb: first.disk_mb,
      scale: rows,
      growth: growthOf(rows),
      baseline: {
        factor: smallest,
        p50_ms: b.latency.p50_ms,
        p95_ms: b.latency.p95_ms,
        p99_ms: b.latency.p99_ms,
        n: b.latency.n,
        hit_at_1: b.hits.hit_at_1,
        hit_at_5: b.hits.hit_at_5,
        cited_hit: b.hits.cited_hit,
        scored: b.hits.n,
        chunks: b.chunks,
        build_ms: b.build_ms,
        rss_mb: b.rss_mb,
      },
      ours: {
        factor: smallest,
        hit_at_1: q.hits.hit_at_1,
        hit_at_5: q.hits.hit_at_5,
        cited_hit: q.hits.cited_hit,
        scored: q.hits.n,
      },
      targets: evaluateTargets(rows, headRow.mb_per_s, seconds),
      profiles,
      machine,
      load_avg_1m_end: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      command: `npm run bench -- ${argv.join(" ")}`.trim(),
      started_at: startedAt,
      seconds,
    };
    const json = `${JSON.stringify(result, null, 2)}\n`;
    await writeFile(join(outDir, "latest.json"), json);
    await writeFile(join(outDir, `bench-${startedAt.replace(/[:.]/g, "-")}.json`), json);
    if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      process.stdout.write(formatReport(result));
      say(`bench: JSON written to ${join(outDir, "latest.json")}`);
    }
    if (result.targets.some((t) => t.pass === false) && !opts.profile) {
      say("bench: a target was missed; run again with --profile to see where the time goes");
    }
    return 0;
  } finally {
    if (!opts.keep && !opts.work) await rm(work, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
