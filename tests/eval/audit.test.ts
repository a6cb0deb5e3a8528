import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer, Citation } from "../../bot/engine/types.js";
import { auditJsonl, formatAuditTable } from "../../eval/audit.js";
import { loadConfig } from "../../ingest/config.js";
import { writeIndex } from "../../ingest/store/index.js";
import type { Unit } from "../../ingest/types.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");
const F001 = "001_bc9149fb7ac2f9bb.txt";
const RAW = readFileSync(join(ROOT, "eval/corpus", F001), "utf8");

/** A unit holding one real numbered paragraph of the Q3 2023/24 performance report. */
function paragraph(id: string, number: string): Unit {
  const start = RAW.indexOf(`\n${number}. The percentage of`) + 1;
  const end = RAW.indexOf("\n", start);
  const source = `eval/corpus/${F001}`;
  return {
    id,
    kind: "paragraph",
    text: RAW.slice(start, end).replace(/^\d+\.\s*/, ""),
    context: "Quarter 3 2023/24 Performance Report",
    documentId: `${source}#7`,
    source,
    title: "Quarter 3 2023/24 Performance Report",
    committee: "Children and Families Overview and Scrutiny Committee",
    meetingDate: "2024-03-05",
    agendaItem: null,
    section: null,
    paragraph: number,
    part: 0,
    page: null,
    start,
    end,
    collection: "public",
    sources: [{ source, documentId: `${source}#7`, page: null, start, end }],
    table: null,
    figures: [],
  };
}

const P7 = paragraph("u-para7", "7");
const P8 = paragraph("u-para8", "8");
const UNITS = new Map([P7, P8].map((u) => [u.id, u]));

function citation(u: Unit, text = u.text): Citation {
  return {
    id: u.id,
    source: u.source,
    title: u.title,
    section: null,
    paragraph: u.paragraph,
    page: null,
    date: u.meetingDate,
    text,
    score: 1,
    collection: "public",
  };
}

function askLine(answer: string, citations: Citation[], figures: Answer["figures"] = []): string {
  const a: Answer = {
    question: "What % of CP cases were reviewed in timescale at end of Q3 23/24?",
    answer,
    answered: true,
    mode: "extractive",
    citations,
    figures,
    notes: [],
    suggestions: [],
  };
  return JSON.stringify(a);
}

const GOOD = askLine(
  "82.6% (266 of 322 children).",
  [citation(P7)],
  [{ value: 82.6, unit: "percent", text: "82.6%" }],
);
const LINES = {
  good: GOOD,
  ungrounded: askLine("82.6%, against 91.4% nationally.", [citation(P7)]),
  wrongParagraph: askLine("28.7%", [citation(P7)], [{ value: 28.7, unit: "percent", text: "28.7%" }]),
  unknownId: JSON.stringify({
    question: "Repeat plans at Q3?",
    answer: "28.7%",
    citations: [{ id: "not-a-unit", text: "increased to 28.7% at the end of quarter 3" }],
    user: "sha256:ab12",
    rating: "down",
    time: "2024-03-06T09:00:00Z",
  }),
  altered: JSON.stringify({
    question: "Repeat plans at Q3?",
    answer: "28.7%",
    citations: [{ ...citation(P8), text: "The rate of repeat plans fell to 20.7% at the end of quarter 3." }],
  }),
  nested: JSON.stringify({ question: "CP reviews?", answer: JSON.parse(GOOD), rating: "up" }),
  bareIds: JSON.stringify({
    question: "Repeat plans at Q3?",
    answer: "It rose to 28.7% in Q3 2023/24.",
    citations: ["u-para8"],
  }),
  broken: "{not json",
};

describe("auditJsonl", () => {
  it.each([
    ["a grounded, correctly cited answer (ask --jsonl)", LINES.good, []],
    ["a figure no cited paragraph states", LINES.ungrounded, ["UNGROUNDED_FIGURE"]],
    ["the right paragraph's neighbour's figure", LINES.wrongParagraph, ["UNGROUNDED_FIGURE"]],
    [
      "a citation id the index does not hold (feedback log)",
      LINES.unknownId,
      ["CITATION_NOT_IN_INDEX", "UNGROUNDED_FIGURE"],
    ],
    ["a real id whose quoted text was changed", LINES.altered, ["CITATION_TEXT_MISMATCH"]],
    ["a feedback line carrying the whole Answer", LINES.nested, []],
    ["citations given as bare ids; periods are not figures", LINES.bareIds, []],
    ["a line that is not JSON", LINES.broken, ["BAD_LINE"]],
  ])("%s", (_name, line, codes) => {
    const report = auditJsonl(`${line}\n`, UNITS);
    expect(report.problems.map((p) => p.code)).toEqual(codes);
    expect(report.answersWithProblems).toBe(codes.length > 0 ? 1 : 0);
  });

  it("names the line, the question and the figure", () => {
    const report = auditJsonl([LINES.good, "", LINES.ungrounded].join("\n"), UNITS);
    expect(report).toMatchObject({ lines: 2, answers: 2, citations: 2, answersWithProblems: 1 });
    expect(report.problems).toEqual([
      {
        line: 3,
        question: "What % of CP cases were reviewed in timescale at end of Q3 23/24?",
        code: "UNGROUNDED_FIGURE",
        detail: '"91.4%" is not stated in any cited paragraph',
      },
    ]);
    expect(formatAuditTable(report, "answers.jsonl")).toContain("UNGROUNDED_FIGURE");
  });
});

describe("npm run eval -- --audit (real index on disk)", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "eval-audit-"));
    const config = { ...loadConfig({}), indexDir: join(dir, "index") };
    await writeIndex(
      join(dir, "index"),
      { documents: [], units: [P7, P8], glossary: [], files: [], chunkerVersion: "audit-test" },
      { config },
    );
    await writeFile(join(dir, "clean.jsonl"), `${LINES.good}\n${LINES.bareIds}\n`);
    await writeFile(join(dir, "bad.jsonl"), `${LINES.good}\n${LINES.unknownId}\n${LINES.altered}\n`);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function audit(file: string, json: boolean): Promise<{ code: number; stdout: string }> {
    const args = [
      "--import",
      "tsx",
      "eval/cli.ts",
      "--audit",
      join(dir, file),
      "--index",
      join(dir, "index"),
    ];
    try {
      const { stdout } = await run(process.execPath, json ? [...args, "--json"] : args, {
        cwd: ROOT,
        env: { ...process.env, OPENAI_API_KEY: "" },
      });
      return { code: 0, stdout };
    } catch (error) {
      const e = error as { code?: number; stdout?: string };
      return { code: e.code ?? -1, stdout: e.stdout ?? "" };
    }
  }

  it("exits 100 and reports each problem as JSON", async () => {
    const { code, stdout } = await audit("bad.jsonl", true);
    expect(code).toBe(100);
    const report = JSON.parse(stdout) as { problems: { line: number; code: string }[]; answers: number };
    expect(report.answers).toBe(3);
    expect(report.problems.map((p) => [p.line, p.code])).toEqual([
      [2, "CITATION_NOT_IN_INDEX"],
      [2, "UNGROUNDED_FIGURE"],
      [3, "CITATION_TEXT_MISMATCH"],
    ]);
  });

  it("exits 0 on clean answers and prints a table", async () => {
    const { code, stdout } = await audit("clean.jsonl", false);
    expect(code).toBe(0);
    expect(stdout).toMatch(/2 answer\(s\), 2 citation\(s\), 0 problem\(s\)/);
  });
});
