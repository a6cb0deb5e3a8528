import { describe, expect, it } from "vitest";
import { matchMarker, Sequence } from "../../../ingest/structure/blocks.js";
import { structureText } from "../../../ingest/structure/index.js";

const HEADER = `CHILDREN AND FAMILIES OVERVIEW AND SCRUTINY
COMMITTEE – 2 NOVEMBER 2021

DEFINING CHILDREN AND FAMILY SERVICES FOR THE FUTURE

REPORT OF THE DIRECTOR OF CHILDREN AND FAMILY SERVICES

`;

const units = (body: string, options?: { maxUnitChars?: number }) =>
  structureText({ source: "t.txt", format: "txt", text: HEADER + body, pages: [] }, options).units;

const texts = (body: string) => units(body).map((u) => [u.paragraph, u.text]);

describe("re-joining hard-wrapped paragraphs (002/003 style)", () => {
  it("joins a paragraph across the blank lines the PDF left inside it", () => {
    // 002 paragraph 2 verbatim: a blank line straight after the first wrapped line.
    const body = `Policy Framework and Previous Decisions 
 
2. The Children and Families Act 2014 and the Care Act 2014 placed a duty upon 

Local Authorities to commission education, health and social care services 
jointly and provide more streamlined and co-ordinated assessment processes. 
These pieces of legislation are key influences for the future work of Children 
and Family Services with children and young people with Special Educational 
Needs or Disabilities (SEND) and the response to parents and young carers. 

 
3. The Children Act 2004 allocates duties to Local Authorities to ensure that 
`;
    const [p2, p3] = units(body);
    expect(p2?.paragraph).toBe("2");
    expect(p2?.section).toBe("Policy Framework and Previous Decisions");
    expect(p2?.text).toBe(
      "The Children and Families Act 2014 and the Care Act 2014 placed a duty upon Local Authorities to commission education, health and social care services jointly and provide more streamlined and co-ordinated assessment processes. These pieces of legislation are key influences for the future work of Children and Family Services with children and young people with Special Educational Needs or Disabilities (SEND) and the response to parents and young carers.",
    );
    expect(p3?.paragraph).toBe("3");
  });

  it("rejoins hyphenated line ends without a space and keeps the hyphen", () => {
    const body = `4. The aspiration is set out in the Continuous Improvement Plan 2021-

2023, The Road to Excellence, for family-

based placements.
`;
    expect(units(body)[0]?.text).toBe(
      "The aspiration is set out in the Continuous Improvement Plan 2021-2023, The Road to Excellence, for family-based placements.",
    );
  });

  it("does not take a wrapped number for a paragraph number", () => {
    const body = `1. The purpose of this report is to advise of the decision made at the Cabinet on 20 November 
2020 to proceed with the programme. 

2. The second paragraph.
`;
    expect(texts(body)).toEqual([
      [
        "1",
        "The purpose of this report is to advise of the decision made at the Cabinet on 20 November 2020 to proceed with the programme.",
      ],
      ["2", "The second paragraph."],
    ]);
  });

  it("ends a paragraph at a heading but not at a wrapped line that only looks like one", () => {
    const body = `12. The numbers of contacts and referrals remain relatively stable. Re-referrals are 

measured to ensure that children are not being referred on numerous occasions 
because their needs have not been appropriately assessed. 

Recruitment and Retention 
 
13. One of the fundamental challenges nationally is recruitment. 
`;
    const [p12, p13] = units(body);
    expect(p12?.text).toContain("Re-referrals are measured to ensure");
    expect(p13?.section).toBe("Recruitment and Retention");
  });

  it("keeps bullets whose glyphs the extractor lost with their paragraph (003 paragraph 22)", () => {
    const body = `22.  As of 17 May 2020, there are 1807 children open to Locality Fieldwork, including the 

Disabled Children’s Team broken down as follows: - 
 

 North Locality :391 Coalville and 387 Loughborough 

 South Locality :303 Hinckley and 540 South Wigston. 

 Disabled Children’s Team: 186 (Countywide) 
 

Within Locality Services and the Disabled Children’s Team, 529 children are the 
subject of Child Protection Plans. 

 
23. There has been a significant increase.
`;
    const [p22] = units(body);
    expect(p22?.text).toBe(
      [
        "As of 17 May 2020, there are 1807 children open to Locality Fieldwork, including the Disabled Children’s Team broken down as follows: -",
        "- North Locality :391 Coalville and 387 Loughborough",
        "- South Locality :303 Hinckley and 540 South Wigston.",
        "- Disabled Children’s Team: 186 (Countywide)",
        "Within Locality Services and the Disabled Children’s Team, 529 children are the subject of Child Protection Plans.",
      ].join("\n"),
    );
  });

  it("takes '7.  Progress to date' as a numbered heading over the paragraph's text", () => {
    const body = `6. The Partnership has adopted five priority areas. 

7.  Progress to date 
 
Priority leads are working with partners to deliver the 
action plans agreed against each outcome. 
`;
    expect(units(body)[1]?.text).toBe(
      "Progress to date\nPriority leads are working with partners to deliver the action plans agreed against each outcome.",
    );
  });
});

