import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { SUGGESTED_PROMPTS } from "../../../bot/slack/blocks.js";
import { SLASH_COMMAND } from "../../../bot/slack/listeners/commands/index.js";

const ManifestSchema = z.object({
  display_information: z.object({ name: z.string(), long_description: z.string().min(174).max(4000) }),
  features: z.object({
    app_home: z.object({ home_tab_enabled: z.literal(true), messages_tab_enabled: z.literal(true) }),
    bot_user: z.object({ display_name: z.string() }),
    assistant_view: z.object({
      assistant_description: z.string(),
      suggested_prompts: z.array(z.object({ title: z.string(), message: z.string() })).max(4),
    }),
    slash_commands: z.array(
      z.object({ command: z.string(), description: z.string(), usage_hint: z.string() }),
    ),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    event_subscriptions: z.object({ bot_events: z.array(z.string()) }),
    interactivity: z.object({ is_enabled: z.literal(true) }),
    socket_mode_enabled: z.literal(true),
  }),
});

/** Each event the app listens to and the scope Slack requires for it. */
const EVENT_SCOPES: Record<string, string> = {
  app_mention: "app_mentions:read",
  "message.im": "im:history",
  "message.channels": "channels:history",
  "message.groups": "groups:history",
  assistant_thread_started: "assistant:write",
  assistant_thread_context_changed: "assistant:write",
  app_home_opened: "chat:write",
};

describe("bot/slack/manifest.yaml", async () => {
  const manifest = ManifestSchema.parse(parse(await readFile("bot/slack/manifest.yaml", "utf8")));

  it("subscribes to every event the listeners handle, with the scope each needs", () => {
    const events = manifest.settings.event_subscriptions.bot_events;
    const scopes = manifest.oauth_config.scopes.bot;
    for (const [event, scope] of Object.entries(EVENT_SCOPES)) {
      expect(events).toContain(event);
      expect(scopes).toContain(scope);
    }
  });

  it("asks for the scopes the bot calls with, and no broader ones", () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        "app_mentions:read",
        "assistant:write",
        "channels:history",
        "chat:write",
        "commands",
        "groups:history",
        "im:history",
        "im:read",
        "im:write",
      ].sort(),
    );
  });

  it("declares the slash command the app registers, and the assistant's prompts match the app's", () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.features.assistant_view.suggested_prompts).toEqual(SUGGESTED_PROMPTS);
  });
});
