import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  completePeriod,
  extractPeriods,
  followsSince,
  formatLongDate,
  type Period,
  parseQueryPeriods,
  periodsOverlap,
  quarterBefore,
  samePeriod,
  sinceSpan,
} from "../../ingest/periods.js";

const CORPUS = new URL("../../eval/corpus/", import.meta.url);
const corpus = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".txt"))
  .map((f) => ({ file: f, text: readFileSync(new URL(f, CORPUS), "utf8") }));

type Shape = [label: string, kind: Period["kind"], start: string, end: string];

function shapes(periods: Period[]): Shape[] {
  return periods.map((p) => [p.label, p.kind, p.start, p.end]);
}

function one(text: string): Period {
  const [p, ...rest] = extractPeriods(text);
  if (p === undefined || rest.length > 0) throw new Error(`expected one period in ${text}`);
  return p;
}

describe("extractPeriods", () => {
  const cases: Array<[string, Shape[]]> = [
    ["quarter 3 2023/24", [["Q3 2023/24", "quarter", "2023-10-01", "2023-12-31"]]],
    ["Performance Dashboard for quarter 3, 2023/24", [["Q3 2023/24", "quarter", "2023-10-01", "2023-12-31"]]],
    ["Q4 2022/23", [["Q4 2022/23", "quarter", "2023-01-01", "2023-03-31"]]],
    ["Q1 2024/25", [["Q1 2024/25", "quarter", "2024-04-01", "2024-06-30"]]],
    ["the third quarter of 2023/24", [["Q3 2023/24", "quarter", "2023-10-01", "2023-12-31"]]],
    ["2023/24 Q2", [["Q2 2023/24", "quarter", "2023-07-01", "2023-09-30"]]],
    ["at the end of quarter 3", [["Q3", "quarter", "", ""]]],
    [
      "Children and Families Performance end of year 2019/20",
      [["2019/20", "fiscal_year", "2019-04-01", "2020-03-31"]],
    ],
    ["Action Plan 2020 -21", [["2020/21", "fiscal_year", "2020-04-01", "2021-03-31"]]],
    ["the five workstream areas for 2021-22:", [["2021/22", "fiscal_year", "2021-04-01", "2022-03-31"]]],
    ["approved by end of q2 18/19", [["2018/19", "fiscal_year", "2018-04-01", "2019-03-31"]]],
    ["2018/9", [["2018/19", "fiscal_year", "2018-04-01", "2019-03-31"]]],
    ["the period to December 2023", [["December 2023", "month", "2023-12-01", "2023-12-31"]]],
    ["as of 31 December 2023", [["2023-12-31", "date", "2023-12-31", "2023-12-31"]]],
    ["since 31st December 2023", [["2023-12-31", "date", "2023-12-31", "2023-12-31"]]],
    ["COMMITTEE: 2 JUNE 2020", [["2020-06-02", "date", "2020-06-02", "2020-06-02"]]],
    ["Date EHRIA assessment started: 27/04/20", [["2020-04-27", "date", "2020-04-27", "2020-04-27"]]],
    ["15/02/2024", [["2024-02-15", "date", "2024-02-15", "2024-02-15"]]],
    ["2023-12-31", [["2023-12-31", "date", "2023-12-31", "2023-12-31"]]],
    ["Autumn 2023", [["Autumn 2023", "term", "2023-09-01", "2023-12-31"]]],
    ["The Autumn term 2023 school census", [["Autumn 2023", "term", "2023-09-01", "2023-12-31"]]],
    ["Summer term 2023", [["Summer 2023", "term", "2023-04-01", "2023-07-31"]]],
    ["spring term 2024", [["Spring 2024", "term", "2024-01-01", "2024-03-31"]]],
    ["compared with the summer term (74.6%)", [["Summer term", "term", "", ""]]],
    ["Departmental Plan 2020-2023", [["2020-2023", "range", "2020-01-01", "2023-12-31"]]],
    ["Departmental Plan 2020-23", [["2020-2023", "range", "2020-01-01", "2023-12-31"]]],
    ["Plan 2020 - 2023", [["2020-2023", "range", "2020-01-01", "2023-12-31"]]],
    ["Plan 2024-26.", [["2024-2026", "range", "2024-01-01", "2026-12-31"]]],
    ["MTFS (2021/22-2024/25)", [["2021/22-2024/25", "range", "2021-04-01", "2025-03-31"]]],
    ["March 2024", [["March 2024", "month", "2024-03-01", "2024-03-31"]]],
    [
      "for the period October to December 2023",
      [["October 2023 to December 2023", "range", "2023-10-01", "2023-12-31"]],
    ],
    [
      "between January and September 2019",
      [["January 2019 to September 2019", "range", "2019-01-01", "2019-09-30"]],
    ],
    [
      "In the last 12 months (May 19-April 20)",
      [["May 2019 to April 2020", "range", "2019-05-01", "2020-04-30"]],
    ],
    ["academic year 2023/24", [["academic year 2023/24", "range", "2023-09-01", "2024-08-31"]]],
    ["in 2023", [["2023", "year", "2023-01-01", "2023-12-31"]]],
    ["mid-2023", [["2023", "year", "2023-01-01", "2023-12-31"]]],
    // A statute's year names no period; neither does an unrelated slash pair.
    ["section 17 of the Children Act 1989 and the Immigration Act 2016", []],
    ["24/7 support under Section 72/5", []],
    ["see http://www.legislation.gov.uk/ukpga/1998/42/contents", []],
    // An e-mail address without "http" or "www." is still not a year.
    ["write to 2021.team@leics.gov.uk", []],
    ["aged 5 may be eligible", []],
    // Word forms are found in a text with no digit at all (the digit-free shortcut must keep them).
    [
      "over the summer term and in the third quarter",
      [
        ["Summer term", "term", "", ""],
        ["Q3", "quarter", "", ""],
      ],
    ],
  ];
  it.each(cases)("%s", (text, expected) => {
    expect(shapes(extractPeriods(text))).toEqual(expected);
  });

  it("keeps raw text and offsets", () => {
    const text = "Q3 2023/24, covering the period October to December 2023.";
    const periods = extractPeriods(text);
    for (const p of periods) expect(text.slice(p.index, p.index + p.raw.length)).toBe(p.raw);
    expect(periods.map((p) => p.raw)).toEqual(["Q3 2023/24", "October to December 2023"]);
  });

  it("reads the dashboard row's previous and latest periods apart", () => {
    const row =
      "\t\tChild protection cases\tPercent\tHigh = Good\tQuarter\tQ4 2022/23\t75.71%\tQ3 2023/24\t82.6%";
    expect(extractPeriods(row).map((p) => p.label)).toEqual(["Q4 2022/23", "Q3 2023/24"]);
  });

  it("gives every corpus period a label that parses back to the same period", () => {
    let n = 0;
    for (const { text, file } of corpus) {
      for (const p of extractPeriods(text)) {
        const back = extractPeriods(p.label);
        expect(back, `${file}: ${p.raw} -> ${p.label}`).toHaveLength(1);
        const [q] = back;
        if (q === undefined) continue;
        expect(samePeriod(p, q), `${file}: ${p.raw} -> ${p.label}`).toBe(true);
        expect(p.start <= p.end).toBe(true);
        n++;
      }
    }
    expect(n).toBeGreaterThan(250);
  });
});