/** Enough one-line paragraphs for the snippet to read as a Word/Markdown export, as 000/001/004 do. */
const LONG_LINES = `Purpose of the Report

1. The purpose of this report is to provide the Committee with an overview of the work of the Children and Family Services Department and of its performance.
2. The Children Act 2004 requires every upper tier local authority to appoint a Director of Children's Services (DCS) and designate a Lead Member for Children's Services (LMCS).

`;

describe("one paragraph per line (000/001/004 style)", () => {
  it("joins a paragraph cut by a page break, and keeps sub-points and bullets with their paragraph", () => {
    const body = `${LONG_LINES}Department Overview

3. The Children and Family Services Department Plan 2024-2026 sets out three key ambitions for the Department, to:
 - Help every child to get the best possible start in life and build strong foundations,
 - Children and young people can be safe, both at home and in the community and have a sense of belonging,
4. The percentage of Child Protection cases reviewed within timescales was 82.6% at the end of quarter 3, with 266 of 322 children having all reviews on time within the last 12 months. Leicestershire continues to be placed in the fourth quartile of all local

authorities by published benchmarks.

5. Next.
`;
    const [, , p3, p4, p5] = units(body);
    expect(p3?.text.split("\n")).toEqual([
      "The Children and Family Services Department Plan 2024-2026 sets out three key ambitions for the Department, to:",
      "- Help every child to get the best possible start in life and build strong foundations,",
      "- Children and young people can be safe, both at home and in the community and have a sense of belonging,",
    ]);
    expect(p4?.text).toMatch(/82\.6%.*fourth quartile of all local authorities by published benchmarks\.$/);
    expect(p5?.paragraph).toBe("5");
  });

  it("strips Markdown bold, underline tags, HTML lists and autolink brackets from unit text", () => {
    const body = `${LONG_LINES}Our Prevention Priorities

1. **Priority 1:** Providing collaborative and <u>courageous</u> leadership.
2. See <https://www.legislation.gov.uk/ukpga/2004/31/contents> and <ul style="list-style-type: none"><li>this</li></ul>.
`;
    expect(texts(body).slice(2)).toEqual([
      ["1", "Priority 1: Providing collaborative and courageous leadership."],
      ["2", "See https://www.legislation.gov.uk/ukpga/2004/31/contents and this."],
    ]);
  });

  it("keeps 'Appendix A: ...' list entries as text, not as a run of headings", () => {
    const body = `${LONG_LINES}Appendices

Appendix A: Children and Family Services Department Structure

Appendix B: Children and Family Services Department Plan 2023-2026 Summary

Officer to Contact

Jane Moore,
Director of Children and Family Services
0116 305 2649
`;
    const us = units(body).slice(2);
    expect(us.map((u) => [u.section, u.text])).toEqual([
      [
        "Appendices",
        "Appendix A: Children and Family Services Department Structure\nAppendix B: Children and Family Services Department Plan 2023-2026 Summary",
      ],
      ["Officer to Contact", "Jane Moore,\nDirector of Children and Family Services\n0116 305 2649"],
    ]);
  });

  it("reads what a colon announces as part of the same unit, not as headings", () => {
    const body = `${LONG_LINES}Three Ambitions

We want to support all children and young people to:

Build Strong Foundations

Be Safe and Belong

Enjoy and Achieve
`;
    expect(
      units(body)
        .map((u) => u.text)
        .slice(2),
    ).toEqual([
      "We want to support all children and young people to:\nBuild Strong Foundations\nBe Safe and Belong\nEnjoy and Achieve",
    ]);
  });
});

