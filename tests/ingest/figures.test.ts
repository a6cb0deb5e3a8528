import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  extractFigures,
  figureStatedIn,
  formatFigure,
  normaliseUnit,
  unstatedFigures,
} from "../../ingest/figures.js";
import { type Figure, FigureSchema } from "../../ingest/types.js";

const CORPUS = new URL("../../eval/corpus/", import.meta.url);
const corpus = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".txt"))
  .map((f) => ({ file: f, text: readFileSync(new URL(f, CORPUS), "utf8") }));

/** Paragraph 7 of the Quarter 3 2023/24 performance report (file 001). */
const PARA_7 =
  "7. The percentage of Child Protection cases reviewed within timescales was 82.6% at the end of quarter 3, with 266 of 322 children having all reviews on time within the last 12 months. This is an improvement on the quarter 4 figure of 75.7% (293 of 387). Leicestershire continues to be placed in the fourth quartile of all local authorities.";

type Row = [raw: string, unit: Figure["unit"], amount: number, period: string | null, of?: [number, number]];

function rows(text: string): Row[] {
  return extractFigures(text).map((f) => {
    const row: Row = [f.raw, f.unit, f.amount, f.period];
    if (f.of !== null) row.push([f.of.part, f.of.whole]);
    return row;
  });
}

