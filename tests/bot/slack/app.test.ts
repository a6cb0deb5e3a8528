import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer, AskOptions, Engine } from "../../../bot/engine/types.js";
import { createSlackApp, type SlackApp } from "../../../bot/slack/app.js";
import {
  ACTION_FEEDBACK_UP,
  decodeQuoteValue,
  FRIENDLY_ERROR,
  type QuoteRef,
} from "../../../bot/slack/blocks.js";
import { FeedbackRecordSchema, hashUser } from "../../../bot/slack/feedback.js";
import { DRAFTING_STATUS } from "../../../bot/slack/listeners/assistant/user-message.js";
import { escapeMrkdwn, unescapeSlack } from "../../../bot/slack/text.js";
import { type FakeSlackApi, type SlackApiCall, startFakeSlackApi } from "../../fakes/slackApi.js";
import { EXEMPT_PAPER } from "./corpus.js";
import {
  BOT_TOKEN,
  type CapturedLog,
  captureLogger,
  DM_CHANNEL,
  EXEMPT_CHANNEL,
  EXEMPT_TITLE,
  eventEnvelope,
  exemptLeaks,
  exemptSnippets,
  FEEDBACK_SALT,
  formBody,
  mentionEvent,
  messageEvent,
  nextTs,
  PUBLIC_CHANNEL,
  postSigned,
  Q3,
  type RecordingDrafter,
  type RecordingEngine,
  SIGNING_SECRET,
  tempFeedbackLog,
  testConfig,
  testDeps,
  testDrafter,
  testEngine,
  USER,
} from "./helpers.js";

/**
 * The Slack app end to end: Bolt's HTTP receiver, signed requests, the fake Web API on loopback,
 * and the real engine and question drafter on a real index of the demo papers (002 as exempt).
 */

const Q3_CITATION = "*Quarter 3 2023/24 Performance Report* · 5 March 2024 · para 7";
/** Questions only the exempt paper answers. */
const EXEMPT_QUESTIONS = [
  "How much is the department required to make in savings by 2024/25 under the DCFSF programme?",
  "How much savings is the department required to make by 2024/25?",
  "What savings are attributed to the DCFSF programme?",
];

type Block = { type: string; block_id?: string; elements?: { action_id?: string; value?: string }[] };

function inThread(fake: FakeSlackApi, channel: string, threadTs: string): SlackApiCall[] {
  return fake
    .callsTo("chat.postMessage")
    .filter((c) => c.body.channel === channel && c.body.thread_ts === threadTs);
}

function buttonValue(call: SlackApiCall, actionId: string | RegExp): string {
  const blocks = call.body.blocks as Block[];
  for (const b of blocks) {
    for (const e of b.elements ?? []) {
      if (e.action_id !== undefined && e.value !== undefined) {
        if (typeof actionId === "string" ? e.action_id === actionId : actionId.test(e.action_id))
          return e.value;
      }
    }
  }
  throw new Error(`no button ${String(actionId)} in the posted message`);
}

/** Every quote button's citation in a posted message (answer citations and "you may mean" alike). */
function quoteRefs(body: Record<string, unknown>): QuoteRef[] {
  const refs: QuoteRef[] = [];
  for (const b of (body.blocks ?? []) as Block[]) {
    for (const e of b.elements ?? []) {
      if (e.action_id?.startsWith("show_quote:") && e.value) {
        const ref = decodeQuoteValue(e.value);
        if (ref) refs.push(ref);
      }
    }
  }
  return refs;
}

/** The numbered questions of a drafted-questions message ("*1.* …"). */
function draftedCount(body: Record<string, unknown>): number {
  return JSON.stringify(body.blocks ?? []).match(/\*\d+\.\* /g)?.length ?? 0;
}

/** Wraps an engine to record the most questions it ever had in flight at once. */
function tracking(inner: Engine): Engine & { maxInFlight: number } {
  let inFlight = 0;
  const self = {
    maxInFlight: 0,
    async ask(question: string, options?: AskOptions): Promise<Answer> {
      inFlight++;
      self.maxInFlight = Math.max(self.maxInFlight, inFlight);
      try {
        // The engine's own work is mostly synchronous; a few ms of waiting makes answers that the
        // queue let through together really overlap, so the maximum below means something.
        await new Promise((r) => setTimeout(r, 5));
        return await inner.ask(question, options);
      } finally {
        inFlight--;
      }
    },
  };
  return self;
}

