import { errorChain, respondTo } from "../../answering.js";
import type { BotContext, HandlerContext, SlackClient } from "../../deps.js";
import { botTookPart, fetchThread, historyFromThread, type ThreadMessage } from "../../history.js";
import { humanMessage } from "../../middleware.js";
import { isDraftRequest } from "../../route.js";
import { stripMentions, unescapeSlack } from "../../text.js";
import { postInThread, threadKey } from "../reply.js";

export interface ThreadReplyArgs {
  message: unknown;
  client: SlackClient;
  context: BotContext;
}

const QUESTION_START =
  /^(what|how|why|when|where|which|who|whose|is|are|was|were|does|do|did|has|have|can|could|will|would|should|what's|how's)\b/i;

/**
 * People also talk to each other in the bot's threads; without a mention, only a question
 * (a "?" or a question word first) is taken as a follow-up.
 */
export function looksLikeQuestion(text: string): boolean {
  const t = text.trim();
  return t !== "" && (t.includes("?") || QUESTION_START.test(t));
}

/**
 * A reply in a channel thread the bot has answered in is a follow-up, even without a mention.
 * Replies that mention the bot are left to the app_mention listener, so each is answered once.
 * "Draft questions on …" in such a thread is taken as meant for the bot too.
 */
export function threadReplyCallback(ctx: HandlerContext) {
  return async ({ message, client, context }: ThreadReplyArgs): Promise<void> => {
    const m = humanMessage(message);
    if (!m || m.thread_ts === undefined || m.thread_ts === m.ts) return;
    if (m.channel_type === "im" || m.channel_type === "mpim") return;
    if (context.botUserId !== undefined && m.text.includes(`<@${context.botUserId}>`)) return;
    const question = stripMentions(unescapeSlack(m.text));
    if (!looksLikeQuestion(question) && !isDraftRequest(question)) return;
    const threadTs = m.thread_ts;
    let thread: ThreadMessage[] | undefined;
    if (!ctx.botThreads.has(threadKey(m.channel, threadTs))) {
      // Not seen since start-up: ask Slack whether the bot is in this thread at all.
      try {
        thread = await fetchThread(client, m.channel, threadTs);
      } catch (error) {
        ctx.deps.logger.warn(
          { channel: m.channel, thread: threadTs, error: errorChain(error) },
          "slack: thread lookup failed",
        );
        return;
      }
      if (!botTookPart(thread, context)) return;
      ctx.botThreads.add(threadKey(m.channel, threadTs));
    }
    await respondTo(
      ctx,
      {
        text: question,
        where: { channel: m.channel, channelType: m.channel_type },
        history: async () =>
          historyFromThread(thread ?? (await fetchThread(client, m.channel, threadTs)), context, m.ts),
        log: { surface: "thread", channel: m.channel, thread: threadTs },
      },
      postInThread(ctx, client, m.channel, threadTs),
    );
  };
}