describe("extractFigures", () => {
  const cases: Array<[string, string, Row[]]> = [
    [
      "001 para 7",
      PARA_7,
      [
        ["82.6%", "percent", 82.6, "Q3"],
        ["266", "count", 266, "Q3", [266, 322]],
        ["322", "count", 322, "Q3"],
        ["12", "months", 12, "Q3"],
        ["75.7%", "percent", 75.7, "Q4"],
        ["293", "number", 293, "Q4", [293, 387]],
        ["387", "number", 387, "Q4"],
      ],
    ],
    [
      "001 para 8: two quarters in one sentence",
      "8. The percentage of children becoming subject to a child protection plan for a second or subsequent time in the year to date increased to 28.7% at the end of quarter 3 compared to 26.1% at the end of quarter 2. In this quarter, 50 children began a second or subsequent child protection plan, an increase from 40 reported in the preceding quarter.",
      [
        ["28.7%", "percent", 28.7, "Q3"],
        ["26.1%", "percent", 26.1, "Q2"],
        ["50", "count", 50, null],
        ["40", "number", 40, null],
      ],
    ],
    [
      "001 para 10",
      "10. The percentage of assessments completed within 45 days to the end of quarter 3 was 88.9%, an increase from quarter 2 (88.2%). Within quarter 3, 1216 of 1352 assessments were completed within timescale.",
      [
        ["45", "days", 45, "Q3"],
        ["88.9%", "percent", 88.9, "Q3"],
        ["88.2%", "percent", 88.2, "Q2"],
        ["1216", "count", 1216, "Q3", [1216, 1352]],
        ["1352", "count", 1352, "Q3"],
      ],
    ],
    [
      "001 para 11: number words",
      "11. Five Child Protection plans lasting two years or more were open at the end of quarter 3, representing 1.1% of cases. This is a decrease compared with the end of quarter 2 (6 children, 1.3%).",
      [
        ["Five", "count", 5, "Q3"],
        ["two", "years", 2, "Q3"],
        ["1.1%", "percent", 1.1, "Q3"],
        ["6", "count", 6, "Q2"],
        ["1.3%", "percent", 1.3, "Q2"],
      ],
    ],
    [
      "001 para 12: 'out of' and young people",
      "12. The percentage of Care Leavers in Suitable Accommodation was 95.8% at the end of quarter 3 (252 out of 263 young people).",
      [
        ["95.8%", "percent", 95.8, "Q3"],
        ["252", "count", 252, "Q3", [252, 263]],
        ["263", "count", 263, "Q3"],
      ],
    ],
    [
      "001 para 36: the quarter's year stated",
      "36. The report provides a summary of performance at the end of quarter 3 2023/24, covering the period October to December 2023. NEET at the end of Q3 2023/24 was 0.7% (100 students).",
      [
        ["0.7%", "percent", 0.7, "Q3 2023/24"],
        ["100", "count", 100, "Q3 2023/24"],
      ],
    ],
    [
      "001 para 1: an open quarter completed by a month",
      "1. The purpose of this report is to present an update on performance for the period to December 2023 (quarter 3), when 5 children were placed.",
      [["5", "count", 5, "Q3 2023/24"]],
    ],
    [
      "003 minute 70(ii): money",
      "The current contract value of MISTLE was £450,000 compared with the annual value of ART of £411,840.",
      [
        ["£450,000", "gbp", 450_000, null],
        ["£411,840", "gbp", 411_840, null],
      ],
    ],
    [
      "002 paras 7, 9, 10: money, years and rates",
      "7. this is reflected in the £23.1m growth to 2024/25 approved within the Medium-Term Financial Strategy (MTFS) by the County Council on 17 February 2021. 9. The growth is mainly due to pressures on the budget for placements, which are currently rising by over 10% a year. 10. The department is required to make £16.0m savings to 2024/25, with this figure including the expected £13.2m savings.",
      [
        ["£23.1m", "gbp", 23_100_000, "2024/25"],
        ["10%", "percent", 10, null],
        ["£16.0m", "gbp", 16_000_000, "2024/25"],
        ["£13.2m", "gbp", 13_200_000, "2024/25"],
      ],
    ],
    [
      "002: number words",
      "Eleven opportunities were recommended, and nine of the ten highest cost children have been over £10k a week.",
      [
        ["Eleven", "count", 11, null],
        ["nine", "count", 9, null, [9, 10]],
        ["ten", "count", 10, null],
        ["£10k", "gbp", 10_000, null],
      ],
    ],
    [
      "001 dashboard row: previous and latest values",
      "\t\tChild protection cases which were reviewed within timescales\tPercent\tHigh = Good\tQuarter\tQ4 2022/23\t75.71%\tQ3 2023/24\t82.6%\tIncrease\t>97.2%\tRed\t4\t88.2%",
      [
        ["75.71%", "percent", 75.71, "Q4 2022/23"],
        ["82.6%", "percent", 82.6, "Q3 2023/24"],
        ["97.2%", "percent", 97.2, "Q3 2023/24"],
        ["4", "number", 4, "Q3 2023/24"],
        ["88.2%", "percent", 88.2, "Q3 2023/24"],
      ],
    ],
    [
      "001 dashboard row as the structure step renders it",
      "Topic: Help children in Leicestershire to live in safe, stable environments and have secure attachments; Theme: Social Care; Indicator: Child protection cases which were reviewed within timescales; Value Type: Percent; Polarity: High = Good; Reporting Frequency: Quarter; Previous Period: Q4 2022/23; Previous Value: 75.71%; Latest Period: Q3 2023/24; Latest Value: 82.6%; Trend: Increase; Target: >97.2%; Status RAG: Red; National benchmark (quartile 1 = top): 4; Most recent Statistical Neighbour average: 88.2%",
      [
        ["75.71%", "percent", 75.71, "Q4 2022/23"],
        ["82.6%", "percent", 82.6, "Q3 2023/24"],
        ["97.2%", "percent", 97.2, "Q3 2023/24"],
        ["4", "number", 4, "Q3 2023/24"],
        ["88.2%", "percent", 88.2, "Q3 2023/24"],
      ],
    ],
    [
      "001 dashboard row: counts by term",
      "Help children\tSEND\tChildren in mainstream schools with EHCP\tNumber\tN/A\tTerm\tSummer 2023\t2483\tAutumn 2023\t2446\tDecrease",
      [
        ["2483", "number", 2483, "Summer 2023"],
        ["2446", "number", 2446, "Autumn 2023"],
      ],
    ],
    [
      "001 dashboard row: negative Progress 8 scores",
      "\t\tKS4 - Progress 8 (FSM)\tNumber\tHigh = Good\tAnnual\t2021/22 Final\t-0.64\t2022/23 Final\t-0.76\tDecline\tN/A\tAmber\t3\t-0.79",
      [
        ["-0.64", "number", -0.64, "2021/22"],
        ["-0.76", "number", -0.76, "2022/23"],
        ["3", "number", 3, "2022/23"],
        ["-0.79", "number", -0.79, "2022/23"],
      ],
    ],
    [
      "004 table row: a rate stays a number",
      "Rate of re-offending by young offenders (low = good)\t2019 year end\t0.51\tBetter\t1.1",
      [
        ["0.51", "number", 0.51, "2019"],
        ["1.1", "number", 1.1, "2019"],
      ],
    ],
    [
      "ratios, ages and durations",
      "The rate was 45.2 per 10,000 children; the offer for 10-19-year olds; CPP lasting 2 yrs or more; a ten-week programme; 35-week placements; 20 weeks.",
      [
        ["45.2", "ratio", 45.2, null],
        ["10,000", "count", 10_000, null],
        ["10", "years", 10, null],
        ["19", "years", 19, null],
        ["2", "years", 2, null],
        ["ten", "weeks", 10, null],
        ["35", "weeks", 35, null],
        ["20", "weeks", 20, null],
      ],
    ],
    [
      "000/001: ages joined by 'and', a school year before a noun",
      "securing free early education for all three and four year olds. There are 428 Year 6 children with an EHCP.",
      [
        ["three", "years", 3, null],
        ["four", "years", 4, null],
        ["428", "count", 428, null],
      ],
    ],
    [
      "a duration in years and months",
      "The average age at adoption was 2 years 3 months; 12 mths; 72 hours.",
      [
        ["2", "years", 2, null],
        ["3", "months", 3, null],
        ["12", "months", 12, null],
        ["72", "hours", 72, null],
      ],
    ],
    [
      "000 para 20: FTE and pupils",
      "20. There are 1400 (1218 FTE) staff who work in the department; approx. 86k out of 100.4k pupils.",
      [
        ["1400", "number", 1400, null],
        ["1218", "count", 1218, null],
        ["86k", "count", 86_000, null, [86_000, 100_400]],
        ["100.4k", "count", 100_400, null],
      ],
    ],
    [
      "percentage points",
      "This is 3.2 percentage points above 2022. The gap narrowed by 1.5pp.",
      [
        ["3.2 percentage points", "pp", 3.2, "2022"],
        ["1.5pp", "pp", 1.5, null],
      ],
    ],
    [
      "labels are not figures",
      "3. Questions asked under Standing Order 7(3) and 7(5). Agenda Item 11, Minute 53 (Pages 5 - 14), Page 33, para 7, section 18(2) of the Children Act 1989, Year 6 at Key Stage 2, Tel: 0116 305 0183, on 31 December 2023 at 14:00.",
      [],
    ],
  ];
  it.each(cases)("%s", (_name, text, expected) => {
    expect(rows(text)).toEqual(expected);
  });

  it("returns figures that satisfy FigureSchema, with offsets into the text", () => {
    for (const { text } of corpus.slice(0, 2)) {
      for (const f of extractFigures(text)) {
        expect(FigureSchema.safeParse(f).success).toBe(true);
        expect(text.slice(f.start, f.end)).toBe(f.raw);
      }
    }
  });
});

