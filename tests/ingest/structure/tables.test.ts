import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { structureText } from "../../../ingest/structure/index.js";
import { splitLines } from "../../../ingest/structure/lines.js";
import { detectTables } from "../../../ingest/structure/tables.js";

const tablesOf = (text: string) => detectTables(splitLines(text), () => false);
const rowsOf = (text: string) =>
  structureText({ source: "t.txt", format: "txt", text, pages: [] }).units.filter(
    (u) => u.kind === "table_row",
  );

// 001's dashboard, first rows verbatim (tab-separated, merged Topic/Theme cells left empty).
const DASHBOARD = [
  "Topic\tTheme\tIndicator\tValue Type\tPolarity\tReporting Frequency\tPrevious Period\tPrevious Value\tLatest Period\tLatest Value\tTrend\tTarget\tStatus RAG\tNational benchmark (quartile 1 = top)\tMost recent Statistical Neighbour average",
  "Help children and their families build strength, resilience, confidence and capacity\tSEND\tChildren in mainstream schools with EHCP\tNumber\tN/A\tTerm\tSummer 2023\t2483\tAutumn 2023\t2446\tDecrease\tN/A\tN/A\tN/A\tN/A",
  "\t\tChildren in mainstream schools in receipt of SEN Support (without EHCP)\tNumber\tN/A\tTerm\tSummer 2023\t12801\tAutumn 2023\t12579\tDecrease\tN/A\tN/A\tN/A\tN/A",
  "Help children in Leicestershire to live in safe, stable environments and have secure attachments\tSocial Care\tChild protection cases which were reviewed within timescales\tPercent\tHigh = Good\tQuarter\tQ4 2022/23\t75.71%\tQ3 2023/24\t82.6%\tIncrease\t>97.2%\tRed\t4\t88.2%",
  "\t\tChildren becoming subject to a CPP for second or subsequent time\tPercent\tLow = Good\tQuarter\tQ2 2023/24\t26.1%\tQ3 2023/24\t28.7%\tIncrease\t<20.8%\tRed\t4\t23.3%",
].join("\n");

describe("tab-separated tables", () => {
  it("reads the header and fills merged leading cells down", () => {
    const [t] = tablesOf(`Performance Dashboard\n\n${DASHBOARD}\n`);
    expect(t?.header.slice(0, 4)).toEqual(["Topic", "Theme", "Indicator", "Value Type"]);
    expect(t?.rows).toHaveLength(4);
    expect(t?.rows[1]?.filled.slice(0, 3)).toEqual([
      "Help children and their families build strength, resilience, confidence and capacity",
      "SEND",
      "Children in mainstream schools in receipt of SEN Support (without EHCP)",
    ]);
    expect(t?.rows[3]?.filled[1]).toBe("Social Care");
    // As printed, the merged cells stay empty.
    expect(t?.rows[3]?.cells[0]?.text).toBe("");
  });

  it("makes each row a self-contained unit titled by the heading above the table", () => {
    const [, , cp] = rowsOf(`Performance Dashboard\n\n${DASHBOARD}\n`);
    expect(cp?.section).toBe("Performance Dashboard");
    expect(cp?.table?.title).toBe("Performance Dashboard");
    expect(cp?.paragraph).toBeNull();
    expect(cp?.text).toBe(
      "Topic: Help children in Leicestershire to live in safe, stable environments and have secure attachments; Theme: Social Care; Indicator: Child protection cases which were reviewed within timescales; Value Type: Percent; Polarity: High = Good; Reporting Frequency: Quarter; Previous Period: Q4 2022/23; Previous Value: 75.71%; Latest Period: Q3 2023/24; Latest Value: 82.6%; Trend: Increase; Target: >97.2%; Status RAG: Red; National benchmark (quartile 1 = top): 4; Most recent Statistical Neighbour average: 88.2%",
    );
    // The unit's span is its own row.
    const text = `Performance Dashboard\n\n${DASHBOARD}\n`;
    expect(text.slice(cp?.start, cp?.end)).toContain(
      "Child protection cases which were reviewed within timescales",
    );
    expect(text.slice(cp?.start, cp?.end)).not.toContain("Topic\t");
  });

  it("does not fill a TOTAL row down from the row above (001's capital table)", () => {
    const table = [
      "Phase\tProperties\tDfE Grant\tForecast LCC Contribution\tTotal Forecast Cost",
      "Phase 1\tWelland House\t0\t463,960\t463,960",
      "Phase 3b\tComplex Care - Hospital Stepdown\t349,673\t1,819,415\t2,169,088",
      "\tTOTAL\t1,991,422\t3,960,579\t5,952,001",
    ].join("\n");
    const [t] = tablesOf(table);
    expect(t?.rows[2]?.filled).toEqual(["", "TOTAL", "1,991,422", "3,960,579", "5,952,001"]);
  });

  it("mends a header label the extractor split over two cells ('Actio' | 'n')", () => {
    const table = [
      "Priority\tActio\tn\tLead",
      "Priority 1: Identify those children\t1.1a\tContinue the development of a neo natal pathway\tHead of Service",
      "\t1.1b\tthe Children and Family Wellbeing Service to promote appropriate referral.\t",
      "\t1.1c\tUtilise 2 year health review data\t",
    ].join("\n");
    const rows = rowsOf(`Ambition 1\n\n${table}\n`);
    expect(rows[1]?.text).toBe(
      "Priority: Priority 1: Identify those children; Action: 1.1b the Children and Family Wellbeing Service to promote appropriate referral.",
    );
  });

  it("reads two-column layouts (membership lists) as plain text, not tables", () => {
    const text = "Mr. M. Frisby CC\tMr. M. Hunt CC\nMr. K. Ghattoraya CC\tMrs. S. Jordan CC\n";
    expect(tablesOf(text)).toEqual([]);
    const us = structureText({ source: "t.txt", format: "txt", text, pages: [] }).units;
    expect(us.map((u) => u.kind)).toEqual(["text"]);
    expect(us[0]?.text).toContain("Mr. M. Frisby CC Mr. M. Hunt CC");
  });

  it("reads a caption row over headerless cells (001's risk factors) as one plain unit", () => {
    const text = [
      "RISK FACTORS IN EARLY LIFE TO ADOLESCENCE\t\t\t",
      "19% were identified as a child in need\t33% had parents who were or are involved in offending\t50% were persistently absent from school",
      "9% have been on a child protection plan\t55% have received a suspension or exclusion\t20% have been on roll at a pupil referral unit",
    ].join("\n");
    const us = structureText({ source: "t.txt", format: "txt", text, pages: [] }).units;
    expect(us).toHaveLength(1);
    expect(us[0]).toMatchObject({ kind: "text", section: "Risk Factors in Early Life to Adolescence" });
    expect(us[0]?.text.split("\n")[0]).toBe(
      "19% were identified as a child in need; 33% had parents who were or are involved in offending; 50% were persistently absent from school",
    );
  });
});

