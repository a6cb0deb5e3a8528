import { describe, expect, it } from "vitest";
import { SUGGESTED_PROMPTS } from "../../../../bot/slack/blocks.js";
import { threadStartedCallback, WELCOME } from "../../../../bot/slack/listeners/assistant/thread-started.js";
import {
  DRAFTING_STATUS,
  SEARCHING_STATUS,
  userMessageCallback,
} from "../../../../bot/slack/listeners/assistant/user-message.js";
import { routeMessage } from "../../../../bot/slack/route.js";
import {
  buildArguments,
  captureLogger,
  messageEvent,
  Q3,
  testContext,
  testDeps,
  testDrafter,
  testEngine,
  USER,
} from "../helpers.js";

const THREAD = "1709630000.300000";

/** What each suggested prompt must get from the real papers: the headline figure and the paragraph stating it. */
const PROMPT_EXPECTATIONS: Record<string, { figure: string; source: string; paragraph: string } | "draft"> = {
  "Child protection reviews": { figure: "82.6%", source: "001_bc9149fb7ac2f9bb.txt", paragraph: "7" },
  "Residential placement costs": { figure: "21%", source: "001_bc9149fb7ac2f9bb.txt", paragraph: "11" },
  "Domestic abuse duty": { figure: "£1.1million", source: "000_95470afa8ae34474.txt", paragraph: "25" },
  "Draft scrutiny questions": "draft",
};

describe("threadStartedCallback", () => {
  it("greets and offers real questions as suggested prompts", async () => {
    const args = buildArguments({});
    await threadStartedCallback(testContext(await testDeps(await testEngine(), captureLogger().logger)))(
      args,
    );
    expect(args.said).toEqual([
      WELCOME,
      { suggestedPrompts: { title: "Try asking", prompts: SUGGESTED_PROMPTS } },
    ]);
    // Slack shows at most four suggested prompts.
    expect(SUGGESTED_PROMPTS.length).toBeLessThanOrEqual(4);
    expect(SUGGESTED_PROMPTS.map((p) => p.title)).toEqual(Object.keys(PROMPT_EXPECTATIONS));
  });
});

describe("every suggested prompt gets a good reply from the real papers", () => {
  it.each(SUGGESTED_PROMPTS.map((p) => [p.title, p.message] as const))("%s", async (title, prompt) => {
    const engine = await testEngine();
    const drafter = await testDrafter();
    const message = messageEvent(prompt, { channel: "D0ASSIST1", channelType: "im", threadTs: THREAD });
    const args = buildArguments({ message });
    await userMessageCallback(testContext(await testDeps(engine, captureLogger().logger, { drafter })))(args);
    const said = JSON.stringify(args.said);
    const expected = PROMPT_EXPECTATIONS[title];
    if (expected === "draft") {
      expect(routeMessage(prompt).kind).toBe("draft");
      expect(engine.calls).toHaveLength(0);
      const result = drafter.results[0];
      expect(result?.report?.title).toBe("Quarter 3 2023/24 Performance Report");
      expect(result?.questions.length).toBeGreaterThanOrEqual(3);
      for (const q of result?.questions ?? []) expect(q.citations.length).toBeGreaterThan(0);
      expect(said).toContain("*1.* ");
      expect(args.statuses).toEqual([DRAFTING_STATUS]);
      return;
    }
    expect(drafter.calls).toHaveLength(0);
    const answer = engine.answers[0];
    expect(answer?.answered).toBe(true);
    expect(answer?.figures[0]?.text).toBe(expected?.figure);
    expect(answer?.citations[0]).toMatchObject({ source: expected?.source, paragraph: expected?.paragraph });
    expect(answer?.citations[0]?.text).toContain(expected?.figure);
    expect(said).toContain(`*${expected?.figure}*`);
    expect(args.statuses).toEqual([SEARCHING_STATUS]);
  });
});

describe("userMessageCallback", () => {
  it("sets the status, titles a new thread, and says the answer in the thread", async () => {
    const engine = await testEngine();
    const message = messageEvent(Q3, { channel: "D0ASSIST1", channelType: "im", threadTs: THREAD });
    const args = buildArguments({ message });
    args.client.threads.set(THREAD, [{ ts: message.ts, user: USER, text: Q3 }]);
    await userMessageCallback(testContext(await testDeps(engine, captureLogger().logger)))(args);
    expect(args.statuses).toEqual([SEARCHING_STATUS]);
    expect(args.titles).toEqual(["What percentage of child protection cases were reviewed…"]);
    expect(JSON.stringify(args.said)).toContain("*82.6%*");
    expect(engine.calls[0]?.options).toEqual({ history: [], collections: ["public"] });
  });

  it("keeps the title of a thread that already has turns, and passes them as history", async () => {
    const engine = await testEngine();
    const message = messageEvent("and at quarter 4?", {
      channel: "D0ASSIST1",
      channelType: "im",
      threadTs: THREAD,
    });
    const args = buildArguments({ message });
    args.client.threads.set(THREAD, [
      { ts: "1709630000.300001", user: USER, text: Q3 },
      { ts: "1709630000.300002", user: "UBOT0001", bot_id: "BBOT0001", text: "It was 82.6%." },
      { ts: message.ts, user: USER, text: "and at quarter 4?" },
    ]);
    await userMessageCallback(testContext(await testDeps(engine, captureLogger().logger)))(args);
    expect(args.titles).toEqual([]);
    expect(engine.calls[0]?.options?.history).toEqual([{ question: Q3, answer: "It was 82.6%." }]);
  });

  it("still answers when the status call fails (a plain DM thread is not an assistant thread)", async () => {
    const engine = await testEngine();
    const message = messageEvent(Q3, { channel: "D0DIRECT1", channelType: "im", threadTs: THREAD });
    const args = buildArguments({
      message,
      setStatus: async () => {
        throw new Error("An API error occurred: channel_not_found");
      },
    });
    await userMessageCallback(testContext(await testDeps(engine, captureLogger().logger)))(args);
    expect(JSON.stringify(args.said)).toContain("*82.6%*");
  });
});
