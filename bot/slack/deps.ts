import type { webApi } from "@slack/bolt";
import type { Logger } from "../../ingest/logger.js";
import type { Engine } from "../engine/types.js";
import type { QuestionDrafter } from "../questions/types.js";
import type { AccessPolicy } from "./access.js";
import type { PaperInfo } from "./blocks.js";
import type { RecentKeys } from "./dedupe.js";
import type { TaskQueue } from "./queue.js";

/** What the Slack app is given from outside; it builds none of these itself. */
export interface SlackDeps {
  engine: Engine;
  /** The indexed papers (one entry per document). */
  papers: () => PaperInfo[];
  /** Drafts scrutiny questions for `/scrutiny questions` and "draft questions on …" messages. */
  drafter: QuestionDrafter;
  /** Path of the JSONL feedback log. */
  feedbackLog: string;
  access: AccessPolicy;
  logger: Logger;
}

/** What every handler shares: the deps plus the app's own bounded state. */
export interface HandlerContext {
  deps: SlackDeps;
  queue: TaskQueue;
  /** Threads the bot has posted in, so a reply there is known as a follow-up without a lookup. */
  botThreads: RecentKeys;
  feedbackSalt: string;
  now: () => Date;
}

/** The Web API methods the handlers call; Bolt's WebClient satisfies it, and so do test fakes. */
export interface SlackClient {
  chat: {
    postMessage(args: webApi.ChatPostMessageArguments): Promise<unknown>;
    postEphemeral(args: webApi.ChatPostEphemeralArguments): Promise<unknown>;
  };
  conversations: {
    replies(args: webApi.ConversationsRepliesArguments): Promise<webApi.ConversationsRepliesResponse>;
  };
  views: {
    open(args: webApi.ViewsOpenArguments): Promise<unknown>;
    publish(args: webApi.ViewsPublishArguments): Promise<unknown>;
  };
}

/** Bot identity from Bolt's context (filled in by auth.test). */
export interface BotContext {
  botUserId?: string | undefined;
  botId?: string | undefined;
}
