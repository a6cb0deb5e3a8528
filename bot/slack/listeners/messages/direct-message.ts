import { quietly, respondTo } from "../../answering.js";
import { helpMessage } from "../../blocks.js";
import type { HandlerContext, SlackClient } from "../../deps.js";
import { humanMessage } from "../../middleware.js";
import { stripMentions, unescapeSlack } from "../../text.js";
import { postInThread } from "../reply.js";

export interface DirectMessageArgs {
  message: unknown;
  client: SlackClient;
}

/**
 * A new DM is answered in its own thread, so follow-ups have a thread to live in. Replies inside
 * a DM thread never get here: the Assistant middleware takes every threaded DM.
 */
export function directMessageCallback(ctx: HandlerContext) {
  return async ({ message, client }: DirectMessageArgs): Promise<void> => {
    const m = humanMessage(message);
    if (m?.channel_type !== "im" || m.thread_ts !== undefined) return;
    const reply = postInThread(ctx, client, m.channel, m.ts);
    const question = stripMentions(unescapeSlack(m.text));
    if (question === "") {
      await quietly(ctx, "posting help", () => reply(helpMessage()));
      return;
    }
    await respondTo(
      ctx,
      {
        text: question,
        where: { channel: m.channel, channelType: "im" },
        history: async () => [],
        log: { surface: "dm", channel: m.channel, thread: m.ts },
      },
      reply,
    );
  };
}
