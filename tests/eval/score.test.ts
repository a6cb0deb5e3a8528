import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Answer, AnswerFigure, Citation } from "../../bot/engine/types.js";
import type { GoldCase } from "../../eval/gold.js";
import {
  DEFAULT_THRESHOLDS,
  evaluateGate,
  parseThresholds,
  summarise,
  ThresholdError,
} from "../../eval/metrics.js";
import {
  type CaseScore,
  findQuote,
  indexScoreContext,
  normaliseAnswerText,
  type ScoringCase,
  scoreCase,
  toScoringCase,
  unitsCompatible,
} from "../../eval/score.js";
import type { Unit } from "../../ingest/types.js";

const CORPUS = join(import.meta.dirname, "../../eval/corpus");
const F000 = "000_95470afa8ae34474.txt";
const F001 = "001_bc9149fb7ac2f9bb.txt";
const corpus = new Map([F000, F001].map((f) => [f, readFileSync(join(CORPUS, f), "utf8")] as const));

/** A unit over a real line of a paper, with its true offsets (as the ingest would record them). */
function unitFromLine(
  id: string,
  file: string,
  startsWith: string,
  opts: { paragraph?: string | null; title?: string; text?: string; also?: string[] } = {},
): Unit {
  const raw = corpus.get(file) ?? "";
  const start = raw.indexOf(startsWith);
  if (start < 0) throw new Error(`test setup: "${startsWith}" not in ${file}`);
  const end = raw.indexOf("\n", start);
  const lineText = raw.slice(start, end).replace(/^\d+\.\s*/, "");
  const place = (f: string) => {
    const text = corpus.get(f) ?? "";
    const s = text.indexOf(startsWith);
    return {
      source: `eval/corpus/${f}`,
      documentId: `eval/corpus/${f}#1`,
      page: null,
      start: s,
      end: text.indexOf("\n", s),
    };
  };
  return {
    id,
    kind: "paragraph",
    text: opts.text ?? lineText,
    context: "",
    documentId: `eval/corpus/${file}#1`,
    source: `eval/corpus/${file}`,
    title: opts.title ?? "Quarter 3 2023/24 Performance Report",
    committee: null,
    meetingDate: "2024-03-05",
    agendaItem: null,
    section: null,
    paragraph: opts.paragraph === undefined ? null : opts.paragraph,
    part: 0,
    page: null,
    start,
    end,
    collection: "public",
    sources: [place(file), ...(opts.also ?? []).map(place)],
    table: null,
    figures: [],
  };
}

const units = new Map<string, Unit>(
  [
    unitFromLine("q3-para7", F001, "7. The percentage of Child Protection cases reviewed", {
      paragraph: "7",
    }),
    unitFromLine("q3-para8", F001, "8. The percentage of children becoming subject", { paragraph: "8" }),
    // A table row whose unit text is re-formatted: only its span in the file ties it to the gold quote.
    unitFromLine(
      "q3-row-cp",
      F001,
      "Help children in Leicestershire to live in safe, stable environments and have secure attachments\tSocial Care\tChild protection cases which were reviewed",
      {
        text: "Child protection cases which were reviewed within timescales | Q4 2022/23: 75.71% | Q3 2023/24: 82.6% | Target: >97.2%",
      },
    ),
    unitFromLine("overview-para25", F001, "25. The Team is currently leading", {
      paragraph: "25",
      title: "Children and Family Services Department",
      also: [F000],
    }),
    unitFromLine("overview-para36", F001, "36. The Family Help service was established", {
      paragraph: "36",
      title: "Children and Family Services Department",
      also: [F000],
    }),
    unitFromLine("minutes-46", F001, "- a) The High Needs Grant allocated", {
      paragraph: "46(a)",
      title: "Minutes",
    }),
  ].map((u) => [u.id, u]),
);
const ctx = indexScoreContext(units, corpus);