describe("markers and numbering", () => {
  it.each([
    ["- a) How many children", { bullet: true, label: "a" }],
    ["(iv) text", { bullet: false, label: "iv" }],
    ["ii)  It was noted", { bullet: false, label: "ii" }],
    ["- i. The Director", { bullet: true, label: "i" }],
    ["o Leicestershire County Council’s Strategic Plan", { bullet: true, label: null }],
    ["- ✓ Focused on a defined population", { bullet: true, label: null }],
    ["• % of eligible 2 year olds", { bullet: true, label: null }],
    ["1.1a  Develop a neo natal pathway", { bullet: false, label: "1.1a" }],
  ])("%j is a list item", (line, expected) => {
    expect(matchMarker(line)).toMatchObject(expected);
  });

  it.each(["other words", "a number of design briefs", "2020 to proceed", "ii", "i.e. this"])(
    "%j is not a list item",
    (line) => {
      expect(matchMarker(line)).toBeNull();
    },
  );

  it("accepts paragraph numbers in sequence, a restart, a repeat, and small gaps only", () => {
    const seq = new Sequence();
    const take = (label: string, rest = "Text") => {
      const n = { label, dotted: true, rest: 0 };
      const ok = seq.accept(n, rest, "paragraphs");
      if (ok) seq.commit(label);
      return ok;
    };
    expect(["1", "2", "2", "4", "16", "5", "1"].map((l) => take(l))).toEqual([
      true,
      true,
      true,
      true,
      false,
      true,
      true,
    ]);
    expect(take("2", "lowercase start")).toBe(false);
  });
});

describe("long units", () => {
  it("splits a paragraph over the limit at sentence ends, keeping its number, parts 1..n", () => {
    const sentence = (i: number) => `Sentence ${i} says that the figure was ${i}.5% at the end of quarter 3.`;
    const body = `5. ${Array.from({ length: 12 }, (_, i) => sentence(i)).join(" ")}\n`;
    const us = units(body, { maxUnitChars: 300 });
    expect(us.length).toBeGreaterThan(2);
    expect(us.map((u) => u.paragraph)).toEqual(us.map(() => "5"));
    expect(us.map((u) => u.part)).toEqual(us.map((_, i) => i + 1));
    for (const u of us) {
      expect(u.text.length).toBeLessThanOrEqual(300);
      expect(u.text).toMatch(/^Sentence \d+ .*quarter 3\.$/);
    }
    expect(us.map((u) => u.text).join(" ")).toBe(Array.from({ length: 12 }, (_, i) => sentence(i)).join(" "));
    // Each part points at its own stretch of the paragraph.
    for (let i = 1; i < us.length; i++) expect(us[i]?.start).toBeGreaterThanOrEqual(us[i - 1]?.end ?? 0);
  });

  it("never splits inside 'Mr. J. Smith' or 'e.g. this'", () => {
    const body = `5. ${"The review was led by Mr. J. Smith of the Council, e.g. this one, for 5.5 weeks. ".repeat(8)}\n`;
    for (const u of units(body, { maxUnitChars: 200 }))
      expect(u.text).toMatch(/^The review was led by Mr\. J\. Smith.*weeks\.$/);
  });
});

