import { loadConfig } from "../../../ingest/config.js";
import { loadBuiltinGlossary } from "../../../ingest/glossary.js";
import { toUnit } from "../../../ingest/pipeline.js";
import { buildIndexInMemory, type IndexStore } from "../../../ingest/store/index.js";
import type { DocumentMeta, Unit, UnitDraft } from "../../../ingest/types.js";

/**
 * Small hand-made indexes for engine tests: real paragraphs of the demo papers as units, with figures from the
 * ingest's own unit assembly (toUnit) and the same index build (BM25 + hnswlib) the ingest uses.
 */

export interface UnitSpec {
  text: string;
  paragraph: string | null;
  doc: "q3" | "uasc" | "minutes2020" | "plan2020" | "cin2020";
  collection?: string;
  kind?: UnitDraft["kind"];
  section?: string | null;
  page?: number | null;
  table?: UnitDraft["table"];
}

const DOCS: Record<UnitSpec["doc"], DocumentMeta> = {
  q3: {
    id: "eval/corpus/001_bc9149fb7ac2f9bb.txt#7",
    source: "eval/corpus/001_bc9149fb7ac2f9bb.txt",
    kind: "report",
    title: "Quarter 3 2023/24 Performance Report",
    committee: "Children and Families Overview and Scrutiny Committee",
    meetingDate: "2024-03-05",
    author: "Chief Executive and Director of Children and Family Services",
    agendaItem: "12",
    pageStart: 69,
    pageEnd: 76,
  },
  uasc: {
    id: "eval/corpus/001_bc9149fb7ac2f9bb.txt#5",
    source: "eval/corpus/001_bc9149fb7ac2f9bb.txt",
    kind: "report",
    title: "Unaccompanied Asylum-Seeking Children",
    committee: "Children and Families Overview and Scrutiny Committee",
    meetingDate: "2024-03-05",
    author: "Director of Children and Family Services",
    agendaItem: "10",
    pageStart: 55,
    pageEnd: 60,
  },
  minutes2020: {
    id: "eval/corpus/003_166717be0eb977d2.txt#0",
    source: "eval/corpus/003_166717be0eb977d2.txt",
    kind: "minutes",
    title: "Minutes of the meeting held on 3 March 2020",
    committee: "Children and Families Overview and Scrutiny Committee",
    meetingDate: "2020-03-03",
    author: null,
    agendaItem: null,
    pageStart: 5,
    pageEnd: 10,
  },
  cin2020: {
    id: "eval/corpus/003_166717be0eb977d2.txt#3",
    source: "eval/corpus/003_166717be0eb977d2.txt",
    kind: "report",
    title: "Children in Need of Help and Protection",
    committee: "Children and Families Overview and Scrutiny Committee",
    meetingDate: "2020-06-02",
    author: "Director of Children and Family Services",
    agendaItem: "10",
    pageStart: 61,
    pageEnd: 66,
  },
  plan2020: {
    id: "eval/corpus/004_288bc0e4485ed917.txt#0",
    source: "eval/corpus/004_288bc0e4485ed917.txt",
    kind: "report",
    title: "Children and Family Services Departmental Plan 2020-2023",
    committee: null,
    meetingDate: null,
    author: null,
    agendaItem: null,
    pageStart: 1,
    pageEnd: 30,
  },
};

export function makeUnit(spec: UnitSpec): Unit {
  const doc = DOCS[spec.doc];
  const section = spec.section ?? null;
  const draft: UnitDraft = {
    kind: spec.kind ?? (spec.table ? "table_row" : "paragraph"),
    text: spec.text,
    context: [doc.title, section, spec.paragraph ? `para ${spec.paragraph}` : null]
      .filter(Boolean)
      .join(" > "),
    documentId: doc.id,
    source: doc.source,
    title: doc.title,
    committee: doc.committee,
    meetingDate: doc.meetingDate,
    agendaItem: doc.agendaItem,
    section,
    paragraph: spec.paragraph,
    part: 0,
    page: spec.page ?? null,
    start: 0,
    end: spec.text.length,
    table: spec.table ?? null,
  };
  // The ingest's own assembly: id, provenance and figures exactly as a real index has them.
  return toUnit(draft, spec.collection ?? "public");
}

