import { quietly, respondTo } from "../../answering.js";
import { helpMessage } from "../../blocks.js";
import type { BotContext, HandlerContext, SlackClient } from "../../deps.js";
import { fetchThread, historyFromThread } from "../../history.js";
import { humanMessage } from "../../middleware.js";
import { stripMentions, unescapeSlack } from "../../text.js";
import { postInThread } from "../reply.js";

export interface AppMentionArgs {
  event: unknown;
  client: SlackClient;
  context: BotContext;
}

/**
 * An @mention is answered in the mention's thread. A mention inside a thread is a follow-up:
 * the thread so far becomes the history. "Draft questions on …" gets drafted questions instead.
 */
export function appMentionCallback(ctx: HandlerContext) {
  return async ({ event, client, context }: AppMentionArgs): Promise<void> => {
    const m = humanMessage(event);
    if (!m) return;
    const threadTs = m.thread_ts ?? m.ts;
    const reply = postInThread(ctx, client, m.channel, threadTs);
    const question = stripMentions(unescapeSlack(m.text));
    if (question === "") {
      await quietly(ctx, "posting help", () => reply(helpMessage()));
      return;
    }
    await respondTo(
      ctx,
      {
        text: question,
        where: { channel: m.channel, channelType: m.channel_type },
        history: async () =>
          m.thread_ts === undefined
            ? []
            : historyFromThread(await fetchThread(client, m.channel, m.thread_ts), context, m.ts),
        log: { surface: "mention", channel: m.channel, thread: threadTs },
      },
      reply,
    );
  };
}
