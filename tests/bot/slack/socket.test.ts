import { describe, expect, it } from "vitest";
import { createSlackApp } from "../../../bot/slack/app.js";
import { startFakeSlackApi } from "../../fakes/slackApi.js";
import { BOT_TOKEN, captureLogger, plumbingDeps, testConfig } from "./helpers.js";

const APP_TOKEN = "xapp-1-A0TEST01-1111-SOCKETSECRET";

describe("Socket Mode", () => {
  it("opens the connection through SLACK_API_URL with the app token (the receiver's own client)", async () => {
    const fake = await startFakeSlackApi();
    const log = captureLogger("debug");
    // The fake refuses with invalid_auth, which Socket Mode treats as final: no reconnect loop.
    const slack = createSlackApp(
      testConfig(fake.url, { mode: "socket", appToken: APP_TOKEN, signingSecret: undefined }),
      plumbingDeps(log.logger),
    );
    try {
      await expect(slack.start()).rejects.toThrow(/invalid_auth/);
      const open = fake.calls.filter((c) => c.method === "apps.connections.open");
      expect(open).toHaveLength(1);
      expect(open[0]?.authorization).toBe(`Bearer ${APP_TOKEN}`);
      expect(fake.calls.find((c) => c.method === "auth.test")?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
      expect(log.text()).not.toContain(APP_TOKEN);
      expect(log.text()).not.toContain(BOT_TOKEN);
    } finally {
      await slack.stop();
      await fake.close();
    }
  });
});
