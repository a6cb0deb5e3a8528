import { canSee } from "../../access.js";
import { errorChain } from "../../answering.js";
import { decodeQuoteValue, notVisibleModal, quoteModal } from "../../blocks.js";
import type { HandlerContext, SlackClient } from "../../deps.js";
import { type ButtonClickArgs, clickedIn } from "./click.js";

/**
 * Shows the cited paragraph in a modal. The collection is checked again where the button is
 * clicked: a message can travel (shared, forwarded) to where its paper is not allowed.
 */
export function quoteActionCallback(ctx: HandlerContext) {
  return async ({ ack, action, body, client }: ButtonClickArgs & { client: SlackClient }): Promise<void> => {
    await ack();
    const { logger, access } = ctx.deps;
    const ref = decodeQuoteValue(action.value ?? "");
    if (!ref) {
      logger.warn({ action: action.action_id }, "slack: quote button carried an unreadable value");
      return;
    }
    const where = clickedIn(body);
    const visible = canSee(access, { channel: where.channel }, ref.collection);
    if (!visible) {
      logger.info(
        { channel: where.channel, collection: ref.collection, unit: ref.id },
        "slack: quote refused outside its collection",
      );
    }
    try {
      await client.views.open({
        trigger_id: body.trigger_id,
        view: visible ? quoteModal(ref) : notVisibleModal(),
      });
    } catch (error) {
      logger.warn({ channel: where.channel, error: errorChain(error) }, "slack: opening the quote failed");
    }
  };
}