function cite(id: string, text?: string): Citation {
  const u = units.get(id);
  return {
    id,
    source: u?.source ?? "eval/corpus/unknown.txt",
    title: u?.title ?? "Unknown",
    section: null,
    paragraph: u?.paragraph ?? null,
    page: null,
    date: null,
    text: text ?? u?.text ?? "made-up paragraph",
    score: 1,
    collection: "public",
  };
}

function answer(over: Partial<Answer> & { figures?: AnswerFigure[] }): Answer {
  return {
    question: "q",
    answer: "",
    answered: true,
    mode: "extractive",
    citations: [],
    figures: [],
    notes: [],
    suggestions: [],
    ...over,
  };
}

const fig = (text: string, value: number, unit: string): AnswerFigure => ({ text, value, unit });

function gold(raw: Record<string, unknown>): ScoringCase {
  return toScoringCase({ period: null, tags: [], evidence: [], ...raw } as unknown as GoldCase, [F000, F001]);
}

const CP_REVIEWS = gold({
  id: "q3-cp-reviews",
  question: "What % of CP cases were reviewed in timescale at end of Q3 23/24?",
  kind: "figure",
  expected: { value: "82.6", kind: "percent", scale: null, tolerance: null, alternatives: [] },
  evidence: [
    {
      source: F001,
      document: "Quarter 3 2023/24 Performance Report",
      paragraph: "7",
      quote:
        "The percentage of Child Protection cases reviewed within timescales was 82.6% at the end of quarter 3",
    },
    {
      source: F001,
      document: "Quarter 3 2023/24 Performance Report",
      paragraph: null,
      quote:
        "Child protection cases which were reviewed within timescales Percent High = Good Quarter Q4 2022/23 75.71% Q3 2023/24 82.6%",
    },
  ],
  tags: ["critical"],
});

const REPEAT_Q2 = gold({
  id: "q2-repeat-cpp",
  question: "Repeat CPP rate at end of Q2 23/24?",
  kind: "figure",
  expected: { value: "26.1", kind: "percent", scale: null, tolerance: null, alternatives: [] },
  evidence: [
    {
      source: F001,
      document: "Quarter 3 2023/24 Performance Report",
      paragraph: "8",
      quote: "increased to 28.7% at the end of quarter 3 compared to 26.1% at the end of quarter 2.",
    },
  ],
});

const DA_SPEND = gold({
  id: "da-spend",
  question: "How much is the domestic abuse duty spend?",
  kind: "figure",
  expected: { value: "1.1", kind: "gbp", scale: "million", tolerance: null, alternatives: [] },
  evidence: [
    {
      source: F000,
      document: "Children and Family Services Department",
      paragraph: "25",
      quote: "is co-ordinating the plan around the £1.1million spend to support the duty",
    },
  ],
});

const HIGH_NEEDS = gold({
  id: "high-needs",
  question: "High Needs Grant 23/24?",
  kind: "figure",
  expected: { value: "105082000", kind: "gbp", scale: null, tolerance: null, alternatives: [] },
  evidence: [
    {
      source: F001,
      document: "Minutes",
      paragraph: "46",
      quote: "The High Needs Grant allocated to Leicestershire for 2023/24 totals £105,082,000.",
    },
  ],
});

const CP_COUNTS = gold({
  id: "cp-counts",
  question: "How many children had all CP reviews on time, out of how many?",
  kind: "two_figures",
  expected: [
    { value: "266", kind: "count", scale: null, tolerance: null, alternatives: [] },
    { value: "322", kind: "count", scale: null, tolerance: null, alternatives: [] },
  ],
  evidence: [
    {
      source: F001,
      document: "Quarter 3 2023/24 Performance Report",
      paragraph: "7",
      quote: "with 266 of 322 children having all reviews on time within the last 12 months.",
    },
  ],
});

const FAMILY_HELP = gold({
  id: "family-help",
  question: "When did Family Help start?",
  kind: "fact",
  expected: { any_of: ["February 2024"] },
  evidence: [
    {
      source: F000,
      document: "Children and Family Services Department",
      paragraph: "36",
      quote: "The Family Help service was established in February 2024",
    },
  ],
});

