import type { App } from "@slack/bolt";
import type { HandlerContext } from "../../deps.js";
import { scrutinyCommandCallback } from "./scrutiny.js";

export const SLASH_COMMAND = "/scrutiny";

export function register(app: App, ctx: HandlerContext): void {
  app.command(SLASH_COMMAND, scrutinyCommandCallback(ctx));
}
