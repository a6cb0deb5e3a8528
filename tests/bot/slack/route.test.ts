import { describe, expect, it } from "vitest";
import { cleanTopic, isDraftRequest, routeMessage } from "../../../bot/slack/route.js";

describe("routeMessage: requests for drafted questions", () => {
  it.each([
    ["draft questions on the Q3 performance report", "the Q3 performance report"],
    [
      "Draft questions on the Quarter 3 2023/24 performance report",
      "the Quarter 3 2023/24 performance report",
    ],
    ["questions on residential placements", "residential placements"],
    ["questions: residential placements", "residential placements"],
    ["Questions - the Children's Innovation Partnership", "the Children's Innovation Partnership"],
    ["questions about the domestic abuse duty?", "the domestic abuse duty"],
    ["Draft 5 scrutiny questions for the Q3 performance report.", "the Q3 performance report"],
    ["suggest some probing questions regarding placement sufficiency", "placement sufficiency"],
    ["Can you draft some questions on UASC please?", "UASC"],
    ["please write a question about elective home education", "elective home education"],
    ["Give me three questions on the Violence Reduction Network", "the Violence Reduction Network"],
    [
      "help me draft questions for the Children's Innovation Partnership",
      "the Children's Innovation Partnership",
    ],
    ["What questions should I ask about the Q3 performance report?", "the Q3 performance report"],
    ["Which scrutiny questions could the committee ask on placement costs?", "placement costs"],
    [
      'draft questions on "Defining Children and Family Services for the Future"',
      "Defining Children and Family Services for the Future",
    ],
    ["draft questions", ""],
    ["What questions should we ask?", ""],
  ])("%s -> draft %j", (text, topic) => {
    expect(routeMessage(text)).toMatchObject({ kind: "draft", topic });
    expect(isDraftRequest(text)).toBe(true);
  });

  it.each([
    ["Draft 5 scrutiny questions for the Q3 performance report.", 5],
    ["Give me three questions on the Violence Reduction Network", 3],
    ["please write a question about elective home education", 1],
    ["draft questions on the Q3 performance report", undefined],
    ["suggest some probing questions regarding placement sufficiency", undefined],
    ["draft 0 questions on UASC", undefined],
  ])("%s asks for %s", (text, max) => {
    expect(routeMessage(text)).toEqual({ kind: "draft", topic: expect.any(String), ...(max ? { max } : {}) });
  });
});

describe("routeMessage: questions for the papers stay questions", () => {
  it.each([
    "What percentage of child protection cases were reviewed within timescales at the end of quarter 3 2023/24?",
    "What questions did members ask about placements?",
    "Were questions raised on the budget at the January meeting?",
    "How many questions were asked at the meeting on 23 January 2024?",
    "question: how much is being spent to support the domestic abuse duty?",
    "Question on the £1.1million spend: what is it for?",
    "Questions",
    "questions?",
    "And for quarter 4?",
    "Any questions on notice?",
  ])("%s", (text) => {
    expect(routeMessage(text)).toEqual({ kind: "ask", question: text });
    expect(isDraftRequest(text)).toBe(false);
  });

  it("trims the question it passes on", () => {
    expect(routeMessage("  How many UASC are there?  ")).toEqual({
      kind: "ask",
      question: "How many UASC are there?",
    });
  });
});

describe("cleanTopic", () => {
  it.each([
    ["  the   Q3 report?  ", "the Q3 report"],
    ["placements, please", "placements"],
    ["“residential placements”", "residential placements"],
    ["'UASC'.", "UASC"],
    ["Q3 2023/24", "Q3 2023/24"],
  ])("%j -> %j", (raw, clean) => {
    expect(cleanTopic(raw)).toBe(clean);
  });
});
