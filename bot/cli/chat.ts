import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { createEngine, formatAnswer, type Turn } from "../engine/index.js";
import { cliArgs, cliSetup, EXIT, runCli } from "./common.js";

const USAGE = `usage: npm run chat -- [--index DIR] [--collection NAME]...

A conversation with the committee papers: ask, then follow up ("and for Q2?", "what about secondary?").
  /clear  forget the conversation so far
  /quit   leave (or Ctrl-D)`;

/** Turns kept for follow-ups: enough for "and for Q2?" chains, few enough that old topics do not leak in. */
const HISTORY_TURNS = 6;

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      index: { type: "string" },
      collection: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
}

async function main(argv: string[]): Promise<number> {
  const args = cliArgs("chat", USAGE, parse, argv);
  if (typeof args === "number") return args;
  const setup = await cliSetup(args.values.index);
  if (typeof setup === "number") return setup;
  const engine = createEngine(setup);
  const collections = args.values.collection;
  const color = process.stdout.isTTY === true;
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: process.stdin.isTTY === true,
  });
  let history: Turn[] = [];
  console.log(
    'Ask about the committee papers. Follow-ups work ("and for Q2?"). /clear to start again, /quit to leave.',
  );
  rl.setPrompt("> ");
  rl.prompt();
  for await (const line of rl) {
    const input = line.trim();
    if (input === "/quit" || input === "/exit") break;
    if (input === "/clear") {
      history = [];
      console.log("(conversation cleared)");
    } else if (input !== "") {
      const answer = await engine.ask(input, { history, ...(collections ? { collections } : {}) });
      console.log(`\n${formatAnswer(answer, { color })}\n`);
      history = [...history, { question: input, answer: answer.answer }].slice(-HISTORY_TURNS);
    }
    rl.prompt();
  }
  rl.close();
  return EXIT.ok;
}

runCli("chat", main);
