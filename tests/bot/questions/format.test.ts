import { describe, expect, it } from "vitest";
import type { Citation } from "../../../bot/engine/types.js";
import { formatDraftsForTerminal, pastLine, sourceLabel } from "../../../bot/questions/format.js";
import type { DraftResult } from "../../../bot/questions/types.js";

const para8: Citation = {
  id: "u8",
  source: "eval/corpus/001_bc9149fb7ac2f9bb.txt",
  title: "Quarter 3 2023/24 Performance Report",
  section: "Helping children in Leicestershire live in safe, stable environments and have secure attachments",
  paragraph: "8",
  page: 70,
  date: "2024-03-05",
  text: "The percentage of children becoming subject to a child protection plan for a second or subsequent time in the year to date increased to 28.7% at the end of quarter 3 compared to 26.1% at the end of quarter 2.",
  score: 1,
  collection: "public",
};

const dashboardRow: Citation = {
  ...para8,
  id: "row",
  title: "Appendix: Children and Family Services Department Performance Dashboard for quarter 3, 2023/24",
  section: "Appendix: Children and Family Services Department Performance Dashboard for quarter 3, 2023/24",
  paragraph: null,
  page: null,
  text: "Topic: Help children ...; Theme: Social Care; Indicator: Children becoming subject to a CPP for second or subsequent time; Value Type: Percent; Latest Value: 28.7%",
};

const minute: Citation = {
  ...para8,
  id: "m52",
  title: "Minutes of the meeting held on 23 January 2024",
  section: "Medium Term Financial Strategy 2024/25 - 2027/28",
  paragraph: "52(ii)",
  page: null,
  date: "2024-01-23",
  text: "Members noted that 135 individuals over the age of 18 were being cared for by the Council.",
};

const result: DraftResult = {
  topic: "Q3 performance",
  report: { title: "Quarter 3 2023/24 Performance Report", meetingDate: "2024-03-05" },
  questions: [
    {
      question:
        "The percentage of children becoming subject to a child protection plan for a second or subsequent time rose to 28.7% in Q3 2023/24 from 26.1% in Q2 2023/24, against a target of below 20.8% (Red). What is driving this?",
      why: "Rated Red, short of its target.",
      citations: [para8, dashboardRow],
      previously_asked: [
        {
          date: "2024-01-23",
          minute: "52(ii)",
          text: "Members noted that 135 individuals over the age of 18 were being cared for by the Council.",
          citation: minute,
        },
      ],
    },
  ],
  notes: ["Read as “Quarter 3 2023/24 Performance Report” (5 March 2024), found by its title."],
};

describe("formatDraftsForTerminal", () => {
  it("prints numbered drafts with why, sources and previously asked lines", () => {
    expect(formatDraftsForTerminal(result)).toBe(
      [
        "Scrutiny questions: Quarter 3 2023/24 Performance Report (5 March 2024)",
        "",
        `1. ${result.questions[0]?.question}`,
        "   Why ask: Rated Red, short of its target.",
        "   Source: Quarter 3 2023/24 Performance Report (5 March 2024), para 8, page 70",
        "   Source: Appendix: Children and Family Services Department Performance Dashboard for quarter 3, 2023/24 (5 March 2024), row “Children becoming subject to a CPP for second or subsequent time”",
        "   Previously asked on 23 January 2024, minute 52(ii): Members noted that 135 individuals over the age of 18 were being cared for by the Council.",
        "",
        "Note: Read as “Quarter 3 2023/24 Performance Report” (5 March 2024), found by its title.",
      ].join("\n"),
    );
  });

  it("says so when nothing was drafted", () => {
    const none: DraftResult = {
      topic: "potholes",
      report: null,
      questions: [],
      notes: ["Nothing to draft from."],
    };
    expect(formatDraftsForTerminal(none)).toBe(
      "Scrutiny questions on “potholes”\n\nNo questions drafted.\nNote: Nothing to draft from.",
    );
  });

  it("labels a year-end table row by its first cell", () => {
    const row: Citation = {
      ...dashboardRow,
      title: "Children and Family Services Departmental Plan",
      section: "Children at most risk are protected from harm and kept safe",
      date: null,
      text: "% re-referrals to childrens Social Care within 12 months; Latest update: 2019/20; End of year figure: 18.8%",
    };
    expect(sourceLabel(row)).toBe(
      "Children and Family Services Departmental Plan, row “% re-referrals to childrens Social Care within 12 months”",
    );
  });

  it("writes a past minute as 'asked on <date>, minute <n>'", () => {
    const p = result.questions[0]?.previously_asked[0];
    if (!p) throw new Error("fixture");
    expect(pastLine(p)).toBe(
      "asked on 23 January 2024, minute 52(ii): Members noted that 135 individuals over the age of 18 were being cared for by the Council.",
    );
  });
});
