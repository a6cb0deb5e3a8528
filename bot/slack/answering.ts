import type { Turn } from "../engine/types.js";
import { collectionsFor, type Where } from "./access.js";
import { answerMessage, draftMessage, errorMessage, type SlackMessage } from "./blocks.js";
import type { HandlerContext } from "./deps.js";
import { routeMessage } from "./route.js";

/**
 * The one path from a message to a posted reply, shared by every surface: scope by the access
 * policy, wait for a queue slot, ask the engine (or the question drafter), post the blocks. Any
 * failure becomes the single friendly message; the detail goes to the log only.
 */

export interface Question {
  text: string;
  where: Where;
  /** Earlier turns, fetched lazily inside the queue slot (a Web API call). */
  history: () => Promise<Turn[]>;
  /** For log lines: channel, thread, surface. Never the user's words or any token. */
  log: Record<string, string | undefined>;
}

export interface DraftRequest {
  topic: string;
  /** How many questions were asked for, if the request said. */
  max?: number | undefined;
  where: Where;
  log: Record<string, string | undefined>;
}

export type Reply = (message: SlackMessage) => Promise<unknown>;

export type ReplyKind = "answer" | "draft";

export interface AnswerHooks {
  /** Runs when the request gets its queue slot (e.g. the assistant's "searching" status). */
  onStart?: (kind: ReplyKind) => Promise<unknown>;
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

/**
 * A message in a conversation (mention, DM, assistant panel, thread reply): a request for
 * scrutiny questions goes to the drafter, anything else to the engine.
 */
export async function respondTo(
  ctx: HandlerContext,
  question: Question,
  reply: Reply,
  hooks: AnswerHooks = {},
): Promise<boolean> {
  const routed = routeMessage(question.text);
  if (routed.kind === "draft") {
    return draftQuestions(
      ctx,
      { topic: routed.topic, max: routed.max, where: question.where, log: question.log },
      reply,
      hooks,
    );
  }
  return answerQuestion(ctx, question, reply, hooks);
}

export async function answerQuestion(
  ctx: HandlerContext,
  question: Question,
  reply: Reply,
  hooks: AnswerHooks = {},
): Promise<boolean> {
  const collections = collectionsFor(ctx.deps.access, question.where);
  return deliver(
    ctx,
    { kind: "answer", log: question.log },
    async () => {
      const history = await question.history();
      return answerMessage(await ctx.deps.engine.ask(question.text, { history, collections }));
    },
    reply,
    hooks,
  );
}

/** Drafted scrutiny questions on a topic, from the papers this conversation may see. */
export async function draftQuestions(
  ctx: HandlerContext,
  request: DraftRequest,
  reply: Reply,
  hooks: AnswerHooks = {},
): Promise<boolean> {
  const collections = collectionsFor(ctx.deps.access, request.where);
  return deliver(
    ctx,
    { kind: "draft", log: request.log },
    async () =>
      draftMessage(
        await ctx.deps.drafter.draft(request.topic, {
          collections,
          ...(request.max !== undefined ? { max: request.max } : {}),
        }),
      ),
    reply,
    hooks,
  );
}

const FAILED: Record<ReplyKind, { work: string; post: string }> = {
  answer: { work: "slack: answering a question failed", post: "slack: posting an answer failed" },
  draft: { work: "slack: drafting questions failed", post: "slack: posting drafted questions failed" },
};

async function deliver(
  ctx: HandlerContext,
  what: { kind: ReplyKind; log: Record<string, string | undefined> },
  produce: () => Promise<SlackMessage>,
  reply: Reply,
  hooks: AnswerHooks,
): Promise<boolean> {
  const { logger } = ctx.deps;
  const { onStart } = hooks;
  let message: SlackMessage;
  try {
    message = await ctx.queue.run(async () => {
      if (onStart) await quietly(ctx, "status update", () => onStart(what.kind));
      return produce();
    });
  } catch (error) {
    logger.error({ ...what.log, error: errorChain(error) }, FAILED[what.kind].work);
    await sendFriendlyError(ctx, what.log, reply);
    return false;
  }
  try {
    await reply(message);
    return true;
  } catch (error) {
    logger.error({ ...what.log, error: errorChain(error) }, FAILED[what.kind].post);
    await sendFriendlyError(ctx, what.log, reply);
    return false;
  }
}

async function sendFriendlyError(
  ctx: HandlerContext,
  log: Record<string, string | undefined>,
  reply: Reply,
): Promise<void> {
  try {
    await reply(errorMessage());
  } catch (error) {
    ctx.deps.logger.error(
      { ...log, error: errorChain(error) },
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
