import { describe, expect, it } from "vitest";
import { structureText } from "../../../ingest/structure/index.js";
import { cutHeader, cutRow, detectInlineTable } from "../../../ingest/structure/inlineTables.js";
import { splitLines } from "../../../ingest/structure/lines.js";

// Page 3 of tests/fixtures/makePdf.ts councilReportPdfSpec() through pdf-parse, verbatim.
const PAGE_3 = `department is forecasting an overspend of £1.1million on placements for 2023/24, after savings of
£0.6m delivered through the Defining Children and Family Services for the Future programme.
Table 1: Key measures, Quarter 3 2023/24
Measure Q2 2023/24 Q3 2023/24
Child protection reviews in timescale 79.1% 82.6%
Looked After Children 712 728
Average weekly placement cost £5,500 £5,800
3 Agenda Item 7`;

const lineOf = (text: string) => splitLines(text)[0] as ReturnType<typeof splitLines>[number];
const footer = (text: string) => (i: number) => /Agenda Item/.test(splitLines(text)[i]?.text ?? "");

describe("inline table rows", () => {
  it.each([
    [
      "Child protection reviews in timescale 79.1% 82.6%",
      "Child protection reviews in timescale",
      ["79.1%", "82.6%"],
    ],
    ["Average weekly placement cost £5,500 £5,800", "Average weekly placement cost", ["£5,500", "£5,800"]],
    ["Agency rate 18.7% N/A -", "Agency rate", ["18.7%", "N/A", "-"]],
  ])("%j is a label and its figures", (line, label, figures) => {
    const cut = cutRow(lineOf(line));
    expect(cut?.label.text).toBe(label);
    expect(cut?.figures.map((f) => f.text)).toEqual(figures);
  });

  it.each([
    // A sentence ending in a figure (the fixture's paragraph 5, sub-point c).
    "(c) the number of children subject to a child protection plan fell from 601 to 574.",
    "with 79.1% at the end of Quarter 2 and a national average of 90.0%.",
    "712 728",
    "Measure Q2 2023/24 Q3 2023/24",
  ])("%j is not a row", (line) => {
    expect(cutRow(lineOf(line))).toBeNull();
  });
});

describe("inline table headers", () => {
  it.each([
    ["Measure Q2 2023/24 Q3 2023/24", 2, true, ["Measure", "Q2 2023/24", "Q3 2023/24"]],
    ["Measure Q2 2023/24 Q3 2023/24", 2, false, ["Measure", "Q2 2023/24", "Q3 2023/24"]],
    ["Indicator 2021/22 2022/23 2023/24", 3, false, ["Indicator", "2021/22", "2022/23", "2023/24"]],
    [
      "Key measure Quarter 2 2023/24 Quarter 3 2023/24",
      2,
      false,
      ["Key measure", "Quarter 2 2023/24", "Quarter 3 2023/24"],
    ],
    ["Measure Latest Value Previous Value", 2, false, ["Measure", "Latest Value", "Previous Value"]],
    ["Baseline (2017) Feb 2020", 2, false, ["", "Baseline (2017)", "Feb 2020"]],
    ["Service Budget Forecast", 2, true, ["Service", "Budget", "Forecast"]],
  ])("%j over %i figure columns (caption: %j) is %j", (line, columns, captioned, cells) => {
    expect(cutHeader(lineOf(line), columns, captioned)?.map((c) => c.text)).toEqual(cells);
  });

  it.each([
    // Plain words without a caption: more likely a heading over rows that have no header.
    ["Key Performance Measures", 2, false],
    // Which words make the first column's name and which the figures'? Not a guess worth making.
    ["Key measure Latest Target", 2, true],
    ["Measure 712 728", 2, true],
    ["Background", 2, true],
    ["The figures were as follows:", 2, true],
  ])("%j over %i figure columns (caption: %j) is left as text", (line, columns, captioned) => {
    expect(cutHeader(lineOf(line), columns, captioned)).toBeNull();
  });
});

describe("detectInlineTable", () => {
  it("reads the fixture's Table 1: caption, header cut to the figure columns, rows up to the footer", () => {
    const lines = splitLines(PAGE_3);
    const table = detectInlineTable(lines, 2, footer(PAGE_3));
    expect(table).toMatchObject({
      kind: "inline",
      firstLine: 2,
      lastLine: 6,
      caption: "Table 1: Key measures, Quarter 3 2023/24",
      header: ["Measure", "Q2 2023/24", "Q3 2023/24"],
    });
    expect(table?.rows.map((r) => r.filled)).toEqual([
      ["Child protection reviews in timescale", "79.1%", "82.6%"],
      ["Looked After Children", "712", "728"],
      ["Average weekly placement cost", "£5,500", "£5,800"],
    ]);
    // Each cell points at its own characters.
    const cell = table?.rows[2]?.cells[2];
    expect(PAGE_3.slice(cell?.offsets[0], (cell?.offsets.at(-1) ?? 0) + 1)).toBe("£5,800");
  });

  it("needs two rows with the same number of figures", () => {
    const text = [
      "Table 1: Key measures, Quarter 3 2023/24",
      "Measure Q2 2023/24 Q3 2023/24",
      "Looked After Children 712 728",
      "Average weekly placement cost £5,800",
    ].join("\n");
    expect(detectInlineTable(splitLines(text), 0, () => false)).toBeNull();
  });

  it("keeps rows it cannot head as text units, every figure still in a unit", () => {
    const text = [
      "Table 1: Key measures, Quarter 3 2023/24",
      "Key measure Latest Target",
      "Looked After Children 712 728",
      "Average weekly placement cost £5,500 £5,800",
    ].join("\n");
    const { units } = structureText({ source: "t.pdf", format: "pdf", text, pages: [{ num: 1, start: 0 }] });
    expect(units.every((u) => u.kind !== "table_row")).toBe(true);
    const all = units.map((u) => u.text).join("\n");
    for (const figure of ["712", "728", "£5,500", "£5,800"]) expect(all).toContain(figure);
  });

  it("makes each row a unit that names its columns, titled by the caption", () => {
    const rows = structureText({
      source: "t.pdf",
      format: "pdf",
      text: PAGE_3,
      pages: [{ num: 3, start: 0 }],
    }).units.filter((u) => u.kind === "table_row");
    expect(rows.map((u) => u.text)).toEqual([
      "Measure: Child protection reviews in timescale; Q2 2023/24: 79.1%; Q3 2023/24: 82.6%",
      "Measure: Looked After Children; Q2 2023/24: 712; Q3 2023/24: 728",
      "Measure: Average weekly placement cost; Q2 2023/24: £5,500; Q3 2023/24: £5,800",
    ]);
    expect(rows[2]).toMatchObject({
      section: "Table 1: Key measures, Quarter 3 2023/24",
      page: 3,
      table: {
        title: "Table 1: Key measures, Quarter 3 2023/24",
        header: ["Measure", "Q2 2023/24", "Q3 2023/24"],
        cells: ["Average weekly placement cost", "£5,500", "£5,800"],
      },
    });
  });

  it("takes no pair of prose lines that end in numbers for a table without a caption", () => {
    const text = [
      "The number of children in care at the end of each quarter was",
      "Quarter one 712",
      "Quarter two 728",
    ].join("\n");
    expect(detectInlineTable(splitLines(text), 0, () => false)).toBeNull();
  });
});
