import type { types } from "@slack/bolt";
import { collectionsFor, type Where } from "../../access.js";
import { answerQuestion, draftQuestions } from "../../answering.js";
import { helpMessage, type SlackMessage, sourcesMessage } from "../../blocks.js";
import type { HandlerContext } from "../../deps.js";
import { routeMessage } from "../../route.js";
import { escapeMrkdwn, truncate } from "../../text.js";

export type ScrutinyCommand =
  | { kind: "help" }
  | { kind: "sources" }
  | { kind: "ask"; question: string }
  | { kind: "questions"; topic: string; max?: number };

/**
 * "/scrutiny <sub> <rest>"; anything that is not a known sub-command is taken as a question, unless
 * it asks for questions to be drafted ("/scrutiny draft questions on …").
 */
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
    default: {
      const routed = routeMessage(trimmed);
      if (routed.kind === "ask") return { kind: "ask", question: trimmed };
      if (routed.topic === "") return { kind: "help" };
      return { kind: "questions", topic: routed.topic, ...(routed.max ? { max: routed.max } : {}) };
    }
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
      case "questions":
        await ack({
          response_type: "ephemeral",
          text: `Drafting questions on: ${escapeMrkdwn(truncate(parsed.topic, 300))}`,
        });
        await draftQuestions(
          ctx,
          {
            topic: parsed.topic,
            max: parsed.max,
            where,
            log: { surface: "command", channel: command.channel_id },
          },
          (message) => respond({ ...ephemeral(message), replace_original: false }),
        );
        return;
    }
  };
}
