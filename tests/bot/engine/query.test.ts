import { describe, expect, it } from "vitest";
import { buildAliases, understandQuestion } from "../../../bot/engine/query.js";
import { loadBuiltinGlossary } from "../../../ingest/glossary.js";

const aliases = buildAliases(loadBuiltinGlossary());
const NOW = new Date("2024-06-01T00:00:00Z");
const read = (q: string) => understandQuestion(q, aliases, NOW);
const labels = (q: string) => read(q).concepts.map((c) => c.label);

describe("understandQuestion: the kind of figure asked for", () => {
  it.each([
    ["what % of CP cases got reviewed on time at the end of Q3 2023/24?", "percent"],
    ["What proportion of assessments were done within 45 days?", "percent"],
    ["re-referral rate to children's social care", "percent"],
    ["How many UASC were in care at 31 December 2023?", "count"],
    ["How much was the MISTLE contract worth?", "money"],
    ["What is the High Needs Grant for 2023/24?", "money"],
    ["What did the CQC placement cost a week?", "money"],
    ["How long does an EHCP assessment take on average?", "duration"],
    ["What was the average Progress 8 score in 2023?", "number"],
    ["When was the Family Help service set up?", null],
    ["Who won the Children's Innovation Partnership contract?", null],
  ])("%s -> %s", (q, kind) => {
    expect(read(q).figureKind).toBe(kind);
  });
});

describe("understandQuestion: periods and paper hints", () => {
  it.each([
    ["what % of CP cases got reviewed on time at the end of Q3 2023/24?", ["Q3 2023/24"]],
    ["NEET rate for 16-17 year olds, Q3 23/24", ["Q3 2023/24"]],
    ["What's the repeat CPP rate at the end of Q3?", ["Q3"]],
    ["FEEE take-up in the autumn term 2023", ["Autumn 2023"]],
    ["What was the NEET rate in 2019-20?", ["2019/20"]],
    ["How many children came through the NTS last year?", ["2023"]],
  ])("%s -> %j", (q, periods) => {
    expect(read(q).periods.map((p) => p.label)).toEqual(periods);
  });

  it("reads a date next to 'report' or 'minutes' as the paper's date, not the data's", () => {
    const q = read("What growth to 2024/25 was approved in the MTFS, according to the Nov 2021 report?");
    expect(q.periods.map((p) => p.label)).toEqual(["2024/25"]);
    expect(q.docHints.dates).toEqual([{ year: 2021, month: 11 }]);
    const m = read("What was the value of the MISTLE contract, per the March 2020 minutes?");
    expect(m.periods).toEqual([]);
    expect(m.docHints).toMatchObject({ dates: [{ year: 2020, month: 3 }], minutes: true });
    expect(read("the dept plan's care leavers figure").docHints.titleTerms).toContain("plan");
  });

  it.each([
    ["How many children are electively home educated now?", true],
    ["What's the latest NEET figure?", true],
    ["What is the EHE number currently?", true],
    ["How many children were electively home educated at the end of Q3 2023/24?", false],
  ])("recency in %s -> %s", (q, recency) => {
    expect(read(q).recency).toBe(recency);
  });

  it.each([
    ["What's the target for CP reviews within timescales?", "target"],
    ["How does Leicestershire compare with the England average for secondary schools?", "benchmark"],
    ["What % of secondary schools are good or outstanding?", "actual"],
  ])("role in %s -> %s", (q, role) => {
    expect(read(q).role).toBe(role);
  });
});

describe("understandQuestion: what it is about", () => {
  it("expands acronyms and colloquial forms from the glossary into one concept", () => {
    const q = read("annual health assessments for kids in care, Q3 23/24?");
    const cla = q.concepts.find((c) => c.alternatives.some((a) => a.join(" ") === "child look"));
    expect(cla).toBeDefined();
    expect(q.searchText).toMatch(/looked after children|children in care/i);
    expect(labels("what % of CP cases got reviewed on time?")).toEqual(expect.arrayContaining(["CP"]));
  });

  it("leaves out words that only say what kind of answer is wanted", () => {
    expect(labels("What percentage of the total number of staff?")).toEqual(["staff"]);
  });

  it("marks the answer-type words of fact questions as soft", () => {
    const q = read("Which consultancy was the delivery partner for the programme?");
    expect(q.concepts.find((c) => c.label === "consultancy")?.soft).toBe(true);
    expect(q.concepts.find((c) => c.label === "partner")?.soft).toBeUndefined();
  });

  it("keeps the places and organisations a question names", () => {
    expect(read("What % of CP cases did Rutland review within timescales?").names).toEqual([["rutland"]]);
    expect(read("How many UASC does Leicester City Council have in care?").names).toEqual([
      ["leicester", "city"],
    ]);
    expect(read("How many children are electively home educated now?").names).toEqual([]);
  });

  it("recognises comparisons that want two figures", () => {
    expect(read("How many children were on CP plans in May 2020 vs May 2019?").comparison).toBe(true);
    expect(
      read("How many kids are home educated at end of Q3 23/24, and how many a year earlier?").comparison,
    ).toBe(true);
    expect(read("How many kids are home educated at end of Q3 23/24?").comparison).toBe(false);
  });
});
