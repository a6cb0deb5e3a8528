import { createHmac } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine } from "../../../bot/engine/index.js";
import type { Answer, AskOptions, Engine } from "../../../bot/engine/types.js";
import { createQuestionDrafter } from "../../../bot/questions/index.js";
import type { DraftOptions, DraftResult, QuestionDrafter } from "../../../bot/questions/types.js";
import type { AccessPolicy } from "../../../bot/slack/access.js";
import type { PaperInfo } from "../../../bot/slack/blocks.js";
import type { SlackConfig } from "../../../bot/slack/config.js";
import { createRecentKeys } from "../../../bot/slack/dedupe.js";
import type { HandlerContext, SlackClient, SlackDeps } from "../../../bot/slack/deps.js";
import { papersOf } from "../../../bot/slack/papers.js";
import { createTaskQueue } from "../../../bot/slack/queue.js";
import { type Config, loadConfig } from "../../../ingest/config.js";
import { createLogger, type Logger } from "../../../ingest/logger.js";
import { type IndexStore, openIndex } from "../../../ingest/store/index.js";
import { CHUNKER_VERSION } from "../../../ingest/structure/index.js";
import { nextSlackTs } from "../../fakes/slackApi.js";
import { EXEMPT_PAPER, sharedCorpusIndex } from "./corpus.js";

/** The day after the 5 March 2024 meeting: "quarter 3" then means Q3 2023/24, as a councillor would mean it. */
export const TEST_NOW = new Date("2024-03-06T10:00:00.000Z");

interface RealParts {
  config: Config;
  store: IndexStore;
  engine: Engine;
  drafter: QuestionDrafter;
  papers: PaperInfo[];
}

// One per test file (each file runs in its own module graph); the index folder itself is shared.
let real: Promise<RealParts> | undefined;

/** The real index of the demo papers, with the real engine and question drafter over it (no chat model). */
export function realParts(): Promise<RealParts> {
  real ??= (async () => {
    const config = loadConfig({});
    const store = await openIndex(await sharedCorpusIndex(config), {
      config,
      expectedChunkerVersion: CHUNKER_VERSION,
    });
    return {
      config,
      store,
      engine: createEngine({ store, config, now: () => TEST_NOW }),
      drafter: createQuestionDrafter({ store, config, now: () => TEST_NOW }),
      papers: papersOf(store),
    };
  })();
  return real;
}

export interface RecordingEngine extends Engine {
  calls: { question: string; options: AskOptions | undefined }[];
  answers: Answer[];
}

/** An engine that records what it was asked and what it answered, so tests can check the plumbing. */
export function recordingEngine(inner: Engine): RecordingEngine {
  const calls: RecordingEngine["calls"] = [];
  const answers: Answer[] = [];
  return {
    calls,
    answers,
    async ask(question, options) {
      calls.push({ question, options });
      const answer = await inner.ask(question, options);
      answers.push(answer);
      return answer;
    },
  };
}

export interface RecordingDrafter extends QuestionDrafter {
  calls: { topic: string; options: DraftOptions | undefined }[];
  results: DraftResult[];
}

export function recordingDrafter(inner: QuestionDrafter): RecordingDrafter {
  const calls: RecordingDrafter["calls"] = [];
  const results: DraftResult[] = [];
  return {
    calls,
    results,
    async draft(topic, options) {
      calls.push({ topic, options });
      const result = await inner.draft(topic, options);
      results.push(result);
      return result;
    },
  };
}

/** The real engine on the real index; each call gets its own record of questions. */
export async function testEngine(): Promise<RecordingEngine> {
  return recordingEngine((await realParts()).engine);
}

/** The real question drafter on the real index; each call gets its own record of topics. */
export async function testDrafter(): Promise<RecordingDrafter> {
  return recordingDrafter((await realParts()).drafter);
}

/** The indexed papers, as the bot lists them: one per document of the real index. */
export async function testPapers(): Promise<PaperInfo[]> {
  return (await realParts()).papers;
}

export const BOT_TOKEN = "xoxb-1111-2222-TESTBOTTOKEN";
export const SIGNING_SECRET = "signing-secret-0123456789abcdef";
export const FEEDBACK_SALT = "feedback-salt-for-tests-only";
export const PUBLIC_CHANNEL = "C0PUBLIC1";
export const EXEMPT_CHANNEL = "C0EXEMPT1";
export const DM_CHANNEL = "D0DIRECT1";
export const USER = "U0COUNCIL";
/** The demo question the listener tests ask: the fake engine answers it from para 7 of the Q3 report. */
export const Q3 =
  "What percentage of child protection cases were reviewed within timescales at the end of quarter 3?";

export const TEST_POLICY: AccessPolicy = {
  default: ["public"],
  dm: ["public"],
  channels: { [EXEMPT_CHANNEL]: ["public", "exempt"] },
};

