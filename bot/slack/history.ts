import type { Turn } from "../engine/types.js";
import { FRIENDLY_ERROR } from "./blocks.js";
import type { BotContext, SlackClient } from "./deps.js";
import { isDraftRequest } from "./route.js";
import { stripMentions, unescapeSlack } from "./text.js";

/** Earlier turns of a Slack thread, for follow-up questions. */

export interface ThreadMessage {
  ts: string;
  text?: string | undefined;
  user?: string | undefined;
  bot_id?: string | undefined;
  subtype?: string | undefined;
}

/** Follow-ups only need the last few turns; older ones mostly add noise to retrieval. */
export const MAX_HISTORY_TURNS = 6;
const THREAD_FETCH_LIMIT = 100;

export function isFromBot(m: ThreadMessage, me: BotContext): boolean {
  return (
    (me.botId !== undefined && m.bot_id === me.botId) ||
    (me.botUserId !== undefined && m.user === me.botUserId)
  );
}

export function botTookPart(messages: ThreadMessage[], me: BotContext): boolean {
  return messages.some((m) => isFromBot(m, me));
}

function tsValue(ts: string): number {
  return Number(ts);
}

/**
 * Pairs each user question with the bot's answer that follows it, oldest first, stopping before
 * `beforeTs` (the message being answered now). Other bots, the error message and drafted questions
 * are not turns.
 */
export function historyFromThread(messages: ThreadMessage[], me: BotContext, beforeTs: string): Turn[] {
  const turns: Turn[] = [];
  let pending: string | undefined;
  const ordered = [...messages]
    .filter((m) => tsValue(m.ts) < tsValue(beforeTs))
    .sort((a, b) => tsValue(a.ts) - tsValue(b.ts));
  for (const m of ordered) {
    const text = unescapeSlack(m.text ?? "").trim();
    if (isFromBot(m, me)) {
      if (pending !== undefined && text !== "" && text !== FRIENDLY_ERROR) {
        turns.push({ question: pending, answer: text });
      }
      pending = undefined;
      continue;
    }
    if (m.bot_id !== undefined || m.subtype === "bot_message") continue;
    const question = stripMentions(text);
    // A request for drafted questions is not a question a follow-up could lean on.
    if (question !== "") pending = isDraftRequest(question) ? undefined : question;
  }
  return turns.slice(-MAX_HISTORY_TURNS);
}

export class ThreadFetchError extends Error {
  override readonly name = "ThreadFetchError";
}

export async function fetchThread(
  client: Pick<SlackClient, "conversations">,
  channel: string,
  threadTs: string,
): Promise<ThreadMessage[]> {
  try {
    const res = await client.conversations.replies({ channel, ts: threadTs, limit: THREAD_FETCH_LIMIT });
    return (res.messages ?? []).filter((m): m is ThreadMessage => typeof m.ts === "string");
  } catch (cause) {
    throw new ThreadFetchError(`slack: reading thread ${threadTs} in ${channel}`, { cause });
  }
}
