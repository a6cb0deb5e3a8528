/** The parts of a block_actions payload that the button handlers read. */
export interface ButtonClickArgs {
  ack: () => Promise<void>;
  action: { action_id: string; value?: string | undefined };
  body: {
    user: { id: string };
    channel?: { id: string } | undefined;
    trigger_id: string;
    container?: Record<string, unknown> | undefined;
  };
}

/** Where the button was clicked: the channel, and the thread the message sits in, if any. */
export function clickedIn(body: ButtonClickArgs["body"]): {
  channel: string | undefined;
  threadTs: string | undefined;
} {
  const container = body.container ?? {};
  const channel =
    body.channel?.id ?? (typeof container.channel_id === "string" ? container.channel_id : undefined);
  const threadTs = typeof container.thread_ts === "string" ? container.thread_ts : undefined;
  return { channel, threadTs };
}
