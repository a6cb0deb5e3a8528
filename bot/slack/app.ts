import type { Server } from "node:http";
import { App, type webApi } from "@slack/bolt";
import { errorChain } from "./answering.js";
import type { SlackConfig } from "./config.js";
import { slackSecrets } from "./config.js";
import { createRecentKeys } from "./dedupe.js";
import type { HandlerContext, SlackDeps } from "./deps.js";
import { registerListeners } from "./listeners/index.js";
import { boltLogger } from "./logging.js";
import { dedupeDeliveries, dropBotTraffic } from "./middleware.js";
import { createTaskQueue } from "./queue.js";

export type { SlackDeps } from "./deps.js";

/**
 * The Web API client's default (ten retries over about thirty minutes) would leave a councillor
 * waiting far too long. A 429's Retry-After is always waited out first, then this backoff applies.
 */
export const SLACK_RETRY_POLICY = {
  retries: 5,
  factor: 2,
  minTimeout: 250,
  maxTimeout: 20_000,
  randomize: true,
};

/** How long stop() waits for answers already being worked on. */
const DRAIN_MS = 10_000;

export interface SlackApp {
  app: App;
  /** Connects (Socket Mode) or listens (HTTP); resolves with the bound port for HTTP. */
  start(): Promise<{ port: number | undefined }>;
  stop(): Promise<void>;
}

export interface SlackAppOptions {
  now?: () => Date;
}

export function createSlackApp(
  config: SlackConfig,
  deps: SlackDeps,
  options: SlackAppOptions = {},
): SlackApp {
  const secrets = slackSecrets(config);
  const clientOptions: webApi.WebClientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    retryConfig: SLACK_RETRY_POLICY,
  };
  const common = {
    token: config.botToken,
    logger: boltLogger(deps.logger, secrets),
    clientOptions,
    // auth.test runs in start(), not in the constructor, so a bad token fails start() loudly.
    deferInitialization: true,
    convoStore: false as const,
  };
  const app =
    config.mode === "socket"
      ? new App({
          ...common,
          socketMode: true,
          appToken: config.appToken,
          // The Socket Mode receiver builds its own Web API client from here, not from clientOptions.
          installerOptions: { clientOptions: { ...clientOptions } },
        })
      : new App({
          ...common,
          signingSecret: config.signingSecret,
          endpoints: "/slack/events",
          // Ack the HTTP request at once; the answer is posted when it is ready.
          processBeforeResponse: false,
        });

  const queue = createTaskQueue({ concurrency: config.concurrency });
  const ctx: HandlerContext = {
    deps,
    queue,
    botThreads: createRecentKeys({ ttlMs: 7 * 24 * 60 * 60_000, max: 50_000 }),
    feedbackSalt: config.feedbackSalt,
    now: options.now ?? (() => new Date()),
  };

  app.use(dropBotTraffic(deps.logger));
  app.use(dedupeDeliveries(createRecentKeys(), deps.logger));
  registerListeners(app, ctx);
  app.error(async (error) => {
    deps.logger.error({ error: errorChain(error) }, "slack: unhandled error in a listener");
  });

  let server: Server | undefined;
  return {
    app,
    async start() {
      await app.init();
      if (config.mode === "socket") {
        await app.start();
        deps.logger.info({ mode: "socket" }, "slack: connected in Socket Mode");
        return { port: undefined };
      }
      server = await app.start(config.host ? { port: config.port, host: config.host } : config.port);
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : config.port;
      deps.logger.info({ mode: "http", port }, "slack: listening for events on /slack/events");
      return { port };
    },
    async stop() {
      const stopping = app.stop();
      server?.closeIdleConnections();
      await stopping;
      server = undefined;
      let timer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        queue.idle().then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), DRAIN_MS);
        }),
      ]);
      clearTimeout(timer);
      if (!drained)
        deps.logger.warn(
          { running: queue.running, waiting: queue.waiting },
          "slack: stopped with answers unfinished",
        );
    },
  };
}
