import { describe, expect, it } from "vitest";
import { readAgendaItems, readMinutesHeader, readReportHeader } from "../../../ingest/structure/headers.js";
import { structureText } from "../../../ingest/structure/index.js";
import { splitLines } from "../../../ingest/structure/lines.js";
import { findDate, sentenceBreaks, titleCase } from "../../../ingest/structure/text.js";

const contentOf = (text: string) => {
  const lines = splitLines(text);
  return { lines, content: lines.filter((l) => !l.blank).map((l) => l.index) };
};

const structure = (text: string) => structureText({ source: "pack.txt", format: "txt", text, pages: [] });

describe("report headers", () => {
  it.each([
    [
      "bold, wrapped committee line (001)",
      "**CHILDREN AND FAMILY SERVICES OVERVIEW AND SCRUTINY\nCOMMITTEE - 5 MARCH 2024**\n\nQUARTER 3 2023/24 PERFORMANCE REPORT\n\n**JOINT REPORT OF THE CHIEF EXECUTIVE AND DIRECTOR OF\nCHILDREN AND FAMILY SERVICES**\n\nPurpose of the Report\n",
      {
        title: "Quarter 3 2023/24 Performance Report",
        committee: "Children and Family Services Overview and Scrutiny Committee",
        meetingDate: "2024-03-05",
        author: "Chief Executive and Director of Children and Family Services",
      },
    ],
    [
      "date on a line of its own, title wrapped (003)",
      "CHILDREN AND FAMILIES OVERVIEW AND SCRUTINY \n\nCOMMITTEE  \n \n\n2 JUNE 2020 \n \n\nLEICESTERSHIRE CHILDREN AND FAMILIES PARTNERSHIP PLAN \n\n2018/21: PROGRESS UPDATE \n \n\nREPORT OF THE DIRECTOR OF CHILDREN AND FAMILY \nSERVICES \n\nPurpose of report\n",
      {
        title: "Leicestershire Children and Families Partnership Plan 2018/21: Progress Update",
        committee: "Children and Families Overview and Scrutiny Committee",
        meetingDate: "2020-06-02",
        author: "Director of Children and Family Services",
      },
    ],
    [
      "hyphen before the date (001 CIP)",
      "CHILDREN AND FAMILY OVERVIEW AND SCRUTINY COMMITTEE-\n5 MARCH 2024\n\nCHILDREN'S INNOVATION PARTNERSHIP\n\nREPORT OF THE\nDIRECTOR OF CHILDREN AND FAMILY SERVICES\n\nPurpose of report\n",
      {
        title: "Children's Innovation Partnership",
        committee: "Children and Family Overview and Scrutiny Committee",
        meetingDate: "2024-03-05",
        author: "Director of Children and Family Services",
      },
    ],
  ])("reads a header with %s", (_name, text, expected) => {
    const { lines, content } = contentOf(text);
    expect(readReportHeader(lines, content, 0)).toMatchObject(expected);
  });

  it("is not fooled by an ALL-CAPS heading that no 'REPORT OF' follows", () => {
    const { lines, content } = contentOf(
      " QUESTIONING BY MEMBERS OF OVERVIEW AND SCRUTINY \n \nThe ability to ask good, pertinent questions lies at the heart of scrutiny.\n",
    );
    expect(readReportHeader(lines, content, 0)).toBeNull();
  });
});

describe("minutes and agenda", () => {
  it("reads the minuted meeting's committee and date from a wrapped minutes header", () => {
    const { lines, content } = contentOf(
      " Minutes of a meeting of the Children and Families Overview and Scrutiny Committee held \nat County Hall, Glenfield on Tuesday, 3 March 2020.  \n",
    );
    expect(readMinutesHeader(lines, content, 0)).toMatchObject({
      committee: "Children and Families Overview and Scrutiny Committee",
      meetingDate: "2020-03-03",
    });
  });

  it("reads agenda items with their papers' authors and page ranges (001)", () => {
    const { lines, content } = contentOf(
      [
        "1. Minutes of the meeting held on 23 January 2024.\t(Pages 5 - 14)",
        "2. Question Time.\t",
        "8. Violence Reduction Network Strategy and Updates. Violence Reduction Network (Pages 15 - 32)",
        "12. Quarter 3 2023/24 Performance Report. Chief Executive and Director of Children and Family Services (Pages 69 - 76)",
      ].join("\n"),
    );
    expect(readAgendaItems(lines, content)).toEqual([
      {
        item: "1",
        title: "Minutes of the meeting held on 23 January 2024",
        reportBy: null,
        pageStart: 5,
        pageEnd: 14,
      },
      { item: "2", title: "Question Time", reportBy: null, pageStart: null, pageEnd: null },
      {
        item: "8",
        title: "Violence Reduction Network Strategy and Updates",
        reportBy: "Violence Reduction Network",
        pageStart: 15,
        pageEnd: 32,
      },
      {
        item: "12",
        title: "Quarter 3 2023/24 Performance Report",
        reportBy: "Chief Executive and Director of Children and Family Services",
        pageStart: 69,
        pageEnd: 76,
      },
    ]);
  });
});

