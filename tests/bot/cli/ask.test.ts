import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnswerSchema } from "../../../bot/engine/types.js";
import { loadBuiltinGlossary } from "../../../ingest/glossary.js";
import { writeIndex } from "../../../ingest/store/index.js";
import { CHUNKER_VERSION } from "../../../ingest/structure/index.js";
import { makeUnit, SAMPLE, testConfig } from "../engine/units.js";

/** `npm run ask` as a user runs it: a child process (tsx) against an index folder on disk. */

let root: string;
let indexDir: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function ask(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join("node_modules", "tsx", "dist", "cli.mjs"), "bot/cli/ask.ts", ...args],
      {
        cwd: process.cwd(),
        // A clean environment: no API key, so answers are extractive and offline.
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "silent" },
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "ask-cli-"));
  indexDir = join(root, "index");
  const units = SAMPLE.map(makeUnit);
  await writeIndex(
    indexDir,
    { documents: [], units, glossary: loadBuiltinGlossary(), files: [], chunkerVersion: CHUNKER_VERSION },
    { config: testConfig() },
  );
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("ask CLI", () => {
  it("prints a readable answer with numbered citations", async () => {
    const r = await ask([
      "--index",
      indexDir,
      "what % of CP cases got reviewed on time at the end of Q3 2023/24?",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^82\.6% \(266 of 322\)\. “The percentage of Child Protection cases/);
    expect(r.stdout).toContain("Sources:");
    expect(r.stdout).toContain("[1] Quarter 3 2023/24 Performance Report (5 March 2024), para 7, page 70");
    // Not a TTY: no escape codes.
    expect(r.stdout).not.toContain("\u001b[");
  });

  it("prints the Answer JSON with --json", async () => {
    const r = await ask(["--index", indexDir, "--json", "What was the value of the MISTLE contract?"]);
    expect(r.code).toBe(0);
    const answer = AnswerSchema.parse(JSON.parse(r.stdout));
    expect(answer.figures[0]?.text).toBe("£450,000");
    expect(answer.citations[0]?.paragraph).toBe("70(ii)");
  });

  it("answers stdin questions one JSON line each, in order, with nothing else on stdout", async () => {
    const questions = [
      "What was the value of the MISTLE contract?",
      "How many foster carers does Leicestershire have?",
      "",
      "How many children are electively home educated now?",
    ];
    const r = await ask(["--index", indexDir, "--jsonl"], `${questions.join("\n")}\n`);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(questions.length);
    const answers = lines.map((l) => AnswerSchema.parse(JSON.parse(l)));
    expect(answers.map((a) => a.question)).toEqual(questions);
    expect(answers[0]?.figures[0]?.text).toBe("£450,000");
    expect(answers[1]?.answered).toBe(false);
    expect(answers[2]?.answered).toBe(false);
    expect(answers[3]?.figures[0]?.text).toBe("1023");
  });

  it("exits 3 with the ingest command when the index is missing", async () => {
    const missing = join(root, "nothing-here");
    const r = await ask(["--index", missing, "How many UASC are in care?"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`npm run ingest -- --index ${missing} eval/corpus`);
  });

  it("exits 2 on usage errors", async () => {
    const [none, both, unknown] = await Promise.all([
      ask(["--index", indexDir]),
      ask(["--index", indexDir, "--jsonl", "a question too"]),
      ask(["--frobnicate", "q"]),
    ]);
    expect(none.code).toBe(2);
    expect(both.code).toBe(2);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/usage: npm run ask/);
  });
});
