import { ConfigError } from "../../ingest/config.js";
import { createLogger } from "../../ingest/logger.js";
import { IndexIncompatibleError, IndexMissingError, openIndex } from "../../ingest/store/index.js";
import { CHUNKER_VERSION } from "../../ingest/structure/index.js";
import { createEngine } from "../engine/index.js";
import { createQuestionDrafter } from "../questions/index.js";
import { AccessPolicyError, loadAccessPolicy } from "./access.js";
import { createSlackApp } from "./app.js";
import { loadSlackConfig, slackSecrets } from "./config.js";
import { scrubbingDestination } from "./logging.js";
import { papersOf } from "./papers.js";

/** `npm run bot`: config once, index, engine, then the Slack app until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadSlackConfig(process.env);
  const logger = createLogger(config.core.logLevel, scrubbingDestination(slackSecrets(config)));
  const access = await loadAccessPolicy(config.accessPath);
  const store = await openIndex(config.core.indexDir, {
    config: config.core,
    expectedChunkerVersion: CHUNKER_VERSION,
  });
  const engine = createEngine({ store, config: config.core, logger });
  const drafter = createQuestionDrafter({ store, config: config.core, logger });
  const papers = papersOf(store);
  const slack = createSlackApp(config, {
    engine,
    papers: () => papers,
    drafter,
    feedbackLog: config.feedbackLog,
    access,
    logger,
  });
  const { port } = await slack.start();
  console.error(
    config.mode === "socket"
      ? `Scrutiny bot connected to Slack (Socket Mode), ${papers.length} papers indexed.`
      : `Scrutiny bot listening on port ${port} at /slack/events, ${papers.length} papers indexed.`,
  );
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "slack: stopping");
    slack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ error: String(error) }, "slack: stop failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  // These errors name the variable, file or index folder (and the command that fixes it); none carries a secret.
  const expected =
    error instanceof ConfigError ||
    error instanceof AccessPolicyError ||
    error instanceof IndexMissingError ||
    error instanceof IndexIncompatibleError;
  const message = error instanceof Error ? error.message : String(error);
  console.error(expected ? message : `bot: ${message}`);
  process.exit(expected ? 2 : 1);
});
