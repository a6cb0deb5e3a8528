import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody, sendJson } from "./http.js";

/**
 * A fake Slack Web API on 127.0.0.1 for tests: real HTTP, so Bolt's real WebClient (form encoding,
 * retries, Retry-After handling) is exercised. It records every call, keeps the messages it was
 * asked to post so conversations.replies can return real threads, and can answer 429 on demand.
 * Also takes POSTs to /respond/<id>, standing in for slash-command response_urls.
 */

export interface SlackApiCall {
  method: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
  /** This call was answered with 429. */
  rateLimited: boolean;
}

export interface FakeMessage {
  ts: string;
  text: string;
  user?: string;
  bot_id?: string;
  thread_ts?: string;
  blocks?: unknown;
  subtype?: string;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
}

type Responder = (body: Record<string, unknown>) => Record<string, unknown>;

export interface FakeSlackApi {
  /** Base for SLACK_API_URL / clientOptions.slackApiUrl, ending in /api/. */
  url: string;
  origin: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  calls: SlackApiCall[];
  responses: ResponseUrlPost[];
  callsTo(method: string): SlackApiCall[];
  /** A response_url that lands in `responses`. */
  responseUrl(id: string): string;
  /** Seeds a message into a channel, as if a person had posted it. */
  addMessage(channel: string, message: FakeMessage): void;
  messages(channel: string): FakeMessage[];
  /** The next `count` calls (to `method`, or to any method) get 429 with Retry-After. */
  rateLimit(count: number, retryAfterSeconds?: number, method?: string): void;
  /** Replaces the answer for one method. */
  respond(method: string, responder: Responder): void;
  /** Polls until `check` holds; rejects with `what` after `timeoutMs`. */
  waitFor(check: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

let tsSequence = 0;

/**
 * Message timestamps from one increasing sequence, shared by the fake and the tests' events, so a
 * thread sorts in the order its messages were made (as Slack's own timestamps do).
 */
export function nextSlackTs(): string {
  tsSequence++;
  return `${1709640000 + Math.floor(tsSequence / 1_000_000)}.${String(tsSequence % 1_000_000).padStart(6, "0")}`;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === "") return {};
  if (contentType?.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // The WebClient JSON-encodes nested fields (blocks, view, prompts) inside the form.
    if (value.startsWith("[") || value.startsWith("{")) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // not JSON after all: keep the string
      }
    }
    out[key] = value;
  }
  return out;
}

export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const botUserId = "UBOT0001";
  const botId = "BBOT0001";
  const teamId = "T0TEST01";
  const calls: SlackApiCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const channels = new Map<string, FakeMessage[]>();
  const overrides = new Map<string, Responder>();
  let limits: { remaining: number; retryAfter: number; method: string | undefined } | undefined;
  const pollers = new Set<NodeJS.Timeout>();

  const channelMessages = (channel: string): FakeMessage[] => {
    let list = channels.get(channel);
    if (!list) {
      list = [];
      channels.set(channel, list);
    }
    return list;
  };

  const builtin: Record<string, Responder> = {
    "auth.test": () => ({
      ok: true,
      url: "https://fake.slack.test/",
      team: "Test",
      user: "scrutiny",
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
    }),
    "chat.postMessage": (body) => {
      const channel = String(body.channel ?? "");
      const message: FakeMessage = {
        ts: nextSlackTs(),
        text: String(body.text ?? ""),
        user: botUserId,
        bot_id: botId,
        ...(typeof body.thread_ts === "string" ? { thread_ts: body.thread_ts } : {}),
        ...(body.blocks !== undefined ? { blocks: body.blocks } : {}),
      };
      channelMessages(channel).push(message);
      return { ok: true, channel, ts: message.ts, message };
    },
    "chat.postEphemeral": () => ({ ok: true, message_ts: nextSlackTs() }),
    "chat.update": (body) => ({ ok: true, channel: body.channel, ts: body.ts }),
    "conversations.replies": (body) => {
      const channel = String(body.channel ?? "");
      const ts = String(body.ts ?? "");
      const thread = channelMessages(channel)
        .filter((m) => m.ts === ts || m.thread_ts === ts)
        .sort((a, b) => Number(a.ts) - Number(b.ts));
      return { ok: true, messages: thread, has_more: false };
    },
    "assistant.threads.setStatus": () => ({ ok: true }),
    "assistant.threads.setSuggestedPrompts": () => ({ ok: true }),
    "assistant.threads.setTitle": () => ({ ok: true }),
    "views.publish": (body) => ({ ok: true, view: { id: "VHOME01", ...(body.view as object) } }),
    "views.open": (body) => ({ ok: true, view: { id: "VMODAL1", ...(body.view as object) } }),
    "reactions.add": () => ({ ok: true }),
    "apps.connections.open": () => ({ ok: false, error: "invalid_auth" }),
  };

  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, req.headers["content-type"]);
    } catch {
      sendJson(res, 400, { ok: false, error: "invalid_json" });
      return;
    }
    if (path.startsWith("/respond/")) {
      responses.push({ id: path.slice("/respond/".length), body });
      sendJson(res, 200, { ok: true });
      return;
    }
    if (!path.startsWith("/api/")) {
      sendJson(res, 404, { ok: false, error: "unknown_path" });
      return;
    }
    const method = path.slice("/api/".length);
    const authorization = req.headers.authorization;
    if (limits && limits.remaining > 0 && (limits.method === undefined || limits.method === method)) {
      limits.remaining--;
      calls.push({ method, body, authorization, rateLimited: true });
      sendJson(res, 429, { ok: false, error: "ratelimited" }, { "retry-after": String(limits.retryAfter) });
      return;
    }
    calls.push({ method, body, authorization, rateLimited: false });
    const responder = overrides.get(method) ?? builtin[method];
    if (!responder) {
      sendJson(res, 200, { ok: false, error: "unknown_method" });
      return;
    }
    sendJson(res, 200, responder(body));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/api/`,
    origin,
    botUserId,
    botId,
    teamId,
    calls,
    responses,
    callsTo: (method) => calls.filter((c) => c.method === method && !c.rateLimited),
    responseUrl: (id) => `${origin}/respond/${encodeURIComponent(id)}`,
    addMessage(channel, message) {
      channelMessages(channel).push(message);
    },
    messages: (channel) => [...channelMessages(channel)],
    rateLimit(count, retryAfterSeconds = 1, method) {
      limits = { remaining: count, retryAfter: retryAfterSeconds, method };
    },
    respond(method, responder) {
      overrides.set(method, responder);
    },
    waitFor(check, what, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      return new Promise<void>((resolve, reject) => {
        const tick = (): void => {
          if (check()) {
            resolve();
            return;
          }
          if (Date.now() > deadline) {
            reject(new Error(`fake Slack API: timed out after ${timeoutMs} ms waiting for ${what}`));
            return;
          }
          const t = setTimeout(() => {
            pollers.delete(t);
            tick();
          }, 10);
          pollers.add(t);
        };
        tick();
      });
    },
    async close() {
      for (const t of pollers) clearTimeout(t);
      pollers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
