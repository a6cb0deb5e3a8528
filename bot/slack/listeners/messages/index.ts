import type { App } from "@slack/bolt";
import type { HandlerContext } from "../../deps.js";
import { directMessageCallback } from "./direct-message.js";
import { threadReplyCallback } from "./thread-reply.js";

export function register(app: App, ctx: HandlerContext): void {
  app.message(directMessageCallback(ctx));
  app.message(threadReplyCallback(ctx));
}
