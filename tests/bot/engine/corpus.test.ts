import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, type ScrutinyEngine } from "../../../bot/engine/index.js";
import type { Answer } from "../../../bot/engine/types.js";
import { ingestPaths } from "../../../ingest/pipeline.js";
import { openIndex } from "../../../ingest/store/index.js";
import { CHUNKER_VERSION } from "../../../ingest/structure/index.js";
import {
  type DevQuestion,
  DEV_QUESTIONS as FIRST_SET,
  NEW_QUESTIONS,
  SESSION2_QUESTIONS,
  SESSION3_QUESTIONS,
  SESSION4_QUESTIONS,
  SESSION5_QUESTIONS,
  SESSION6_QUESTIONS,
  SESSION7_QUESTIONS,
  SESSION8_QUESTIONS,
} from "./questions.js";

/** The first dev set and the thirty written after the first round of tuning, judged together. */
const DEV_QUESTIONS: DevQuestion[] = [
  ...FIRST_SET,
  ...NEW_QUESTIONS,
  ...SESSION2_QUESTIONS,
  ...SESSION3_QUESTIONS,
  ...SESSION4_QUESTIONS,
  ...SESSION5_QUESTIONS,
  ...SESSION6_QUESTIONS,
  ...SESSION7_QUESTIONS,
  ...SESSION8_QUESTIONS,
];

import { testConfig } from "./units.js";

/**
 * The engine on the real index of the five demo papers (built once, in a temp dir, by the real ingest), against
 * the dev set in questions.ts: the right figure with its source in the top three citations, or a refusal where the
 * papers do not answer.
 */

const CORPUS = join(process.cwd(), "eval", "corpus");
let dir: string;
let engine: ScrutinyEngine;
let store: Awaited<ReturnType<typeof openIndex>>;
const results = new Map<string, { pass: boolean; why: string; answer: Answer }>();

function norm(s: string): string {
  return s.toLowerCase().replace(/\s+/g, " ").trim();
}