describe("odd input", () => {
  const run = (text: string) => structureText({ source: "odd.txt", format: "txt", text, pages: [] });

  it("gives no documents and no units for empty text or furniture alone, and says why", () => {
    for (const text of ["", "\n \n", "This page is intentionally left blank\n"]) {
      const r = run(text);
      expect(r.documents).toEqual([]);
      expect(r.units).toEqual([]);
      expect(r.warnings).toContain("no text");
    }
  });

  it("reads Windows line endings like Unix ones", () => {
    expect(
      run("1. First paragraph here.\r\n\r\n2. Second paragraph here.\r\n").units.map((u) => u.text),
    ).toEqual(["First paragraph here.", "Second paragraph here."]);
  });

  it("copes with a paragraph of a quarter of a million characters", () => {
    const text = `1. ${"The figure rose to 12.5% over the year. ".repeat(6000)}\n`;
    const { units: us } = run(text);
    expect(us.length).toBeGreaterThan(100);
    expect(us.every((u) => u.paragraph === "1" && u.text.length <= 1500)).toBe(true);
  });
});

/** Pages as pdf-parse gives them: no blank lines, headings on their own line, a footer per page. */
const pdfUnits = (pages: string[]) => {
  let text = "";
  const starts: { num: number; start: number }[] = [];
  for (const [i, page] of pages.entries()) {
    if (i > 0) text += "\n\f\n";
    starts.push({ num: i + 1, start: text.length });
    text += page;
  }
  return structureText({ source: "q3.pdf", format: "pdf", text, pages: starts }).units;
};

// tests/fixtures/makePdf.ts councilReportPdfSpec() through pdf-parse, verbatim.
const PDF_PAGE_1 = `CHILDREN AND FAMILIES OVERVIEW AND SCRUTINY COMMITTEE – 5 MARCH 2024
QUARTER 3 2023/24 PERFORMANCE REPORT
REPORT OF THE DIRECTOR OF CHILDREN AND FAMILY SERVICES
Purpose of the Report
1. The purpose of this report is to present the Children and Family Services performance position for
Quarter 3 2023/24, covering October to December 2023.
Policy Framework and Previous Decisions
2. The performance framework was approved by the Cabinet on 17 February 2023 and is reported to
this Committee each quarter.
Background
3. The dashboard at Appendix A sets out 24 performance measures, of which 15 improved, 6 declined
and 3 were unchanged compared with Quarter 2.
1 Agenda Item 7`;
const PDF_PAGE_4 = `Resource Implications
7. The Children and Family Services budget for 2023/24 is £95.4m; the forecast outturn is £96.5m.
Recommendation
8. The Committee is asked to note the performance position for Quarter 3 2023/24.
Officer to Contact
Director of Children and Family Services, Telephone: 0116 305 0000
4 Agenda Item 7`;

