import { describe, expect, it } from "vitest";
import { SUGGESTED_PROMPTS } from "../../../../bot/slack/blocks.js";
import { threadStartedCallback, WELCOME } from "../../../../bot/slack/listeners/assistant/thread-started.js";
import {
  SEARCHING_STATUS,
  userMessageCallback,
} from "../../../../bot/slack/listeners/assistant/user-message.js";
import {
  buildArguments,
  captureLogger,
  messageEvent,
  testContext,
  testDeps,
  testEngine,
  USER,
} from "../helpers.js";

const Q3 =
  "What percentage of child protection cases were reviewed within timescales at the end of quarter 3?";
const THREAD = "1709630000.300000";

describe("threadStartedCallback", () => {
  it("greets and offers real questions as suggested prompts", async () => {
    const args = buildArguments({});
    await threadStartedCallback(testContext(testDeps(await testEngine(), captureLogger().logger)))(args);
    expect(args.said).toEqual([
      WELCOME,
      { suggestedPrompts: { title: "Try asking", prompts: SUGGESTED_PROMPTS } },
    ]);
  });
});

describe("userMessageCallback", () => {
  it("sets the status, titles a new thread, and says the answer in the thread", async () => {
    const engine = await testEngine();
    const message = messageEvent(Q3, { channel: "D0ASSIST1", channelType: "im", threadTs: THREAD });
    const args = buildArguments({ message });
    args.client.threads.set(THREAD, [{ ts: message.ts, user: USER, text: Q3 }]);
    await userMessageCallback(testContext(testDeps(engine, captureLogger().logger)))(args);
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
    await userMessageCallback(testContext(testDeps(engine, captureLogger().logger)))(args);
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
    await userMessageCallback(testContext(testDeps(engine, captureLogger().logger)))(args);
    expect(JSON.stringify(args.said)).toContain("*82.6%*");
  });
});
