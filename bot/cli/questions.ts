import { parseArgs } from "node:util";
import { createQuestionDrafter, formatDraftsForTerminal } from "../questions/index.js";
import { cliArgs, cliSetup, EXIT, runCli } from "./common.js";

const USAGE = `usage: npm run questions -- [--index DIR] [--collection NAME]... [--max N] [--json] "topic"

Drafts scrutiny questions on a report or subject from the indexed committee papers, each tied to the paragraph
and figure behind it, with any minute where the committee asked about it before.
  --index DIR        index folder (default: $SCRUTINY_INDEX or .scrutiny/index)
  --collection NAME  collections the drafts may draw on (repeatable; default: public)
  --max N            most questions to draft (default 8)
  --json             print the result as one JSON object

Topics: a report title ("Q3 performance", "innovation partnership", "UASC"), an agenda item ("item 12") or a
subject ("EHCP").

Exit status: 0 drafted (or said there was nothing to draft from), 2 usage or configuration error, 3 index missing
or built by another version (the message gives the ingest command to run), 1 anything else.`;

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      index: { type: "string" },
      collection: { type: "string", multiple: true },
      max: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

async function main(argv: string[]): Promise<number> {
  const args = cliArgs("questions", USAGE, parse, argv);
  if (typeof args === "number") return args;
  const topic = args.positionals.join(" ").trim();
  if (topic === "") {
    console.error(`questions: no topic given\n\n${USAGE}`);
    return EXIT.usage;
  }
  let max: number | undefined;
  if (args.values.max !== undefined) {
    max = Number(args.values.max);
    if (!Number.isInteger(max) || max < 1) {
      console.error(`questions: --max must be a positive whole number, got "${args.values.max}"\n\n${USAGE}`);
      return EXIT.usage;
    }
  }
  const setup = await cliSetup(args.values.index);
  if (typeof setup === "number") return setup;
  const drafter = createQuestionDrafter(setup);
  const result = await drafter.draft(topic, {
    ...(args.values.collection ? { collections: args.values.collection } : {}),
    ...(max !== undefined ? { max } : {}),
  });
  if (args.values.json) console.log(JSON.stringify(result, null, 2));
  else console.log(formatDraftsForTerminal(result));
  return EXIT.ok;
}

runCli("questions", main);
