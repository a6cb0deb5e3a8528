import type { App } from "@slack/bolt";
import type { HandlerContext } from "../../deps.js";
import { appHomeOpenedCallback } from "./app-home-opened.js";
import { appMentionCallback } from "./app-mention.js";

export function register(app: App, ctx: HandlerContext): void {
  app.event("app_mention", appMentionCallback(ctx));
  app.event("app_home_opened", appHomeOpenedCallback(ctx));
}