const RUTLAND = gold({
  id: "none-rutland",
  question: "What % of CP cases did Rutland review within timescales at end of Q3 23/24?",
  kind: "unanswerable",
  expected: null,
  tags: ["unanswerable", "paper:001"],
});

const P7 = units.get("q3-para7")?.text ?? "";

interface Row {
  name: string;
  gold: ScoringCase;
  answer: Answer;
  retrieved?: string[];
  pass: boolean;
  failures: string[];
  checks?: Partial<CaseScore["checks"]>;
  warnings?: number;
}

const ROWS: Row[] = [
  {
    name: "right figure, right paragraph",
    gold: CP_REVIEWS,
    answer: answer({
      answer: `82.6%. “${P7}”`,
      figures: [fig("82.6%", 82.6, "percent")],
      citations: [cite("q3-para7")],
    }),
    pass: true,
    failures: [],
    checks: {
      figure: true,
      figureLenient: true,
      scaleUnit: true,
      evidenceHit: true,
      figureInCited: true,
      ungrounded: [],
    },
  },
  {
    name: "right figure from the dashboard row (re-formatted unit text, matched by its span in the file)",
    gold: CP_REVIEWS,
    answer: answer({
      answer: "82.6%",
      figures: [fig("82.6%", 82.6, "percent")],
      citations: [cite("q3-row-cp")],
    }),
    pass: true,
    failures: [],
  },
  {
    name: "82.64% is within half a unit of the printed 82.6",
    gold: CP_REVIEWS,
    answer: answer({
      answer: "about 82.6%",
      figures: [fig("82.64%", 82.64, "percent")],
      citations: [cite("q3-para7")],
    }),
    pass: false,
    failures: ["UNGROUNDED_NUMBER"],
    checks: { figure: true },
  },
  {
    name: "82.66% is not 82.6 (strict) but is within 5% (relaxed)",
    gold: CP_REVIEWS,
    answer: answer({
      answer: "82.6%",
      figures: [fig("82.66%", 82.66, "percent")],
      citations: [cite("q3-para7")],
    }),
    pass: false,
    failures: ["VALUE_MISMATCH", "UNGROUNDED_NUMBER"],
    checks: { figure: false, relaxed5: true, figureLenient: true, scaleUnit: true },
  },
  {
    name: "the Q3 figure when Q2 was asked (near-miss trap)",
    gold: REPEAT_Q2,
    answer: answer({
      answer: "28.7%",
      figures: [fig("28.7%", 28.7, "percent")],
      citations: [cite("q3-para8")],
    }),
    pass: false,
    failures: ["VALUE_MISMATCH"],
    checks: { figure: false, evidenceHit: true, figureInCited: true, figureLenient: false },
  },
  {
    name: "£1.1 without its million is a scale error, not a value error",
    gold: DA_SPEND,
    answer: answer({
      answer: "£1.1million",
      figures: [fig("£1.1", 1.1, "gbp")],
      citations: [cite("overview-para25")],
    }),
    pass: false,
    failures: ["SCALE_MISMATCH", "UNGROUNDED_NUMBER"],
    checks: { figure: false, scaleUnit: false, figureLenient: true },
  },
  {
    name: "£1.1million cited from the 001 copy of the report the gold quotes from 000",
    gold: DA_SPEND,
    answer: answer({
      answer: "£1.1million",
      figures: [fig("£1.1million", 1_100_000, "gbp")],
      citations: [cite("overview-para25")],
    }),
    pass: true,
    failures: [],
  },
  {
    name: "a percentage given as a count is a unit error",
    gold: CP_REVIEWS,
    answer: answer({ answer: "82.6%", figures: [fig("82.6", 82.6, "count")], citations: [cite("q3-para7")] }),
    pass: false,
    // 82.6 as a count of something is also a number no paragraph states.
    failures: ["UNIT_MISMATCH", "UNGROUNDED_NUMBER"],
    checks: { figure: false, scaleUnit: false },
  },
  {
    name: "money without £ passes with a format warning",
    gold: HIGH_NEEDS,
    answer: answer({
      answer: "£105,082,000",
      figures: [fig("105,082,000", 105_082_000, "number")],
      citations: [cite("minutes-46")],
    }),
    pass: true,
    failures: [],
    warnings: 1,
  },
  {
    name: "right figure, wrong paragraph",
    gold: CP_REVIEWS,
    answer: answer({
      answer: "82.6%",
      figures: [fig("82.6%", 82.6, "percent")],
      citations: [cite("q3-para8")],
    }),
    pass: false,
    failures: ["WRONG_PARAGRAPH", "FIGURE_NOT_IN_CITED_TEXT", "UNGROUNDED_NUMBER"],
    checks: { figure: true, evidenceHit: false, citationPrecision: 0 },
  },
  {
    name: "no citation at all",
    gold: CP_REVIEWS,
    answer: answer({ answer: "82.6%", figures: [fig("82.6%", 82.6, "percent")] }),
    pass: false,
    failures: ["NO_CITATION", "UNGROUNDED_NUMBER"],
  },
  {
    name: "a citation id that is not in the index",
    gold: CP_REVIEWS,
    answer: answer({
      answer: "82.6%",
      figures: [fig("82.6%", 82.6, "percent")],
      citations: [cite("q3-para7"), cite("no-such-unit")],
    }),
    pass: false,
    failures: ["CITATION_INVALID"],
    checks: { citationsValid: 1, citationsTotal: 2, evidenceHit: true },
  },
  {
    name: "a real id whose quoted text was altered",
    gold: CP_REVIEWS,
    answer: answer({
      answer: "82.6%",
      figures: [fig("82.6%", 82.6, "percent")],
      citations: [
        cite("q3-para7", "The percentage of Child Protection cases reviewed within timescales was 92.6%"),
      ],
    }),
    pass: false,
    failures: ["CITATION_INVALID"],
  },
  {
    name: "an extra number no cited paragraph states",
    gold: CP_REVIEWS,
    answer: answer({
      answer: "82.6%, up from 71.2% last year",
      figures: [fig("82.6%", 82.6, "percent")],
      citations: [cite("q3-para7")],
    }),
    pass: false,
    failures: ["UNGROUNDED_NUMBER"],
    checks: { ungrounded: ["71.2%"] },
  },
  {
    name: "refused an answerable question",
    gold: CP_REVIEWS,
    answer: answer({ answer: "I could not find this in the papers.", answered: false }),
    pass: false,
    failures: ["NO_CITATION", "FALSE_ABSTAIN"],
    checks: { falseAbstain: true, figure: false },
  },
  {
    name: "answered in words but gave no structured figure",
    gold: CP_REVIEWS,
    answer: answer({ answer: `“${P7}”`, citations: [cite("q3-para7")] }),
    pass: false,
    failures: ["NO_FIGURE"],
    checks: { figure: false, figureLenient: true },
  },
  {
    name: "two figures stated in the answer text",
    gold: CP_COUNTS,
    answer: answer({
      answer: "266 of 322 children",
      figures: [fig("266", 266, "count")],
      citations: [cite("q3-para7")],
    }),
    pass: true,
    failures: [],
  },
  {
    name: "two figures, one missing",
    gold: CP_COUNTS,
    answer: answer({
      answer: "266 children",
      figures: [fig("266", 266, "count")],
      citations: [cite("q3-para7")],
    }),
    pass: false,
    failures: ["VALUE_MISMATCH"],
  },
  {
    name: "fact found in the cited text",
    gold: FAMILY_HELP,
    answer: answer({ answer: "It was set up in February 2024.", citations: [cite("overview-para36")] }),
    pass: true,
    failures: [],
    checks: { fact: true },
  },
  {
    name: "fact not found",
    gold: FAMILY_HELP,
    answer: answer({ answer: "It started recently.", citations: [cite("q3-para8")] }),
    pass: false,
    failures: ["FACT_NOT_FOUND", "WRONG_PARAGRAPH"],
  },
  {
    name: "unanswerable, refused cleanly",
    gold: RUTLAND,
    answer: answer({
      answer: "I could not find this in the papers.",
      answered: false,
      suggestions: [cite("q3-para7")],
    }),
    pass: true,
    failures: [],
    checks: { refusedCorrectly: true, evidenceHit: null },
  },
  {
    name: "unanswerable, refused but offered the nearest number",
    gold: RUTLAND,
    answer: answer({ answer: "Not for Rutland; Leicestershire's was 82.6%.", answered: false }),
    pass: false,
    failures: ["FALSE_ANSWER", "UNGROUNDED_NUMBER"],
    checks: { refusedCorrectly: false },
  },
  {
    name: "unanswerable, answered with Leicestershire's figure",
    gold: RUTLAND,
    answer: answer({
      answer: "82.6%",
      figures: [fig("82.6%", 82.6, "percent")],
      citations: [cite("q3-para7")],
    }),
    pass: false,
    failures: ["FALSE_ANSWER"],
  },
];

