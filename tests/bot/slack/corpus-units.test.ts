import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CORPUS_UNITS } from "../../fakes/engine.js";

const squeeze = (s: string) => s.replace(/\s+/g, " ").trim();

describe("the corpus paragraphs the rendering tests use", () => {
  it.each(CORPUS_UNITS.map((u) => [`${u.citation.source} para ${u.citation.paragraph}`, u] as const))(
    "quotes a real paragraph: %s",
    async (_label, u) => {
      const corpus = squeeze(await readFile(`eval/corpus/${u.citation.source}`, "utf8"));
      expect(corpus).toContain(`${u.citation.paragraph}. ${u.citation.text}`);
      for (const f of u.figures) expect(u.citation.text).toContain(f.text);
    },
  );
});
