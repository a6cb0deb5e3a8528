import { describe, expect, it } from "vitest";
import { headlineFigure } from "../../../bot/engine/index.js";
import { extractFigures } from "../../../ingest/figures.js";

function headline(text: string, raw: string): string {
  const figure = extractFigures(text).find((f) => f.raw.trim() === raw);
  if (!figure) throw new Error(`no figure "${raw}" in "${text}"`);
  return headlineFigure(figure, text);
}

describe("headlineFigure", () => {
  it("gives a duration the word the paper prints after it", () => {
    expect(headline("It has decreased from an average of 42 weeks earlier in 2023.", "42")).toBe("42 weeks");
    expect(headline("Average wait: 18 mths; target 12 months.", "18")).toBe("18 mths");
  });

  it("leaves other figures as printed", () => {
    expect(headline("The rate was 82.6% at the end of quarter 3.", "82.6%")).toBe("82.6%");
    expect(headline("The CFWS worked with 1,435 families.", "1,435")).toBe("1,435");
  });
});
