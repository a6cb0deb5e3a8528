import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inspectStructure, structureText } from "../../../ingest/structure/index.js";
import { splitLines } from "../../../ingest/structure/lines.js";
import {
  detectStackedTables,
  isHeaderCell,
  isLabelCell,
  isValueCell,
} from "../../../ingest/structure/stackedTables.js";

const CORPUS = join(import.meta.dirname, "../../../eval/corpus");
const CHILDREN_IN_NEED = "003_166717be0eb977d2.txt";
const PLAN_2020 = "004_288bc0e4485ed917.txt";

/** Lines of a corpus file from the first line starting with `from` (after `after`) up to the line starting with `to`. */
function corpusSlice(file: string, from: string, to: string, after = 0): string {
  const lines = readFileSync(join(CORPUS, file), "utf8").split("\n");
  const start = lines.findIndex((l, i) => i >= after && l.startsWith(from));
  const end = lines.findIndex((l, i) => i > start && l.startsWith(to));
  if (start === -1 || end === -1) throw new Error(`${file}: "${from}" .. "${to}" not found`);
  return lines.slice(start, end).join("\n");
}

// 003 paragraph 29 and the table after it, verbatim: one cell per block, value cells wrapped in two.
const PARA_29 = corpusSlice(CHILDREN_IN_NEED, "29. The following table", "30.  Since then");
const HEADER = [
  "Measure",
  "Baseline (2017)",
  "December 2018",
  "March 2019",
  "June 2019",
  "Nov 2019",
  "Feb 2020",
];
const ROWS = [
  [
    "Turnover rate[1]",
    "19.6% (38.8)",
    "13.3% (31.3)",
    "13.3% (31.3)",
    "13.3% (31.3)",
    "13.5% (37)",
    "13.5% (37)",
  ],
  ["Vacancy rate[2]", "18.5% (50.2)", "9.8% (23.5)", "4.6% (13.5)", "9.6% (25)", "6.7% (18.5)", "8.8% (24)"],
  ["Agency rate[3]", "18.7% (49)", "17.5% (48.5)", "14.2% (41)", "16.9% (53)", "18.4% (61.6)", "20% (68.6)"],
];

const detect = (text: string, skip: (i: number) => boolean = () => false) =>
  detectStackedTables(splitLines(text), skip, []);
const cellsOf = (text: string) =>
  detect(text).map((t) => ({ header: t.header, rows: t.rows.map((r) => r.filled) }));

describe("cell shapes", () => {
  it.each([
    ["19.6% (38.8)", true],
    ["20% (68.6)", true],
    ["4,222", true],
    ["N/A", false],
    ["Feb 2020", false],
    ["Primary Secondary97.1% 89.5%", false],
  ])("value cell %j: %j", (text, expected) => {
    expect(isValueCell(text)).toBe(expected);
  });

  it.each([
    ["Turnover rate[1]", true],
    ["Children with medical needs", true],
    ["19.6% (38.8)", false],
    ["rate, the vacancy rate and the use of agency staff.", false],
    ["that children and families received timely services. Whilst progress has been positive", false],
    ["without law", false],
  ])("row label %j: %j", (text, expected) => {
    expect(isLabelCell(text)).toBe(expected);
  });

  it.each([
    ["December 2018", true],
    ["Measure Baseline (2017)", true],
    ["2019/20", true],
    ["13.5% (37)", false],
    ["Article 5: Right to liberty and security", false],
  ])("column name %j: %j", (text, expected) => {
    expect(isHeaderCell(text)).toBe(expected);
  });
});