describe("parseQueryPeriods", () => {
  const now = new Date("2024-03-05T10:00:00Z");
  const cases: Array<[string, Shape[]]> = [
    ["What was CP review timeliness in 23/24?", [["2023/24", "fiscal_year", "2023-04-01", "2024-03-31"]]],
    ["figures at the end of Q3?", [["Q3", "quarter", "", ""]]],
    ["Q3 23/24 re-referrals", [["Q3 2023/24", "quarter", "2023-10-01", "2023-12-31"]]],
    ["q3 2023/24", [["Q3 2023/24", "quarter", "2023-10-01", "2023-12-31"]]],
    ["how many in the autumn term?", [["Autumn term", "term", "", ""]]],
    ["what about the autumn", [["Autumn term", "term", "", ""]]],
    ["how many were there last year", [["2023", "year", "2023-01-01", "2023-12-31"]]],
    ["last financial year", [["2022/23", "fiscal_year", "2022-04-01", "2023-03-31"]]],
    ["this financial year", [["2023/24", "fiscal_year", "2023-04-01", "2024-03-31"]]],
    ["last quarter", [["Q3 2023/24", "quarter", "2023-10-01", "2023-12-31"]]],
    ["this quarter", [["Q4 2023/24", "quarter", "2024-01-01", "2024-03-31"]]],
    ["last month", [["February 2024", "month", "2024-02-01", "2024-02-29"]]],
    ["2019-20 performance", [["2019/20", "fiscal_year", "2019-04-01", "2020-03-31"]]],
    ["FY 2023/24 spend", [["2023/24", "fiscal_year", "2023-04-01", "2024-03-31"]]],
    ["FY24 spend", [["2023/24", "fiscal_year", "2023-04-01", "2024-03-31"]]],
    ["spend in may 2024", [["May 2024", "month", "2024-05-01", "2024-05-31"]]],
    ["How many children are in care?", []],
    // A relative year restated as a written one is that one; a bare quarter takes the one financial year named.
    ["EHE at the end of Q3 last year, 22/23?", [["Q3 2022/23", "quarter", "2022-10-01", "2022-12-31"]]],
    ["Q3 of 2022/23", [["Q3 2022/23", "quarter", "2022-10-01", "2022-12-31"]]],
    ["last year (2022/23)", [["2022/23", "fiscal_year", "2022-04-01", "2023-03-31"]]],
  ];
  it.each(cases)("%s", (question, expected) => {
    expect(shapes(parseQueryPeriods(question, now))).toEqual(expected);
  });

  it("places a term named without its year in the year named beside it", () => {
    const labels = (q: string) => parseQueryPeriods(q, now).map((p) => p.label);
    expect(labels("SEN support back in the summer term last year?")).toEqual(["Summer 2023"]);
    expect(labels("autumn term, 2023/24")).toEqual(["Autumn 2023"]);
    expect(labels("summer term of 2022/23")).toEqual(["Summer 2023"]);
  });

  it("reads 'the year up to spring 2020' as the year ending with that term", () => {
    expect(shapes(parseQueryPeriods("contacts over the year up to spring 2020?", now))).toEqual([
      ["2019-04-01 to 2020-03-31", "range", "2019-04-01", "2020-03-31"],
    ]);
    expect(parseQueryPeriods("contacts in spring 2020?", now)[0]?.label).toBe("Spring 2020");
  });

  it("gives the financial quarter before a dated one, across the year boundary", () => {
    const previous = (label: string) => quarterBefore(extractPeriods(label)[0] as Period)?.label;
    expect(previous("Q3 2023/24")).toBe("Q2 2023/24");
    expect(previous("Q1 2023/24")).toBe("Q4 2022/23");
    expect(quarterBefore(extractPeriods("2023/24")[0] as Period)).toBeNull();
  });

  it("marks a quarter without a year as open", () => {
    const [p] = parseQueryPeriods("end of Q3", now);
    expect(p).toMatchObject({ label: "Q3", yearKnown: false, quarter: 3 });
  });

  it("reads 'since July 2021' as the span from then to today: where a change started, not when it stands", () => {
    expect(shapes(parseQueryPeriods("taken into care since July 2021?", now))).toEqual([
      ["July 2021 to 2024-03-05", "range", "2021-07-01", "2024-03-05"],
    ]);
    expect(shapes(parseQueryPeriods("taken into care in July 2021?", now))).toEqual([
      ["July 2021", "month", "2021-07-01", "2021-07-31"],
    ]);
  });

  it("resolves 'last quarter' across the year boundary", () => {
    expect(parseQueryPeriods("last quarter", new Date("2024-05-10T00:00:00Z"))[0]?.label).toBe("Q4 2023/24");
  });
});

