import type { AllMiddlewareArgs, AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { Logger } from "../../ingest/logger.js";
import type { RecentKeys } from "./dedupe.js";

/** Global middleware: runs before every listener, the Assistant included. */

export interface HumanMessage {
  channel: string;
  user: string;
  text: string;
  ts: string;
  thread_ts: string | undefined;
  channel_type: string | undefined;
}

/** Subtypes that are still a person writing a question. Edits, joins and deletions are not. */
const HUMAN_SUBTYPES = new Set([undefined, "thread_broadcast", "file_share"]);

/** The message as a person's question, or undefined for bots (ours or others'), edits and joins. */
export function humanMessage(event: unknown): HumanMessage | undefined {
  if (typeof event !== "object" || event === null) return undefined;
  const e = event as Record<string, unknown>;
  if (e.type !== "message" && e.type !== "app_mention") return undefined;
  const subtype = typeof e.subtype === "string" ? e.subtype : undefined;
  if (!HUMAN_SUBTYPES.has(subtype)) return undefined;
  if (e.bot_id !== undefined || e.bot_profile !== undefined) return undefined;
  if (typeof e.channel !== "string" || typeof e.user !== "string" || typeof e.ts !== "string")
    return undefined;
  return {
    channel: e.channel,
    user: e.user,
    text: typeof e.text === "string" ? e.text : "",
    ts: e.ts,
    thread_ts: typeof e.thread_ts === "string" ? e.thread_ts : undefined,
    channel_type: typeof e.channel_type === "string" ? e.channel_type : undefined,
  };
}

type Args = AnyMiddlewareArgs & AllMiddlewareArgs;

function eventOf(args: Args): Record<string, unknown> | undefined {
  const body = args.body as unknown as Record<string, unknown>;
  if (body.type !== "event_callback") return undefined;
  const event = body.event;
  return typeof event === "object" && event !== null ? (event as Record<string, unknown>) : undefined;
}

/** Messages and mentions from bots (this one included) or that are edits never reach a listener. */
export function dropBotTraffic(logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const event = eventOf(args);
    if (event && (event.type === "message" || event.type === "app_mention") && !humanMessage(event)) {
      logger.debug({ ts: event.ts, subtype: event.subtype }, "slack: bot message or edit ignored");
      return;
    }
    await args.next();
  };
}

/**
 * A delivery Slack retries carries the same event_id; the same message can also arrive twice
 * under different ids. Either way it is answered once.
 */
export function dedupeDeliveries(recent: RecentKeys, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const event = eventOf(args);
    if (!event) {
      await args.next();
      return;
    }
    const body = args.body as unknown as Record<string, unknown>;
    const keys: string[] = [];
    if (typeof body.event_id === "string") keys.push(`event:${body.event_id}`);
    if (typeof event.type === "string" && typeof event.channel === "string" && typeof event.ts === "string") {
      // Per event type: an @mention arrives both as app_mention and as message, and both are needed.
      keys.push(`${event.type}:${event.channel}:${event.ts}`);
    }
    if (keys.some((k) => recent.has(k))) {
      logger.debug(
        { eventId: body.event_id, retryNum: args.context.retryNum, retryReason: args.context.retryReason },
        "slack: duplicate delivery skipped",
      );
      return;
    }
    for (const k of keys) recent.add(k);
    await args.next();
  };
}
