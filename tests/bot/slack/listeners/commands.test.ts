import { describe, expect, it } from "vitest";
import { FRIENDLY_ERROR } from "../../../../bot/slack/blocks.js";
import {
  parseScrutinyCommand,
  scrutinyCommandCallback,
} from "../../../../bot/slack/listeners/commands/scrutiny.js";
import {
  buildArguments,
  captureLogger,
  DM_CHANNEL,
  EXEMPT_CHANNEL,
  PUBLIC_CHANNEL,
  Q3,
  testContext,
  testDeps,
  testDrafter,
  testEngine,
  testPapers,
  USER,
} from "../helpers.js";

function command(text: string, channel = PUBLIC_CHANNEL) {
  return {
    text,
    channel_id: channel,
    channel_name: channel.startsWith("D") ? "directmessage" : "scrutiny",
    user_id: USER,
  };
}

describe("parseScrutinyCommand", () => {
  it.each([
    ["", { kind: "help" }],
    ["help", { kind: "help" }],
    ["  SOURCES ", { kind: "sources" }],
    ["ask", { kind: "help" }],
    [`ask ${Q3}`, { kind: "ask", question: Q3 }],
    ["questions placement sufficiency", { kind: "questions", topic: "placement sufficiency" }],
    ["how many children are in care?", { kind: "ask", question: "how many children are in care?" }],
    ["draft questions on the Q3 report", { kind: "questions", topic: "the Q3 report" }],
    ["draft 3 questions on the Q3 report", { kind: "questions", topic: "the Q3 report", max: 3 }],
    ["questions: placement sufficiency", { kind: "questions", topic: "placement sufficiency" }],
    ["draft questions", { kind: "help" }],
    [
      "what questions did members ask about placements?",
      { kind: "ask", question: "what questions did members ask about placements?" },
    ],
  ])("%j", (text, expected) => {
    expect(parseScrutinyCommand(text)).toEqual(expected);
  });
});

describe("scrutinyCommandCallback", () => {
  it("help and sources are answered in the ack itself", async () => {
    const ctx = testContext(await testDeps(await testEngine(), captureLogger().logger));
    const help = buildArguments({ command: command("help") });
    await scrutinyCommandCallback(ctx)(help);
    expect(JSON.stringify(help.acks[0])).toContain("/scrutiny questions");

    const publicSources = buildArguments({ command: command("sources", PUBLIC_CHANNEL) });
    await scrutinyCommandCallback(ctx)(publicSources);
    expect(JSON.stringify(publicSources.acks[0])).not.toContain("Defining Children");
    const visible = (await testPapers()).filter((p) => p.collection === "public").length;
    expect(JSON.stringify(publicSources.acks[0])).toContain(`${visible} papers indexed`);

    const exemptSources = buildArguments({ command: command("sources", EXEMPT_CHANNEL) });
    await scrutinyCommandCallback(ctx)(exemptSources);
    expect(JSON.stringify(exemptSources.acks[0])).toContain(
      "Defining Children and Family Services for the Future",
    );
  });

  it("ask acks at once, then responds privately with the answer", async () => {
    const engine = await testEngine();
    const args = buildArguments({ command: command(`ask ${Q3}`, DM_CHANNEL) });
    await scrutinyCommandCallback(testContext(await testDeps(engine, captureLogger().logger)))(args);
    expect(args.acks).toHaveLength(1);
    expect(JSON.stringify(args.acks[0])).toContain("Searching the papers for:");
    expect(args.responded).toHaveLength(1);
    expect(args.responded[0]).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(JSON.stringify(args.responded[0])).toContain("*82.6%*");
    expect(engine.calls[0]?.options?.collections).toEqual(["public"]);
  });

  it("questions: drafts with the channel's collections and responds privately", async () => {
    const drafter = await testDrafter();
    const deps = await testDeps(await testEngine(), captureLogger().logger, { drafter });
    const args = buildArguments({ command: command("questions residential placements", EXEMPT_CHANNEL) });
    await scrutinyCommandCallback(testContext(deps))(args);
    expect(JSON.stringify(args.acks[0])).toContain("Drafting questions on: residential placements");
    expect(drafter.calls).toEqual([
      { topic: "residential placements", options: { collections: ["public", "exempt"] } },
    ]);
    expect(args.responded).toHaveLength(1);
    expect(args.responded[0]).toMatchObject({
      response_type: "ephemeral",
      replace_original: false,
      text: expect.stringContaining(
        "average weekly cost per residential placement increased from £4.8k per week",
      ),
    });
    expect(JSON.stringify(args.responded[0])).toContain(
      "*Children's Innovation Partnership* · 5 March 2024 · para 11",
    );
  });

  it("questions: a drafting failure gives the friendly message", async () => {
    const log = captureLogger();
    const deps = await testDeps(await testEngine(), log.logger, {
      drafter: {
        draft: async () => {
          throw new Error("llm: timed out");
        },
      },
    });
    const args = buildArguments({ command: command("questions placements") });
    await scrutinyCommandCallback(testContext(deps))(args);
    expect(args.responded[0]).toMatchObject({ text: FRIENDLY_ERROR });
    const entry = log.entries().find((e) => e.msg === "slack: drafting questions failed");
    expect(entry).toMatchObject({ surface: "command", error: "Error: llm: timed out" });
  });
});