describe("periodsOverlap and samePeriod", () => {
  const q3 = one("Q3 2023/24");
  const fy2324 = one("2023/24");
  const fy2223 = one("2022/23");
  const q4prev = one("Q4 2022/23");
  const dec31 = one("31 December 2023");
  const openQ3 = one("end of quarter 3");
  const openQ4 = one("quarter 4");
  const autumn = one("Autumn 2023");
  const openAutumn = one("the autumn term");
  const plan = one("2020-2023");
  const cal2023 = one("in 2023");

  const overlapCases: Array<[string, Period, Period, boolean]> = [
    ["Q3 in its year", q3, fy2324, true],
    ["Q3 not in the year before", q3, fy2223, false],
    ["Q4 2022/23 in 2022/23", q4prev, fy2223, true],
    ["Q4 2022/23 in calendar 2023", q4prev, cal2023, true],
    ["a date in its quarter", dec31, q3, true],
    ["open Q3 and a Q3", openQ3, q3, true],
    ["open Q3 and a date in December", openQ3, dec31, true],
    ["open Q3 and Q4 2022/23", openQ3, q4prev, false],
    ["open Q3 and a financial year", openQ3, fy2223, true],
    ["open Q3 and open Q4", openQ3, openQ4, false],
    ["open Q3 and the open autumn term", openQ3, openAutumn, true],
    ["autumn 2023 and Q3 2023/24", autumn, q3, true],
    ["open autumn term and Q4", openAutumn, q4prev, false],
    ["plan range and a year inside", plan, cal2023, true],
    ["plan range and a later year", plan, one("2024/25"), false],
  ];
  it.each(overlapCases)("overlap: %s", (_name, a, b, expected) => {
    expect(periodsOverlap(a, b)).toBe(expected);
    expect(periodsOverlap(b, a)).toBe(expected);
  });

  it("treats different spellings of one period as the same", () => {
    expect(samePeriod(one("quarter 3 2023/24"), q3)).toBe(true);
    expect(samePeriod(one("Quarter 3, 2023/24"), parseQueryPeriods("Q3 23/24")[0] as Period)).toBe(true);
    expect(samePeriod(one("2023-24"), fy2324)).toBe(true);
    expect(samePeriod(openQ3, parseQueryPeriods("end of Q3")[0] as Period)).toBe(true);
    expect(samePeriod(q3, fy2324)).toBe(false);
    expect(samePeriod(openQ3, q3)).toBe(false);
    expect(samePeriod(openQ3, openQ4)).toBe(false);
  });
});

