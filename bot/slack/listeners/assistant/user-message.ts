import type { Turn } from "../../../engine/types.js";
import { quietly, respondTo } from "../../answering.js";
import type { SlackMessage } from "../../blocks.js";
import type { BotContext, HandlerContext, SlackClient } from "../../deps.js";
import { fetchThread, historyFromThread } from "../../history.js";
import { humanMessage } from "../../middleware.js";
import { stripMentions, truncate, unescapeSlack } from "../../text.js";
import { threadKey } from "../reply.js";

export interface UserMessageArgs {
  message: unknown;
  client: SlackClient;
  context: BotContext;
  say: (message: { text: string; blocks?: SlackMessage["blocks"] }) => Promise<unknown>;
  setStatus: (status: string) => Promise<unknown>;
  setTitle: (title: string) => Promise<unknown>;
}

export const SEARCHING_STATUS = "is searching the papers…";
export const DRAFTING_STATUS = "is drafting questions from the papers…";

/**
 * A message in the assistant panel, or any reply in a DM thread (Bolt's Assistant takes both).
 * The thread so far is the history; the first question becomes the thread's title.
 */
export function userMessageCallback(ctx: HandlerContext) {
  return async ({ message, client, context, say, setStatus, setTitle }: UserMessageArgs): Promise<void> => {
    const m = humanMessage(message);
    if (!m || m.thread_ts === undefined) return;
    const threadTs = m.thread_ts;
    const question = stripMentions(unescapeSlack(m.text));
    if (question === "") return;
    const history = async (): Promise<Turn[]> => {
      const turns = historyFromThread(await fetchThread(client, m.channel, threadTs), context, m.ts);
      if (turns.length === 0) await quietly(ctx, "thread title", () => setTitle(truncate(question, 60)));
      return turns;
    };
    await respondTo(
      ctx,
      {
        text: question,
        where: { channel: m.channel, channelType: "im" },
        history,
        log: { surface: "assistant", channel: m.channel, thread: threadTs },
      },
      async (reply) => {
        await say({ text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) });
        ctx.botThreads.add(threadKey(m.channel, threadTs));
      },
      { onStart: (kind) => setStatus(kind === "draft" ? DRAFTING_STATUS : SEARCHING_STATUS) },
    );
  };
}
