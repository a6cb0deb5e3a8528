import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DraftResultSchema } from "../../../bot/questions/index.js";
import { loadConfig } from "../../../ingest/config.js";
import { buildCorpusIndex } from "./corpus.js";

const ROOT = join(import.meta.dirname, "../../..");
const CLI = join(ROOT, "bot/cli/questions.ts");
let work: string;
let indexDir: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "scrutiny-questions-cli-"));
  indexDir = await buildCorpusIndex(work, loadConfig({}));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "silent" },
    });
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
  });
}

describe("npm run questions", () => {
  it("prints numbered drafts with why, sources and previously asked lines", async () => {
    const { code, stdout } = await run(["--index", indexDir, "innovation partnership"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Scrutiny questions: Children's Innovation Partnership \(5 March 2024\)\n/);
    expect(stdout).toMatch(/\n1\. Para 28 says “Anticipated on-going annual revenue savings of £2\.5m/);
    expect(stdout).toMatch(/\n {3}Why ask: /);
    expect(stdout).toMatch(/\n {3}Source: Children's Innovation Partnership \(5 March 2024\), para 28\n/);
    expect(stdout).toMatch(
      /\n {3}Previously asked on 23 January 2024, minute 52\(iii\): The Director confirmed that 23/,
    );
  });

  it("prints the DraftResult with --json", async () => {
    const { code, stdout } = await run(["--index", indexDir, "--json", "--max", "3", "Q3", "performance"]);
    expect(code).toBe(0);
    const result = DraftResultSchema.parse(JSON.parse(stdout));
    expect(result.topic).toBe("Q3 performance");
    expect(result.questions).toHaveLength(3);
  });

  it("exits 2 on usage errors", async () => {
    const none = await run(["--index", indexDir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no topic given/);
    const bad = await run(["--index", indexDir, "--max", "0", "UASC"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max must be a positive whole number/);
  });

  it("exits 3 when the index is missing, printing the ingest command", async () => {
    const missing = join(work, "no-such-index");
    const { code, stderr } = await run(["--index", missing, "UASC"]);
    expect(code).toBe(3);
    expect(stderr).toContain(`npm run ingest -- --index ${missing} eval/corpus`);
  });
});
