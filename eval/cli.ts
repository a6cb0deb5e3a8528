import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../ingest/config.js";
import { createLogger } from "../ingest/logger.js";
import { openIndex } from "../ingest/store/index.js";
import { auditJsonl, formatAuditTable } from "./audit.js";
import { formatAblationTable } from "./compare.js";
import { parseThresholds, ThresholdError } from "./metrics.js";
import { progressPrinter } from "./report/progress.js";
import { jsonSummary, summaryTable } from "./report/terminal.js";
import { evaluate, HarnessError, linkLatest } from "./run.js";

/**
 * `npm run eval`: see eval/README.md. Exit 0 when the gate passes, 100 when it fails, 1 on a harness
 * error (bad arguments, gold lint problems, ingest or index failure, zero cases scored).
 */

const USAGE = `usage: npm run eval -- [--gold FILE|DIR] [--corpus DIR] [--index DIR] [--out DIR] [--json]
                        [--compare] [--threshold name=value ...]
       npm run eval -- --audit FILE.jsonl [--index DIR] [--json]

  --gold DIR|FILE   gold cases (default eval/gold; a folder skips smoke.jsonl)
  --corpus DIR      the papers the gold refers to (default eval/corpus)
  --index DIR       eval index built from the corpus (default .scrutiny/eval-index);
                    with --audit, the bot's index (default SCRUTINY_INDEX or .scrutiny/index)
  --out DIR         where reports go (default eval/out/<timestamp>, linked as eval/out/latest)
  --json            stdout is one JSON summary object
  --compare         also run the ablations: baseline, lexical only, vector only, hybrid without rerank
  --threshold n=v   gate thresholds: strict_pass, refusal_accuracy, ungrounded_numbers, critical_strict_pass
  --audit FILE      check answers already given (Slack feedback log or ask --jsonl output); no gold needed
exit: 0 gate passed, 100 gate failed (audit: problems found), 1 harness error`;

const EXIT_PASS = 0;
const EXIT_GATE_FAILED = 100;
const EXIT_HARNESS = 1;

const DEFAULT_GOLD = "eval/gold";
const DEFAULT_CORPUS = "eval/corpus";
const DEFAULT_EVAL_INDEX = ".scrutiny/eval-index";
const DEFAULT_OUT_PARENT = "eval/out";

class UsageError extends Error {
  override readonly name = "UsageError";
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        gold: { type: "string" },
        corpus: { type: "string" },
        index: { type: "string" },
        out: { type: "string" },
        json: { type: "boolean", default: false },
        compare: { type: "boolean", default: false },
        threshold: { type: "string", multiple: true },
        audit: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      allowPositionals: false,
    }).values;
  } catch (cause) {
    throw new UsageError(`eval: ${(cause as Error).message}`, { cause });
  }
}

async function main(argv: string[]): Promise<number> {
  const values = parse(argv);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_PASS;
  }
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const json = values.json ?? false;

  if (values.audit) {
    const indexDir = values.index ?? config.indexDir;
    // Any chunker's index will do: the audit asks whether cited ids and texts are in THIS index.
    const store = await openIndex(indexDir, { config: { ...config, indexDir } });
    const report = auditJsonl(await readFile(values.audit, "utf8"), store.units);
    if (report.lines === 0) throw new HarnessError(`eval --audit: "${values.audit}" holds no answers`);
    if (json) process.stdout.write(`${JSON.stringify({ file: values.audit, index: indexDir, ...report })}\n`);
    else process.stdout.write(`${formatAuditTable(report, values.audit)}\n`);
    return report.problems.length > 0 ? EXIT_GATE_FAILED : EXIT_PASS;
  }

  const thresholds = parseThresholds(values.threshold ?? []);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const outDir = values.out ?? join(DEFAULT_OUT_PARENT, stamp);
  const evaluation = await evaluate({
    goldPath: values.gold ?? DEFAULT_GOLD,
    corpusDir: values.corpus ?? DEFAULT_CORPUS,
    indexDir: values.index ?? DEFAULT_EVAL_INDEX,
    outDir,
    config,
    logger,
    thresholds,
    compare: values.compare ?? false,
    onProgress: progressPrinter(),
  });
  if (!values.out) await linkLatest(outDir, DEFAULT_OUT_PARENT);
  const { results, written, ablations, ingest } = evaluation;
  process.stderr.write(
    `ingest: ${ingest.files} files, ${ingest.units} units (${ingest.added.length + ingest.updated.length} re-read, ${ingest.unchanged.length} unchanged)\n`,
  );

  if (json) {
    process.stdout.write(`${JSON.stringify(jsonSummary(results, written.html, ablations ?? undefined))}\n`);
  } else {
    process.stdout.write(`${summaryTable(results)}\n`);
    if (ablations) {
      process.stdout.write(
        `\nablations (same gold, ${results.cases.length} cases)\n${formatAblationTable(ablations)}\n`,
      );
    }
    process.stdout.write(
      `\nreport:  ${written.html}\nresults: ${written.results}\njunit:   ${written.junit}\n`,
    );
  }
  return results.gate.passed ? EXIT_PASS : EXIT_GATE_FAILED;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof UsageError || error instanceof ThresholdError) process.stderr.write(`${USAGE}\n`);
    process.exitCode = EXIT_HARNESS;
  },
);