describe("splitting a pack", () => {
  const REPORT = (title: string) => `CHILDREN AND FAMILIES OVERVIEW AND SCRUTINY COMMITTEE – 5 MARCH 2024

${title}

REPORT OF THE DIRECTOR OF CHILDREN AND FAMILY SERVICES

Purpose of the Report

1. The purpose of this report is to update the Committee on ${title.toLowerCase()}.

2. A second paragraph with a figure of 42%.
`;

  it("splits at report headers and blank pages, and restarts paragraph numbers in each report", () => {
    const text = [
      REPORT("UNACCOMPANIED ASYLUM-SEEKING CHILDREN"),
      "Officer to Contact\n\nSharon Cooke\nEmail: sharon.cooke@leics.gov.uk\n",
      "This page is intentionally left blank\n",
      REPORT("CHILDREN'S INNOVATION PARTNERSHIP"),
    ].join("\n");
    const { documents, units } = structure(text);
    expect(documents.map((d) => [d.kind, d.title])).toEqual([
      ["report", "Unaccompanied Asylum-Seeking Children"],
      ["report", "Children's Innovation Partnership"],
    ]);
    const firstOf = (id: string | undefined) => units.find((u) => u.documentId === id && u.paragraph === "1");
    expect(firstOf(documents[0]?.id)?.text).toContain("unaccompanied asylum-seeking children");
    expect(firstOf(documents[1]?.id)?.text).toContain("children's innovation partnership");
    expect(units.some((u) => /intentionally/.test(u.text))).toBe(false);
  });

  it("starts an appendix after the report's contacts and names it from the list of appendices", () => {
    const text = [
      REPORT("QUARTER 3 2023/24 PERFORMANCE REPORT"),
      "Appendix\n\nChildren and Family Services Department Performance Dashboard for quarter 3, 2023/24\n",
      "Officers to Contact\n\nJane Moore, Director – Children and Families Service\n\nTel: 0116 305 2649\n",
      "Topic\tTheme\tIndicator\tLatest Value",
      "Help every child to get the best possible start in life\tEarly Years\tEligible 2 year olds taking up their FEEE\t79.4%",
      "\t\tEligible 3 year olds taking up their FEEE\t93.6%",
    ].join("\n");
    const { documents, units } = structure(text);
    expect(documents.map((d) => [d.kind, d.title, d.meetingDate])).toEqual([
      ["report", "Quarter 3 2023/24 Performance Report", "2024-03-05"],
      [
        "appendix",
        "Appendix: Children and Family Services Department Performance Dashboard for quarter 3, 2023/24",
        "2024-03-05",
      ],
    ]);
    const rows = units.filter((u) => u.kind === "table_row");
    expect(rows.map((u) => u.documentId)).toEqual([documents[1]?.id, documents[1]?.id]);
    expect(rows[1]?.text).toBe(
      "Topic: Help every child to get the best possible start in life; Theme: Early Years; Indicator: Eligible 3 year olds taking up their FEEE; Latest Value: 93.6%",
    );
  });

  it("keeps a report whole when nothing follows its contacts", () => {
    const text = `${REPORT("CHILDREN IN NEED OF HELP AND PROTECTION")}\nOfficer to Contact\n\nName: Sharon Cooke, Assistant Director\nTel. No: 0116 3055479\n`;
    const { documents, units } = structure(text);
    expect(documents).toHaveLength(1);
    expect(units.at(-1)).toMatchObject({ section: "Officer to Contact", kind: "text" });
  });
});

describe("words, titles and dates", () => {
  it.each([
    ["QUARTER 3 2023/24 PERFORMANCE REPORT", "Quarter 3 2023/24 Performance Report"],
    ["UNACCOMPANIED ASYLUM-SEEKING CHILDREN", "Unaccompanied Asylum-Seeking Children"],
    [
      "DEFINING CHILDREN AND FAMILY SERVICES FOR THE FUTURE",
      "Defining Children and Family Services for the Future",
    ],
    [
      "LEICESTERSHIRE’S RESPONSE TO TACKLING CHILD CRIMINAL EXPLOITATION",
      "Leicestershire’s Response to Tackling Child Criminal Exploitation",
    ],
    ["VRN STRATEGY AND UPDATES", "VRN Strategy and Updates"],
    ["Already Mixed Case", "Already Mixed Case"],
  ])("title-cases %j", (caps, expected) => {
    expect(titleCase(caps)).toBe(expected);
  });

  it.each([
    ["COMMITTEE – 5 MARCH 2024", "2024-03-05"],
    ["held at County Hall, Glenfield on Tuesday, 3 March 2020.", "2020-03-03"],
    ["5th March 2024", "2024-03-05"],
    ["no date here", null],
  ])("finds the date in %j", (text, iso) => {
    expect(findDate(text)?.iso ?? null).toBe(iso);
  });

  it("breaks sentences but not after titles, initials or decimals", () => {
    const text = "Mr. J. Smith reported 82.6% for Q3. This was up, e.g. on Q2. The end.";
    expect(sentenceBreaks(text).map((i) => text.slice(0, i).split(" ").at(-1))).toEqual(["Q3.", "Q2."]);
  });
});
