import { basename } from "node:path";
import { parseArgs } from "node:util";
import type { Pick } from "../../bot/engine/extractive.js";
import { FIGURE_FEATURES, FIGURE_WEIGHTS } from "../../bot/engine/figureScore.js";
import { createEngine } from "../../bot/engine/index.js";
import { loadConfig } from "../../ingest/config.js";
import { type GoldCase, loadGold } from "../gold.js";
import { progressPrinter } from "../report/progress.js";
import { HarnessError, openEvalIndex } from "../run.js";
import { collectGroups } from "./collect.js";
import { crossValidate, DEFAULT_FIT, fitWeights, learnable, offered, topOne, vetoedRight } from "./fit.js";

/**
 * `npm run train`: learn figure weights from gold sets that have been read and compare them with the engine's
 * (FIGURE_WEIGHTS) on each set held out in turn, the honest estimate. Also counts where right figures are lost:
 * never among the candidates, vetoed by a rule, or outscored. A blind set is never trained on: holdout4, holdout6,
 * holdout7, holdout11, holdout12, holdout16 and holdout17 are not among the defaults.
 */

const USAGE = `usage: npm run train -- [--gold FILE ...] [--corpus DIR] [--index DIR] [--json]

  --gold FILE   a gold set to learn from, one per flag (default: the read sets
                eval/gold/{figures,holdout,holdout2,holdout3,holdout5,holdout8,holdout9,holdout10,holdout13,holdout14,holdout15}.jsonl; never a blind set)
  --corpus DIR  the papers (default eval/corpus)
  --index DIR   eval index (default .scrutiny/eval-index)
  --json        stdout is one JSON object
exit: 0 done, 1 error`;

const DEFAULT_SETS = [
  "figures",
  "holdout",
  "holdout2",
  "holdout3",
  "holdout5",
  "holdout8",
  "holdout9",
  "holdout10",
  "holdout13",
  "holdout14",
  "holdout15",
].map((s) => `eval/gold/${s}.jsonl`);

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      gold: { type: "string", multiple: true },
      corpus: { type: "string", default: "eval/corpus" },
      index: { type: "string", default: ".scrutiny/eval-index" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    allowPositionals: false,
  }).values;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

async function main(argv: string[]): Promise<number> {
  const values = parse(argv);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const files = values.gold ?? DEFAULT_SETS;
  const config = loadConfig(process.env);
  const progress = progressPrinter();
  const { store, corpusFiles, indexConfig, ctx } = await openEvalIndex({
    corpusDir: values.corpus,
    indexDir: values.index,
    config,
    onProgress: progress,
  });
  const cases: GoldCase[] = [];
  const setOf = new Map<GoldCase, string>();
  for (const file of files) {
    for (const c of await loadGold(file)) {
      cases.push(c);
      setOf.set(c, basename(file, ".jsonl"));
    }
  }
  if (cases.length === 0) throw new HarnessError(`train: no cases in ${files.join(", ")}`);

  let last: Pick[] = [];
  // The features of a candidate do not depend on the weights: one pass serves every fit.
  const engine = createEngine({
    store,
    config: indexConfig,
    figureWeights: FIGURE_WEIGHTS,
    debug: (_q, picks) => {
      last = picks;
    },
  });
  const collected = await collectGroups(
    cases,
    async (question) => {
      last = [];
      await engine.ask(question);
      return last;
    },
    ctx,
    {
      corpusFiles,
      setOf: (c) => setOf.get(c) ?? "?",
      onProgress: (done, total) => progress(`train: collecting ${done}/${total}`, done === total),
    },
  );

  const groups = offered(collected);
  const prior = FIGURE_FEATURES.map((name) => FIGURE_WEIGHTS[name]);
  const folds = crossValidate(groups, prior);
  const learned = fitWeights(groups, prior);
  const total = (pick: (f: (typeof folds)[number]) => number) => folds.reduce((s, f) => s + pick(f), 0);
  const report = {
    gold: files,
    questions: groups.length,
    learnable: learnable(groups).length,
    reachable: groups.filter((g) => g.candidates.some((c) => c.right)).length,
    vetoedRight: vetoedRight(collected),
    fit: DEFAULT_FIT,
    folds,
    crossValidated: { engine: total((f) => f.engine), learned: total((f) => f.learned) },
    onTrainingSets: { engine: topOne(groups, prior), learned: topOne(groups, learned) },
    learnedWeights: Object.fromEntries(FIGURE_FEATURES.map((name, i) => [name, round(learned[i] ?? 0)])),
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const lines = [
    `figure questions: ${report.questions}; a right figure offered for ${report.reachable}; learnable ${report.learnable}`,
    "held-out set         questions  reachable  engine  learned",
    ...folds.map(
      (f) =>
        `${f.heldOut.padEnd(20)} ${String(f.questions).padStart(9)}  ${String(f.reachable).padStart(9)}  ${String(f.engine).padStart(6)}  ${String(f.learned).padStart(7)}`,
    ),
    `right figure only among the vetoed, by veto: ${JSON.stringify(report.vetoedRight)}`,
    `held out, the top candidate is right for: engine weights ${report.crossValidated.engine}, learned ${report.crossValidated.learned}`,
    `learned on all sets: ${JSON.stringify(report.learnedWeights)}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof TypeError && /option|argument/i.test(error.message))
      process.stderr.write(`${USAGE}\n`);
    process.exitCode = 1;
  },
);
