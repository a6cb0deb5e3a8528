import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type NumberMention, numbersMatch, parseNumber, parseNumberMentions } from "../../ingest/numbers.js";

const CORPUS = new URL("../../eval/corpus/", import.meta.url);
const corpus = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".txt"))
  .map((f) => ({ file: f, text: readFileSync(new URL(f, CORPUS), "utf8") }));
const mentionsByFile = new Map(corpus.map((c) => [c.file, parseNumberMentions(c.text)]));

type Expect = Partial<
  Pick<
    NumberMention,
    "value" | "scale" | "amount" | "decimals" | "currency" | "percent" | "pp" | "negative" | "role"
  >
>;

describe("parseNumber", () => {
  const cases: Array<[string, Expect]> = [
    ["£1.1m", { value: 1.1, scale: 1e6, amount: 1_100_000, decimals: 1, currency: "gbp" }],
    ["£1.1million", { value: 1.1, scale: 1e6, amount: 1_100_000, decimals: 1, currency: "gbp" }],
    ["£7 million", { value: 7, scale: 1e6, amount: 7_000_000, decimals: 0, currency: "gbp" }],
    ["£5.8k", { value: 5.8, scale: 1e3, amount: 5800, decimals: 1, currency: "gbp" }],
    ["£411,840", { value: 411_840, scale: 1, amount: 411_840, decimals: 0, currency: "gbp" }],
    ["£105,082,000", { amount: 105_082_000, currency: "gbp" }],
    ["£16.0m", { value: 16, amount: 16_000_000, decimals: 1 }],
    ["82.6%", { value: 82.6, amount: 82.6, decimals: 1, percent: true, currency: null }],
    ["82.6 per cent", { value: 82.6, decimals: 1, percent: true }],
    ["82.6 percent", { value: 82.6, percent: true }],
    ["75.71%", { value: 75.71, decimals: 2, percent: true }],
    ["3.2 percentage points", { value: 3.2, pp: true, percent: false }],
    ["3.2pp", { value: 3.2, pp: true }],
    ["1,023", { value: 1023, amount: 1023, decimals: 0 }],
    ["1023", { value: 1023 }],
    ["(5)", { value: -5, amount: -5, negative: true }],
    ["(1,234)", { value: -1234, negative: true }],
    ["(£1,234)", { value: -1234, currency: "gbp", negative: true }],
    ["-5", { value: -5, negative: true }],
    ["−3.2", { value: -3.2, decimals: 1, negative: true }],
    ["-0.09", { value: -0.09, decimals: 2 }],
    ["-£5m", { amount: -5_000_000, currency: "gbp", negative: true }],
    ["0.51", { value: 0.51, decimals: 2, role: "figure" }],
    ["100.4k", { value: 100.4, scale: 1e3, amount: 100_400, decimals: 1, currency: null }],
    ["86k", { amount: 86_000 }],
    ["1.234m", { amount: 1_234_000, decimals: 3 }],
    ["3.5k", { amount: 3500 }],
    ["£2bn", { amount: 2e9, scale: 1e9 }],
    ["$12", { currency: "usd" }],
    ["€12", { currency: "eur" }],
    ["nine", { value: 9, amount: 9, decimals: 0 }],
    ["Eleven", { value: 11 }],
    ["twelve", { value: 12 }],
    ["twenty-two", { value: 22 }],
    ["one hundred and five", { value: 105 }],
    ["nine thousand", { value: 9, scale: 1e3, amount: 9000 }],
    ["one", { value: 1 }],
    ["ten per cent", { value: 10, percent: true }],
    [">97.2%", { value: 97.2, percent: true }],
    ["<20.8%", { value: 20.8, percent: true }],
    ["approx. 86k", { amount: 86_000 }],
    ["-380 (£,000)", { amount: -380_000, currency: "gbp", scale: 1e3 }],
    ["2023", { value: 2023, role: "year" }],
    ["0", { value: 0, role: "figure" }],
  ];
  it.each(cases)("%s", (raw, expected) => {
    const m = parseNumber(raw);
    expect(m).not.toBeNull();
    expect(m).toMatchObject(expected);
  });

  // DROP's normaliser turns "82.6%" into 826 and loses signs; TAT-QA ignores (1,234) and scale words (eval rules b).
  it("avoids the benchmark normalisers' known quirks", () => {
    expect(parseNumber("82.6%")?.amount).toBe(82.6);
    expect(parseNumber("-5")?.amount).toBe(-5);
    expect(parseNumber("£1,234")).toMatchObject({ amount: 1234, currency: "gbp" });
    expect(parseNumber("(1,234)")?.amount).toBe(-1234);
    expect(parseNumber("twelve")?.amount).toBe(12);
  });

  it.each([
    "1,23",
    "1,2345",
    "12,34,567",
    "Q3",
    "",
    "   ",
    "abc",
    "12 children",
    "82.6% and 75.7%",
    "3.2.1",
    "seven dwarves",
  ])("rejects %j as one number", (raw) => {
    expect(parseNumber(raw)).toBeNull();
  });

  it("computes amounts on the digits, not by float multiplication", () => {
    // 1.1 * 1e6 is 1100000.0000000002 in floats; 0.29 * 100 is 28.999999999999996.
    expect(parseNumber("£1.1m")?.amount).toBe(1_100_000);
    expect(parseNumber("£0.29m")?.amount).toBe(290_000);
    expect(parseNumber("£4.35bn")?.amount).toBe(4_350_000_000);
  });
});

