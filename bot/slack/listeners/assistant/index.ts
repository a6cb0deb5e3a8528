import { type App, Assistant } from "@slack/bolt";
import type { HandlerContext } from "../../deps.js";
import { threadStartedCallback } from "./thread-started.js";
import { userMessageCallback } from "./user-message.js";

/**
 * The answer is scoped by where it is shown (the user's own assistant thread, a DM), not by the
 * channel the user happens to be viewing, so no thread context is kept. Bolt's default store
 * also caches one context for all threads, which would mix users' contexts.
 */
const noThreadContext = {
  get: async () => ({}),
  save: async () => {},
};

export function register(app: App, ctx: HandlerContext): void {
  app.assistant(
    new Assistant({
      threadContextStore: noThreadContext,
      threadStarted: threadStartedCallback(ctx),
      threadContextChanged: async () => {},
      userMessage: userMessageCallback(ctx),
    }),
  );
}
