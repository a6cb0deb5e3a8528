import { describe, expect, it } from "vitest";
import { detectFurniture, pageNumberChain } from "../../../ingest/structure/furniture.js";
import { structureText } from "../../../ingest/structure/index.js";
import { detectLayout, splitLines } from "../../../ingest/structure/lines.js";
import { buildPageMap, evenBreaks } from "../../../ingest/structure/pages.js";
import type { LoadedText } from "../../../ingest/types.js";

const furnitureOf = (text: string) => {
  const lines = splitLines(text);
  const f = detectFurniture(lines);
  return { lines, f, kindAt: (needle: string) => f.kinds.get(lines.findIndex((l) => l.text === needle)) };
};

/** A hard-wrapped "page" of filler sentences, about `n` characters long. */
const filler = (n: number, word = "text") =>
  Array.from(
    { length: Math.ceil(n / 60) },
    (_, i) => `Sentence ${i} of the ${word} runs on over the line here.`,
  ).join("\n");

describe("page furniture", () => {
  it.each([
    ["This page is intentionally left blank", "blank-page"],
    ["67 Agenda Item 11", "agenda-footer"],
    ["Agenda Item 8", "agenda-footer"],
    ["[1]", "footnote-mark"],
    ["__________", "rule"],
  ])("recognises %j", (line, kind) => {
    const { kindAt } = furnitureOf(`Some text.\n\n${line}\n\nMore text.`);
    expect(kindAt(line)).toBe(kind);
  });

  it("takes bare numbers as page numbers only when they rise with the text like pages do", () => {
    const text = [
      filler(2000),
      "9",
      filler(2000),
      // An infographic: figures on lines of their own, a few characters apart.
      "Children in Care",
      "1814",
      "Pupils",
      "200",
      filler(2000),
      "11",
      filler(300),
    ].join("\n\n");
    const { f, kindAt } = furnitureOf(text);
    expect(f.anchors.map((a) => a.page)).toEqual([9, 11]);
    expect(kindAt("9")).toBe("page-number");
    expect(kindAt("1814")).toBeUndefined();
    expect(kindAt("200")).toBeUndefined();
  });

  it("keeps slide step numbers (1, 2, 3 a few hundred characters apart) as content", () => {
    const text = ["1", filler(300), "2", filler(300), "3", filler(300)].join("\n\n");
    expect(furnitureOf(text).f.anchors).toEqual([]);
  });

  it("trusts one stamped number, not one bare number", () => {
    expect(pageNumberChain([{ offset: 100, page: 7, strong: false }])).toEqual([]);
    expect(pageNumberChain([{ offset: 100, page: 7, strong: true }])).toHaveLength(1);
  });

  it("marks a plan's own running footer ('10  Children and Family Services ...') as furniture", () => {
    const text = `${filler(800)}\n10  Children and Family Services Departmental Plan 2020 - 2023\n${filler(
      800,
    )}\n20  Children and Family Services Departmental Plan 2020 - 2023\n`;
    const { f } = furnitureOf(text);
    expect([...f.kinds.values()].filter((k) => k === "running-header")).toHaveLength(2);
  });
});

describe("page numbers from printed footers", () => {
  const pagesOf = (text: string) => {
    const lines = splitLines(text);
    const furniture = detectFurniture(lines);
    return buildPageMap({ text, lines, furniture, layout: detectLayout(lines), loadedPages: [] });
  };

  it("places the pages between two numbers at the extractor's page starts (a line opening with one space)", () => {
    // Pages 5, 6 and 7: only 5 and 7 print their number; page 6 starts with " " after page 5's footer text.
    const text = [
      filler(1800, "five"),
      "5",
      "",
      filler(1800, "six"),
      ` ${filler(1800, "seven")}`,
      "7",
      "",
    ].join("\n");
    const { pages } = pagesOf(text);
    expect(pages.pageAt(text.indexOf("of the five"))).toBe(5);
    expect(pages.pageAt(text.indexOf("of the six"))).toBe(6);
    expect(pages.pageAt(text.indexOf("of the seven"))).toBe(7);
  });

  it("leaves pages unknown where too few page starts survive to place them", () => {
    const text = [filler(1800, "five"), "5", "", filler(5400, "middle"), "9", ""].join("\n");
    const { pages, warnings } = pagesOf(text);
    expect(warnings.join(" ")).toMatch(/page breaks found/);
    expect(pages.pageAt(text.indexOf("Sentence 0 of the middle"))).toBe(6);
    expect(pages.pageAt(text.indexOf("Sentence 50 of the middle"))).toBeNull();
  });

  it("picks the even page breaks among candidates", () => {
    expect(evenBreaks(0, 100, [10, 20, 30, 50, 70, 90], 2)).toEqual([30, 70]);
    // A doubtful candidate (a table cell) loses to a sound one nearly as well placed.
    expect(evenBreaks(0, 100, [45, 52], 1, (o) => o === 52)).toEqual([45]);
  });

  it("numbers form-feed pages of a text export from their printed numbers", () => {
    const text = `${filler(900)}\n12\n\f${filler(900)}\n13\n\f${filler(900)}`;
    const { pages } = pagesOf(text);
    expect(pages.pageAt(0)).toBe(12);
    expect(pages.pageAt(text.lastIndexOf("Sentence 0"))).toBe(14);
  });
});

describe("pages from a PDF loader", () => {
  /** As ingest/load/pdf joins them: "\n\f\n" between pages, with each page's start offset. */
  function pdfText(pageTexts: string[], firstNum = 1): LoadedText {
    let text = "";
    const pages: LoadedText["pages"] = [];
    pageTexts.forEach((t, i) => {
      if (i > 0) text += "\n\f\n";
      pages.push({ num: firstNum + i, start: text.length });
      text += t;
    });
    return { source: "report.pdf", format: "pdf", text, pages };
  }

  it("gives each unit the page it starts on, and ignores the printed footers in the text", () => {
    const loaded = pdfText([
      "CHILDREN AND FAMILIES OVERVIEW AND SCRUTINY COMMITTEE – 5 MARCH 2024\n\nQUARTER 3 PERFORMANCE REPORT\n\nREPORT OF THE DIRECTOR OF CHILDREN AND FAMILY SERVICES\n\nPurpose of the Report\n\n1. The purpose of this report is to present the performance.\n\n2. The percentage of reviews within timescales was 82.6% at the end of quarter 3, a rise on the\n\n33",
      "figure of 75.7% for quarter 4.\n\nBackground\n\n3. Quartile positions are added where comparative national data is available.\n\n34",
    ]);
    const { units, documents } = structureText(loaded);
    expect(documents[0]).toMatchObject({ title: "Quarter 3 Performance Report", pageStart: 1, pageEnd: 2 });
    expect(units.map((u) => [u.paragraph, u.page])).toEqual([
      ["1", 1],
      ["2", 1],
      ["3", 2],
    ]);
    expect(units[1]?.text).toBe(
      "The percentage of reviews within timescales was 82.6% at the end of quarter 3, a rise on the figure of 75.7% for quarter 4.",
    );
    for (const u of units) expect(u.text).not.toMatch(/\b3[34]\b|\f/);
  });
});