describe("completePeriod", () => {
  it("gives an open quarter the year of a financial year, month or date in the same sentence", () => {
    const [q, fy] = extractPeriods("at the end of quarter 3, against the whole of 2023/24");
    if (q === undefined || fy === undefined) throw new Error("periods missing");
    expect(completePeriod(q, fy)?.label).toBe("Q3 2023/24");
    const [month, q3] = extractPeriods("for the period to December 2023 (quarter 3)");
    if (month === undefined || q3 === undefined) throw new Error("periods missing");
    expect(completePeriod(q3, month)?.label).toBe("Q3 2023/24");
  });

  it("refuses a month outside the quarter, a calendar year for a quarter, and known periods", () => {
    const [q3] = extractPeriods("quarter 3");
    if (q3 === undefined) throw new Error("period missing");
    expect(completePeriod(q3, one("June 2023"))).toBeNull();
    expect(completePeriod(q3, one("in 2023"))).toBeNull();
    expect(completePeriod(one("Q3 2023/24"), one("2022/23"))).toBeNull();
  });

  it("gives an open term the calendar year", () => {
    expect(completePeriod(one("the autumn term"), one("in 2023"))?.label).toBe("Autumn 2023");
  });
});

describe("formatLongDate", () => {
  it.each([
    ["2024-03-05", "5 March 2024"],
    ["2021-11-02", "2 November 2021"],
    ["2020-06-02", "2 June 2020"],
    ["2024-13-01", "2024-13-01"],
    ["5 March 2024", "5 March 2024"],
  ])("%s -> %s", (iso, expected) => {
    expect(formatLongDate(iso)).toBe(expected);
  });
});

describe("followsSince and sinceSpan", () => {
  it("knows a period a change runs from", () => {
    expect(followsSince("an increase of 52 young people (59%) since ")).toBe(true);
    expect(followsSince("up since the end of ")).toBe(true);
    expect(followsSince("As of ")).toBe(false);
    expect(followsSince("since then, in ")).toBe(false);
  });

  it("runs the span to a later end and leaves it alone otherwise", () => {
    const dec22 = one("31st December 2022");
    expect(shapes([sinceSpan(dec22, "2023-12-31")])).toEqual([
      ["2022-12-31 to 2023-12-31", "range", "2022-12-31", "2023-12-31"],
    ]);
    expect(sinceSpan(dec22, "2022-06-30")).toBe(dec22);
    expect(sinceSpan(dec22, null)).toBe(dec22);
    const q3 = one("end of quarter 3");
    expect(sinceSpan(q3, "2023-12-31")).toBe(q3);
  });
});
