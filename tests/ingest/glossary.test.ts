import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  BUILTIN_SOURCE,
  expandTerms,
  extractGlossary,
  loadBuiltinGlossary,
  mergeGlossary,
} from "../../ingest/glossary.js";
import { type GlossaryEntry, GlossaryEntrySchema } from "../../ingest/types.js";

const CORPUS = new URL("../../eval/corpus/", import.meta.url);
const corpus = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".txt"))
  .map((f) => ({ file: f, text: readFileSync(new URL(f, CORPUS), "utf8") }));

function pairs(text: string): Array<[string, string]> {
  return extractGlossary(text, "paper.pdf").map((e) => [e.term, e.expansion]);
}

describe("extractGlossary", () => {
  const cases: Array<[string, Array<[string, string]>]> = [
    [
      "for children and young people requiring an Education, Health and Care Plan (EHCP) in Leicestershire",
      [["EHCP", "Education, Health and Care Plan"]],
    ],
    [
      "duties and responsibilities to Unaccompanied Asylum-Seeking Children (UASC) in the county",
      [["UASC", "Unaccompanied Asylum-Seeking Children"]],
    ],
    [
      // 002 para 2, hard-wrapped across lines.
      "with children and young people with Special Educational \nNeeds or Disabilities (SEND) and the response to parents",
      [["SEND", "Special Educational Needs or Disabilities"]],
    ],
    [
      "progress made with respect to the Defining Children and Family Services for the Future \n(DCFSF) programme",
      [["DCFSF", "Defining Children and Family Services for the Future"]],
    ],
    [
      "In Leicestershire, this post is referred to as the Director of Children and Family Services (DCFS).",
      [["DCFS", "Director of Children and Family Services"]],
    ],
    [
      "The percentage of young people in Leicestershire not in education, employment, or training (NEET) was 0.7%",
      [["NEET", "not in education, employment, or training"]],
    ],
    [
      "The percentage of Care Leavers in education, employment and training (EET)",
      [["EET", "education, employment and training"]],
    ],
    [
      "A core component of the Service is the County Youth Council of Leicestershire (CYCLe)",
      [["CYCLe", "County Youth Council of Leicestershire"]],
    ],
    [
      "Hearing Support team, and the Assistive Technology for Education Support Team (ATfEST)",
      [["ATfEST", "Assistive Technology for Education Support Team"]],
    ],
    [
      "The work of the service requires annual returns to the Department for Education (DfE)",
      [["DfE", "Department for Education"]],
    ],
    [
      "subject to Child in Need (CIN) and Child Protection (CP).",
      [
        ["CIN", "Child in Need"],
        ["CP", "Child Protection"],
      ],
    ],
    [
      "training for Special Educational Needs Co-ordinators (SENCOs) in schools",
      [["SENCO", "Special Educational Needs Co-ordinator"]],
    ],
    ["to annual reviews of EHC Plans (EHCP)", [["EHCP", "EHC Plans"]]],
    [
      "The screening process applies the Leicester, Leicestershire and Rutland (LLR) threshold",
      [["LLR", "Leicester, Leicestershire and Rutland"]],
    ],
    ["For Leicestershire County Council's (LCC) own homes", [["LCC", "Leicestershire County Council"]]],
    [
      "Transforming SEND and Inclusion in Leicestershire (TSIL) programme",
      [["TSIL", "Transforming SEND and Inclusion in Leicestershire"]],
    ],
    [
      "Strategic Lead for Multi-Agency Risk Assessment Conference (MARAC) work",
      [["MARAC", "Multi-Agency Risk Assessment Conference"]],
    ],
    // Bad pairs: the words before the bracket do not spell the acronym.
    ["First Response (FRCD)", []],
    ["on high-cost dubious value private SEN provision (ISP) in 2023", []],
    ["the Progress 8 score for Education and Health Care Plan pupils (EHCP), -1.11", []],
    ["Residential (Home) and Mrs. Fryer CC (Chairman); The Care Leavers (England) Regulations", []],
    ["as set out in Section 3 (IT) of the plan", []],
  ];
  it.each(cases)("%s", (text, expected) => {
    expect(pairs(text)).toEqual(expected);
  });

  it("reads glossary lines 'ACR – Long Name' and 'ACR<tab>Long Name', validating them", () => {
    const text =
      "Glossary\nMASH – Multi-Agency Safeguarding Hub\nPEP\tPersonal Education Plan\nRAG – Something Else Entirely\n";
    expect(pairs(text)).toEqual([
      ["MASH", "Multi-Agency Safeguarding Hub"],
      ["PEP", "Personal Education Plan"],
    ]);
  });

  it("labels entries with the paper and dedupes repeats", () => {
    const text = "Child in Need (CIN) ... Child in Need (CIN) ... Child in need (CIN)";
    expect(extractGlossary(text, "minutes-2024.pdf")).toEqual([
      { term: "CIN", expansion: "Child in Need", origin: "papers", sources: ["minutes-2024.pdf"] },
    ]);
  });

  it("learns the corpus's key acronyms and nothing that fails validation", () => {
    const all = corpus.flatMap(({ text, file }) => extractGlossary(text, file));
    const merged = new Map(mergeGlossary(all).map((e) => [e.term, e.expansion]));
    expect(merged.get("UASC")).toBe("Unaccompanied Asylum Seeking Children");
    expect(merged.get("EHCP")).toBe("Education, Health and Care Plan");
    expect(merged.get("FEEE")).toBe("Free Early Education Entitlement");
    expect(merged.get("DCFSF")).toBe("Defining Children and Family Services for the Future");
    expect(merged.get("MTFS")).toBe("Medium Term Financial Strategy");
    expect(merged.get("LMCS")).toBe("Lead Member for Children's Services");
    for (const e of all) {
      expect(GlossaryEntrySchema.safeParse(e).success).toBe(true);
      const initials = e.expansion.split(/[\s-]+/).map((w) => w[0]?.toUpperCase() ?? "");
      expect(initials[0], `${e.term} = ${e.expansion}`).toBe(e.term[0]?.toUpperCase());
    }
    expect(all.some((e) => e.term === "ISP" || e.term === "FRCD" || e.term === "Home")).toBe(false);
  });
});

