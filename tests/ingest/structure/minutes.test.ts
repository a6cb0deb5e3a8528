import { describe, expect, it } from "vitest";
import { structureText } from "../../../ingest/structure/index.js";

// 003's minutes, abridged but verbatim in layout: hard-wrapped, blank lines inside sub-points.
const MINUTES = ` Minutes of a meeting of the Children and Families Overview and Scrutiny Committee held 
at County Hall, Glenfield on Tuesday, 3 March 2020.  
 

PRESENT 
 

Mrs. H. J. Fryer CC (in the Chair) 
 

63. Minutes.  
 
The minutes of the meeting held on 21 January 2020 were taken as read, confirmed and 
signed.  
 

64. Question Time.  
 
The Chief Executive reported that no questions had been received under Standing Order 
34. 
 

68. Declarations of the Party Whip in accordance with Overview and Scrutiny Procedure Rule 
16.  
 
There were no declarations of the party whip. 
 

70. Children's Social Care Investment Plan.  
 
The Committee considered a report of the Director of Children and Family Services. 
 
Arising from the discussion, the following points were raised: 
 

i)  The Children’s Innovation Partnership had been tasked with carrying out a 
number of design briefs. 

 
ii)  It was noted that the ART would offer similar provision to the current MISTLE 

contract provided by Action for Children.  The current contract value of MISTLE was 
£450,000 compared with the annual value of ART of £411,840. 

 
The Committee noted that a report was being presented to the Cabinet on 24 March 
2020. 
 
RESOLVED: 

 
a) That the report be noted; 

 
b) That an update on progress with the Residential Design Brief be provided to the 

Committee in six months; 
 

75. Date of next meeting.  
 
RESOLVED: 
 
It was noted that the next meeting of the Committee would be held on 2 June 2020. 
 
 

2.00 – 3.45pm CHAIRMAN 
03 March 2020 
`;

const { documents, units } = structureText({ source: "m.txt", format: "txt", text: MINUTES, pages: [] });
const byPara = (p: string) => units.filter((u) => u.paragraph === p);

describe("minutes", () => {
  it("are one document titled by the meeting they minute", () => {
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({
      kind: "minutes",
      title: "Minutes of the meeting held on 3 March 2020",
      meetingDate: "2020-03-03",
      committee: "Children and Families Overview and Scrutiny Committee",
    });
  });

  it("give each item's text the item number, with the item title as section", () => {
    expect(byPara("63")).toMatchObject([
      {
        kind: "minute",
        section: "Minutes",
        text: "The minutes of the meeting held on 21 January 2020 were taken as read, confirmed and signed.",
      },
    ]);
    // "34." and "16." that end wrapped lines are not items 34 and 16.
    expect(byPara("64")[0]?.text).toBe(
      "The Chief Executive reported that no questions had been received under Standing Order 34.",
    );
    expect(byPara("68")[0]?.section).toBe(
      "Declarations of the Party Whip in accordance with Overview and Scrutiny Procedure Rule 16",
    );
    expect(units.some((u) => u.paragraph === "34" || u.paragraph === "16")).toBe(false);
  });

  it("make each roman sub-point its own unit, joined across its blank lines", () => {
    expect(byPara("70(ii)")).toEqual([
      expect.objectContaining({
        kind: "subpoint",
        section: "Children's Social Care Investment Plan",
        text: "It was noted that the ART would offer similar provision to the current MISTLE contract provided by Action for Children. The current contract value of MISTLE was £450,000 compared with the annual value of ART of £411,840.",
      }),
    ]);
    expect(byPara("70(i)")[0]?.text).toBe(
      "The Children’s Innovation Partnership had been tasked with carrying out a number of design briefs.",
    );
  });

  it("keep the item's other paragraphs as units of the item", () => {
    expect(byPara("70").map((u) => u.text)).toEqual([
      "The Committee considered a report of the Director of Children and Family Services.",
      "Arising from the discussion, the following points were raised:",
      "The Committee noted that a report was being presented to the Cabinet on 24 March 2020.",
    ]);
  });

  it("mark resolutions as such", () => {
    expect(byPara("70(a)")[0]).toMatchObject({
      text: "That the report be noted;",
      section: "Children's Social Care Investment Plan – RESOLVED",
    });
    expect(byPara("70(b)")[0]?.text).toBe(
      "That an update on progress with the Residential Design Brief be provided to the Committee in six months;",
    );
    expect(byPara("75")[0]).toMatchObject({ kind: "minute", section: "Date of next meeting – RESOLVED" });
  });

  it("keep the preamble and the signature as plain text, outside every item", () => {
    expect(units[0]).toMatchObject({ kind: "text", paragraph: null, section: null });
    expect(units[1]).toMatchObject({
      kind: "text",
      section: "PRESENT",
      text: "Mrs. H. J. Fryer CC (in the Chair)",
    });
    expect(units.at(-1)).toMatchObject({
      kind: "text",
      paragraph: null,
      section: null,
      text: "2.00 – 3.45pm CHAIRMAN 03 March 2020",
    });
  });
});
