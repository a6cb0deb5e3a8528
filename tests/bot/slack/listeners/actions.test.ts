import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ACTION_FEEDBACK_DOWN, encodeQuoteValue } from "../../../../bot/slack/blocks.js";
import { encodeFeedbackValue, FeedbackRecordSchema, hashUser } from "../../../../bot/slack/feedback.js";
import { feedbackActionCallback } from "../../../../bot/slack/listeners/actions/feedback.js";
import { quoteActionCallback } from "../../../../bot/slack/listeners/actions/quote.js";
import { CORPUS_UNITS } from "../../../fakes/engine.js";
import {
  buildArguments,
  captureLogger,
  EXEMPT_CHANNEL,
  FEEDBACK_SALT,
  PUBLIC_CHANNEL,
  plumbingDeps,
  tempFeedbackLog,
  testContext,
  USER,
} from "../helpers.js";

const [PARA7, , , EXEMPT10] = CORPUS_UNITS.map((u) => u.citation);
if (!PARA7 || !EXEMPT10) throw new Error("corpus units missing");

function click(actionId: string, value: string, channel: string | undefined) {
  return {
    action: { action_id: actionId, value },
    body: {
      user: { id: USER },
      ...(channel ? { channel: { id: channel } } : {}),
      trigger_id: "1337.1.trigger",
      container: { type: "message", channel_id: channel, thread_ts: "1709640000.400000" },
    },
  };
}

describe("feedbackActionCallback", () => {
  it("appends the click with a hashed user and thanks the clicker privately", async () => {
    const feedbackLog = await tempFeedbackLog();
    const ctx = testContext(plumbingDeps(captureLogger().logger, { feedbackLog }));
    const value = encodeFeedbackValue({
      question: "q3 rate?",
      answer: "It was 82.6%.",
      answered: true,
      mode: "extractive",
      citations: [PARA7],
      figures: [],
      notes: [],
      suggestions: [],
    });
    const args = buildArguments(click(ACTION_FEEDBACK_DOWN, value, PUBLIC_CHANNEL));
    await feedbackActionCallback(ctx)(args);
    expect(args.acks).toHaveLength(1);
    const record = FeedbackRecordSchema.parse(JSON.parse((await readFile(feedbackLog, "utf8")).trim()));
    expect(record).toEqual({
      time: "2024-03-06T10:00:00.000Z",
      rating: "down",
      user: hashUser(USER, FEEDBACK_SALT),
      channel: PUBLIC_CHANNEL,
      collections: ["public"],
      question: "q3 rate?",
      answer: "It was 82.6%.",
      answered: true,
      citations: [{ id: PARA7.id, source: PARA7.source, paragraph: "7", page: null }],
      truncated: false,
    });
    expect(args.client.calls[0]).toMatchObject({
      method: "chat.postEphemeral",
      args: { channel: PUBLIC_CHANNEL, user: USER, thread_ts: "1709640000.400000" },
    });
  });

  it("acks but logs nothing to the feedback file for a value that is not ours", async () => {
    const feedbackLog = await tempFeedbackLog();
    const log = captureLogger();
    const args = buildArguments(click(ACTION_FEEDBACK_DOWN, "tampered", PUBLIC_CHANNEL));
    await feedbackActionCallback(testContext(plumbingDeps(log.logger, { feedbackLog })))(args);
    expect(args.acks).toHaveLength(1);
    await expect(readFile(feedbackLog, "utf8")).rejects.toThrow();
    expect(log.text()).toContain("unreadable value");
  });
});

describe("quoteActionCallback", () => {
  it("opens a modal with the paragraph where its collection is visible", async () => {
    const args = buildArguments(click("show_quote:1", encodeQuoteValue(EXEMPT10), EXEMPT_CHANNEL));
    await quoteActionCallback(testContext(plumbingDeps(captureLogger().logger)))(args);
    expect(args.client.calls[0]?.method).toBe("views.open");
    expect(args.client.calls[0]?.args.trigger_id).toBe("1337.1.trigger");
    expect(JSON.stringify(args.client.calls[0]?.args.view)).toContain(EXEMPT10.text);
  });

  it.each([
    ["a public channel", PUBLIC_CHANNEL],
    ["a DM", "D0DIRECT1"],
    ["no channel (App Home)", undefined],
  ])("refuses an exempt quote clicked in %s", async (_label, channel) => {
    const log = captureLogger();
    const args = buildArguments(click("show_quote:1", encodeQuoteValue(EXEMPT10), channel));
    await quoteActionCallback(testContext(plumbingDeps(log.logger)))(args);
    const view = JSON.stringify(args.client.calls[0]?.args.view);
    expect(view).toContain("not available in this conversation");
    expect(view).not.toContain("£16.0m");
    expect(log.text()).toContain("quote refused outside its collection");
  });
});
