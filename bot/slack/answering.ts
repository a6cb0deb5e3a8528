import type { Turn } from "../engine/types.js";
import { collectionsFor, type Where } from "./access.js";
import { answerMessage, errorMessage, type SlackMessage } from "./blocks.js";
import type { HandlerContext } from "./deps.js";

/**
 * The one path from a question to a posted answer, shared by every surface: scope by the access
 * policy, wait for a queue slot, ask the engine, post the blocks. Any failure becomes the single
 * friendly message; the detail goes to the log only.
 */

export interface Question {
  text: string;
  where: Where;
  /** Earlier turns, fetched lazily inside the queue slot (a Web API call). */
  history: () => Promise<Turn[]>;
  /** For log lines: channel, thread, surface. Never the user's words or any token. */
  log: Record<string, string | undefined>;
}

export type Reply = (message: SlackMessage) => Promise<unknown>;

export interface AnswerHooks {
  /** Runs when the question gets its queue slot (e.g. the assistant's "searching" status). */
  onStart?: () => Promise<unknown>;
}

/** "message <- cause <- cause", so a log line shows why, not just what. */
export function errorChain(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 6; depth++) {
    if (current instanceof Error) {
      parts.push(`${current.name}: ${current.message}`);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(" <- ");
}

export async function answerQuestion(
  ctx: HandlerContext,
  question: Question,
  reply: Reply,
  hooks: AnswerHooks = {},
): Promise<boolean> {
  const { logger, engine, access } = ctx.deps;
  const collections = collectionsFor(access, question.where);
  let message: SlackMessage;
  try {
    message = await ctx.queue.run(async () => {
      if (hooks.onStart) await quietly(ctx, "status update", hooks.onStart);
      const history = await question.history();
      const answer = await engine.ask(question.text, { history, collections });
      return answerMessage(answer);
    });
  } catch (error) {
    logger.error({ ...question.log, error: errorChain(error) }, "slack: answering a question failed");
    await sendFriendlyError(ctx, question, reply);
    return false;
  }
  try {
    await reply(message);
    return true;
  } catch (error) {
    logger.error({ ...question.log, error: errorChain(error) }, "slack: posting an answer failed");
    await sendFriendlyError(ctx, question, reply);
    return false;
  }
}

async function sendFriendlyError(ctx: HandlerContext, question: Question, reply: Reply): Promise<void> {
  try {
    await reply(errorMessage());
  } catch (error) {
    ctx.deps.logger.error(
      { ...question.log, error: errorChain(error) },
      "slack: posting the error message failed too",
    );
  }
}

/** Runs a side call whose failure must not stop the answer (status, title, reactions). */
export async function quietly(
  ctx: HandlerContext,
  what: string,
  call: () => Promise<unknown>,
): Promise<void> {
  try {
    await call();
  } catch (error) {
    ctx.deps.logger.debug({ error: errorChain(error) }, `slack: ${what} failed`);
  }
}
