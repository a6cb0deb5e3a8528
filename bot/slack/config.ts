import { createHmac } from "node:crypto";
import { z } from "zod";
import { type Config, ConfigError, loadConfig } from "../../ingest/config.js";

/**
 * Slack settings on top of the core config. Read once, at the entry point, from the environment;
 * everything below takes the result as a parameter.
 */

export const DEFAULT_FEEDBACK_LOG = ".scrutiny/feedback.jsonl";
export const DEFAULT_PORT = 3000;
export const DEFAULT_CONCURRENCY = 4;

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const wholeNumber = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        // The value itself is harmless here (a number), so it may be echoed.
        ctx.addIssue({ code: "custom", message: `must be a whole number from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

export const SlackEnvSchema = z.object({
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: optionalString.pipe(
    z.url({ error: "must be a URL such as https://slack.com/api/" }).optional(),
  ),
  PORT: wholeNumber(DEFAULT_PORT, 0, 65_535),
  SCRUTINY_ACCESS: optionalString,
  SCRUTINY_FEEDBACK_LOG: optionalString,
  SCRUTINY_FEEDBACK_SALT: optionalString,
  SLACK_CONCURRENCY: wholeNumber(DEFAULT_CONCURRENCY, 1, 64),
});

export interface SlackConfig {
  core: Config;
  /** Socket Mode when an app-level token is given; otherwise the HTTP receiver. */
  mode: "socket" | "http";
  botToken: string;
  /** Needed by the HTTP receiver only; Socket Mode traffic is authenticated by the app token. */
  signingSecret: string | undefined;
  appToken: string | undefined;
  /** Web API base URL; undefined means Slack's own. */
  apiUrl: string | undefined;
  port: number;
  /** Interface to listen on; undefined listens on all (tests bind 127.0.0.1). Not read from the environment. */
  host: string | undefined;
  accessPath: string | undefined;
  feedbackLog: string;
  /** Keys the user-id hash in the feedback log, so ids cannot be recovered by hashing every user id. */
  feedbackSalt: string;
  concurrency: number;
}

/**
 * Secrets never appear in these messages: a bad token is reported by variable name and shape only.
 */
export function loadSlackConfig(env: Record<string, string | undefined>): SlackConfig {
  const core = loadConfig(env);
  const parsed = SlackEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`configuration: ${z.prettifyError(parsed.error)}`);
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (!e.SLACK_BOT_TOKEN) {
    problems.push(
      "SLACK_BOT_TOKEN is missing: the bot token (xoxb-…) from the app's OAuth & Permissions page",
    );
  } else if (!e.SLACK_BOT_TOKEN.startsWith("xoxb-")) {
    problems.push("SLACK_BOT_TOKEN does not look like a bot token: it should start with xoxb-");
  }
  if (e.SLACK_APP_TOKEN && !e.SLACK_APP_TOKEN.startsWith("xapp-")) {
    problems.push("SLACK_APP_TOKEN does not look like an app-level token: it should start with xapp-");
  }
  if (!e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    problems.push(
      "SLACK_SIGNING_SECRET is missing: the HTTP receiver needs it (Basic Information > Signing Secret); " +
        "or set SLACK_APP_TOKEN to use Socket Mode",
    );
  }
  if (problems.length > 0 || !e.SLACK_BOT_TOKEN) {
    throw new ConfigError(`configuration: ${problems.join("; ")}`);
  }
  const feedbackSalt =
    e.SCRUTINY_FEEDBACK_SALT ??
    createHmac("sha256", e.SLACK_SIGNING_SECRET ?? e.SLACK_BOT_TOKEN)
      .update("scrutiny feedback user hash")
      .digest("hex");
  return {
    core,
    mode: e.SLACK_APP_TOKEN ? "socket" : "http",
    botToken: e.SLACK_BOT_TOKEN,
    signingSecret: e.SLACK_SIGNING_SECRET,
    appToken: e.SLACK_APP_TOKEN,
    apiUrl: e.SLACK_API_URL,
    port: e.PORT,
    host: undefined,
    accessPath: e.SCRUTINY_ACCESS,
    feedbackLog: e.SCRUTINY_FEEDBACK_LOG ?? DEFAULT_FEEDBACK_LOG,
    feedbackSalt,
    concurrency: e.SLACK_CONCURRENCY,
  };
}

/** Every secret the config holds, for scrubbing log lines and asserting they never leak. */
export function slackSecrets(config: SlackConfig): string[] {
  return [
    config.botToken,
    config.signingSecret,
    config.appToken,
    config.feedbackSalt,
    config.core.openai?.apiKey,
  ].filter((s): s is string => typeof s === "string" && s.length > 0);
}
