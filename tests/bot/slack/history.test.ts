import { describe, expect, it } from "vitest";
import { FRIENDLY_ERROR } from "../../../bot/slack/blocks.js";
import {
  botTookPart,
  fetchThread,
  historyFromThread,
  MAX_HISTORY_TURNS,
  ThreadFetchError,
} from "../../../bot/slack/history.js";
import { fakeClient } from "./helpers.js";

const ME = { botUserId: "UBOT0001", botId: "BBOT0001" };
const Q1 =
  "What percentage of child protection cases were reviewed within timescales at the end of quarter 3?";
const A1 =
  "The percentage of Child Protection cases reviewed within timescales was 82.6% at the end of quarter 3, with 266 of 322 children having all reviews on time within the last 12 months.";

describe("historyFromThread", () => {
  it("pairs each question with the bot's answer, oldest first, and stops before the current message", () => {
    const thread = [
      { ts: "100.000001", user: "U0COUNCIL", text: `<@UBOT0001> ${Q1}` },
      { ts: "100.000002", user: "UBOT0001", bot_id: "BBOT0001", text: A1 },
      { ts: "100.000003", user: "U0COUNCIL", text: "And the quarter 4 figure?" },
      {
        ts: "100.000004",
        user: "UBOT0001",
        bot_id: "BBOT0001",
        text: "The quarter 4 figure was 75.7% (293 of 387).",
      },
      { ts: "100.000005", user: "U0COUNCIL", text: "How does that compare with the target?" },
      { ts: "100.000006", user: "U0COUNCIL", text: "later message" },
    ];
    expect(historyFromThread(thread, ME, "100.000005")).toEqual([
      { question: Q1, answer: A1 },
      { question: "And the quarter 4 figure?", answer: "The quarter 4 figure was 75.7% (293 of 387)." },
    ]);
  });

  it("unescapes Slack text, skips other bots and the error message, and sorts by ts", () => {
    const thread = [
      { ts: "100.000004", user: "UBOT0001", bot_id: "BBOT0001", text: "A&amp;E attendances rose." },
      { ts: "100.000001", user: "U0COUNCIL", text: "first question" },
      { ts: "100.000002", user: "UBOT0001", bot_id: "BBOT0001", text: FRIENDLY_ERROR },
      { ts: "100.000002.5", bot_id: "BOTHER01", subtype: "bot_message", text: "another bot" },
      { ts: "100.000003", user: "U0COUNCIL", text: "What about A&amp;E &lt;4 hours?" },
    ];
    expect(historyFromThread(thread, ME, "200.0")).toEqual([
      { question: "What about A&E <4 hours?", answer: "A&E attendances rose." },
    ]);
  });

  it("leaves out a request for drafted questions and the drafts that answered it", () => {
    const thread = [
      { ts: "100.000001", user: "U0COUNCIL", text: `<@UBOT0001> ${Q1}` },
      { ts: "100.000002", user: "UBOT0001", bot_id: "BBOT0001", text: A1 },
      {
        ts: "100.000003",
        user: "U0COUNCIL",
        text: "<@UBOT0001> draft questions on the Q3 performance report",
      },
      {
        ts: "100.000004",
        user: "UBOT0001",
        bot_id: "BBOT0001",
        text: "1. The percentage of Child Protection cases reviewed within timescales rose to 82.6% in Q3 2023/24…",
      },
    ];
    expect(historyFromThread(thread, ME, "100.000005")).toEqual([{ question: Q1, answer: A1 }]);
  });

  it(`keeps only the last ${MAX_HISTORY_TURNS} turns`, () => {
    const thread = Array.from({ length: 20 }, (_, i) => ({
      ts: `100.${String(i).padStart(6, "0")}`,
      ...(i % 2 === 0
        ? { user: "U0COUNCIL", text: `q${i / 2}` }
        : { user: "UBOT0001", text: `a${(i - 1) / 2}` }),
    }));
    const turns = historyFromThread(thread, ME, "999.0");
    expect(turns).toHaveLength(MAX_HISTORY_TURNS);
    expect(turns.at(-1)).toEqual({ question: "q9", answer: "a9" });
  });

  it("botTookPart recognises the bot by bot id or bot user id", () => {
    expect(botTookPart([{ ts: "1", user: "U1" }], ME)).toBe(false);
    expect(botTookPart([{ ts: "1", bot_id: "BBOT0001" }], ME)).toBe(true);
    expect(botTookPart([{ ts: "1", user: "UBOT0001" }], ME)).toBe(true);
  });
});

describe("fetchThread", () => {
  it("asks conversations.replies for the thread", async () => {
    const client = fakeClient();
    client.threads.set("100.000001", [{ ts: "100.000001", user: "U0COUNCIL", text: Q1 }]);
    const messages = await fetchThread(client, "C0PUBLIC1", "100.000001");
    expect(messages).toHaveLength(1);
    expect(client.calls[0]).toMatchObject({
      method: "conversations.replies",
      args: { channel: "C0PUBLIC1", ts: "100.000001" },
    });
  });

  it("says which thread it could not read", async () => {
    const err = await fetchThread(fakeClient(["conversations.replies"]), "C0PUBLIC1", "100.000001").catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ThreadFetchError);
    expect((err as Error).message).toBe("slack: reading thread 100.000001 in C0PUBLIC1");
    expect((err as Error).cause).toBeInstanceOf(Error);
  });
});
