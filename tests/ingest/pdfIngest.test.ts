import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../ingest/config.js";
import { ingestPaths } from "../../ingest/pipeline.js";
import { type IndexStore, openIndex } from "../../ingest/store/index.js";
import type { Unit } from "../../ingest/types.js";
import { councilReportPdfSpec, makePdf } from "../fixtures/makePdf.js";

/** A generated four-page report, through pdf-parse, the structure module and a real index on disk. */

const config = loadConfig({});
let work: string;
let store: IndexStore;
let units: Unit[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "scrutiny-pdf-ingest-"));
  await writeFile(join(work, "q3-report.pdf"), await makePdf(councilReportPdfSpec()));
  const summary = await ingestPaths([work], { indexDir: join(work, "index"), config, root: work });
  expect(summary.skipped).toEqual([]);
  store = await openIndex(join(work, "index"), { config });
  units = [...store.units.values()];
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function para(n: string): Unit {
  const unit = units.find((u) => u.paragraph === n && u.kind === "paragraph");
  if (!unit) throw new Error(`no unit for paragraph ${n}: ${units.map((u) => u.paragraph).join(", ")}`);
  return unit;
}

describe("PDF ingest end to end", () => {
  it("reads the report's metadata from its first page", () => {
    const report = store.documents.find((d) => d.kind === "report");
    expect(report?.title).toMatch(/quarter 3 2023\/24 performance report/i);
    expect(report?.meetingDate).toBe("2024-03-05");
    expect(report?.author).toMatch(/Director of Children and Family Services/i);
    expect(report?.pageStart).toBe(1);
  });

  it("gives every numbered paragraph the page it starts on", () => {
    expect(para("1").page).toBe(1);
    expect(para("3").page).toBe(1);
    expect(para("4").page).toBe(2);
    expect(para("7").page).toBe(4);
  });

  it("keeps a paragraph that runs across a page break whole, on its first page, without the footer", () => {
    const six = para("6");
    expect(six.page).toBe(2);
    expect(six.text).toContain("£5,800");
    expect(six.text).toContain("overspend of £1.1million on placements");
    expect(six.text).not.toMatch(/Agenda Item 7/);
    expect(six.figures.map((f) => f.amount)).toEqual(expect.arrayContaining([5800, 1_100_000, 600_000]));
  });

  it("keeps lettered sub-points with their paragraph", () => {
    const five = para("5");
    expect(five.text).toContain("(a) re-referrals");
    expect(five.text).toContain("266 of 322 assessments");
    expect(five.figures.find((f) => f.amount === 266)?.of).toEqual({ part: 266, whole: 322 });
  });

  it("cuts the table into rows that carry their header cells, on the table's page", () => {
    const rows = units.filter((u) => u.kind === "table_row");
    const cost = rows.find((u) => u.text.includes("Average weekly placement cost"));
    expect(cost?.page).toBe(3);
    expect(cost?.table?.header).toEqual(["Measure", "Q2 2023/24", "Q3 2023/24"]);
    expect(cost?.text).toContain("Q3 2023/24: £5,800");
  });

  it("reads every numbered paragraph under its own heading, with no heading glued into text", () => {
    const headings = [
      "Purpose of the Report",
      "Policy Framework and Previous Decisions",
      "Background",
      "Performance Update",
      "Performance Update",
      "Performance Update",
      "Resource Implications",
      "Recommendation",
    ];
    expect(units.filter((u) => u.kind === "paragraph").map((u) => [u.paragraph, u.section])).toEqual(
      headings.map((h, i) => [String(i + 1), h]),
    );
    expect(para("2").text).toBe(
      "The performance framework was approved by the Cabinet on 17 February 2023 and is reported to this Committee each quarter.",
    );
    expect(para("7").text).toBe(
      "The Children and Family Services budget for 2023/24 is £95.4m; the forecast outturn is £96.5m.",
    );
    for (const unit of units) {
      for (const h of [...headings, "Officer to Contact", "Table 1"]) expect(unit.text).not.toContain(h);
    }
    const contact = units.find((u) => u.text.includes("Telephone: 0116 305 0000"));
    expect(contact).toMatchObject({ kind: "text", section: "Officer to Contact", page: 4 });
  });

  it("reads the table's rows under its caption, every cell named by its column", () => {
    const rows = units.filter((u) => u.kind === "table_row");
    expect(rows.map((u) => u.text)).toEqual([
      "Measure: Child protection reviews in timescale; Q2 2023/24: 79.1%; Q3 2023/24: 82.6%",
      "Measure: Looked After Children; Q2 2023/24: 712; Q3 2023/24: 728",
      "Measure: Average weekly placement cost; Q2 2023/24: £5,500; Q3 2023/24: £5,800",
    ]);
    for (const row of rows) {
      expect(row.page).toBe(3);
      expect(row.table?.title).toBe("Table 1: Key measures, Quarter 3 2023/24");
    }
    const lac = rows[1];
    expect(lac?.figures.map((f) => f.amount)).toEqual([712, 728]);
  });

  it("never leaves page footers in unit text", () => {
    for (const unit of units) expect(unit.text).not.toMatch(/\d+ Agenda Item 7/);
  });
});