function blockActionBody(fields: {
  actionId: string;
  value: string;
  channel: string;
  threadTs?: string;
  responseUrl: string;
}): string {
  const payload = {
    type: "block_actions",
    team: { id: "T0TEST01", domain: "test" },
    user: { id: USER, username: "councillor", team_id: "T0TEST01" },
    api_app_id: "A0TEST01",
    token: "legacy-verification-token",
    trigger_id: "1337.42.trigger",
    container: {
      type: "message",
      message_ts: "1709640000.999999",
      channel_id: fields.channel,
      is_ephemeral: false,
      ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}),
    },
    channel: { id: fields.channel, name: "scrutiny" },
    response_url: fields.responseUrl,
    actions: [
      {
        type: "button",
        action_id: fields.actionId,
        block_id: "feedback",
        value: fields.value,
        text: { type: "plain_text", text: "button" },
        action_ts: "1709640001.000000",
      },
    ],
  };
  return formBody({ payload: JSON.stringify(payload) });
}

function commandBody(text: string, channel: string, responseUrl: string): string {
  return formBody({
    token: "legacy-verification-token",
    team_id: "T0TEST01",
    team_domain: "test",
    channel_id: channel,
    channel_name: channel.startsWith("D") ? "directmessage" : "scrutiny",
    user_id: USER,
    user_name: "councillor",
    command: "/scrutiny",
    text,
    api_app_id: "A0TEST01",
    response_url: responseUrl,
    trigger_id: "1337.43.trigger",
  });
}