function roles(text: string): Array<[string, string]> {
  return parseNumberMentions(text).map((m) => [m.raw, m.role]);
}

describe("parseNumberMentions", () => {
  const cases: Array<[string, Array<[string, string]>]> = [
    [
      "7. The percentage of Child Protection cases reviewed within timescales was 82.6% at the end of quarter 3, with 266 of 322 children having all reviews on time within the last 12 months. This is an improvement on the quarter 4 figure of 75.7% (293 of 387).",
      [
        ["7.", "ref"],
        ["82.6%", "figure"],
        ["quarter 3", "period"],
        ["266", "figure"],
        ["322", "figure"],
        ["12", "figure"],
        ["quarter 4", "period"],
        ["75.7%", "figure"],
        ["293", "figure"],
        ["387", "figure"],
      ],
    ],
    [
      "3. Questions asked by members under Standing Order 7(3) and 7(5).",
      [
        ["3.", "ref"],
        ["Standing Order 7(3) and 7(5)", "ref"],
      ],
    ],
    [
      "1. Minutes of the meeting held on 23 January 2024.\t(Pages 5 - 14)",
      [
        ["1.", "ref"],
        ["23 January 2024", "date"],
        ["Pages 5 - 14", "ref"],
      ],
    ],
    [
      "the responsibilities are set out in section 18(2) of the Children Act 2004 and the Children Act 1989.",
      [
        ["section 18(2)", "ref"],
        ["2004", "year"],
        ["1989", "year"],
      ],
    ],
    ["Contact: **Damien Buckley (Tel: 0116 305 0183)**", [["0116 305 0183", "ref"]]],
    [
      "82.6% were reviewed on time [1], up from 75.7% [2, 3].",
      [
        ["82.6%", "figure"],
        ["[1]", "ref"],
        ["75.7%", "figure"],
        ["[2, 3]", "ref"],
      ],
    ],
    [
      "Held on 3 March 2020 from 2.00 – 3.45pm",
      [
        ["3 March 2020", "date"],
        ["2.00 – 3.45pm", "date"],
      ],
    ],
    ["Tel. No: 0116 3053518", [["0116 3053518", "ref"]]],
    [
      "A copy of the report marked ‘Agenda Item 8’ is filed with these minutes; see Page 33 and para 7.",
      [
        ["Agenda Item 8", "ref"],
        ["Page 33", "ref"],
        ["para 7", "ref"],
      ],
    ],
    [
      "How many children, currently in Year 6, with an EHCP, at Key Stage 2 and KS2 (Appendix 1)?",
      [
        ["Year 6", "ref"],
        ["Key Stage 2", "ref"],
        ["2", "ref"],
        ["Appendix 1", "ref"],
      ],
    ],
    [
      "Performance at the end of quarter 3 2023/24, covering the period October to December 2023, against Q4 2022/23 and 2019/20.",
      [
        ["quarter 3 2023/24", "period"],
        ["October to December 2023", "period"],
        ["Q4 2022/23", "period"],
        ["2019/20", "period"],
      ],
    ],
    [
      "The growth reflected within the MTFS (2021/22-2024/25); the Departmental Plan 2020-23 and 2024-26; the 14:00 meeting ended at 3.45pm on 31st December.",
      [
        ["2021/22-2024/25", "period"],
        ["2020-23", "period"],
        ["2024-26", "period"],
        ["14:00", "date"],
        ["3.45pm", "date"],
        ["31st December", "date"],
      ],
    ],
    [
      "£23.1m growth to 2024/25; £16.0m savings; rising by over 10% a year. Eleven opportunities were recommended.",
      [
        ["£23.1m", "figure"],
        ["2024/25", "period"],
        ["£16.0m", "figure"],
        ["10%", "figure"],
        ["Eleven", "figure"],
      ],
    ],
    [
      "designate one of its members; one to one sessions; one-off; more than one school; nine of the ten highest cost children",
      [
        ["one", "figure"],
        ["nine", "figure"],
        ["ten", "figure"],
      ],
    ],
    [
      "an increase from 28 -30 (7%) Children in Care and 73-85 (16%) Care Leavers",
      [
        ["28", "figure"],
        ["30", "figure"],
        ["7%", "figure"],
        ["73", "figure"],
        ["85", "figure"],
        ["16%", "figure"],
      ],
    ],
    [
      "Covid-19, 1.1a, 4.3d, the 6th, Phase 3a, Priority 1: and Ambition 4 - Help every child",
      [
        ["19", "ref"],
        ["1.1", "ref"],
        ["4.3", "ref"],
        ["6", "ref"],
        ["Phase 3a", "ref"],
        ["Priority 1", "ref"],
        ["Ambition 4", "ref"],
      ],
    ],
    [
      "see http://www.legislation.gov.uk/ukpga/1998/42/contents or email jane.moore2@leics.gov.uk; 24/7 support",
      [["24/7", "ref"]],
    ],
    // No digit anywhere: word-numbered labels are still references, number words still figures.
    [
      "Option one was chosen over Option two; nine of the ten schools agreed in the third quarter",
      [
        ["Option one", "ref"],
        ["Option two", "ref"],
        ["nine", "figure"],
        ["ten", "figure"],
      ],
    ],
    [
      "KS4 - Progress 8\tNumber\t2021/22 Final\t-0.64\t2022/23 Final\t-0.76",
      [
        ["4", "ref"],
        ["Progress 8", "ref"],
        ["2021/22", "period"],
        ["-0.64", "figure"],
        ["2022/23", "period"],
        ["-0.76", "figure"],
      ],
    ],
    [
      "free early education for all three and four year olds; three four; 428 Year 6 children. 5. The next paragraph",
      [
        ["three", "figure"],
        ["four", "figure"],
        ["428", "figure"],
        ["Year 6", "ref"],
        ["5.", "ref"],
      ],
    ],
    [
      "In 2019 children were referred; 2019 children were referred.",
      [
        ["2019", "year"],
        ["2019", "figure"],
      ],
    ],
    [
      "families receiving 1 to 1 intervention; 1:1 sessions; rose from 1 to 1.5%; 1 to 1 children",
      [
        ["1 to 1", "ref"],
        ["1:1", "ref"],
        ["1", "figure"],
        ["1.5%", "figure"],
        ["1", "figure"],
        ["1", "figure"],
      ],
    ],
  ];
  it.each(cases)("%s", (text, expected) => {
    expect(roles(text)).toEqual(expected);
  });

  it("reads the values of figures in context", () => {
    const text =
      "approx. 86k out of 100.4k pupils; 1400 (1218 FTE) staff; the £1.1million spend; £5.8k per week; ranging from £12k- £14.3k per week; should have read -380 (£,000); 4222Children";
    const figs = parseNumberMentions(text).filter((m) => m.role === "figure");
    expect(figs.map((m) => [m.raw, m.amount])).toEqual([
      ["86k", 86_000],
      ["100.4k", 100_400],
      ["1400", 1400],
      ["1218", 1218],
      ["£1.1million", 1_100_000],
      ["£5.8k", 5800],
      ["£12k", 12_000],
      ["£14.3k", 14_300],
      ["-380 (£,000)", -380_000],
      ["4222", 4222],
    ]);
  });

  it("treats a bracketed number as negative only when it is a whole table cell", () => {
    const cell = parseNumberMentions("Savings\t(1,234)\t(5)\t£(3)")[0];
    expect(cell).toMatchObject({ raw: "(1,234)", amount: -1234, negative: true });
    expect(parseNumberMentions("Savings\t(1,234)\t(5)")[1]).toMatchObject({ raw: "(5)", amount: -5 });
    // Prose: "census (2,483)" and "quarter 2 (88.2%)" are positive.
    const prose = parseNumberMentions(
      "as reported in the summer term 2023 school census (2,483) and quarter 2 (88.2%)",
    );
    expect(prose.filter((m) => m.role === "figure").map((m) => m.amount)).toEqual([2483, 88.2]);
    expect(parseNumberMentions("was -0.09 (-1.12)").map((m) => m.amount)).toEqual([-0.09, -1.12]);
    const rendered = parseNumberMentions("Phase: Phase 2; Saving: (380); Total: 1,927,195 (1,219 homes)");
    expect(rendered.filter((m) => m.role === "figure").map((m) => [m.raw, m.amount])).toEqual([
      ["(380)", -380],
      ["1,927,195", 1_927_195],
      ["1,219", 1219],
    ]);
  });

  it("gives offsets that point at the raw text", () => {
    for (const { text, file } of corpus) {
      for (const m of mentionsByFile.get(file) ?? []) {
        expect(text.slice(m.start, m.end)).toBe(m.raw);
      }
    }
  });

  it("reads every printed percentage in the corpus as a percent figure of the same value", () => {
    let checked = 0;
    for (const { text, file } of corpus) {
      const mentions = mentionsByFile.get(file) ?? [];
      for (const m of text.matchAll(/(?<![\d.,%/])(\d+(?:\.\d+)?)%(?!20)/g)) {
        const at = mentions.find((x) => x.start <= m.index && m.index + m[0].length <= x.end);
        expect(at, `${file} @${m.index} ${m[0]}`).toMatchObject({
          role: "figure",
          percent: true,
          amount: Number(m[1]),
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(240);
  });

  it("reads every £ amount in the corpus as a gbp figure", () => {
    let checked = 0;
    for (const { text, file } of corpus) {
      const mentions = mentionsByFile.get(file) ?? [];
      for (const m of text.matchAll(/£\d[\d,.]*/g)) {
        const at = mentions.find((x) => x.start <= m.index && m.index < x.end);
        expect(at, `${file} @${m.index} ${m[0]}`).toMatchObject({ role: "figure", currency: "gbp" });
        checked++;
      }
    }
    expect(checked).toBe(34);
  });

  it("never reads a year, financial year, phone number or agenda reference in the corpus as a figure", () => {
    for (const { file } of corpus) {
      for (const m of mentionsByFile.get(file) ?? []) {
        if (m.role !== "figure") continue;
        expect(m.raw, file).not.toMatch(/^(?:19|20)\d{2}(?:\/\d{2})?$/);
        expect(m.raw, file).not.toMatch(/^0\d{3}/);
      }
    }
    const all = corpus.flatMap((c) =>
      (mentionsByFile.get(c.file) ?? []).map((m) => ({ ...m, text: c.text })),
    );
    for (const m of all.filter((x) => /Agenda Item \d/.test(x.text.slice(x.start - 12, x.end)))) {
      expect(m.role).not.toBe("figure");
    }
  });
});

describe("numbersMatch", () => {
  const cases: Array<
    [
      string,
      { amount: number; decimals: number; scale?: number },
      { amount: number; decimals?: number; scale?: number },
      boolean,
    ]
  > = [
    ["equal", { amount: 82.6, decimals: 1 }, { amount: 82.6, decimals: 1 }, true],
    ["rounds to a.d", { amount: 82.6, decimals: 1 }, { amount: 82.64 }, true],
    ["inclusive bound", { amount: 82.6, decimals: 1 }, { amount: 82.65 }, true],
    ["beyond the bound", { amount: 82.6, decimals: 1 }, { amount: 82.66 }, false],
    ["below the bound", { amount: 82.6, decimals: 1 }, { amount: 82.55 }, true],
    ["b more precise, b's decimals omitted", { amount: 82.64, decimals: 2 }, { amount: 82.6 }, false],
    ["less precise side decides", { amount: 82.64, decimals: 2 }, { amount: 82.6, decimals: 1 }, true],
    ["1,023 vs 1023", { amount: 1023, decimals: 0 }, { amount: 1023, decimals: 0 }, true],
    ["1,023 vs 1,024", { amount: 1023, decimals: 0 }, { amount: 1024, decimals: 0 }, false],
    [
      "£1.1m vs £1,100,000",
      { amount: 1_100_000, decimals: 1, scale: 1e6 },
      { amount: 1_100_000, decimals: 0 },
      true,
    ],
    [
      "£1.1m vs £1,080,000 (a rounding of it)",
      { amount: 1_100_000, decimals: 1, scale: 1e6 },
      { amount: 1_080_000, decimals: 0 },
      true,
    ],
    ["£1.1m vs £1,150,001", { amount: 1_100_000, decimals: 1, scale: 1e6 }, { amount: 1_150_001 }, false],
    [
      "£1,080,000 is not a rounding of £1.1m",
      { amount: 1_080_000, decimals: 0 },
      { amount: 1_100_000 },
      false,
    ],
    ["£5.8k vs £5,849", { amount: 5800, decimals: 1, scale: 1e3 }, { amount: 5849 }, true],
    ["£5.8k vs £5,851", { amount: 5800, decimals: 1, scale: 1e3 }, { amount: 5851 }, false],
    ["negatives", { amount: -0.09, decimals: 2 }, { amount: -0.09 }, true],
    ["sign matters", { amount: -0.09, decimals: 2 }, { amount: 0.09 }, false],
    ["float noise: 0.1 + 0.2 vs 0.3", { amount: 0.1 + 0.2, decimals: 1 }, { amount: 0.3 }, true],
    ["float noise at the bound", { amount: 1.1 * 1e6, decimals: 0 }, { amount: 1_100_000.5 }, true],
  ];
  it.each(cases)("%s", (_name, a, b, expected) => {
    expect(numbersMatch(a, b)).toBe(expected);
  });

  it("uses toleranceAbs in place of the printed precision", () => {
    expect(numbersMatch({ amount: 100, decimals: 0 }, { amount: 102 }, 2)).toBe(true);
    expect(numbersMatch({ amount: 100, decimals: 0 }, { amount: 102.01 }, 2)).toBe(false);
    expect(numbersMatch({ amount: 82.6, decimals: 1 }, { amount: 82.64 }, 0)).toBe(false);
  });

  it("agrees with parseNumber on printed forms", () => {
    const pairs: Array<[string, string, boolean]> = [
      ["£1.1m", "£1,100,000", true],
      ["£1.1million", "£1.1m", true],
      ["82.6%", "82.6 per cent", true],
      ["1,023", "1023", true],
      ["82.6", "82.64", true],
      ["82.64", "82.6", false],
      ["nine", "9", true],
      ["(5)", "-5", true],
    ];
    for (const [a, b, expected] of pairs) {
      const ma = parseNumber(a);
      const mb = parseNumber(b);
      if (ma === null || mb === null) throw new Error(`unparsed ${a} / ${b}`);
      expect(numbersMatch(ma, { amount: mb.amount }), `${a} ~ ${b}`).toBe(expected);
    }
  });
});
