import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBuiltinGlossary } from "../../../ingest/glossary.js";
import { writeIndex } from "../../../ingest/store/index.js";
import { CHUNKER_VERSION } from "../../../ingest/structure/index.js";
import { makeUnit, SAMPLE, testConfig } from "../engine/units.js";

/** `npm run chat` fed from a pipe: the conversation keeps its history for follow-ups until /clear. */

let root: string;
let indexDir: string;

function chat(input: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join("node_modules", "tsx", "dist", "cli.mjs"), "bot/cli/chat.ts", "--index", indexDir],
      {
        cwd: process.cwd(),
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "silent" },
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout }));
    child.stdin.end(input);
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "chat-cli-"));
  indexDir = join(root, "index");
  await writeIndex(
    indexDir,
    {
      documents: [],
      units: SAMPLE.map(makeUnit),
      glossary: loadBuiltinGlossary(),
      files: [],
      chunkerVersion: CHUNKER_VERSION,
    },
    { config: testConfig() },
  );
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("chat CLI", () => {
  it("answers, follows up from history, forgets on /clear and stops on /quit", async () => {
    const r = await chat(
      [
        "What percentage of assessments were completed within 45 days at the end of Q3 2023/24?",
        "and the quarter 2 figure?",
        "/clear",
        "and the quarter 2 figure?",
        "/quit",
        "What was the value of the MISTLE contract?",
      ].join("\n"),
    );
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain("88.9%");
    expect(out).toMatch(
      /88\.2%[\s\S]*Read as: “What percentage of assessments were completed within 45 days/,
    );
    expect(out).toContain("(conversation cleared)");
    // After /clear the follow-up has nothing to lean on; after /quit nothing more is answered.
    expect(out.split("(conversation cleared)")[1]).toContain("I could not find this in the papers.");
    expect(out).not.toContain("£450,000");
  });
});