describe("figureStatedIn", () => {
  const cases: Array<
    [string, { amount: number; unit: string; decimals: number; scale?: number }, string, boolean]
  > = [
    ["82.6% in para 7", { amount: 82.6, unit: "percent", decimals: 1 }, PARA_7, true],
    [
      "82.6 per cent = 82.6%",
      { amount: 82.6, unit: "percent", decimals: 1 },
      "was 82.6 per cent at the end",
      true,
    ],
    ["82.6% = 82.6 percent", { amount: 82.6, unit: "%", decimals: 1 }, "was 82.6 percent", true],
    ["82.6 rounds 82.64", { amount: 82.6, unit: "percent", decimals: 1 }, "was 82.64%", true],
    ["82.64 is not in 82.6", { amount: 82.64, unit: "percent", decimals: 2 }, PARA_7, false],
    ["82.7 is not 82.6", { amount: 82.7, unit: "percent", decimals: 1 }, PARA_7, false],
    ["83% rounds 82.6%", { amount: 83, unit: "percent", decimals: 0 }, PARA_7, true],
    ["82.6 as a count is not 82.6%", { amount: 82.6, unit: "count", decimals: 1 }, PARA_7, false],
    ["unitless 82.6 is stated by 82.6%", { amount: 82.6, unit: "number", decimals: 1 }, PARA_7, true],
    ["266 children", { amount: 266, unit: "count", decimals: 0 }, PARA_7, true],
    ["322 as unitless", { amount: 322, unit: "number", decimals: 0 }, PARA_7, true],
    ["266% is not 266 children", { amount: 266, unit: "percent", decimals: 0 }, PARA_7, false],
    ["12 months", { amount: 12, unit: "months", decimals: 0 }, PARA_7, true],
    ["12 children is not 12 months", { amount: 12, unit: "count", decimals: 0 }, PARA_7, false],
    ["para number 7 is not a figure", { amount: 7, unit: "number", decimals: 0 }, PARA_7, false],
    ["quarter 3 is not a figure", { amount: 3, unit: "number", decimals: 0 }, PARA_7, false],
    [
      "£1.1m = £1,100,000",
      { amount: 1_100_000, unit: "gbp", decimals: 1, scale: 1e6 },
      "a total of £1,100,000",
      true,
    ],
    [
      "£1,100,000 = £1.1million",
      { amount: 1_100_000, unit: "gbp", decimals: 0 },
      "the £1.1million spend",
      true,
    ],
    [
      "£1.1m rounds £1,080,000",
      { amount: 1_100_000, unit: "gbp", decimals: 1, scale: 1e6 },
      "cost £1,080,000",
      true,
    ],
    [
      "£1,080,000 is not stated by £1.1m",
      { amount: 1_080_000, unit: "gbp", decimals: 0 },
      "the £1.1million spend",
      false,
    ],
    [
      "£ and % never stand for one another",
      { amount: 10, unit: "gbp", decimals: 0 },
      "rising by over 10% a year",
      false,
    ],
    ["£411,840", { amount: 411_840, unit: "£", decimals: 0 }, "the annual value of ART of £411,840.", true],
    [
      "gbp matches a unitless table cell",
      { amount: 463_960, unit: "gbp", decimals: 0 },
      "Phase 1\tWelland House\t0\t463,960\t463,960",
      true,
    ],
    [
      "£5.8k = £5,800",
      { amount: 5800, unit: "gbp", decimals: 1, scale: 1e3 },
      "to the current average of £5,800 per week",
      true,
    ],
    [
      "1,023 = 1023",
      { amount: 1023, unit: "number", decimals: 0 },
      "Q3 2022/23\t946\tQ3 2023/24\t1023\tIncrease",
      true,
    ],
    ["1023 = 1,023", { amount: 1023, unit: "count", decimals: 0 }, "1,023 children", true],
    ["nine = 9", { amount: 9, unit: "count", decimals: 0 }, "nine of the ten highest cost children", true],
    [
      "5 = Five",
      { amount: 5, unit: "count", decimals: 0 },
      "Five Child Protection plans lasting two years",
      true,
    ],
    [
      "a year is not a count",
      { amount: 2023, unit: "number", decimals: 0 },
      "in 2023 the service grew",
      false,
    ],
    ["a date is not a count", { amount: 31, unit: "number", decimals: 0 }, "as of 31 December 2023", false],
    [
      "signs must agree",
      { amount: 0.09, unit: "number", decimals: 2 },
      "KS4 - Progress 8\t0.01\t-0.09",
      false,
    ],
    [
      "negative stated",
      { amount: -0.09, unit: "number", decimals: 2 },
      "KS4 - Progress 8\t0.01\t-0.09",
      true,
    ],
    [
      "pp is stated by a % printed as a change",
      { amount: 0.1, unit: "pp", decimals: 1 },
      "This represents an increase of 0.1% from quarter 2.",
      true,
    ],
    [
      "pp is stated by '4.9% lower'",
      { amount: 4.9, unit: "percentage points", decimals: 1 },
      "performance is 4.9% lower than the average",
      true,
    ],
    ["pp is not stated by a level", { amount: 82.6, unit: "pp", decimals: 1 }, PARA_7, false],
    [
      "percent is not stated by pp",
      { amount: 3.2, unit: "percent", decimals: 1 },
      "3.2 percentage points higher",
      false,
    ],
  ];
  it.each(cases)("%s", (_name, figure, text, expected) => {
    expect(figureStatedIn(figure, text)).toBe(expected);
  });

  it("finds every corpus figure stated in its own line and in its canonical form", () => {
    let n = 0;
    for (const { text, file } of corpus) {
      const lines = text.split("\n");
      for (const line of lines) {
        for (const f of extractFigures(line)) {
          expect(figureStatedIn(f, line), `${file}: ${f.raw} in ${line.slice(0, 80)}`).toBe(true);
          expect(figureStatedIn(f, formatFigure(f)), `${file}: ${f.raw} as ${formatFigure(f)}`).toBe(true);
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(900);
  });
});

describe("unstatedFigures", () => {
  it("returns the answer's figures that no source states", () => {
    const answer =
      "82.6% of child protection cases (266 of 322) were reviewed on time at Q3 2023/24, up from 71.2%.";
    expect(unstatedFigures(answer, [PARA_7]).map((f) => f.raw)).toEqual(["71.2%"]);
    expect(unstatedFigures(answer, [])).toHaveLength(4);
  });
});

describe("formatFigure", () => {
  const cases: Array<[string, string]> = [
    ["was 82.6% at", "82.6%"],
    ["the £1.1million spend", "£1.1m"],
    ["£1,100,000", "£1,100,000"],
    ["£5.8k per week", "£5.8k"],
    ["£411,840", "£411,840"],
    ["£16.0m", "£16.0m"],
    ["1023", "1,023"],
    ["12801 children", "12,801"],
    ["0.51", "0.51"],
    ["-0.09", "-0.09"],
    ["Savings\t(5)", "-5"],
    ["nine children", "9"],
    ["over nine thousand young people", "9,000"],
    ["12 months", "12 months"],
    ["1 week", "1 week"],
    ["3.2 percentage points", "3.2 percentage points"],
    ["approx. 86k out of", "86k"],
  ];
  it.each(cases)("%s -> %s", (text, expected) => {
    const [f] = extractFigures(text);
    if (f === undefined) throw new Error(`no figure in ${text}`);
    expect(formatFigure(f)).toBe(expected);
  });
});

describe("normaliseUnit", () => {
  it.each([
    ["%", "percent"],
    ["Percent", "percent"],
    ["£", "gbp"],
    ["GBP", "gbp"],
    ["percentage points", "pp"],
    ["children", "count"],
    ["months", "months"],
    ["furlongs", "number"],
  ])("%s -> %s", (unit, expected) => {
    expect(normaliseUnit(unit)).toBe(expected);
  });
});