describe("PDF text with no blank lines (pdf-parse)", () => {
  it("ends a numbered paragraph at the heading line over the next one, and keeps headings out of text", () => {
    expect(pdfUnits([PDF_PAGE_1]).map((u) => [u.paragraph, u.section, u.text])).toEqual([
      [
        "1",
        "Purpose of the Report",
        "The purpose of this report is to present the Children and Family Services performance position for Quarter 3 2023/24, covering October to December 2023.",
      ],
      [
        "2",
        "Policy Framework and Previous Decisions",
        "The performance framework was approved by the Cabinet on 17 February 2023 and is reported to this Committee each quarter.",
      ],
      [
        "3",
        "Background",
        "The dashboard at Appendix A sets out 24 performance measures, of which 15 improved, 6 declined and 3 were unchanged compared with Quarter 2.",
      ],
    ]);
  });

  it("takes a known section name after a finished sentence for a heading, even over un-numbered text", () => {
    expect(pdfUnits([PDF_PAGE_4]).map((u) => [u.kind, u.paragraph, u.section, u.page, u.text])).toEqual([
      [
        "paragraph",
        "7",
        "Resource Implications",
        1,
        "The Children and Family Services budget for 2023/24 is £95.4m; the forecast outturn is £96.5m.",
      ],
      [
        "paragraph",
        "8",
        "Recommendation",
        1,
        "The Committee is asked to note the performance position for Quarter 3 2023/24.",
      ],
      [
        "text",
        null,
        "Officer to Contact",
        1,
        "Director of Children and Family Services, Telephone: 0116 305 0000",
      ],
    ]);
  });

  it("does not take a sentence that lost its full stop for a heading (003 paragraph 33)", () => {
    const body = `33. Due to the success of two films regarding CSE and online grooming, produced by 

Leicestershire Police in consultation with LCC, the Violence Reduction Unit has 
commissioned a CCE video targeted at trusted adults. The initial concept is based 
around a narrative of ‘are you listening to children?’ Its shock value is how simple 
it is for children to become involved in criminal activity with the point being that 
trusted adults should be actively screening for signs of grooming and exploitation. 
This is in the early stages of development     

 
34. Leicestershire has delivered the Leicestershire County Council Child Criminal 

Exploitation Framework 2019-2021. This will ensure a coordinated response. 
`;
    const [p33, p34] = units(body);
    expect(p33?.text).toMatch(/exploitation\. This is in the early stages of development$/);
    expect(p34?.paragraph).toBe("34");
    expect(p34?.section).toBeNull();
  });

  it("does not take the end of a sentence for a heading, however heading-like (002 paragraph 3)", () => {
    const body = `3. The Children Act 2004 allocates duties to Local Authorities to ensure that 

children are safeguarded, and their welfare is promoted. This underpins the 

work of Children and Family Services with respect to Looked After Children, 

Children in Need and Child Protection cases. 

 
4. The Council’s Children and Family Services Department budget is £71.2m. 
`;
    const [p3, p4] = units(body);
    expect(p3?.text).toMatch(/Looked After Children, Children in Need and Child Protection cases\.$/);
    expect(p4?.section).toBeNull();
  });

  it("starts the next numbered paragraph straight after an unfinished list item (003 EHRIA questions 15-16)", () => {
    const body = `15. Based on the gaps identified either in the EHRIA Screening or independently of 
this process, how have you now explored the following and what does this 
information/ data tell you about each of the diverse groups? 
 

a) current needs and aspirations and what is important to individuals and 
community groups (including human rights); 
 

c) likely barriers that individuals and community groups may face (including 

human rights) 
 16. Is any further research, data collection or evidence required to fill any gaps in your 
understanding of the potential or known affects of the policy on target groups?  
`;
    const [p15, p16] = units(body);
    expect(p15?.text).toMatch(
      /\nc\) likely barriers that individuals and community groups may face \(including human rights\)$/,
    );
    expect(p16?.paragraph).toBe("16");
    expect(p16?.text).toBe(
      "Is any further research, data collection or evidence required to fill any gaps in your understanding of the potential or known affects of the policy on target groups?",
    );
  });

  it("does not start a paragraph at a wrapped reference to one", () => {
    const body = `19. The Council will report progress on the actions set out in paragraph 
20. The Committee will receive the first report in June. 
`;
    expect(units(body).map((u) => u.paragraph)).toEqual(["19"]);
  });

  it("ends a paragraph at a section heading that follows its last sentence directly (003 paragraph 12)", () => {
    const body = `12. There are no specific equality or human rights implications arising from this 

report. The Partnership has an interest in ensuring that there are effective 
arrangements in place so that the services provided meet the identified needs 
of local children, young people and families.  An EHIRA assessment has been 
carried out in relation to the impacts of the Plan. 
 Partnership Working and Associated Issues 
 
13. The Partnership Plan is a multi-agency plan. 
`;
    const [p12, p13] = units(body);
    expect(p12?.text).toMatch(/in relation to the impacts of the Plan\.$/);
    expect(p13?.section).toBe("Partnership Working and Associated Issues");
  });
});
