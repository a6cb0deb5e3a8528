import type { App } from "@slack/bolt";
import type { HandlerContext } from "../deps.js";
import * as actions from "./actions/index.js";
import * as assistant from "./assistant/index.js";
import * as commands from "./commands/index.js";
import * as events from "./events/index.js";
import * as messages from "./messages/index.js";

/** The Assistant goes first: it is middleware that takes threaded DMs before message listeners. */
export function registerListeners(app: App, ctx: HandlerContext): void {
  assistant.register(app, ctx);
  events.register(app, ctx);
  messages.register(app, ctx);
  commands.register(app, ctx);
  actions.register(app, ctx);
}