describe("detectStackedTables on 003's workforce table", () => {
  it("reads three rows of a label and six values under the six column names", () => {
    const lines = splitLines(PARA_29);
    const [table, ...more] = detectStackedTables(lines, () => false, []);
    expect(more).toEqual([]);
    expect(table?.kind).toBe("stacked");
    expect(table?.header).toEqual(HEADER);
    expect(table?.rows.map((r) => r.filled)).toEqual(ROWS);
    expect(table?.caption).toBeNull();
    // The span starts at the header, after paragraph 29's sentence, and ends on the last value.
    expect(lines[table?.firstLine ?? -1]?.text).toBe("Measure Baseline");
    expect(lines[table?.lastLine ?? -1]?.text).toBe("(68.6)");
    expect(lines[table?.rows[2]?.line ?? -1]?.text).toBe("Agency");
  });

  it("maps every cell back to the characters it was read from", () => {
    const [table] = detect(PARA_29);
    for (const row of table?.rows ?? []) {
      for (const cell of row.cells) {
        const printed = [...cell.text].map((ch, i) => (ch === " " ? " " : PARA_29[cell.offsets[i] ?? -1]));
        expect(printed.join("")).toBe(cell.text);
      }
    }
  });

  it.each([
    [
      "the label column's name in a block of its own",
      PARA_29.replace("Measure Baseline \n(2017)", "Measure\n\nBaseline \n(2017)"),
      HEADER,
    ],
    [
      "no name for the label column",
      PARA_29.replace("Measure Baseline \n(2017)", "Baseline \n(2017)"),
      ["", ...HEADER.slice(1)],
    ],
    [
      "years as column names, read as the first row",
      PARA_29.replace(
        /Measure Baseline[\s\S]*?(?=Turnover)/,
        "Measure\n\n2017\n\n2018\n\n2019\n\n2020\n\n2021\n\n2022\n\n",
      ),
      ["Measure", "2017", "2018", "2019", "2020", "2021", "2022"],
    ],
  ])("%s", (_, text, header) => {
    expect(cellsOf(text)).toEqual([{ header, rows: ROWS }]);
  });

  it("steps over page furniture inside the table", () => {
    const text = PARA_29.replace("\n\nAgency", "\n\n64 \n\nAgenda Item 5\n\nAgency");
    const furniture = new Set(
      splitLines(text).flatMap((l) => (/^(64|Agenda Item 5)$/.test(l.text) ? [l.index] : [])),
    );
    expect(furniture.size).toBe(2);
    expect(detect(text, (i) => furniture.has(i)).map((t) => t.rows.map((r) => r.filled))).toEqual([ROWS]);
  });

  it("ends the table at a row with a different number of cells", () => {
    const text = PARA_29.replace(/ 20% {2}\n \(68\.6\) \n/, "");
    expect(text).not.toContain("68.6");
    const [table] = detect(text);
    expect(table?.rows.map((r) => r.filled)).toEqual(ROWS.slice(0, 2));
    expect(splitLines(text)[table?.lastLine ?? -1]?.text).toBe("(24)");
  });

  it("leaves lines another table already holds", () => {
    const lines = splitLines(PARA_29);
    const found = detectStackedTables(lines, () => false, []);
    expect(found).toHaveLength(1);
    expect(detectStackedTables(lines, () => false, found)).toEqual([]);
  });

  it("takes a 'Table N:' caption standing above the header", () => {
    const text = PARA_29.replace("Measure Baseline", "Table 2: Workforce measures\n\nMeasure Baseline");
    const [table] = detect(text);
    expect(table?.caption).toBe("Table 2: Workforce measures");
    expect(splitLines(text)[table?.firstLine ?? -1]?.text).toBe("Table 2: Workforce measures");
    expect(table?.header).toEqual(HEADER);
  });
});

describe("what is not a stacked table", () => {
  it.each([
    ["rows without column names above them", PARA_29.replace(/Measure Baseline[\s\S]*?(?=Turnover)/, "")],
    ["a single row", PARA_29.replace(/Vacancy[\s\S]*$/, "")],
    [
      "003 paragraphs 30-33: prose with a blank line after every line",
      corpusSlice(CHILDREN_IN_NEED, "30.  Since then", "Circulation under"),
    ],
    [
      "003's 'Our Children 2018/19' infographic: figures and labels scattered",
      corpusSlice(CHILDREN_IN_NEED, " Children in Leicestershire", "Foster Carer recruitment"),
    ],
    [
      "004's 'Our Children 2019/20' infographic",
      corpusSlice(PLAN_2020, "Our Children 2019/20", "Children and Families Performance end", 10),
    ],
    [
      "003's human rights checklist: articles and their X marks",
      corpusSlice(CHILDREN_IN_NEED, "Article 4: Right not to be", "Article 10"),
    ],
  ])("%s", (_, text) => {
    expect(text.length).toBeGreaterThan(0);
    expect(detect(text)).toEqual([]);
  });
});

describe("structureText with stacked tables", () => {
  const loaded = { source: CHILDREN_IN_NEED, format: "txt" as const, text: PARA_29, pages: [] };

  it("keeps paragraph 29's sentence as its paragraph and gives each row its own unit", () => {
    const { units } = structureText(loaded);
    expect(units.map((u) => u.kind)).toEqual(["paragraph", "table_row", "table_row", "table_row"]);
    expect(units[0]?.paragraph).toBe("29");
    expect(units[0]?.text).toBe(
      "The following table shows the progress made since 2017 in reducing the turnover rate, the vacancy rate and the use of agency staff.",
    );
    expect(units[3]?.text).toBe(
      "Measure: Agency rate[3]; Baseline (2017): 18.7% (49); December 2018: 17.5% (48.5); March 2019: 14.2% (41); June 2019: 16.9% (53); Nov 2019: 18.4% (61.6); Feb 2020: 20% (68.6)",
    );
    expect(units[3]?.table).toMatchObject({ header: HEADER, cells: ROWS[2] });
    // The row's span is its own lines: from its label to its last value, no other row's.
    expect(PARA_29.slice(units[3]?.start, units[3]?.end)).toMatch(/^Agency[\s\S]*\(68\.6\)$/);
    expect(PARA_29.slice(units[3]?.start, units[3]?.end)).not.toContain("Vacancy");
  });

  it("drops no line: header lines are carried as table labels, cells as unit text", () => {
    const { lines } = inspectStructure(loaded);
    expect(lines.filter((l) => l.role === "dropped")).toEqual([]);
    const roles = new Map(lines.map((l) => [l.text, l.role]));
    expect(roles.get("Measure Baseline")).toBe("label");
    expect(roles.get("Nov")).toBe("label");
    expect(roles.get("(61.6)")).toBe("unit");
    expect(roles.get("rate[3]")).toBe("unit");
  });
});
