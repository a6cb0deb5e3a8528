import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { createEngine, formatAnswer, type ScrutinyEngine } from "../engine/index.js";
import { cliArgs, cliSetup, EXIT, runCli } from "./common.js";

const USAGE = `usage: npm run ask -- [--index DIR] [--collection NAME]... [--json] "question"
       npm run ask -- [--index DIR] [--collection NAME]... --jsonl < questions.txt

Answers a question from the indexed committee papers, citing the paragraph it comes from.
  --index DIR        index folder (default: $SCRUTINY_INDEX or .scrutiny/index)
  --collection NAME  collections the answer may draw on (repeatable; default: public)
  --json             print the answer as one JSON object
  --jsonl            read questions from stdin, one per line; print one JSON answer per line, in order

Exit status: 0 answered (or said it could not find it), 2 usage or configuration error, 3 index missing or
built by another version (the message gives the ingest command to run), 1 anything else.`;

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      index: { type: "string" },
      collection: { type: "string", multiple: true },
      json: { type: "boolean" },
      jsonl: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

async function answerLines(engine: ScrutinyEngine, collections: string[] | undefined): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    const answer = await engine.ask(line, collections ? { collections } : {});
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
}

async function main(argv: string[]): Promise<number> {
  const args = cliArgs("ask", USAGE, parse, argv);
  if (typeof args === "number") return args;
  const jsonl = args.values.jsonl === true;
  const question = args.positionals.join(" ").trim();
  if (jsonl && (question !== "" || args.values.json)) {
    console.error(`ask: --jsonl reads questions from stdin; give no question and no --json\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (!jsonl && question === "") {
    console.error(`ask: no question given\n\n${USAGE}`);
    return EXIT.usage;
  }
  const setup = await cliSetup(args.values.index);
  if (typeof setup === "number") return setup;
  const engine = createEngine(setup);
  const collections = args.values.collection;
  if (jsonl) {
    await answerLines(engine, collections);
    return EXIT.ok;
  }
  const answer = await engine.ask(question, collections ? { collections } : {});
  if (args.values.json) console.log(JSON.stringify(answer, null, 2));
  else console.log(formatAnswer(answer, { color: process.stdout.isTTY === true }));
  return EXIT.ok;
}

runCli("ask", main);
