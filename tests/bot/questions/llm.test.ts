import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createQuestionDrafter,
  type DraftResult,
  type QuestionDrafter,
} from "../../../bot/questions/index.js";
import { loadConfig } from "../../../ingest/config.js";
import { figureStatedIn } from "../../../ingest/figures.js";
import { parseNumberMentions } from "../../../ingest/numbers.js";
import { type IndexStore, openIndex } from "../../../ingest/store/index.js";
import { type FakeOpenAI, startFakeOpenAI } from "../../fakes/openaiServer.js";
import { buildCorpusIndex } from "./corpus.js";

const API_KEY = "sk-test-questions-secret";
let work: string;
let store: IndexStore;
let fake: FakeOpenAI;
let offline: DraftResult;
let plainDrafter: QuestionDrafter;

interface Group {
  id: string;
  passages: string[];
  plain: string;
}

function userPrompt(body: Record<string, unknown>): string {
  const messages = body.messages as { role: string; content: string }[];
  return messages.find((m) => m.role === "user")?.content ?? "";
}

function groupsOf(prompt: string): Group[] {
  return [
    ...prompt.matchAll(/<group id="(S\d+)" kind="[a-z_]+" passages="([^"]*)">([\s\S]*?)<\/group>/g),
  ].map((m) => ({
    id: m[1] ?? "",
    passages: (m[2] ?? "").split(",").filter(Boolean),
    plain: /plain draft: (.*)/.exec(m[3] ?? "")?.[1] ?? "",
  }));
}

function unstated(text: string, cited: string[]): string[] {
  return parseNumberMentions(text)
    .filter((m) => m.role === "figure")
    .filter((m) => {
      const unit = m.percent ? "percent" : m.currency === "gbp" ? "gbp" : "number";
      return !cited.some((t) => figureStatedIn({ amount: m.amount, unit, decimals: m.decimals }, t));
    })
    .map((m) => m.raw);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "scrutiny-questions-llm-"));
  store = await openIndex(await buildCorpusIndex(work, loadConfig({})), { config: loadConfig({}) });
  plainDrafter = createQuestionDrafter({ store, config: loadConfig({}) });
  offline = await plainDrafter.draft("Q3 performance");
  fake = await startFakeOpenAI();
});

afterAll(async () => {
  await fake.close();
  await rm(work, { recursive: true, force: true });
});

beforeEach(() => {
  fake.requests.length = 0;
});

let drafter: QuestionDrafter | undefined;

/** One drafter for all tests: it reads the index once. */
function llmDrafter(): QuestionDrafter {
  if (!drafter) {
    const config = loadConfig({ OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: fake.baseURL });
    drafter = createQuestionDrafter({ store, config, retry: { tries: 1, baseDelayMs: 1 } });
  }
  return drafter;
}

