import { describe, expect, it } from "vitest";
import {
  type ComposeContext,
  composeMinimal,
  composeQuestion,
  dedupeQuestions,
  indicatorPhrase,
  similarity,
} from "../../../bot/questions/compose.js";
import { detectSignals, readIndicatorRow } from "../../../bot/questions/signals.js";
import { figureStatedIn } from "../../../ingest/figures.js";
import { parseNumberMentions } from "../../../ingest/numbers.js";
import type { Unit } from "../../../ingest/types.js";
import { dashboardRow, OTHER, para, Q3, YEAR_END, yearEndRow } from "./units.js";

const GLOSSARY: Record<string, string> = {
  CPP: "child protection plan",
  CSC: "Children's Social Care",
  FSM: "free school meals",
};

function context(units: Unit[]): ComposeContext {
  const byId = new Map(units.map((u) => [u.id, u]));
  return {
    paragraphOf: (id) => byId.get(id)?.paragraph ?? null,
    expand: (acr) => GLOSSARY[acr] ?? null,
  };
}

/** Every figure in the text, read by THE number parser, stated in one of the units. */
function unstated(text: string, units: Unit[]): string[] {
  return parseNumberMentions(text)
    .filter((m) => m.role === "figure")
    .filter((m) => {
      const unit = m.percent ? "percent" : m.currency === "gbp" ? "gbp" : "number";
      return !units.some((u) => figureStatedIn({ amount: m.amount, unit, decimals: m.decimals }, u.text));
    })
    .map((m) => m.raw);
}

describe("indicatorPhrase", () => {
  const ctx = context([]);
  it.each([
    [
      dashboardRow(Q3.repeatCpp),
      "the percentage of children becoming subject to a child protection plan (CPP) for second or subsequent time",
    ],
    [
      dashboardRow(Q3.reReferrals),
      "the percentage of re-referrals to Children's Social Care (CSC) within 12 months",
    ],
    [dashboardRow(Q3.progress8), "Key Stage 4 Progress 8 (FSM)"],
    [
      yearEndRow(YEAR_END.repeatCpp),
      "the percentage of children becoming subject to a child protection plan for second or subsequent time",
    ],
    [
      yearEndRow(YEAR_END.placementStability),
      "Placement stability: the percentage of children with 3 or more placements during a year",
    ],
  ])("%#", (row, want) => {
    const ind = readIndicatorRow(row);
    if (!ind) throw new Error("row not read");
    expect(indicatorPhrase(ind, ctx)).toBe(want);
  });
});

describe("composeQuestion on real units", () => {
  it("names the figure, period, target and status of a Red indicator, citing the paragraph and the row", () => {
    const p8 = para("8", Q3.para8);
    const r = dashboardRow(Q3.repeatCpp);
    const [signal] = detectSignals([p8, r]);
    if (!signal) throw new Error("no signal");
    const q = composeQuestion(signal, context([p8, r]));
    expect(q.question).toBe(
      "The percentage of children becoming subject to a child protection plan for a second or subsequent time in the year to date rose to 28.7% in Q3 2023/24 from 26.1% in Q2 2023/24, against a target of below 20.8% (Red; fourth quartile nationally; statistical neighbours 23.3%). What is driving this, and what does success look like by year end?",
    );
    expect(q.why).toBe(
      "Rated Red, short of its target, bottom quartile, worse than the previous quarter, behind statistical neighbours.",
    );
    expect(q.unitIds).toEqual([p8.id, r.id]);
    expect(unstated(`${q.question} ${q.why}`, [p8, r])).toEqual([]);
  });

  it("asks what will be different this time when the paper says the council is still bottom quartile", () => {
    const p7 = para("7", Q3.para7);
    const r = dashboardRow(Q3.cpReviews);
    const [signal] = detectSignals([p7, r]);
    if (!signal) throw new Error("no signal");
    const q = composeQuestion(signal, context([p7, r]));
    expect(q.question).toContain("rose to 82.6% in Q3 2023/24 from 75.71% in Q4 2022/23");
    expect(q.question).toContain("against a target of above 97.2%");
    expect(q.question).toContain("What is the history here, and what will be different this time?");
    expect(unstated(q.question, [p7, r])).toEqual([]);
  });

  it("words a worsening year-end indicator without a target, and says 'the year before'", () => {
    const r = yearEndRow(YEAR_END.repeatCpp);
    const [signal] = detectSignals([r]);
    if (!signal) throw new Error("no signal");
    const q = composeQuestion(signal, context([r]));
    expect(q.question).toBe(
      "The percentage of children becoming subject to a child protection plan for second or subsequent time rose to 21.8% in 2019/20 from 17.2% the year before. What is behind the deterioration, and what evaluation arrangements are in place to track it?",
    );
    expect(q.why).toBe("Worse than the previous year.");
  });

  it("quotes the paragraph for a prose signal and asks the framework question", () => {
    const u = para("28", OTHER.cipSavings);
    const [signal] = detectSignals([u]);
    if (!signal) throw new Error("no signal");
    const q = composeQuestion(signal, context([u]));
    expect(q.question).toBe(
      "Para 28 says “Anticipated on-going annual revenue savings of £2.5m are anticipated to be achieved by March 2028 and reflected in the refreshed MTFS”. How confident is the department that these savings will be delivered, and what happens if they are not?",
    );
    expect(unstated(q.question, [u])).toEqual([]);
  });

  it("has a minimal form citing the row alone", () => {
    const r = dashboardRow(Q3.reReferrals);
    const [signal] = detectSignals([r]);
    if (!signal) throw new Error("no signal");
    const q = composeMinimal(signal, context([r]));
    expect(q?.question).toMatch(/^The percentage of re-referrals .* was 24\.1% in Q3 2023\/24 \(Red\)\./);
    expect(q?.unitIds).toEqual([r.id]);
  });
});

describe("dedupeQuestions", () => {
  it("keeps the first of two near-identical questions and distinct ones", () => {
    const a = "Para 21 says “These homes should be open by July 2024”. Is this on track?";
    const b = "Para 22 says “These homes should be open by July 2024”. Is this on track?";
    const c = "Para 23 says “There have been delays in the opening of homes”. What is the history?";
    expect(similarity(a, b)).toBeGreaterThan(0.7);
    const kept = dedupeQuestions([
      { question: a, unitIds: ["u21"] },
      { question: b, unitIds: ["u22"] },
      { question: c, unitIds: ["u23"] },
    ]);
    expect(kept.map((k) => k.unitIds[0])).toEqual(["u21", "u23"]);
  });

  it("drops a question citing exactly the same units as an earlier one", () => {
    const kept = dedupeQuestions([
      { question: "What is driving repeat plans?", unitIds: ["p8", "row"] },
      { question: "Why are repeat child protection plans rising so fast?", unitIds: ["p8", "row"] },
    ]);
    expect(kept).toHaveLength(1);
  });
});