describe("scoreCase", () => {
  it.each(ROWS)("$name", (row) => {
    const s = scoreCase(row.gold, row.answer, row.retrieved ?? [], ctx);
    expect(s.failures).toEqual(row.failures);
    expect(s.pass).toBe(row.pass);
    if (row.checks) expect(s.checks).toMatchObject(row.checks);
    expect(s.warnings).toHaveLength(row.warnings ?? 0);
  });

  it("ranks the first acceptable unit among the retrieved ones", () => {
    const a = answer({
      answer: "82.6%",
      figures: [fig("82.6%", 82.6, "percent")],
      citations: [cite("q3-para7")],
    });
    const s = scoreCase(CP_REVIEWS, a, ["q3-para8", "overview-para25", "q3-row-cp", "q3-para7"], ctx);
    expect(s.checks.evidenceRank).toBe(3);
    expect(s.retrieved.map((r) => r.evidence)).toEqual([false, false, true, true]);
    const none = scoreCase(CP_REVIEWS, a, ["q3-para8"], ctx);
    expect(none.checks.evidenceRank).toBeNull();
  });

  it("puts unanswerable cases under the paper their tag names", () => {
    expect(scoreCase(RUTLAND, answer({ answered: false }), [], ctx).papers).toEqual([F001]);
    expect(scoreCase(DA_SPEND, answer({ answered: false }), [], ctx).papers).toEqual([F000]);
  });
});

