import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CORPUS_UNITS, createFakeEngine } from "../../fakes/engine.js";

const squeeze = (s: string) => s.replace(/\s+/g, " ").trim();

describe("the fake engine the Slack tests use", () => {
  it.each(CORPUS_UNITS.map((u) => [`${u.citation.source} para ${u.citation.paragraph}`, u] as const))(
    "quotes a real paragraph: %s",
    async (_label, u) => {
      const corpus = squeeze(await readFile(`eval/corpus/${u.citation.source}`, "utf8"));
      expect(corpus).toContain(`${u.citation.paragraph}. ${u.citation.text}`);
      for (const f of u.figures) expect(u.citation.text).toContain(f.text);
    },
  );

  it("never answers from a collection the asker may not see", async () => {
    const engine = createFakeEngine();
    const q = "How much is the department required to make in savings by 2024/25 under the DCFSF programme?";
    const hidden = await engine.ask(q, { collections: ["public"] });
    expect(hidden.answered).toBe(false);
    expect(JSON.stringify(hidden)).not.toContain("£16.0m");
    const shown = await engine.ask(q, { collections: ["public", "exempt"] });
    expect(shown.answered).toBe(true);
    expect(shown.figures.map((f) => f.text)).toEqual(["£16.0m", "£13.2m"]);
  });
});
