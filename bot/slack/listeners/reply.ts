import type { Reply } from "../answering.js";
import type { HandlerContext, SlackClient } from "../deps.js";

/** Posts into a thread and remembers the thread as one the bot takes part in. */
export function postInThread(
  ctx: HandlerContext,
  client: SlackClient,
  channel: string,
  threadTs: string,
): Reply {
  return async (message) => {
    await client.chat.postMessage({
      channel,
      thread_ts: threadTs,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
      unfurl_links: false,
      unfurl_media: false,
    });
    ctx.botThreads.add(threadKey(channel, threadTs));
  };
}

export function threadKey(channel: string, threadTs: string): string {
  return `${channel}:${threadTs}`;
}
