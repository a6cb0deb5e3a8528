import type { App } from "@slack/bolt";
import { ACTION_FEEDBACK_DOWN, ACTION_FEEDBACK_UP, ACTION_QUOTE } from "../../blocks.js";
import type { HandlerContext } from "../../deps.js";
import { feedbackActionCallback } from "./feedback.js";
import { quoteActionCallback } from "./quote.js";

export function register(app: App, ctx: HandlerContext): void {
  app.action({ type: "block_actions", action_id: ACTION_QUOTE }, quoteActionCallback(ctx));
  const feedback = feedbackActionCallback(ctx);
  app.action({ type: "block_actions", action_id: ACTION_FEEDBACK_UP }, feedback);
  app.action({ type: "block_actions", action_id: ACTION_FEEDBACK_DOWN }, feedback);
}