describe("LLM drafting against the fake OpenAI server", () => {
  it("uses the model's wording when grounded, and the offline draft when it invents a figure or a source", async () => {
    fake.setChat((body) => {
      const groups = groupsOf(userPrompt(body));
      const questions = groups.map((g, i) => {
        if (i === 1) {
          // A figure no passage states.
          return {
            signal: g.id,
            question: `${g.plain} Is it true that 31.5% were late?`,
            why: "Red.",
            citations: g.passages,
          };
        }
        if (i === 2)
          return { signal: g.id, question: `In plain terms: ${g.plain}`, why: "Red.", citations: ["P999"] };
        return {
          signal: g.id,
          question: `In plain terms: ${g.plain}`,
          why: "Worth asking.",
          citations: g.passages,
        };
      });
      questions.push({
        signal: null,
        question: "What about the weather?",
        why: "None.",
        citations: ["P1"],
      } as never);
      return { kind: "content", content: JSON.stringify({ questions }) };
    });
    const result = await llmDrafter().draft("Q3 performance");

    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0];
    const body = request?.body ?? {};
    expect((body.response_format as { type?: string } | undefined)?.type).toBe("json_schema");
    const prompt = userPrompt(body);
    expect(prompt).toContain("<topic>\nQ3 performance\n</topic>");
    expect(prompt).toMatch(/<passage id="P1" title="Quarter 3 2023\/24 Performance Report"/);
    const system = (body.messages as { role: string; content: string }[])[0]?.content ?? "";
    expect(system).toContain("What does success look like?");
    expect(groupsOf(prompt)).toHaveLength(offline.questions.length);

    expect(result.questions).toHaveLength(offline.questions.length);
    // Group 1 was grounded: the model's wording is used, citing what the model cited.
    expect(result.questions[0]?.question).toBe(`In plain terms: ${offline.questions[0]?.question}`);
    expect(result.questions[0]?.why).toBe("Worth asking.");
    // Group 2 quoted 31.5%, group 3 cited a passage never sent: both fall back to the offline drafts.
    expect(result.questions[1]?.question).toBe(offline.questions[1]?.question);
    expect(result.questions[2]?.question).toBe(offline.questions[2]?.question);
    expect(result.notes).toEqual(
      expect.arrayContaining([
        "S2: the drafted question quoted 31.5%, which no cited paragraph states; the offline draft is used.",
        "S3: the drafted question cited passages that were not given (P999); the offline draft is used.",
        "A drafted question named no fact group that was sent (none) and was left out.",
      ]),
    );
    for (const q of result.questions) {
      expect(
        unstated(
          `${q.question}\n${q.why}`,
          q.citations.map((c) => c.text),
        ),
      ).toEqual([]);
    }
    expect(JSON.stringify(result)).not.toContain(API_KEY);
    // Memory of past meetings does not depend on the wording.
    expect(result.questions.map((q) => q.previously_asked)).toEqual(
      offline.questions.map((q) => q.previously_asked),
    );
  });

  it("falls back to the offline drafts, with a note, when the model fails", async () => {
    fake.setChat(() => ({ kind: "status", status: 500, body: { error: { message: "upstream exploded" } } }));
    const result = await llmDrafter().draft("Q3 performance");
    expect(result.questions.map((q) => q.question)).toEqual(offline.questions.map((q) => q.question));
    const note = result.notes.find((n) => n.startsWith("The wording model could not be used"));
    expect(note).toBeDefined();
    expect(note).toMatch(/500/);
    expect(note).not.toContain(API_KEY);
  });

  it("falls back when the reply is not the structured output asked for", async () => {
    fake.setChat(() => ({ kind: "content", content: JSON.stringify({ drafts: "none" }) }));
    const result = await llmDrafter().draft("UASC");
    const plain = await plainDrafter.draft("UASC");
    expect(result.questions.map((q) => q.question)).toEqual(plain.questions.map((q) => q.question));
    expect(result.notes.some((n) => n.startsWith("The wording model could not be used"))).toBe(true);
  });

  it("works through function calling when configured so", async () => {
    fake.setChat((body) => {
      const groups = groupsOf(userPrompt(body));
      const questions = groups.map((g) => ({
        signal: g.id,
        question: `Tool: ${g.plain}`,
        why: "Worth asking.",
        citations: g.passages,
      }));
      return { kind: "tool", name: "draft_questions", arguments: JSON.stringify({ questions }) };
    });
    const config = loadConfig({
      OPENAI_API_KEY: API_KEY,
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_STRUCTURED_METHOD: "functionCalling",
    });
    const tools = createQuestionDrafter({ store, config, retry: { tries: 1, baseDelayMs: 1 } });
    const result = await tools.draft("innovation partnership", { max: 3 });
    const toolChoice = fake.requests[0]?.body.tool_choice as { function?: { name?: string } } | undefined;
    expect(toolChoice?.function?.name).toBe("draft_questions");
    expect(result.questions).toHaveLength(3);
    for (const q of result.questions) expect(q.question).toMatch(/^Tool: Para \d+ says “/);
  });

  it("does not call the model when there is nothing to draft from", async () => {
    const result = await llmDrafter().draft("highways potholes in Rutland");
    expect(result.questions).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });
});