/** A few real paragraphs of the papers, enough for retrieval to have near misses to choose between. */
export const SAMPLE: UnitSpec[] = [
  {
    doc: "q3",
    paragraph: "7",
    page: 70,
    section:
      "Helping children in Leicestershire live in safe, stable environments and have secure attachments",
    text: "The percentage of Child Protection cases reviewed within timescales was 82.6% at the end of quarter 3, with 266 of 322 children having all reviews on time within the last 12 months. This is an improvement on the quarter 4 figure of 75.7% (293 of 387). Leicestershire continues to be placed in the fourth quartile of all local authorities by published benchmarks.",
  },
  {
    doc: "q3",
    paragraph: "10",
    page: 70,
    text: "The percentage of assessments completed within 45 days to the end of quarter 3 was 88.9%, an increase from quarter 2 (88.2%). Within quarter 3, 1216 of 1352 assessments were completed within timescale. Leicestershire continues to be placed in the second quartile of local authorities using most recent comparisons.",
  },
  {
    doc: "q3",
    paragraph: "33",
    page: 73,
    text: "The number of children Electively Home Educated (EHE) was 1023 at the end of Q3 2023/24. This is an increase of 77 students (8.1%) compared to the end of Q3 2022/23 (946 students).",
  },
  {
    doc: "uasc",
    paragraph: "14",
    page: 56,
    text: "Leicestershire County Council has 140 UASC in care and 135 UASC Care Leavers (as of 31 December 2023), a total of 275 children and young people open to the UASC Team. This compares to 88 UASC Children in Care and 88 UASC Care Leavers at a similar time in 2023, totalling 176 children and young people.",
  },
  {
    doc: "minutes2020",
    paragraph: "70(ii)",
    kind: "subpoint",
    page: 6,
    section: "Children's Social Care Investment Plan",
    text: "It was noted that the ART would offer similar provision to the current MISTLE contract provided by Action for Children. This would be decommissioned and the children and young people currently supported within the MISTLE project would transfer to receiving ART support. The current contract value of MISTLE was £450,000 compared with the annual value of ART of £411,840.",
  },
  {
    doc: "cin2020",
    paragraph: "13",
    page: 62,
    text: "Once a referral is accepted, consideration is given for a full assessment of the child's circumstances to be undertaken by the relevant service area. Over the last twelve months 5150 assessments have been completed across the service, which is approximately 430 per month. During the period May 19 to April 20, 85.1% of all assessments were completed in 45 days and there is evidence of positive progress particularly in First Response.",
  },
  {
    doc: "plan2020",
    paragraph: null,
    section: "Children at most risk are protected from harm and kept safe",
    table: {
      title: "Children at most risk are protected from harm and kept safe",
      header: ["", "Latest update", "End of year figure", "Compared to previous year", "Previous year"],
      cells: [
        "% single assessments completed within 45 days",
        "2019/20",
        "72.1%",
        "Lower (high is good)",
        "76.4%",
      ],
    },
    text: "% single assessments completed within 45 days; Latest update: 2019/20; End of year figure: 72.1%; Compared to previous year: Lower (high is good); Previous year: 76.4%",
  },
  {
    doc: "q3",
    paragraph: "99",
    collection: "exempt",
    text: "Exempt: the percentage of Child Protection cases reviewed within timescales in the confidential audit was 91.2% at the end of quarter 3.",
  },
];

export function testConfig(env: Record<string, string> = {}) {
  return loadConfig({ LOG_LEVEL: "silent", ...env });
}

export async function sampleStore(
  specs: UnitSpec[] = SAMPLE,
  env: Record<string, string> = {},
): Promise<IndexStore> {
  const units = specs.map(makeUnit);
  const documents = [...new Map(specs.map((s) => [DOCS[s.doc].id, DOCS[s.doc]])).values()];
  return buildIndexInMemory(
    { documents, units, glossary: loadBuiltinGlossary(), files: [], chunkerVersion: "test" },
    testConfig(env),
  );
}