describe("mergeGlossary", () => {
  const builtinCin: GlossaryEntry = {
    term: "CIN",
    expansion: "child in need",
    origin: "builtin",
    sources: [BUILTIN_SOURCE],
    synonyms: ["CiN", "children in need"],
  };
  const paper = (term: string, expansion: string, source: string): GlossaryEntry => ({
    term,
    expansion,
    origin: "papers",
    sources: [source],
  });

  it("lets papers win over the builtin glossary and keeps every source and form", () => {
    const merged = mergeGlossary([
      builtinCin,
      paper("CIN", "Children in Need", "a.pdf"),
      paper("CiN", "Child in Need", "b.pdf"),
      paper("CIN", "Child in Need", "c.pdf"),
    ]);
    expect(merged).toEqual([
      {
        term: "CIN",
        expansion: "Child in Need",
        origin: "papers",
        sources: [BUILTIN_SOURCE, "a.pdf", "b.pdf", "c.pdf"],
        // "CiN" is the term itself in other capitals; "Children in Need" is "children in need".
        synonyms: ["children in need"],
      },
    ]);
  });

  it("prefers a spelt-out expansion to one that uses another acronym", () => {
    const merged = mergeGlossary([
      paper("EHCP", "EHC Plans", "a.pdf"),
      paper("EHCP", "EHC Plans", "b.pdf"),
      paper("EHCP", "Education, Health and Care Plan", "c.pdf"),
    ]);
    expect(merged[0]).toMatchObject({
      expansion: "Education, Health and Care Plan",
      synonyms: ["EHC Plans"],
    });
  });

  it("keeps builtin entries as they are when no paper defines them", () => {
    const merged = mergeGlossary([
      builtinCin,
      paper("UASC", "Unaccompanied Asylum Seeking Children", "a.pdf"),
    ]);
    expect(merged.map((e) => [e.term, e.origin])).toEqual([
      ["CIN", "builtin"],
      ["UASC", "papers"],
    ]);
    expect(merged[0]?.synonyms).toEqual(["children in need"]);
    for (const e of merged) expect(GlossaryEntrySchema.safeParse(e).success).toBe(true);
  });
});

