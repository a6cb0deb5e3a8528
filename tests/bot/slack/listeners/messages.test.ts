import { describe, expect, it } from "vitest";
import { directMessageCallback } from "../../../../bot/slack/listeners/messages/direct-message.js";
import {
  looksLikeQuestion,
  threadReplyCallback,
} from "../../../../bot/slack/listeners/messages/thread-reply.js";
import {
  buildArguments,
  captureLogger,
  DM_CHANNEL,
  messageEvent,
  PUBLIC_CHANNEL,
  Q3,
  testContext,
  testDeps,
  testDrafter,
  testEngine,
  USER,
} from "../helpers.js";

const ROOT = "1709630000.200000";

describe("directMessageCallback", () => {
  it("answers a new DM in its own thread with the DM collections", async () => {
    const engine = await testEngine();
    const event = messageEvent(Q3, { channel: DM_CHANNEL, channelType: "im" });
    const args = buildArguments({ message: event });
    await directMessageCallback(testContext(await testDeps(engine, captureLogger().logger)))(args);
    expect(args.client.calls[0]).toMatchObject({
      method: "chat.postMessage",
      args: { channel: DM_CHANNEL, thread_ts: event.ts },
    });
    expect(engine.calls[0]?.options?.collections).toEqual(["public"]);
    expect(JSON.stringify(args.client.calls[0]?.args.blocks)).toContain("*82.6%*");
  });

  it("drafts questions for a DM that asks for them", async () => {
    const engine = await testEngine();
    const drafter = await testDrafter();
    const event = messageEvent("questions: the Q3 performance report", { channel: DM_CHANNEL });
    const args = buildArguments({ message: event });
    await directMessageCallback(testContext(await testDeps(engine, captureLogger().logger, { drafter })))(
      args,
    );
    expect(engine.calls).toHaveLength(0);
    expect(drafter.calls).toEqual([
      { topic: "the Q3 performance report", options: { collections: ["public"] } },
    ]);
    expect(drafter.results[0]?.questions.length).toBeGreaterThanOrEqual(3);
    expect(args.client.calls[0]?.args.thread_ts).toBe(event.ts);
    expect(JSON.stringify(args.client.calls[0]?.args.blocks)).toContain(
      "(from *Quarter 3 2023/24 Performance Report*, 5 March 2024)",
    );
  });

  it.each([
    ["a channel message", messageEvent(Q3, { channel: PUBLIC_CHANNEL, channelType: "channel" })],
    ["a reply in a DM thread (the Assistant's)", messageEvent(Q3, { threadTs: ROOT })],
    ["an edit", { ...messageEvent(Q3), subtype: "message_changed" }],
    ["another bot", { ...messageEvent(Q3), bot_id: "BOTHER01" }],
  ])("leaves %s alone", async (_label, message) => {
    const engine = await testEngine();
    const args = buildArguments({ message });
    await directMessageCallback(testContext(await testDeps(engine, captureLogger().logger)))(args);
    expect(engine.calls).toHaveLength(0);
    expect(args.client.calls).toHaveLength(0);
  });
});