function judge(c: DevQuestion, a: Answer): { pass: boolean; why: string } {
  if (c.expect.kind === "unanswerable") {
    return a.answered || a.figures.length > 0
      ? { pass: false, why: `answered "${a.answer.slice(0, 120)}"` }
      : { pass: true, why: "" };
  }
  if (!a.answered) return { pass: false, why: "refused" };
  const evidence = c.expect.evidence.map(norm);
  const top = a.citations.slice(0, 3);
  if (!top.some((cit) => evidence.some((e) => norm(cit.text).includes(e)))) {
    return {
      pass: false,
      why: `no top-3 citation holds the evidence: ${top.map((t) => `${t.title} #${t.paragraph}`).join(" | ")}`,
    };
  }
  if (c.expect.kind === "figure") {
    const f = a.figures[0];
    if (!f || Math.abs(f.value - c.expect.value) > 1e-9 * Math.max(1, Math.abs(c.expect.value))) {
      return { pass: false, why: `figure ${f?.text ?? "none"} instead of ${c.expect.value}` };
    }
  }
  return { pass: true, why: "" };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "engine-corpus-"));
  const config = testConfig();
  const files = (await readdir(CORPUS)).filter((f) => f.endsWith(".txt")).map((f) => join(CORPUS, f));
  await ingestPaths(files, { indexDir: dir, config });
  store = await openIndex(dir, { config, expectedChunkerVersion: CHUNKER_VERSION });
  engine = createEngine({ store, config, now: () => new Date("2024-06-01T00:00:00Z") });
  for (const c of DEV_QUESTIONS) {
    const answer = await engine.ask(c.q);
    results.set(c.q, { ...judge(c, answer), answer });
  }
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("dev set over the five demo papers", () => {
  it("has 40+ questions, answerable and not", () => {
    expect(DEV_QUESTIONS.length).toBeGreaterThanOrEqual(40);
    expect(DEV_QUESTIONS.filter((c) => c.expect.kind === "unanswerable").length).toBeGreaterThanOrEqual(10);
  });

  it("answers at least 90% right: figure and source, or a refusal", () => {
    const failed = [...results.entries()].filter(([, r]) => !r.pass).map(([q, r]) => `${q}: ${r.why}`);
    const rate = (results.size - failed.length) / results.size;
    expect(rate, `failed:\n${failed.join("\n")}`).toBeGreaterThanOrEqual(0.9);
  });

  it("refuses at least 90% of the questions the papers do not answer, and never with a figure", () => {
    const none = DEV_QUESTIONS.filter((c) => c.expect.kind === "unanswerable");
    const refused = none.filter((c) => results.get(c.q)?.pass);
    const answered = none
      .filter((c) => !results.get(c.q)?.pass)
      .map((c) => `${c.q}: ${results.get(c.q)?.why}`);
    expect(refused.length / none.length, `answered:\n${answered.join("\n")}`).toBeGreaterThanOrEqual(0.9);
    for (const c of none) {
      const a = results.get(c.q)?.answer;
      if (a && !a.answered) expect(a.figures).toEqual([]);
    }
  });

  it("gets the figure right in at least 90% of the figure questions", () => {
    const figures = DEV_QUESTIONS.filter((c) => c.expect.kind === "figure");
    const right = figures.filter((c) => results.get(c.q)?.pass);
    expect(right.length / figures.length).toBeGreaterThanOrEqual(0.9);
  });

  it("answers a question asking a name with the sentence alone, no figure in front", () => {
    const a = results.get("what's the first CIP children's home called?")?.answer;
    expect(a?.answered).toBe(true);
    expect(a?.figures).toEqual([]);
    expect(a?.answer).toMatch(/^“The first of these homes, The Old Post Office/);
  });

  it("answers the session-7 questions: comparators named, changes, superlatives, names, uncounted hubs", () => {
    for (const c of SESSION7_QUESTIONS) {
      const r = results.get(c.q);
      expect(r?.pass, `${c.q}: ${r?.why}`).toBe(true);
    }
  });

  it("answers the session-8 questions: year groups, quarters placed, totals and their parts, named comparators", () => {
    for (const c of SESSION8_QUESTIONS) {
      const r = results.get(c.q);
      expect(r?.pass, `${c.q}: ${r?.why}`).toBe(true);
    }
  });

  it("cites the Q3 report's para 7 for the headline question, with its page and date", () => {
    const a = results.get("what % of CP cases got reviewed on time at the end of Q3 2023/24?")?.answer;
    expect(a?.answer).toMatch(/^82\.6% \(266 of 322\)/);
    expect(a?.citations[0]).toMatchObject({ paragraph: "7", date: "2024-03-05" });
    expect(a?.citations[0]?.title).toMatch(/Quarter 3 2023\/24 Performance Report/i);
  });

  it("prints a duration's headline with the word its paragraph prints after it ('42 weeks', not '42')", () => {
    const a = [...results.values()].find((r) => r.answer.figures[0]?.unit === "weeks" && r.pass)?.answer;
    expect(a?.answer).toMatch(/^\d+ weeks\. “/);
  });

  it("never states a figure that no cited unit states (guard on every answer)", async () => {
    const { checkFigures } = await import("../../../bot/engine/guard.js");
    for (const { answer } of results.values()) {
      if (!answer.answered) continue;
      const r = checkFigures(
        answer.answer,
        answer.figures,
        answer.citations.map((c) => c.text),
      );
      expect(r.unsourced, answer.answer).toEqual([]);
    }
  });
});

describe("relative periods over an index older than today", () => {
  it("reads 'last year' from the newest paper's date, and says so", async () => {
    const later = createEngine({ store, config: testConfig(), now: () => new Date("2026-11-22T10:00:00Z") });
    const a = await later.ask("KS4 P8 for our FSM kids last year?");
    expect(a.figures[0]?.value).toBe(-0.76);
    expect(a.notes).toContain("Read “last year” as 2023: the newest papers I hold are from 5 March 2024.");
  });

  it("adds no note when today gives the same reading", async () => {
    const a = await engine.ask("KS4 P8 for our FSM kids last year?");
    expect(a.figures[0]?.value).toBe(-0.76);
    expect(a.notes.join(" ")).not.toMatch(/newest papers/);
  });
});