export interface CapturedLog {
  logger: Logger;
  text(): string;
  entries(): Record<string, unknown>[];
}

/** A real pino logger writing into memory, so tests can read every line that would reach stderr. */
export function captureLogger(level = "debug"): CapturedLog {
  const lines: string[] = [];
  const logger = createLogger(level, {
    write: (chunk: string) => {
      lines.push(String(chunk));
      return true;
    },
  } as unknown as NodeJS.WritableStream);
  return {
    logger,
    text: () => lines.join(""),
    entries: () =>
      lines
        .join("")
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

export async function tempFeedbackLog(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "scrutiny-slack-"));
  return join(dir, "nested", "feedback.jsonl");
}

export function testConfig(apiUrl: string, overrides: Partial<SlackConfig> = {}): SlackConfig {
  return {
    core: loadConfig({}),
    mode: "http",
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    appToken: undefined,
    apiUrl,
    port: 0,
    host: "127.0.0.1",
    accessPath: undefined,
    feedbackLog: ".scrutiny/never-used.jsonl",
    feedbackSalt: FEEDBACK_SALT,
    concurrency: 4,
    ...overrides,
  };
}

/** Deps around the given engine: the real drafter and paper list unless overridden. */
export async function testDeps(
  engine: Engine,
  logger: Logger,
  overrides: Partial<SlackDeps> = {},
): Promise<SlackDeps> {
  const parts = await realParts();
  return {
    engine,
    drafter: parts.drafter,
    papers: () => parts.papers,
    feedbackLog: ".scrutiny/never-used.jsonl",
    access: TEST_POLICY,
    logger,
    ...overrides,
  };
}

/**
 * Deps for tests of plumbing that never asks a question (buttons, start-up): an engine or drafter
 * that is called anyway fails the test, and no index is opened.
 */
export function plumbingDeps(logger: Logger, overrides: Partial<SlackDeps> = {}): SlackDeps {
  const unexpected = (what: string) => async (): Promise<never> => {
    throw new Error(`test: the ${what} was called, but this test asks no question`);
  };
  return {
    engine: { ask: unexpected("engine") },
    drafter: { draft: unexpected("question drafter") },
    papers: () => [],
    feedbackLog: ".scrutiny/never-used.jsonl",
    access: TEST_POLICY,
    logger,
    ...overrides,
  };
}

export function testContext(deps: SlackDeps, overrides: Partial<HandlerContext> = {}): HandlerContext {
  return {
    deps,
    queue: createTaskQueue({ concurrency: 2 }),
    botThreads: createRecentKeys(),
    feedbackSalt: FEEDBACK_SALT,
    now: () => TEST_NOW,
    ...overrides,
  };
}

// ---- Events API over HTTP, signed the way Slack signs -------------------------------------------

export function signature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

export interface PostOptions {
  secret?: string;
  timestamp?: number;
  retryNum?: number;
  contentType?: "json" | "form";
}