describe("threadReplyCallback", () => {
  const rootMessages = [
    { ts: ROOT, user: USER, text: `<@UBOT0001> ${Q3}` },
    { ts: "1709630000.200001", user: "UBOT0001", bot_id: "BBOT0001", text: "It was 82.6%." },
  ];

  it("answers a question in a thread the bot is known to be in, with the thread as history", async () => {
    const engine = await testEngine();
    const ctx = testContext(await testDeps(engine, captureLogger().logger));
    ctx.botThreads.add(`${PUBLIC_CHANNEL}:${ROOT}`);
    const args = buildArguments({
      message: messageEvent("And the quarter 4 figure?", {
        channel: PUBLIC_CHANNEL,
        channelType: "channel",
        threadTs: ROOT,
      }),
    });
    args.client.threads.set(ROOT, rootMessages);
    await threadReplyCallback(ctx)(args);
    expect(args.client.calls.map((c) => c.method)).toEqual(["conversations.replies", "chat.postMessage"]);
    expect(engine.calls[0]?.options?.history).toEqual([{ question: Q3, answer: "It was 82.6%." }]);
    // The real engine reads it as the quarter 4 figure of the same measure.
    expect(JSON.stringify(args.client.calls[1]?.args.blocks)).toContain("*75.71%*");
  });

  it("takes a request for drafted questions in its thread, though it is not phrased as a question", async () => {
    const engine = await testEngine();
    const drafter = await testDrafter();
    const ctx = testContext(await testDeps(engine, captureLogger().logger, { drafter }));
    ctx.botThreads.add(`${PUBLIC_CHANNEL}:${ROOT}`);
    const args = buildArguments({
      message: messageEvent("draft some questions on the Q3 performance report", {
        channel: PUBLIC_CHANNEL,
        channelType: "channel",
        threadTs: ROOT,
      }),
    });
    await threadReplyCallback(ctx)(args);
    expect(engine.calls).toHaveLength(0);
    expect(drafter.calls.map((c) => c.topic)).toEqual(["the Q3 performance report"]);
    expect(args.client.calls.map((c) => c.method)).toEqual(["chat.postMessage"]);
    expect(JSON.stringify(args.client.calls[0]?.args.blocks)).toContain("*Draft questions on:*");
  });

  it("after a restart, looks the thread up once and answers if the bot took part", async () => {
    const engine = await testEngine();
    const ctx = testContext(await testDeps(engine, captureLogger().logger));
    const args = buildArguments({
      message: messageEvent("what about quarter 4?", {
        channel: PUBLIC_CHANNEL,
        channelType: "channel",
        threadTs: ROOT,
      }),
    });
    args.client.threads.set(ROOT, rootMessages);
    await threadReplyCallback(ctx)(args);
    expect(args.client.calls.map((c) => c.method)).toEqual(["conversations.replies", "chat.postMessage"]);
    expect(ctx.botThreads.has(`${PUBLIC_CHANNEL}:${ROOT}`)).toBe(true);
  });

  it("stays out of threads it never joined", async () => {
    const engine = await testEngine();
    const args = buildArguments({
      message: messageEvent("what about quarter 4?", {
        channel: PUBLIC_CHANNEL,
        channelType: "channel",
        threadTs: ROOT,
      }),
    });
    args.client.threads.set(ROOT, [{ ts: ROOT, user: USER, text: "team lunch?" }]);
    await threadReplyCallback(testContext(await testDeps(engine, captureLogger().logger)))(args);
    expect(engine.calls).toHaveLength(0);
    expect(args.client.calls.map((c) => c.method)).toEqual(["conversations.replies"]);
  });

  it.each([
    ["a reply that mentions the bot (app_mention answers it)", `<@UBOT0001> ${Q3}`],
    ["people talking to each other", "thanks, that's helpful"],
  ])("ignores %s", async (_label, text) => {
    const engine = await testEngine();
    const ctx = testContext(await testDeps(engine, captureLogger().logger));
    ctx.botThreads.add(`${PUBLIC_CHANNEL}:${ROOT}`);
    const args = buildArguments({
      message: messageEvent(text, { channel: PUBLIC_CHANNEL, channelType: "channel", threadTs: ROOT }),
    });
    await threadReplyCallback(ctx)(args);
    expect(engine.calls).toHaveLength(0);
    expect(args.client.calls).toHaveLength(0);
  });
});

describe("looksLikeQuestion", () => {
  it.each([
    ["And the quarter 4 figure?", true],
    ["what about quarter 4", true],
    ["How does that compare with the target", true],
    ["Is that above the national average", true],
    ["thanks, that's helpful", false],
    ["Please see the appendix", false],
    ["isolation figures are in appendix B", false],
    ["", false],
  ])("%s -> %s", (text, expected) => {
    expect(looksLikeQuestion(text)).toBe(expected);
  });
});