describe("loadBuiltinGlossary", () => {
  const builtin = loadBuiltinGlossary();

  it("ships 60-100 valid, unique entries", () => {
    expect(builtin.length).toBeGreaterThanOrEqual(60);
    expect(builtin.length).toBeLessThanOrEqual(100);
    for (const e of builtin)
      expect(GlossaryEntrySchema.parse(e)).toMatchObject({ origin: "builtin", sources: [BUILTIN_SOURCE] });
    const terms = builtin.map((e) => e.term.toUpperCase());
    expect(new Set(terms).size).toBe(terms.length);
  });

  it.each([
    ["CP", "child protection"],
    ["CPP", "child protection plan"],
    ["CIN", "child in need"],
    ["CLA", "children looked after"],
    ["LAC", "looked after children"],
    ["EHE", "elective home education"],
    ["NEET", "not in education, employment or training"],
    ["UASC", "unaccompanied asylum-seeking children"],
    ["FEEE", "free early education entitlement"],
    ["KS2", "key stage 2"],
    ["KS4", "key stage 4"],
    ["RWM", "reading, writing and maths"],
    ["EHCP", "education, health and care plan"],
    ["SEND", "special educational needs and disabilities"],
    ["SEN", "special educational needs"],
    ["MTFS", "medium term financial strategy"],
    ["DSG", "dedicated schools grant"],
    ["HNB", "high needs block"],
    ["CSC", "children's social care"],
    ["MASH", "multi-agency safeguarding hub"],
    ["YOS", "youth offending service"],
    ["YJS", "youth justice service"],
    ["VRN", "Violence Reduction Network"],
    ["SPB", "Strategic Partnership Board"],
    ["DCS", "Director of Children's Services"],
    ["LMCS", "Lead Member for Children's Services"],
    ["DfE", "Department for Education"],
    ["ILACS", "inspection of local authority children's services"],
    ["PEP", "personal education plan"],
    ["EYFS", "early years foundation stage"],
    ["SENCO", "special educational needs co-ordinator"],
    ["FTE", "full-time equivalent"],
    ["CYP", "children and young people"],
    ["kids", "children"],
  ])("has %s = %s", (term, expansion) => {
    expect(builtin.find((e) => e.term === term)?.expansion).toBe(expansion);
  });

  it("knows what councillors call children in care", () => {
    expect(builtin.find((e) => e.term === "CLA")?.synonyms).toEqual(
      expect.arrayContaining(["looked after children", "LAC", "children in care", "kids in care"]),
    );
  });

  it("loads under tsx as well as under vitest", () => {
    const dir = mkdtempSync(join(tmpdir(), "glossary-"));
    try {
      const script = join(dir, "load.ts");
      const module = new URL("../../ingest/glossary.ts", import.meta.url).href;
      writeFileSync(
        script,
        `import { loadBuiltinGlossary } from ${JSON.stringify(module)};\nprocess.stdout.write(String(loadBuiltinGlossary().length));\n`,
      );
      const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
      const out = execFileSync(tsx, [script], { encoding: "utf8" });
      expect(Number(out.trim())).toBe(builtin.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("expandTerms", () => {
  const glossary = mergeGlossary([
    ...loadBuiltinGlossary(),
    ...corpus.flatMap(({ text, file }) => extractGlossary(text, file)),
  ]);
  const cases: Array<[string, string[], string[]]> = [
    ["How many CIN cases were there at Q3?", ["child in need", "children in need"], ["CIN"]],
    ["how many cin cases", ["child in need"], []],
    ["What is the CiN rate?", ["child in need"], []],
    [
      "How many kids in care are there?",
      ["CLA", "LAC", "children looked after", "looked after children", "children"],
      ["kids in care"],
    ],
    ["children in care placements", ["CLA", "LAC", "looked after children"], ["children in care"]],
    ["What is the EHCP backlog?", ["Education, Health and Care Plan", "EHC plan"], ["EHCP"]],
    ["How many EHCPs were issued?", ["EHCP", "Education, Health and Care Plan"], []],
    ["What did the DfE say?", ["Department for Education"], []],
    ["home schooling numbers", ["EHE", "elective home education", "electively home educated"], []],
    ["SEND transport costs", ["special educational needs and disabilities"], []],
    ["please send me the figures", [], ["special educational needs and disabilities", "SEND"]],
    ["unaccompanied asylum seeking children costs", ["UASC"], []],
    ["what was the overspend", [], ["over budget"]],
  ];
  it.each(cases)("%s", (query, includes, excludes) => {
    const terms = expandTerms(query, glossary);
    const lower = terms.map((t) => t.toLowerCase());
    for (const t of includes) expect(lower, `${query} should add ${t}`).toContain(t.toLowerCase());
    for (const t of excludes) expect(lower, `${query} should not add ${t}`).not.toContain(t.toLowerCase());
  });

  it("adds nothing for a question without glossary terms", () => {
    expect(expandTerms("What was the percentage reviewed within timescales?", glossary)).toEqual([]);
  });
});
