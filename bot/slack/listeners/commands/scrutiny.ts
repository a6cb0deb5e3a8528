import type { types } from "@slack/bolt";
import { collectionsFor, type Where } from "../../access.js";
import { answerQuestion, errorChain } from "../../answering.js";
import { errorMessage, helpMessage, LIMITS, type SlackMessage, sourcesMessage } from "../../blocks.js";
import type { HandlerContext } from "../../deps.js";
import { escapeMrkdwn, truncate } from "../../text.js";

export type ScrutinyCommand =
  | { kind: "help" }
  | { kind: "sources" }
  | { kind: "ask"; question: string }
  | { kind: "questions"; topic: string };

/** "/scrutiny <sub> <rest>"; anything that is not a known sub-command is taken as a question. */
export function parseScrutinyCommand(text: string): ScrutinyCommand {
  const trimmed = text.trim();
  const [first = "", ...rest] = trimmed.split(/\s+/);
  const arg = rest.join(" ").trim();
  switch (first.toLowerCase()) {
    case "":
    case "help":
      return { kind: "help" };
    case "sources":
    case "papers":
      return { kind: "sources" };
    case "ask":
      return arg === "" ? { kind: "help" } : { kind: "ask", question: arg };
    case "questions":
      return arg === "" ? { kind: "help" } : { kind: "questions", topic: arg };
    default:
      return { kind: "ask", question: trimmed };
  }
}

interface EphemeralResponse {
  response_type: "ephemeral";
  text: string;
  blocks?: types.KnownBlock[];
  replace_original?: boolean;
}

export interface ScrutinyCommandArgs {
  command: { text: string; channel_id: string; channel_name?: string; user_id: string };
  ack: (response?: EphemeralResponse) => Promise<void>;
  respond: (message: EphemeralResponse) => Promise<unknown>;
}

function ephemeral(message: SlackMessage): EphemeralResponse {
  return {
    response_type: "ephemeral",
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
  };
}

function isBlockList(blocks: unknown): blocks is types.KnownBlock[] {
  return (
    Array.isArray(blocks) &&
    blocks.length <= LIMITS.messageBlocks &&
    blocks.every(
      (b) => typeof b === "object" && b !== null && typeof (b as { type?: unknown }).type === "string",
    )
  );
}

/** Answers to /scrutiny are ephemeral: only the person who asked sees them. */
export function scrutinyCommandCallback(ctx: HandlerContext) {
  return async ({ command, ack, respond }: ScrutinyCommandArgs): Promise<void> => {
    const where: Where = {
      channel: command.channel_id,
      channelType: command.channel_name === "directmessage" ? "im" : undefined,
    };
    const parsed = parseScrutinyCommand(command.text);
    switch (parsed.kind) {
      case "help":
        await ack(ephemeral(helpMessage()));
        return;
      case "sources": {
        const visible = new Set(collectionsFor(ctx.deps.access, where));
        await ack(ephemeral(sourcesMessage(ctx.deps.papers().filter((p) => visible.has(p.collection)))));
        return;
      }
      case "ask":
        await ack({
          response_type: "ephemeral",
          text: `Searching the papers for: ${escapeMrkdwn(truncate(parsed.question, 300))}`,
        });
        await answerQuestion(
          ctx,
          {
            text: parsed.question,
            where,
            history: async () => [],
            log: { surface: "command", channel: command.channel_id },
          },
          (message) => respond({ ...ephemeral(message), replace_original: false }),
        );
        return;
      case "questions": {
        const draft = ctx.deps.draftQuestions;
        if (!draft) {
          await ack({
            response_type: "ephemeral",
            text: "Drafting scrutiny questions is not switched on here yet.",
          });
          return;
        }
        await ack({
          response_type: "ephemeral",
          text: `Drafting questions on: ${escapeMrkdwn(truncate(parsed.topic, 300))}`,
        });
        const collections = collectionsFor(ctx.deps.access, where);
        try {
          const drafted = await ctx.queue.run(() => draft(parsed.topic, { collections }));
          await respond({
            response_type: "ephemeral",
            replace_original: false,
            text: truncate(drafted.text, LIMITS.messageText),
            ...(isBlockList(drafted.blocks) ? { blocks: drafted.blocks } : {}),
          });
        } catch (error) {
          ctx.deps.logger.error(
            { surface: "command", channel: command.channel_id, error: errorChain(error) },
            "slack: drafting questions failed",
          );
          await respond({ ...ephemeral(errorMessage()), replace_original: false }).catch(() => undefined);
        }
        return;
      }
    }
  };
}
