import { createHash } from "node:crypto";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Answer } from "../../../bot/engine/types.js";
import {
  appendFeedback,
  decodeFeedbackValue,
  encodeFeedbackValue,
  FeedbackLogError,
  type FeedbackRecord,
  FeedbackRecordSchema,
  hashUser,
} from "../../../bot/slack/feedback.js";
import { CORPUS_UNITS } from "../../fakes/engine.js";

function firstCitation() {
  const c = CORPUS_UNITS[0]?.citation;
  if (!c) throw new Error("corpus units missing");
  return c;
}
const PARA7 = firstCitation();

const ANSWER: Answer = {
  question:
    "What percentage of child protection cases were reviewed within timescales at the end of quarter 3?",
  answer:
    "The percentage of Child Protection cases reviewed within timescales was 82.6% at the end of quarter 3.",
  answered: true,
  mode: "extractive",
  citations: [PARA7],
  figures: [{ value: 82.6, unit: "percent", text: "82.6%" }],
  notes: [],
  suggestions: [],
};

function record(overrides: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return {
    time: "2024-03-06T10:00:00.000Z",
    rating: "up",
    user: hashUser("U0COUNCIL", "salt"),
    channel: "C0PUBLIC1",
    collections: ["public"],
    question: ANSWER.question,
    answer: ANSWER.answer,
    answered: true,
    citations: [{ id: PARA7.id, source: PARA7.source, paragraph: "7", page: null }],
    truncated: false,
    ...overrides,
  };
}

describe("feedback button value", () => {
  it("round-trips question, answer and citation refs", () => {
    expect(decodeFeedbackValue(encodeFeedbackValue(ANSWER))).toEqual({
      question: ANSWER.question,
      answer: ANSWER.answer,
      answered: true,
      citations: [{ id: PARA7.id, source: PARA7.source, paragraph: "7", page: null }],
      truncated: false,
    });
  });

  it("fits 2000 characters however long the answer, and says it was shortened", () => {
    const long: Answer = {
      ...ANSWER,
      question: `"${"quoted ".repeat(200)}"`,
      answer: `${'He said "82.6%"\n\t'.repeat(500)}`,
      citations: Array.from({ length: 20 }, (_, i) => ({ ...PARA7, id: `id-${i}`, source: "s".repeat(500) })),
    };
    const value = encodeFeedbackValue(long);
    expect(value.length).toBeLessThanOrEqual(2000);
    const decoded = decodeFeedbackValue(value);
    expect(decoded?.truncated).toBe(true);
    expect(decoded?.answer.length).toBeGreaterThan(0);
    expect(decoded?.answer.endsWith("…")).toBe(true);
  });

  it("refuses values that are not ours", () => {
    expect(decodeFeedbackValue("{}")).toBeNull();
    expect(decodeFeedbackValue("nope")).toBeNull();
  });
});

describe("hashUser", () => {
  it("is a salted sha256: stable per salt, different across salts, never the id itself", () => {
    const a = hashUser("U0COUNCIL", "salt-a");
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(hashUser("U0COUNCIL", "salt-a")).toBe(a);
    expect(hashUser("U0COUNCIL", "salt-b")).not.toBe(a);
    expect(hashUser("U0OTHER01", "salt-a")).not.toBe(a);
    // The construction the eval can rely on: sha256 over salt, NUL, user id.
    expect(hashUser("U1", "s")).toBe(createHash("sha256").update("s\0U1").digest("hex"));
  });
});

describe("appendFeedback", () => {
  it("creates the folder and appends one JSON line per click", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scrutiny-fb-"));
    const file = join(dir, "a", "b", "feedback.jsonl");
    await appendFeedback(file, record());
    await Promise.all([appendFeedback(file, record({ rating: "down" })), appendFeedback(file, record())]);
    const lines = (await readFile(file, "utf8")).split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(3);
    for (const l of lines) FeedbackRecordSchema.parse(JSON.parse(l));
    expect(lines.map((l) => (JSON.parse(l) as FeedbackRecord).rating).sort()).toEqual(["down", "up", "up"]);
  });

  it("refuses a record with a raw user id", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scrutiny-fb-"));
    await expect(appendFeedback(join(dir, "f.jsonl"), record({ user: "U0COUNCIL" }))).rejects.toThrow();
  });

  it("names the file when it cannot write", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scrutiny-fb-"));
    const blocked = join(dir, "file");
    await appendFeedback(blocked, record());
    const err = await appendFeedback(join(blocked, "under-a-file.jsonl"), record()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeedbackLogError);
    expect((err as Error).message).toContain("under-a-file.jsonl");
    expect((err as Error).cause).toBeDefined();
  });
});