describe("Markdown and space-aligned tables", () => {
  it("reads a Markdown pipe table", () => {
    const text = [
      "Measures",
      "",
      "| Measure | 2019 | 2020 |",
      "|---|---|---|",
      "| Turnover rate | 13.3% | 13.5% |",
      "| Vacancy rate | 9.6% | 8.8% |",
    ].join("\n");
    expect(rowsOf(text).map((u) => u.text)).toEqual([
      "Measure: Turnover rate; 2019: 13.3%; 2020: 13.5%",
      "Measure: Vacancy rate; 2019: 9.6%; 2020: 8.8%",
    ]);
  });

  it("reads columns aligned with runs of spaces", () => {
    const text = [
      "Recruitment and Retention",
      "",
      "Measure          Baseline (2017)     Feb 2020",
      "Turnover rate    19.6%               13.5%",
      "Agency rate      18.7%               20%",
    ].join("\n");
    expect(rowsOf(text).map((u) => u.text)).toEqual([
      "Measure: Turnover rate; Baseline (2017): 19.6%; Feb 2020: 13.5%",
      "Measure: Agency rate; Baseline (2017): 18.7%; Feb 2020: 20%",
    ]);
  });

  it("does not take prose with double spaces for a table", () => {
    const text =
      "It was noted that the ART   would offer\nsimilar provision to the   current MISTLE contract\nprovided by Action   for Children.\n";
    expect(tablesOf(text)).toEqual([]);
  });

  it("splits a very long row into parts that each name the row", () => {
    const cell = (n: number) =>
      `Evidence ${n} shows the programme is likely to have a high impact on violence.`;
    const text = [
      "VRN\tMVP\tReach\tVIP",
      `Data driven need\t${cell(1).repeat(8)}\t${cell(2).repeat(8)}\t${cell(3).repeat(8)}`,
      "Target group\t11-16 year olds\t10-17 year olds\t11-25 year olds",
    ].join("\n");
    const parts = structureText({ source: "t.txt", format: "txt", text, pages: [] }).units.filter(
      (u) => u.kind === "table_row" && u.part > 0,
    );
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.text.startsWith("VRN: Data driven need")).toBe(true);
  });
});

describe("two header rows", () => {
  it("keeps the upper row's column groups when the extract no longer shows which columns they span (001's VRN table)", () => {
    // 001 lines 513-521 verbatim: "Primary Prevention" etc. over the programmes, spans lost in extraction.
    const file = readFileSync(
      join(import.meta.dirname, "../../../eval/corpus/001_bc9149fb7ac2f9bb.txt"),
      "utf8",
    );
    const text = file.split("\n").slice(512, 521).join("\n");
    const rows = rowsOf(text);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const target = rows.find((u) => u.text.includes("Target group"));
    expect(target?.table?.title).toBe(
      "Evidence-Based Interventions (Primary Prevention, Secondary Prevention)",
    );
    expect(target?.table?.header.slice(0, 5)).toEqual([
      "VRN",
      "Mentors in Violence Prevention (MVP)",
      "The Reach Programme",
      "Violence Intervention Project (VIP)",
      "The Phoenix Programme",
    ]);
    expect(target?.text).toContain(
      "The Reach Programme: 10-17 year olds in Leicester, Leicestershire and Rutland",
    );
  });

  it("names both rows over a column when each sub-column has its group straight above it", () => {
    const text = [
      "Measure\tLeicestershire\tEngland",
      "\t2023\t2023",
      "Turnover rate\t13.3%\t15.4%",
      "Vacancy rate\t9.6%\t8.8%",
    ].join("\n");
    expect(rowsOf(`Workforce\n\n${text}\n`).map((u) => u.text)).toEqual([
      "Measure: Turnover rate; Leicestershire – 2023: 13.3%; England – 2023: 15.4%",
      "Measure: Vacancy rate; Leicestershire – 2023: 9.6%; England – 2023: 8.8%",
    ]);
  });
});
