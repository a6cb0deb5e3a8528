import { describe, expect, it } from "vitest";
import type { Engine } from "../../../../bot/engine/types.js";
import { FRIENDLY_ERROR } from "../../../../bot/slack/blocks.js";
import { appHomeOpenedCallback } from "../../../../bot/slack/listeners/events/app-home-opened.js";
import { appMentionCallback } from "../../../../bot/slack/listeners/events/app-mention.js";
import {
  buildArguments,
  captureLogger,
  EXEMPT_CHANNEL,
  mentionEvent,
  PUBLIC_CHANNEL,
  Q3,
  testContext,
  testDeps,
  testDrafter,
  testEngine,
  testPapers,
  USER,
} from "../helpers.js";

describe("appMentionCallback", () => {
  it("answers in the mention's thread, scoped to the channel's collections", async () => {
    const engine = await testEngine();
    const ctx = testContext(await testDeps(engine, captureLogger().logger));
    const event = mentionEvent(Q3, { channel: PUBLIC_CHANNEL });
    const args = buildArguments({ event });
    await appMentionCallback(ctx)(args);
    expect(args.client.calls.map((c) => c.method)).toEqual(["chat.postMessage"]);
    const post = args.client.calls[0]?.args;
    expect(post).toMatchObject({ channel: PUBLIC_CHANNEL, thread_ts: event.ts, unfurl_links: false });
    expect(JSON.stringify(post?.blocks)).toContain("*82.6%*");
    expect(engine.calls[0]).toEqual({ question: Q3, options: { history: [], collections: ["public"] } });
    expect(ctx.botThreads.has(`${PUBLIC_CHANNEL}:${event.ts}`)).toBe(true);
  });

  it("a mention inside a thread is a follow-up: the thread becomes history", async () => {
    const engine = await testEngine();
    const ctx = testContext(await testDeps(engine, captureLogger().logger));
    const root = "1709630000.100000";
    const event = mentionEvent("and what was the quarter 4 figure?", {
      channel: EXEMPT_CHANNEL,
      threadTs: root,
    });
    const args = buildArguments({ event });
    args.client.threads.set(root, [
      { ts: root, user: USER, text: `<@UBOT0001> ${Q3}` },
      { ts: "1709630000.100001", user: "UBOT0001", bot_id: "BBOT0001", text: "It was 82.6%." },
    ]);
    await appMentionCallback(ctx)(args);
    expect(args.client.calls.map((c) => c.method)).toEqual(["conversations.replies", "chat.postMessage"]);
    expect(args.client.calls[1]?.args.thread_ts).toBe(root);
    expect(engine.calls[0]?.options).toEqual({
      history: [{ question: Q3, answer: "It was 82.6%." }],
      collections: ["public", "exempt"],
    });
  });

  it("a mention asking for questions gets drafted questions from the channel's papers, not an answer", async () => {
    const engine = await testEngine();
    const drafter = await testDrafter();
    const ctx = testContext(await testDeps(engine, captureLogger().logger, { drafter }));
    const event = mentionEvent("Draft 2 questions on residential placements", { channel: EXEMPT_CHANNEL });
    const args = buildArguments({ event });
    await appMentionCallback(ctx)(args);
    expect(engine.calls).toHaveLength(0);
    expect(drafter.calls).toEqual([
      { topic: "residential placements", options: { collections: ["public", "exempt"], max: 2 } },
    ]);
    expect(drafter.results[0]?.questions).toHaveLength(2);
    const post = args.client.calls[0]?.args;
    expect(post).toMatchObject({ channel: EXEMPT_CHANNEL, thread_ts: event.ts });
    const blocks = JSON.stringify(post?.blocks);
    expect(blocks).toContain("*Draft questions on:* residential placements");
    expect(blocks).toContain("average weekly cost per residential placement increased from £4.8k per week");
    expect(blocks).toContain("*Children's Innovation Partnership* · 5 March 2024 · para 11");
  });

  it("a bare mention gets the help text, not an engine call", async () => {
    const engine = await testEngine();
    const args = buildArguments({ event: mentionEvent("") });
    await appMentionCallback(testContext(await testDeps(engine, captureLogger().logger)))(args);
    expect(engine.calls).toHaveLength(0);
    expect(String(args.client.calls[0]?.args.text)).toContain("Ask the committee papers");
  });

  it("an engine failure posts the one friendly message and logs why", async () => {
    const log = captureLogger();
    const failing: Engine = {
      ask: async () => {
        throw new Error("engine: reranker failed", { cause: new Error("socket hang up") });
      },
    };
    const args = buildArguments({ event: mentionEvent(Q3) });
    await appMentionCallback(testContext(await testDeps(failing, log.logger)))(args);
    expect(args.client.calls.map((c) => c.args.text)).toEqual([FRIENDLY_ERROR]);
    const entry = log.entries().find((e) => e.msg === "slack: answering a question failed");
    expect(entry).toMatchObject({
      surface: "mention",
      channel: PUBLIC_CHANNEL,
      error: "Error: engine: reranker failed <- Error: socket hang up",
    });
  });

  it("a failed post is followed by one friendly message; if that fails too, it is logged, not thrown", async () => {
    const log = captureLogger();
    const args = buildArguments({ event: mentionEvent(Q3) }, ["chat.postMessage"]);
    await expect(
      appMentionCallback(testContext(await testDeps(await testEngine(), log.logger)))(args),
    ).resolves.toBeUndefined();
    expect(args.client.calls.map((c) => c.args.text)).toHaveLength(2);
    expect(args.client.calls[1]?.args.text).toBe(FRIENDLY_ERROR);
    expect(log.entries().map((e) => e.msg)).toEqual([
      "slack: posting an answer failed",
      "slack: posting the error message failed too",
    ]);
  });

  it("ignores mentions from bots", async () => {
    const engine = await testEngine();
    const args = buildArguments({ event: { ...mentionEvent(Q3), bot_id: "BOTHER01" } });
    await appMentionCallback(testContext(await testDeps(engine, captureLogger().logger)))(args);
    expect(engine.calls).toHaveLength(0);
    expect(args.client.calls).toHaveLength(0);
  });
});

describe("appHomeOpenedCallback", () => {
  it("publishes the Home tab with only the papers a DM may see", async () => {
    const args = buildArguments({ event: { user: USER, tab: "home" } });
    await appHomeOpenedCallback(testContext(await testDeps(await testEngine(), captureLogger().logger)))(
      args,
    );
    expect(args.client.calls[0]?.method).toBe("views.publish");
    expect(args.client.calls[0]?.args.user_id).toBe(USER);
    const view = JSON.stringify(args.client.calls[0]?.args.view);
    const visible = (await testPapers()).filter((p) => p.collection === "public");
    expect(view).toContain("Quarter 3 2023/24 Performance Report");
    expect(view).toContain(`*Indexed papers you can see here* (${visible.length})`);
    expect(visible.length).toBeGreaterThan(10);
    expect(view).not.toContain("Defining Children and Family Services");
  });

  it("does nothing for the Messages tab", async () => {
    const args = buildArguments({ event: { user: USER, tab: "messages" } });
    await appHomeOpenedCallback(testContext(await testDeps(await testEngine(), captureLogger().logger)))(
      args,
    );
    expect(args.client.calls).toHaveLength(0);
  });
});