describe("Slack app end to end on the real engine", () => {
  let fake: FakeSlackApi;
  let slack: SlackApp;
  let port: number;
  let engine: RecordingEngine;
  let drafter: RecordingDrafter;
  let tracked: Engine & { maxInFlight: number };
  let log: CapturedLog;
  let feedbackLog: string;
  let snippets: string[];

  const mention = async (text: string, channel = PUBLIC_CHANNEL): Promise<SlackApiCall> => {
    const event = mentionEvent(text, { channel });
    await postSigned(port, JSON.stringify(eventEnvelope(event)));
    await fake.waitFor(() => inThread(fake, channel, event.ts).length === 1, `the answer to "${text}"`);
    return inThread(fake, channel, event.ts)[0] as SlackApiCall;
  };

  const directMessage = async (text: string): Promise<SlackApiCall> => {
    const event = messageEvent(text);
    await postSigned(port, JSON.stringify(eventEnvelope(event)));
    await fake.waitFor(() => inThread(fake, DM_CHANNEL, event.ts).length === 1, `the DM answer to "${text}"`);
    return inThread(fake, DM_CHANNEL, event.ts)[0] as SlackApiCall;
  };

  const command = async (text: string, channel: string, id: string): Promise<Record<string, unknown>> => {
    const res = await postSigned(port, commandBody(text, channel, fake.responseUrl(id)), {
      contentType: "form",
    });
    expect(res.status).toBe(200);
    await fake.waitFor(() => fake.responses.some((r) => r.id === id), `the response to /scrutiny ${text}`);
    return fake.responses.find((r) => r.id === id)?.body ?? {};
  };

  beforeAll(async () => {
    fake = await startFakeSlackApi();
    engine = await testEngine();
    drafter = await testDrafter();
    snippets = await exemptSnippets();
    tracked = tracking(engine);
    log = captureLogger("debug");
    feedbackLog = await tempFeedbackLog();
    slack = createSlackApp(
      testConfig(fake.url, { feedbackLog }),
      await testDeps(tracked, log.logger, { feedbackLog, drafter }),
    );
    const started = await slack.start();
    if (started.port === undefined) throw new Error("HTTP receiver did not report a port");
    port = started.port;
  });

  afterAll(async () => {
    await slack?.stop();
    await fake?.close();
  });

  it("starts by calling auth.test against the fake API (SLACK_API_URL is honoured)", () => {
    const auth = fake.callsTo("auth.test");
    expect(auth.length).toBeGreaterThanOrEqual(1);
    expect(auth[0]?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
  });

  it("echoes the url_verification challenge", async () => {
    const res = await postSigned(
      port,
      JSON.stringify({ type: "url_verification", challenge: "abc123", token: "x" }),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("abc123");
  });

  it("answers an @mention in that message's thread, with the figure in bold and a citation", async () => {
    const post = await mention(Q3);
    const blocks = JSON.stringify(post.body.blocks);
    expect(post.body.text).toContain("82.6%");
    expect(blocks).toContain("*82.6%*");
    expect(blocks).toContain(`[1] ${Q3_CITATION}`);
    expect(quoteRefs(post.body)[0]).toMatchObject({
      source: "001_bc9149fb7ac2f9bb.txt",
      paragraph: "7",
      collection: "public",
    });
    // The paragraph quoted in the answer is the one the Quote button shows.
    expect(quoteRefs(post.body)[0]?.text).toContain(
      "The percentage of Child Protection cases reviewed within timescales was 82.6% at the end of quarter 3",
    );
    const call = engine.calls.find((c) => c.question === Q3);
    expect(call?.options?.collections).toEqual(["public"]);
  });

  it("answers a DM in the DM's thread", async () => {
    const post = await directMessage(
      "How much has the average weekly cost per residential placement increased?",
    );
    const blocks = JSON.stringify(post.body.blocks);
    // "How much has it increased?" asks for the change the paragraph states ("a 21% increase"), not the new level.
    expect(blocks).toContain("*21%*");
    expect(blocks).toContain("*Children's Innovation Partnership* · 5 March 2024 · para 11");
  });

  it("treats a reply in the bot's thread as a follow-up and answers it from the thread's context", async () => {
    const root = mentionEvent(Q3);
    fake.addMessage(PUBLIC_CHANNEL, { ts: root.ts, text: root.text, user: USER });
    await postSigned(port, JSON.stringify(eventEnvelope(root)));
    await fake.waitFor(() => inThread(fake, PUBLIC_CHANNEL, root.ts).length === 1, "the first answer");

    const followUp = messageEvent("And for quarter 4?", {
      channel: PUBLIC_CHANNEL,
      channelType: "channel",
      threadTs: root.ts,
    });
    fake.addMessage(PUBLIC_CHANNEL, { ts: followUp.ts, text: followUp.text, user: USER, thread_ts: root.ts });
    await postSigned(port, JSON.stringify(eventEnvelope(followUp)));
    await fake.waitFor(() => inThread(fake, PUBLIC_CHANNEL, root.ts).length === 2, "the follow-up's answer");

    const [first, second] = inThread(fake, PUBLIC_CHANNEL, root.ts) as [SlackApiCall, SlackApiCall];
    const firstAnswer = unescapeSlack(String(first.body.text));
    expect(firstAnswer).toContain("82.6%");
    const call = engine.calls.find((c) => c.question === "And for quarter 4?");
    expect(call?.options?.history).toEqual([{ question: Q3, answer: firstAnswer }]);
    const blocks = JSON.stringify(second.body.blocks);
    expect(blocks).toContain("*75.71%*");
    expect(blocks).toContain(
      "Read as: “What percentage of child protection cases were reviewed within timescales at the end of quarter 4?”",
    );
    expect(quoteRefs(second.body).some((q) => q.text.includes("quarter 4 figure of 75.7%"))).toBe(true);

    // The same words with no thread behind them are not a question the papers answer.
    const alone = await mention("And for quarter 4?");
    expect(alone.body.text).toMatch(/^Not in the papers/);
  });

  it("rejects a forged signature and a stale timestamp with 401, and answers neither", async () => {
    const forged = mentionEvent("forged question about placements");
    const bad = await postSigned(port, JSON.stringify(eventEnvelope(forged)), { secret: "not-the-secret" });
    expect(bad.status).toBe(401);
    const stale = mentionEvent("stale question about placements");
    const old = await postSigned(port, JSON.stringify(eventEnvelope(stale)), {
      timestamp: Math.floor(Date.now() / 1000) - 10 * 60,
    });
    expect(old.status).toBe(401);
    // A 401 is sent before any listener runs, so nothing can still be in flight for them.
    expect(engine.calls.some((c) => c.question.includes("forged") || c.question.includes("stale"))).toBe(
      false,
    );
    expect(inThread(fake, PUBLIC_CHANNEL, forged.ts)).toHaveLength(0);
    expect(inThread(fake, PUBLIC_CHANNEL, stale.ts)).toHaveLength(0);
  });

  it("answers a delivery Slack retries (same event_id, x-slack-retry-num) once", async () => {
    const event = mentionEvent(Q3);
    const envelope = eventEnvelope(event, "EvRETRY0001");
    await postSigned(port, JSON.stringify(envelope));
    await fake.waitFor(
      () => inThread(fake, PUBLIC_CHANNEL, event.ts).length === 1,
      "the first delivery's answer",
    );
    const retry = await postSigned(port, JSON.stringify(envelope), { retryNum: 1 });
    expect(retry.status).toBe(200);
    await fake.waitFor(
      () =>
        log
          .entries()
          .some((e) => e.msg === "slack: duplicate delivery skipped" && e.eventId === "EvRETRY0001"),
      "the retry to be skipped",
    );
    expect(inThread(fake, PUBLIC_CHANNEL, event.ts)).toHaveLength(1);
  });

  it("has exempt snippets to look for (the check below can fail)", () => {
    expect(snippets.length).toBeGreaterThanOrEqual(20);
    const para10 =
      "The Children and Family Services department is required to make £16.0m savings to 2024/25";
    expect(snippets.some((s) => para10.includes(s))).toBe(true);
  });

  it("answers the exempt paper's questions in the exempt channel, with its figure and citation", async () => {
    for (const question of EXEMPT_QUESTIONS) {
      const post = await mention(question, EXEMPT_CHANNEL);
      const blocks = JSON.stringify(post.body.blocks);
      expect(blocks, question).toMatch(/\*£1(6\.0|3\.2)m\*/);
      expect(blocks, question).toContain(`*${EXEMPT_TITLE}* · 2 November 2021 · para 10`);
      expect(quoteRefs(post.body)[0], question).toMatchObject({ source: EXEMPT_PAPER, collection: "exempt" });
      // The leak check used below finds the paper in a reply that does show it.
      expect(exemptLeaks(post.body, snippets).length, question).toBeGreaterThanOrEqual(3);
    }
    const asked = engine.calls.filter((c) => EXEMPT_QUESTIONS.includes(c.question));
    expect(asked.map((c) => c.options?.collections)).toEqual(
      EXEMPT_QUESTIONS.map(() => ["public", "exempt"]),
    );
  });

  it("never shows the exempt paper in a public channel or a DM: answer, citation, suggestion, quote", async () => {
    const posts: SlackApiCall[] = [];
    for (const question of EXEMPT_QUESTIONS) {
      posts.push(await mention(question, PUBLIC_CHANNEL));
      posts.push(await directMessage(question));
    }
    for (const post of posts) {
      expect(exemptLeaks(post.body, snippets), String(post.body.text)).toEqual([]);
      for (const ref of quoteRefs(post.body)) expect(ref.collection).toBe("public");
    }
    // The "you may mean" suggestions are real public paragraphs, not an empty list that passes trivially.
    expect(posts.some((p) => quoteRefs(p.body).length > 0)).toBe(true);
  });

  it("honours a 429 with Retry-After and still posts the answer", async () => {
    fake.rateLimit(1, 1, "chat.postMessage");
    const event = mentionEvent(Q3);
    await postSigned(port, JSON.stringify(eventEnvelope(event)));
    await fake.waitFor(() => inThread(fake, PUBLIC_CHANNEL, event.ts).length === 1, "the answer after a 429");
    const attempts = fake.calls.filter(
      (c) => c.method === "chat.postMessage" && c.body.thread_ts === event.ts,
    );
    expect(attempts.map((c) => c.rateLimited)).toEqual([true, false]);
    expect(log.text()).toContain("rate limiting");
  });

  it("answers 50 concurrent mentions exactly once each, never more than SLACK_CONCURRENCY at a time", async () => {
    const events = Array.from({ length: 50 }, () => mentionEvent(Q3));
    const started = performance.now();
    const responses = await Promise.all(
      events.map((e) => postSigned(port, JSON.stringify(eventEnvelope(e)))),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    await fake.waitFor(
      () => events.every((e) => inThread(fake, PUBLIC_CHANNEL, e.ts).length >= 1),
      "all 50 answers",
      30_000,
    );
    const wallMs = performance.now() - started;
    for (const e of events) {
      const posts = inThread(fake, PUBLIC_CHANNEL, e.ts);
      expect(posts).toHaveLength(1);
      expect(JSON.stringify(posts[0]?.body.blocks)).toContain("*82.6%*");
    }
    expect(tracked.maxInFlight).toBeGreaterThan(1);
    expect(tracked.maxInFlight).toBeLessThanOrEqual(4);
    console.info(
      `[measure] 50 concurrent mentions answered by the real engine in ${wallMs.toFixed(0)} ms (concurrency 4)`,
    );
  });

  it("ignores messages from bots, its own included", async () => {
    const other = {
      ...messageEvent("bot chatter about placements costs?"),
      bot_id: "BOTHER01",
      subtype: "bot_message",
    };
    const own = { ...messageEvent("my own answer about placements?"), bot_id: "BBOT0001", user: "UBOT0001" };
    await postSigned(port, JSON.stringify(eventEnvelope(other)));
    await postSigned(port, JSON.stringify(eventEnvelope(own)));
    await fake.waitFor(
      () =>
        log.entries().filter((e) => e.msg === "slack: bot message or edit ignored" && e.ts === other.ts)
          .length === 1,
      "the other bot's message to be dropped",
    );
    expect(
      engine.calls.some((c) => c.question.includes("bot chatter") || c.question.includes("my own answer")),
    ).toBe(false);
    expect(inThread(fake, DM_CHANNEL, other.ts)).toHaveLength(0);
  });

  it("/scrutiny help, sources and ask", async () => {
    const help = await postSigned(port, commandBody("help", PUBLIC_CHANNEL, fake.responseUrl("help")), {
      contentType: "form",
    });
    expect(help.status).toBe(200);
    expect(JSON.stringify(await help.json())).toContain("/scrutiny ask");

    const sourcesPublic = await postSigned(
      port,
      commandBody("sources", PUBLIC_CHANNEL, fake.responseUrl("s1")),
      { contentType: "form" },
    );
    const publicList = await sourcesPublic.json();
    expect(JSON.stringify(publicList)).toContain("Quarter 3 2023/24 Performance Report");
    expect(exemptLeaks(publicList, snippets)).toEqual([]);
    expect(JSON.stringify(publicList)).not.toContain(EXEMPT_TITLE);
    const sourcesDm = await postSigned(port, commandBody("sources", DM_CHANNEL, fake.responseUrl("s3")), {
      contentType: "form",
    });
    const dmList = await sourcesDm.json();
    expect(JSON.stringify(dmList)).toContain("Quarter 3 2023/24 Performance Report");
    expect(exemptLeaks(dmList, snippets)).toEqual([]);
    expect(JSON.stringify(dmList)).not.toContain(EXEMPT_TITLE);

    const sourcesExempt = await postSigned(
      port,
      commandBody("sources", EXEMPT_CHANNEL, fake.responseUrl("s2")),
      { contentType: "form" },
    );
    const exemptList = JSON.stringify(await sourcesExempt.json());
    expect(exemptList).toContain(`*${EXEMPT_TITLE}* · 2 November 2021 · ${escapeMrkdwn(EXEMPT_PAPER)}`);

    const ask = await postSigned(port, commandBody(`ask ${Q3}`, PUBLIC_CHANNEL, fake.responseUrl("ask1")), {
      contentType: "form",
    });
    expect(ask.status).toBe(200);
    expect(JSON.stringify(await ask.json())).toContain("Searching the papers");
    await fake.waitFor(() => fake.responses.some((r) => r.id === "ask1"), "the slash-command answer");
    const answer = fake.responses.find((r) => r.id === "ask1");
    expect(answer?.body.response_type).toBe("ephemeral");
    expect(JSON.stringify(answer?.body.blocks)).toContain("*82.6%*");

    const exemptAsk = await command(`ask ${EXEMPT_QUESTIONS[0]}`, DM_CHANNEL, "ask2");
    expect(exemptLeaks(exemptAsk, snippets)).toEqual([]);
  });

  it("/scrutiny questions drafts from the papers the channel may see", async () => {
    const q3 = await command("questions Q3 performance report", PUBLIC_CHANNEL, "draft1");
    expect(q3.response_type).toBe("ephemeral");
    expect(draftedCount(q3)).toBeGreaterThanOrEqual(3);
    const q3Blocks = JSON.stringify(q3.blocks);
    expect(q3Blocks).toContain("(from *Quarter 3 2023/24 Performance Report*, 5 March 2024)");
    expect(q3Blocks).toContain("82.6%");
    expect(exemptLeaks(q3, snippets)).toEqual([]);

    const inPublic = await command(`questions ${EXEMPT_TITLE}`, PUBLIC_CHANNEL, "draft2");
    expect(exemptLeaks(inPublic, snippets)).toEqual([]);
    const inExempt = await command(`questions ${EXEMPT_TITLE}`, EXEMPT_CHANNEL, "draft3");
    expect(JSON.stringify(inExempt.blocks)).toContain("£16.0m savings to 2024/25");
    expect(drafter.calls.map((c) => c.options?.collections)).toEqual([
      ["public"],
      ["public"],
      ["public", "exempt"],
    ]);
  });

  it("drafts questions for a mention or a DM that asks for them, not the engine", async () => {
    const before = engine.calls.length;
    const post = await mention("draft questions on the Q3 performance report");
    expect(draftedCount(post.body)).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(post.body.blocks)).toContain("*Draft questions on:* the Q3 performance report");
    expect(drafter.calls.at(-1)).toEqual({
      topic: "the Q3 performance report",
      options: { collections: ["public"] },
    });

    const dm = await directMessage(`questions: ${EXEMPT_TITLE}`);
    expect(drafter.calls.at(-1)?.topic).toBe(EXEMPT_TITLE);
    expect(exemptLeaks(dm.body, snippets)).toEqual([]);
    const exempt = await mention(`Draft scrutiny questions about ${EXEMPT_TITLE}`, EXEMPT_CHANNEL);
    expect(JSON.stringify(exempt.body.blocks)).toContain("£16.0m savings to 2024/25");
    expect(engine.calls.length).toBe(before);
  });

  it("appends a 👍 click to the feedback log with a hashed user id", async () => {
    const event = mentionEvent(Q3);
    await postSigned(port, JSON.stringify(eventEnvelope(event)));
    await fake.waitFor(() => inThread(fake, PUBLIC_CHANNEL, event.ts).length === 1, "an answer to rate");
    const post = inThread(fake, PUBLIC_CHANNEL, event.ts)[0] as SlackApiCall;
    const res = await postSigned(
      port,
      blockActionBody({
        actionId: ACTION_FEEDBACK_UP,
        value: buttonValue(post, ACTION_FEEDBACK_UP),
        channel: PUBLIC_CHANNEL,
        threadTs: event.ts,
        responseUrl: fake.responseUrl("fb"),
      }),
      { contentType: "form" },
    );
    expect(res.status).toBe(200);
    await fake.waitFor(() => fake.callsTo("chat.postEphemeral").length >= 1, "the thank-you");
    const lines = (await readFile(feedbackLog, "utf8")).trim().split("\n");
    const record = FeedbackRecordSchema.parse(JSON.parse(lines.at(-1) ?? ""));
    expect(record.rating).toBe("up");
    expect(record.question).toBe(Q3);
    expect(record.answer).toContain("82.6%");
    expect(record.user).toBe(hashUser(USER, FEEDBACK_SALT));
    expect(record.user).not.toContain(USER);
    expect(record.channel).toBe(PUBLIC_CHANNEL);
    expect(record.collections).toEqual(["public"]);
    expect(record.citations[0]).toMatchObject({ source: "001_bc9149fb7ac2f9bb.txt", paragraph: "7" });
  });

  it("reveals the quoted paragraph, and refuses an exempt quote clicked in a public channel", async () => {
    const post = await mention(EXEMPT_QUESTIONS[0] as string, EXEMPT_CHANNEL);
    const value = buttonValue(post, /^show_quote:/);
    const before = fake.callsTo("views.open").length;

    await postSigned(
      port,
      blockActionBody({
        actionId: "show_quote:1",
        value,
        channel: EXEMPT_CHANNEL,
        responseUrl: fake.responseUrl("q1"),
      }),
      { contentType: "form" },
    );
    await fake.waitFor(() => fake.callsTo("views.open").length === before + 1, "the quote modal");
    const shown = JSON.stringify(fake.callsTo("views.open").at(-1)?.body.view);
    expect(shown).toContain("required to make £16.0m savings to 2024/25");

    await postSigned(
      port,
      blockActionBody({
        actionId: "show_quote:1",
        value,
        channel: PUBLIC_CHANNEL,
        responseUrl: fake.responseUrl("q2"),
      }),
      { contentType: "form" },
    );
    await fake.waitFor(() => fake.callsTo("views.open").length === before + 2, "the refusal modal");
    const refused = fake.callsTo("views.open").at(-1)?.body.view;
    expect(JSON.stringify(refused)).toContain("not available in this conversation");
    expect(exemptLeaks(refused, snippets)).toEqual([]);
  });

  it("publishes the App Home with the papers a DM may see", async () => {
    const ts = nextTs();
    await postSigned(
      port,
      JSON.stringify(
        eventEnvelope({
          type: "app_home_opened",
          user: USER,
          channel: "D0HOME001",
          tab: "home",
          event_ts: ts,
        }),
      ),
    );
    await fake.waitFor(() => fake.callsTo("views.publish").length >= 1, "the Home tab");
    const home = fake.callsTo("views.publish").at(-1);
    expect(home?.body.user_id).toBe(USER);
    const view = JSON.stringify(home?.body.view);
    expect(view).toContain("Quarter 3 2023/24 Performance Report");
    expect(view).not.toContain(EXEMPT_TITLE);
    expect(exemptLeaks(home?.body.view, snippets)).toEqual([]);
  });

  it("runs the assistant panel: suggested prompts, then status, title and an answer or drafted questions", async () => {
    const threadTs = nextTs();
    const channel = "D0ASSIST1";
    await postSigned(
      port,
      JSON.stringify(
        eventEnvelope({
          type: "assistant_thread_started",
          assistant_thread: { user_id: USER, channel_id: channel, thread_ts: threadTs, context: {} },
          event_ts: threadTs,
        }),
      ),
    );
    await fake.waitFor(
      () => fake.callsTo("assistant.threads.setSuggestedPrompts").some((c) => c.body.thread_ts === threadTs),
      "suggested prompts",
    );
    const question = messageEvent(Q3, { channel, channelType: "im", threadTs });
    fake.addMessage(channel, { ts: question.ts, text: Q3, user: USER, thread_ts: threadTs });
    await postSigned(port, JSON.stringify(eventEnvelope(question)));
    await fake.waitFor(
      () =>
        inThread(fake, channel, threadTs).some((c) => JSON.stringify(c.body.blocks ?? []).includes("82.6%")),
      "the assistant's answer",
    );
    expect(fake.callsTo("assistant.threads.setStatus").some((c) => c.body.thread_ts === threadTs)).toBe(true);
    expect(fake.callsTo("assistant.threads.setTitle").some((c) => c.body.thread_ts === threadTs)).toBe(true);

    const draft = "Draft questions on the Quarter 3 2023/24 performance report";
    const request = messageEvent(draft, { channel, channelType: "im", threadTs });
    fake.addMessage(channel, { ts: request.ts, text: draft, user: USER, thread_ts: threadTs });
    await postSigned(port, JSON.stringify(eventEnvelope(request)));
    await fake.waitFor(
      () => inThread(fake, channel, threadTs).some((c) => draftedCount(c.body) >= 3),
      "the assistant's drafted questions",
    );
    expect(
      fake
        .callsTo("assistant.threads.setStatus")
        .some((c) => c.body.thread_ts === threadTs && c.body.status === DRAFTING_STATUS),
    ).toBe(true);

    const exempt = messageEvent(EXEMPT_QUESTIONS[0] as string, { channel, channelType: "im", threadTs });
    const posted = inThread(fake, channel, threadTs).length;
    await postSigned(port, JSON.stringify(eventEnvelope(exempt)));
    await fake.waitFor(
      () => inThread(fake, channel, threadTs).length === posted + 1,
      "the assistant's reply to an exempt question",
    );
    const reply = inThread(fake, channel, threadTs).at(-1) as SlackApiCall;
    expect(exemptLeaks(reply.body, snippets)).toEqual([]);
    expect(engine.calls.at(-1)?.options?.collections).toEqual(["public"]);
  });
});

describe("Slack app end to end: failures", () => {
  let fake: FakeSlackApi;
  let slack: SlackApp;
  let port: number;
  let log: CapturedLog;

  beforeAll(async () => {
    fake = await startFakeSlackApi();
    log = captureLogger("debug");
    const failing: Engine = {
      async ask() {
        throw new Error("engine: index folder unreadable", { cause: new Error("EACCES: permission denied") });
      },
    };
    slack = createSlackApp(testConfig(fake.url), await testDeps(failing, log.logger));
    const started = await slack.start();
    port = started.port ?? 0;
  });

  afterAll(async () => {
    await slack?.stop();
    await fake?.close();
  });

  it("posts the one friendly message when the engine throws, logs the cause, and never logs a secret", async () => {
    const event = mentionEvent(Q3);
    await postSigned(port, JSON.stringify(eventEnvelope(event)));
    await fake.waitFor(() => inThread(fake, PUBLIC_CHANNEL, event.ts).length === 1, "the friendly message");
    const [post] = inThread(fake, PUBLIC_CHANNEL, event.ts);
    expect(post?.body.text).toBe(FRIENDLY_ERROR);
    expect(post?.body.blocks).toBeUndefined();

    const text = log.text();
    expect(text).toContain("engine: index folder unreadable <- Error: EACCES: permission denied");
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, FEEDBACK_SALT]) expect(text).not.toContain(secret);
  });

  it("posts the friendly message when Slack refuses the answer itself", async () => {
    let refused = 0;
    fake.respond("chat.postMessage", (body) => {
      if (body.blocks !== undefined && refused === 0) {
        refused++;
        return { ok: false, error: "invalid_blocks" };
      }
      return { ok: true, channel: body.channel, ts: nextTs() };
    });
    const second = createSlackApp(testConfig(fake.url), await testDeps(await testEngine(), log.logger));
    const { port: secondPort } = await second.start();
    try {
      const event = mentionEvent(Q3);
      await postSigned(secondPort ?? 0, JSON.stringify(eventEnvelope(event)));
      await fake.waitFor(
        () => fake.callsTo("chat.postMessage").filter((c) => c.body.thread_ts === event.ts).length === 2,
        "the refused answer and the friendly message",
      );
      const posts = fake.callsTo("chat.postMessage").filter((c) => c.body.thread_ts === event.ts);
      expect(posts[1]?.body.text).toBe(FRIENDLY_ERROR);
      expect(log.text()).toContain("invalid_blocks");
      for (const secret of [BOT_TOKEN, SIGNING_SECRET, FEEDBACK_SALT])
        expect(log.text()).not.toContain(secret);
    } finally {
      await second.stop();
    }
  });
});