describe("scoring helpers", () => {
  it.each([
    ["percent", "percent", true],
    ["count", "number", true],
    ["number", "count", true],
    ["gbp", "number", true],
    ["percent", "number", false],
    ["percent", "pp", false],
    ["weeks", "days", false],
    ["gbp", "%", false],
    ["percent", "%", true],
  ])("unit %s answered as %s: %s", (g, p, ok) => {
    expect(unitsCompatible(g, p).ok).toBe(ok);
  });

  it("finds a quote across the hard wraps and tabs of the raw text", () => {
    const text = corpus.get(F001) ?? "";
    const span = findQuote(
      text,
      "Child protection cases which were reviewed within timescales Percent High = Good",
    );
    expect(span).not.toBeNull();
    expect(text.slice(span?.start, span?.end)).toBe(
      "Child protection cases which were reviewed within timescales\tPercent\tHigh = Good",
    );
    expect(findQuote(text, "Rutland reviewed all its cases")).toBeNull();
  });

  it("normalises answers SQuAD-style", () => {
    expect(normaliseAnswerText("The  Newton-Europe, Ltd.")).toBe("newton europe ltd");
  });
});

describe("summarise and gate", () => {
  const right = answer({
    answer: "82.6%",
    figures: [fig("82.6%", 82.6, "percent")],
    citations: [cite("q3-para7")],
  });
  const scores = [
    scoreCase(CP_REVIEWS, right, ["q3-para7"], ctx),
    scoreCase(
      REPEAT_Q2,
      answer({ answer: "28.7%", figures: [fig("28.7%", 28.7, "percent")], citations: [cite("q3-para8")] }),
      ["q3-para7", "q3-para8"],
      ctx,
    ),
    scoreCase(RUTLAND, answer({ answered: false, answer: "I could not find this in the papers." }), [], ctx),
    scoreCase(
      FAMILY_HELP,
      answer({ answer: "February 2024", citations: [cite("overview-para36")] }),
      [],
      ctx,
    ),
  ];
  const summary = summarise(scores);

  it("counts every metric with its n", () => {
    const o = summary.overall;
    expect(o.cases).toBe(4);
    expect(o.strict_pass).toEqual({ rate: 0.75, passed: 3, n: 4 });
    expect(o.figure_accuracy).toEqual({ rate: 0.5, passed: 1, n: 2 });
    expect(o.refusal_accuracy).toEqual({ rate: 1, passed: 1, n: 1 });
    expect(o.fact_accuracy).toEqual({ rate: 1, passed: 1, n: 1 });
    expect(o.recall_at_1).toEqual({ rate: 1 / 3, passed: 1, n: 3 });
    expect(o.recall_at_5).toEqual({ rate: 2 / 3, passed: 2, n: 3 });
    expect(o.mrr.mean).toBeCloseTo((1 + 0.5 + 0) / 3);
    expect(o.citation_validity).toEqual({ rate: 1, passed: 3, n: 3 });
    expect(summary.failureCounts).toEqual({ VALUE_MISMATCH: 1 });
  });

  it("breaks down by paper and by tag", () => {
    expect(Object.keys(summary.byPaper)).toEqual([F000, F001]);
    expect(summary.byPaper[F001]?.cases).toBe(3);
    expect(summary.byPaper[F000]?.fact_accuracy).toEqual({ rate: 1, passed: 1, n: 1 });
    expect(summary.byTag.critical?.strict_pass).toEqual({ rate: 1, passed: 1, n: 1 });
    expect(summary.byTag.unanswerable?.refusal_accuracy.n).toBe(1);
  });

  it("fails the gate on the per-case pass rate and skips checks with no eligible case", () => {
    const gate = evaluateGate(summary, DEFAULT_THRESHOLDS);
    expect(gate.passed).toBe(false);
    expect(gate.checks.find((c) => c.name === "strict_pass")?.status).toBe("fail");
    expect(gate.checks.find((c) => c.name === "critical_strict_pass")?.status).toBe("pass");
    const lenient = evaluateGate(summary, parseThresholds(["strict_pass=0.7"]));
    expect(lenient.passed).toBe(true);
    const noCritical = evaluateGate(summarise(scores.slice(1)), parseThresholds(["strict_pass=0.5"]));
    expect(noCritical.checks.find((c) => c.name === "critical_strict_pass")?.status).toBe("skip");
    expect(noCritical.passed).toBe(true);
  });

  it("fails the gate on a single ungrounded number", () => {
    const bad = scoreCase(CP_REVIEWS, answer({ ...right, answer: "82.6%, or 71.2%" }), [], ctx);
    const gate = evaluateGate(summarise([bad]), parseThresholds(["strict_pass=0", "refusal_accuracy=0"]));
    expect(gate.checks.find((c) => c.name === "ungrounded_numbers")).toMatchObject({
      actual: 1,
      status: "fail",
    });
    expect(gate.passed).toBe(false);
  });

  it.each([["strict_pass"], ["bogus=1"], ["strict_pass=abc"], ["strict_pass=-1"]])(
    "rejects the threshold %s",
    (t) => {
      expect(() => parseThresholds([t])).toThrow(ThresholdError);
    },
  );
});