export async function postSigned(port: number, rawBody: string, opts: PostOptions = {}): Promise<Response> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": opts.contentType === "form" ? "application/x-www-form-urlencoded" : "application/json",
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": signature(opts.secret ?? SIGNING_SECRET, timestamp, rawBody),
  };
  if (opts.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(opts.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  return fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST", headers, body: rawBody });
}

let eventCounter = 0;

export function eventEnvelope(event: Record<string, unknown>, eventId?: string): Record<string, unknown> {
  eventCounter++;
  return {
    token: "legacy-verification-token",
    team_id: "T0TEST01",
    api_app_id: "A0TEST01",
    type: "event_callback",
    event_id: eventId ?? `Ev${String(eventCounter).padStart(8, "0")}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: "T0TEST01", user_id: "UBOT0001", is_bot: true }],
    event,
  };
}

/** Event timestamps on the fake API's own sequence, so threads sort in the order they happened. */
export const nextTs = nextSlackTs;

export function mentionEvent(text: string, opts: { channel?: string; ts?: string; threadTs?: string } = {}) {
  const ts = opts.ts ?? nextTs();
  return {
    type: "app_mention",
    user: USER,
    text: `<@UBOT0001> ${text}`,
    ts,
    event_ts: ts,
    channel: opts.channel ?? PUBLIC_CHANNEL,
    ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
    client_msg_id: `msg-${ts}`,
  };
}

export function messageEvent(
  text: string,
  opts: { channel?: string; channelType?: string; ts?: string; threadTs?: string; user?: string } = {},
) {
  const ts = opts.ts ?? nextTs();
  return {
    type: "message",
    user: opts.user ?? USER,
    text,
    ts,
    event_ts: ts,
    channel: opts.channel ?? DM_CHANNEL,
    channel_type: opts.channelType ?? "im",
    ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
    client_msg_id: `msg-${ts}`,
  };
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

// ---- Direct handler calls -----------------------------------------------------------------------

export interface RecordedClientCall {
  method: string;
  args: Record<string, unknown>;
}

export interface FakeClient extends SlackClient {
  calls: RecordedClientCall[];
  /** Messages conversations.replies returns, by thread ts. */
  threads: Map<string, { ts: string; text?: string; user?: string; bot_id?: string }[]>;
}

/** An in-memory SlackClient for calling handlers directly. `fail` makes the named methods throw. */
export function fakeClient(fail: string[] = []): FakeClient {
  const calls: RecordedClientCall[] = [];
  const threads: FakeClient["threads"] = new Map();
  const record = async (method: string, args: object): Promise<Record<string, unknown>> => {
    calls.push({ method, args: args as Record<string, unknown> });
    if (fail.includes(method)) throw new Error(`fake client: ${method} failed`);
    return { ok: true };
  };
  return {
    calls,
    threads,
    chat: {
      postMessage: (args) => record("chat.postMessage", args),
      postEphemeral: (args) => record("chat.postEphemeral", args),
    },
    conversations: {
      replies: async (args) => {
        await record("conversations.replies", args);
        return { ok: true, messages: threads.get(String(args.ts)) ?? [] };
      },
    },
    views: {
      open: (args) => record("views.open", args),
      publish: (args) => record("views.publish", args),
    },
  };
}

/** The arguments Bolt would pass a listener, built from plain objects, with every call recorded. */
export function buildArguments<T extends Record<string, unknown>>(fields: T, fail: string[] = []) {
  const client = fakeClient(fail);
  const acks: unknown[] = [];
  const said: unknown[] = [];
  const responded: unknown[] = [];
  const statuses: string[] = [];
  const titles: string[] = [];
  return {
    client,
    context: { botUserId: "UBOT0001", botId: "BBOT0001" },
    ack: async (response?: unknown) => {
      acks.push(response);
    },
    say: async (message: unknown) => {
      said.push(message);
      return { ok: true };
    },
    respond: async (message: unknown) => {
      responded.push(message);
      return { ok: true };
    },
    setStatus: async (status: string) => {
      statuses.push(status);
      return { ok: true };
    },
    setTitle: async (title: string) => {
      titles.push(title);
      return { ok: true };
    },
    setSuggestedPrompts: async (params: unknown) => {
      said.push({ suggestedPrompts: params });
      return { ok: true };
    },
    acks,
    said,
    responded,
    statuses,
    titles,
    ...fields,
  };
}

// ---- The exempt paper must never show where the policy does not allow it -----------------------

/** Figures that only the exempt paper (002) states. */
export const EXEMPT_FIGURES = ["£16.0m", "£13.2m"];
export const EXEMPT_TITLE = "Defining Children and Family Services for the Future";

const PLAIN_RUN = /[A-Za-z0-9 ,.£%()/]{30,}/g;

/**
 * One verbatim snippet of every exempt paragraph whose words no public paragraph shares: a reply
 * that carries any of them has quoted the exempt paper. Only characters that Slack escaping and
 * JSON leave alone, so a snippet is found wherever the paragraph's text went.
 */
export async function exemptSnippets(): Promise<string[]> {
  const { store } = await realParts();
  const units = [...store.units.values()];
  const publicText = units
    .filter((u) => u.collection !== "exempt")
    .map((u) => u.text)
    .join("\n");
  const snippets: string[] = [];
  for (const u of units) {
    if (u.collection !== "exempt") continue;
    const found = [...u.text.matchAll(PLAIN_RUN)]
      .flatMap((m) => [...m[0].matchAll(/(?<=^|\s)\S/g)].map((w) => m[0].slice(w.index, w.index + 40).trim()))
      .find((snippet) => snippet.length >= 30 && !publicText.includes(snippet));
    if (found !== undefined) snippets.push(found);
  }
  return snippets;
}

/** The exempt file's name without its "_", which mrkdwn escaping swaps for a look-alike. */
const EXEMPT_FILE_ID = EXEMPT_PAPER.replace(/^\d+_|\.txt$/g, "");

/** What of the exempt paper a posted reply (any JSON: blocks, button values, views) gives away. */
export function exemptLeaks(posted: unknown, snippets: string[]): string[] {
  const json = JSON.stringify(posted);
  return [
    ...[EXEMPT_FILE_ID, ...EXEMPT_FIGURES].filter((s) => json.includes(s)),
    ...snippets.filter((s) => json.includes(s)),
    ...(json.includes(`*${EXEMPT_TITLE}*`) ? [`citation of “${EXEMPT_TITLE}”`] : []),
  ];
}