describe("Slack app end to end: acknowledging before answering", () => {
  it("returns 200 while the engine is still working, then posts the answer", async () => {
    const fake = await startFakeSlackApi();
    const inner = await testEngine();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let asked = 0;
    const slow: Engine = {
      async ask(question, options) {
        asked++;
        await gate;
        return inner.ask(question, options);
      },
    };
    const slack = createSlackApp(testConfig(fake.url), await testDeps(slow, captureLogger("warn").logger));
    try {
      const { port: p } = await slack.start();
      const event = mentionEvent(Q3);
      // If the receiver waited for the engine, this response would never come (the gate is shut).
      const res = await postSigned(p ?? 0, JSON.stringify(eventEnvelope(event)));
      expect(res.status).toBe(200);
      await fake.waitFor(() => asked === 1, "the engine to be asked");
      expect(inThread(fake, PUBLIC_CHANNEL, event.ts)).toHaveLength(0);
      release();
      await fake.waitFor(
        () => inThread(fake, PUBLIC_CHANNEL, event.ts).length === 1,
        "the answer after the gate opens",
      );
      expect(JSON.stringify(inThread(fake, PUBLIC_CHANNEL, event.ts)[0]?.body.blocks)).toContain("*82.6%*");
    } finally {
      release();
      await slack.stop();
      await fake.close();
    }
  });
});
