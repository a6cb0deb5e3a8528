import { LogLevel } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { boltLogger, scrubbingDestination, scrubSecrets } from "../../../bot/slack/logging.js";
import { createLogger } from "../../../ingest/logger.js";
import { captureLogger } from "./helpers.js";

const SECRETS = ["signing-secret-0123456789abcdef", "feedback-salt-xyz"];

describe("scrubSecrets", () => {
  it.each([
    ["Authorization: Bearer xoxb-1111-2222-abcDEF", "Authorization: Bearer [redacted]"],
    ["app token xapp-1-A111-222-abc in a URL", "app token [redacted] in a URL"],
    ["user token xoxp-9-9-9 and refresh xoxe-1-abc", "user token [redacted] and refresh [redacted]"],
    ["secret signing-secret-0123456789abcdef leaked", "secret [redacted] leaked"],
    ["salt=feedback-salt-xyz;", "salt=[redacted];"],
    ["82.6% of 322 children", "82.6% of 322 children"],
  ])("%s", (input, expected) => {
    expect(scrubSecrets(input, SECRETS)).toBe(expected);
  });
});

describe("boltLogger", () => {
  it("routes Bolt's lines into pino with the level, and scrubs them", () => {
    const log = captureLogger("debug");
    const bolt = boltLogger(log.logger, SECRETS);
    bolt.setName("bolt-app");
    bolt.debug("http request headers:", { Authorization: "Bearer xoxb-1-2-SECRET" });
    bolt.warn("Request verification failed");
    bolt.error(new Error("An API error occurred: invalid_auth (token xoxb-1-2-SECRET)"));
    const entries = log.entries();
    expect(entries.map((e) => e.level)).toEqual([20, 40, 50]);
    expect(entries[0]?.component).toBe("bolt-app");
    expect(entries[2]?.msg).toBe("Error: An API error occurred: invalid_auth (token [redacted])");
    expect(log.text()).not.toContain("xoxb-1-2-SECRET");
  });

  it("reports pino's level to Bolt and ignores Bolt's attempts to change it", () => {
    const log = captureLogger("warn");
    const bolt = boltLogger(log.logger, []);
    expect(bolt.getLevel()).toBe(LogLevel.WARN);
    bolt.setLevel(LogLevel.DEBUG);
    bolt.debug("noise");
    bolt.info("noise");
    expect(log.text()).toBe("");
  });
});

describe("scrubbingDestination", () => {
  it("scrubs every line a pino logger writes, whatever field it sits in", () => {
    const out: string[] = [];
    const sink = { write: (s: string) => out.push(s) } as unknown as NodeJS.WritableStream;
    const logger = createLogger("info", scrubbingDestination(SECRETS, sink));
    logger.info(
      { detail: "key signing-secret-0123456789abcdef", nested: { t: "xoxb-5-6-SECRET" } },
      "startup",
    );
    const text = out.join("");
    expect(text).toContain("startup");
    expect(text).not.toContain("signing-secret-0123456789abcdef");
    expect(text).not.toContain("xoxb-5-6-SECRET");
  });
});
