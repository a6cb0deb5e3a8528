import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  AccessPolicyError,
  canSee,
  collectionsFor,
  DEFAULT_ACCESS_POLICY,
  loadAccessPolicy,
  parseAccessPolicy,
} from "../../../bot/slack/access.js";

const POLICY = parseAccessPolicy(
  `
default: [public]
dm: [public, drafts]
channels:
  C0EXEMPT1: [public, exempt]
  G0PRIVATE: [exempt]
`,
  "access.yaml",
);

describe("collectionsFor", () => {
  it.each([
    ["a public channel", { channel: "C0PUBLIC1", channelType: "channel" }, ["public"]],
    ["the exempt channel", { channel: "C0EXEMPT1", channelType: "channel" }, ["public", "exempt"]],
    ["a listed private channel", { channel: "G0PRIVATE", channelType: "group" }, ["exempt"]],
    ["a DM (by channel type)", { channel: "D0DIRECT1", channelType: "im" }, ["public", "drafts"]],
    ["a DM (slash command: by id)", { channel: "D0DIRECT1" }, ["public", "drafts"]],
    ["a group DM", { channel: "G0MPIM001", channelType: "mpim" }, ["public"]],
    ["the App Home", { channel: undefined }, ["public", "drafts"]],
  ])("%s", (_label, where, expected) => {
    expect(collectionsFor(POLICY, where)).toEqual(expected);
  });

  it("sees only public papers when no policy file is given", async () => {
    const policy = await loadAccessPolicy(undefined);
    expect(policy).toEqual(DEFAULT_ACCESS_POLICY);
    expect(collectionsFor(policy, { channel: "C0EXEMPT1" })).toEqual(["public"]);
    expect(collectionsFor(policy, { channel: "D0DIRECT1", channelType: "im" })).toEqual(["public"]);
  });

  it("returns a copy the caller may change", () => {
    collectionsFor(POLICY, { channel: "C0EXEMPT1" }).push("everything");
    expect(collectionsFor(POLICY, { channel: "C0EXEMPT1" })).toEqual(["public", "exempt"]);
  });

  it("canSee checks one collection", () => {
    expect(canSee(POLICY, { channel: "C0PUBLIC1" }, "exempt")).toBe(false);
    expect(canSee(POLICY, { channel: "C0EXEMPT1" }, "exempt")).toBe(true);
  });
});

describe("loading a policy", () => {
  it("reads JSON as well as YAML", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scrutiny-access-"));
    const file = join(dir, "access.json");
    await writeFile(
      file,
      JSON.stringify({ default: ["public"], channels: { C0EXEMPT1: ["public", "exempt"] } }),
    );
    const policy = await loadAccessPolicy(file);
    expect(collectionsFor(policy, { channel: "C0EXEMPT1" })).toEqual(["public", "exempt"]);
    // dm falls back to default
    expect(collectionsFor(policy, { channel: "D0X", channelType: "im" })).toEqual(["public"]);
  });

  it.each([
    ["an unknown key", "default: [public]\nchanels: {}\n", "chanels"],
    ["a bad channel id", "channels:\n  general: [public]\n", "channels.general"],
    ["an empty collection list", "channels:\n  C0EXEMPT1: []\n", "C0EXEMPT1"],
    ["not YAML", "default: [public\n", "not valid YAML"],
  ])("rejects %s, naming the file", (_label, text, mentions) => {
    let error: unknown;
    try {
      parseAccessPolicy(text, "policy/access.yaml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AccessPolicyError);
    expect((error as Error).message).toContain('access policy "policy/access.yaml"');
    expect((error as Error).message).toContain(mentions);
  });

  it("names a missing file", async () => {
    await expect(loadAccessPolicy("/nonexistent/access.yaml")).rejects.toThrow(
      'access policy "/nonexistent/access.yaml": cannot be read',
    );
  });
});
