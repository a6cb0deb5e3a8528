import { describe, expect, it } from "vitest";
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_FEEDBACK_LOG,
  loadSlackConfig,
  slackSecrets,
} from "../../../bot/slack/config.js";
import { ConfigError } from "../../../ingest/config.js";

const BOT = "xoxb-1111-2222-SECRETBOT";
const SIGNING = "signing-secret-abcdef123456";
const APP = "xapp-1-A111-2222-SECRETAPP";

function errorOf(env: Record<string, string | undefined>): Error {
  try {
    loadSlackConfig(env);
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected loadSlackConfig to throw");
}

describe("loadSlackConfig", () => {
  it("uses the HTTP receiver with defaults when there is no app token", () => {
    const c = loadSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING });
    expect(c).toMatchObject({
      mode: "http",
      botToken: BOT,
      signingSecret: SIGNING,
      appToken: undefined,
      apiUrl: undefined,
      port: 3000,
      feedbackLog: DEFAULT_FEEDBACK_LOG,
      concurrency: DEFAULT_CONCURRENCY,
      accessPath: undefined,
    });
    expect(c.core.indexDir).toBe(".scrutiny/index");
    expect(c.feedbackSalt).toMatch(/^[0-9a-f]{64}$/);
  });

  it("uses Socket Mode when SLACK_APP_TOKEN is set, and then needs no signing secret", () => {
    const c = loadSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP });
    expect(c.mode).toBe("socket");
    expect(c.appToken).toBe(APP);
  });

  it("reads every setting", () => {
    const c = loadSlackConfig({
      SLACK_BOT_TOKEN: BOT,
      SLACK_SIGNING_SECRET: SIGNING,
      SLACK_API_URL: "http://127.0.0.1:9999/api/",
      PORT: "8080",
      SCRUTINY_ACCESS: "config/access.yaml",
      SCRUTINY_FEEDBACK_LOG: "/var/log/scrutiny/feedback.jsonl",
      SCRUTINY_FEEDBACK_SALT: "a-long-random-salt",
      SLACK_CONCURRENCY: "8",
      SCRUTINY_INDEX: "/srv/index",
    });
    expect(c).toMatchObject({
      apiUrl: "http://127.0.0.1:9999/api/",
      port: 8080,
      host: undefined,
      accessPath: "config/access.yaml",
      feedbackLog: "/var/log/scrutiny/feedback.jsonl",
      feedbackSalt: "a-long-random-salt",
      concurrency: 8,
    });
    expect(c.core.indexDir).toBe("/srv/index");
  });

  it.each([
    ["no bot token", { SLACK_SIGNING_SECRET: SIGNING }, "SLACK_BOT_TOKEN is missing"],
    ["no signing secret and no app token", { SLACK_BOT_TOKEN: BOT }, "SLACK_SIGNING_SECRET is missing"],
    [
      "a user token as the bot token",
      { SLACK_BOT_TOKEN: "xoxp-123-SECRETUSER", SLACK_SIGNING_SECRET: SIGNING },
      "SLACK_BOT_TOKEN does not look like a bot token",
    ],
    [
      "a bot token as the app token",
      { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: "xoxb-SECRETWRONG" },
      "SLACK_APP_TOKEN does not look like an app-level token",
    ],
    [
      "a bad concurrency",
      { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, SLACK_CONCURRENCY: "0" },
      "SLACK_CONCURRENCY",
    ],
    ["a bad port", { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, PORT: "http" }, "PORT"],
    [
      "a bad API URL",
      { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, SLACK_API_URL: "not a url" },
      "SLACK_API_URL",
    ],
    [
      "a core setting",
      { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, EMBEDDINGS: "openai" },
      "OPENAI_API_KEY",
    ],
  ])("names the variable: %s", (_label, env, expected) => {
    const err = errorOf(env);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain(expected);
    for (const secret of ["SECRETBOT", "SECRETUSER", "SECRETWRONG", "SECRETAPP", SIGNING]) {
      expect(err.message).not.toContain(secret);
    }
  });

  it("lists all secrets for scrubbing, the derived salt included", () => {
    const c = loadSlackConfig({
      SLACK_BOT_TOKEN: BOT,
      SLACK_SIGNING_SECRET: SIGNING,
      SLACK_APP_TOKEN: APP,
      OPENAI_API_KEY: "sk-SECRETKEY",
    });
    expect(slackSecrets(c)).toEqual([BOT, SIGNING, APP, c.feedbackSalt, "sk-SECRETKEY"]);
  });
});
