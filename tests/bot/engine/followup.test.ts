import { describe, expect, it } from "vitest";
import { isFollowUp, rewriteFollowUp, standaloneQuestion } from "../../../bot/engine/followup.js";

const NOW = new Date("2024-06-01T00:00:00Z");

describe("rewriteFollowUp", () => {
  it.each([
    [
      "what % of CP cases got reviewed on time at the end of Q3 2023/24?",
      "and for Q2?",
      "what % of CP cases got reviewed on time at the end of Q2 2023/24?",
    ],
    [
      "What % of CP cases were reviewed within timescales in Q3 2023/24?",
      "and in 2019/20?",
      "What % of CP cases were reviewed within timescales in 2019/20?",
    ],
    [
      "What % of primary schools were rated good or outstanding at the end of Q3 2023/24?",
      "what about secondary?",
      "What % of secondary schools were rated good or outstanding at the end of Q3 2023/24?",
    ],
    [
      "What was FEEE take-up for eligible two year olds in autumn 2023?",
      "and three year olds?",
      "What was FEEE take-up for eligible three year olds in autumn 2023?",
    ],
    [
      "How many children were electively home educated at the end of Q3 2023/24?",
      "what about NEET?",
      "NEET at the end of Q3 2023/24?",
    ],
    [
      "What % of CP cases were reviewed within timescales in Q3 2023/24?",
      "and the target?",
      "What % of CP cases were reviewed within timescales in Q3 2023/24: target?",
    ],
    [
      "What percentage of assessments were completed within 45 days at the end of Q3 2023/24?",
      "and the quarter 2 figure?",
      "What percentage of assessments were completed within 45 days at the end of quarter 2 2023/24?",
    ],
    [
      "How many UASC were in care at 31 December 2023?",
      "What is the average weekly cost of a residential placement?",
      "What is the average weekly cost of a residential placement?",
    ],
  ])("%s + %s", (previous, follow, expected) => {
    expect(rewriteFollowUp(follow, previous, NOW)).toBe(expected);
  });
});

const CP_Q3 =
  "What percentage of child protection cases were reviewed within timescales at the end of quarter 3?";
const CP_AT = (period: string) =>
  `What percentage of child protection cases were reviewed within timescales at the end of ${period}?`;

describe("rewriteFollowUp: the topic stays, only the period or measure changes", () => {
  it.each([
    [CP_Q3, "What about Q2?", CP_AT("Q2")],
    [CP_Q3, "And what was the quarter 4 figure?", CP_AT("quarter 4")],
    [CP_Q3, "and for quarter 4?", CP_AT("quarter 4")],
    [CP_Q3, "What was it in Q2?", CP_AT("Q2")],
    [CP_Q3, "what's the Q2 figure?", CP_AT("Q2")],
    [CP_Q3, "what about the national average?", `${CP_AT("quarter 3").slice(0, -1)}: national average?`],
    [
      CP_Q3,
      "what about the statistical neighbour average?",
      `${CP_AT("quarter 3").slice(0, -1)}: statistical neighbour average?`,
    ],
    [CP_Q3, "and the previous quarter?", CP_AT("Q2")],
    [
      "What % of CP cases were reviewed within timescales in Q1 2023/24?",
      "what about the previous quarter?",
      "What % of CP cases were reviewed within timescales in Q4 2022/23?",
    ],
    [
      "What % of CP cases were reviewed within timescales in Q3 2023/24?",
      "and the year before?",
      "What % of CP cases were reviewed within timescales in Q3 2022/23?",
    ],
    [
      "What % of single assessments were completed within 45 days in 2019/20?",
      "and the previous year?",
      "What % of single assessments were completed within 45 days in 2018/19?",
    ],
    [
      "What % of single assessments were completed within 45 days in 2019/20?",
      "and for Q2?",
      "What % of single assessments were completed within 45 days in Q2 2019/20?",
    ],
  ])("%s + %s", (previous, follow, expected) => {
    expect(rewriteFollowUp(follow, previous, NOW)).toBe(expected);
  });
});

describe("isFollowUp", () => {
  it.each([
    ["and for Q2?", true],
    ["what about secondary?", true],
    ["How about 2019/20?", true],
    ["Q2?", true],
    ["same for care leavers", true],
    ["What was it in Q2?", true],
    ["And what was the quarter 4 figure?", true],
    ["What was the figure in Q4?", true],
    ["What is the High Needs Grant for 2023/24?", false],
    ["What was the re-referral rate in Q3 2023/24?", false],
    ["How many staff work in Children and Family Services?", false],
  ])("%s -> %s", (q, expected) => {
    expect(isFollowUp(q)).toBe(expected);
  });
});

describe("standaloneQuestion", () => {
  it("folds a chain of follow-ups oldest first", () => {
    const history = [
      {
        question: "What % of primary schools were rated good or outstanding at the end of Q3 2023/24?",
        answer: "90.3%",
      },
      { question: "what about secondary?", answer: "77.8%" },
    ];
    expect(standaloneQuestion("and for Q2?", history, NOW)).toBe(
      "What % of secondary schools were rated good or outstanding at the end of Q2 2023/24?",
    );
  });

  it("leaves a question alone without history", () => {
    expect(standaloneQuestion("and for Q2?", [], NOW)).toBe("and for Q2?");
  });
});
