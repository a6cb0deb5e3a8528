import { collectionsFor } from "../../access.js";
import { errorChain, quietly } from "../../answering.js";
import { ACTION_FEEDBACK_UP } from "../../blocks.js";
import type { HandlerContext, SlackClient } from "../../deps.js";
import { appendFeedback, decodeFeedbackValue, hashUser } from "../../feedback.js";
import { type ButtonClickArgs, clickedIn } from "./click.js";

/** 👍/👎: one line in the feedback log, then a quiet thank-you only the clicker sees. */
export function feedbackActionCallback(ctx: HandlerContext) {
  return async ({ ack, action, body, client }: ButtonClickArgs & { client: SlackClient }): Promise<void> => {
    await ack();
    const { logger, access, feedbackLog } = ctx.deps;
    const payload = decodeFeedbackValue(action.value ?? "");
    if (!payload) {
      logger.warn({ action: action.action_id }, "slack: feedback button carried an unreadable value");
      return;
    }
    const where = clickedIn(body);
    const rating = action.action_id === ACTION_FEEDBACK_UP ? "up" : "down";
    try {
      await appendFeedback(feedbackLog, {
        time: ctx.now().toISOString(),
        rating,
        user: hashUser(body.user.id, ctx.feedbackSalt),
        channel: where.channel ?? null,
        collections: collectionsFor(access, { channel: where.channel }),
        question: payload.question,
        answer: payload.answer,
        answered: payload.answered,
        citations: payload.citations,
        truncated: payload.truncated,
      });
    } catch (error) {
      logger.error({ channel: where.channel, error: errorChain(error) }, "slack: recording feedback failed");
      return;
    }
    const channel = where.channel;
    if (channel === undefined) return;
    await quietly(ctx, "feedback thank-you", () =>
      client.chat.postEphemeral({
        channel,
        user: body.user.id,
        ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
        text:
          rating === "up"
            ? "Thanks, your 👍 was recorded."
            : "Thanks, your 👎 was recorded; it helps us fix answers.",
      }),
    );
  };
}
