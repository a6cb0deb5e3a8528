import { createHash } from "node:crypto";
import { extractFigures } from "../../../ingest/figures.js";
import type { Unit } from "../../../ingest/types.js";

/**
 * Units built by hand from real corpus text, for the pure functions' table tests. Table rows are stored the way the
 * ingest stores them: "Header: cell; ..." with the header and cells kept beside the text.
 */

export const DASHBOARD_HEADER = [
  "Topic",
  "Theme",
  "Indicator",
  "Value Type",
  "Polarity",
  "Reporting Frequency",
  "Previous Period",
  "Previous Value",
  "Latest Period",
  "Latest Value",
  "Trend",
  "Target",
  "Status RAG",
  "National benchmark (quartile 1 = top)",
  "Most recent Statistical Neighbour average",
];

export const YEAR_END_HEADER = [
  "",
  "Latest update",
  "End of year figure",
  "Compared to previous year",
  "Previous year",
];

const Q3_REPORT = "Quarter 3 2023/24 Performance Report";
const Q3_DASHBOARD =
  "Appendix: Children and Family Services Department Performance Dashboard for quarter 3, 2023/24";

export function unit(fields: Partial<Unit> & { text: string }): Unit {
  const id = fields.id ?? createHash("sha256").update(fields.text).digest("hex").slice(0, 20);
  const base: Unit = {
    id,
    kind: "paragraph",
    text: fields.text,
    context: "",
    documentId: "eval/corpus/001_bc9149fb7ac2f9bb.txt#9",
    source: "eval/corpus/001_bc9149fb7ac2f9bb.txt",
    title: Q3_REPORT,
    committee: "Children and Families Overview and Scrutiny Committee",
    meetingDate: "2024-03-05",
    agendaItem: "12",
    section: null,
    paragraph: null,
    part: 0,
    page: null,
    start: 0,
    end: fields.text.length,
    collection: "public",
    sources: [],
    table: null,
    figures: extractFigures(fields.text),
  };
  return { ...base, ...fields, figures: extractFigures(fields.text) };
}

export function para(paragraph: string, text: string, extra: Partial<Unit> = {}): Unit {
  return unit({ text, paragraph, ...extra });
}

export function row(header: string[], cells: string[], extra: Partial<Unit> = {}): Unit {
  const text = header
    .map((h, i) => (h.trim() === "" ? (cells[i] ?? "") : `${h}: ${cells[i] ?? ""}`))
    .join("; ");
  return unit({
    text,
    kind: "table_row",
    title: Q3_DASHBOARD,
    section: Q3_DASHBOARD,
    documentId: "eval/corpus/001_bc9149fb7ac2f9bb.txt#10",
    table: { title: null, header, cells },
    ...extra,
  });
}

/** A row of the Q3 2023/24 dashboard from its cells after Topic and Theme. */
export function dashboardRow(cells: string[]): Unit {
  return row(DASHBOARD_HEADER, ["Help children in Leicestershire ...", "Social Care", ...cells]);
}

export function yearEndRow(cells: string[]): Unit {
  return row(YEAR_END_HEADER, cells, {
    title: "Children and Family Services Departmental Plan",
    section: "Children at most risk are protected from harm and kept safe",
    documentId: "eval/corpus/004_288bc0e4485ed917.txt#0",
    source: "eval/corpus/004_288bc0e4485ed917.txt",
    meetingDate: null,
    agendaItem: null,
  });
}

// Real text from eval/corpus/001_bc9149fb7ac2f9bb.txt (Q3 2023/24 report, its dashboard, the CIP and UASC reports).

export const Q3 = {
  para7:
    "The percentage of Child Protection cases reviewed within timescales was 82.6% at the end of quarter 3, with 266 of 322 children having all reviews on time within the last 12 months. This is an improvement on the quarter 4 figure of 75.7% (293 of 387). Leicestershire continues to be placed in the fourth quartile of all local authorities by published benchmarks.",
  para8:
    "The percentage of children becoming subject to a child protection plan for a second or subsequent time in the year to date increased to 28.7% at the end of quarter 3 compared to 26.1% at the end of quarter 2. In this quarter, 50 children began a second or subsequent child protection plan, an increase from 40 reported in the preceding quarter. Leicestershire is now placed in the fourth quartile of local authorities compared to most recent national results published for 2022/23. This continues to be an area of focus for the service and regular audits are completed to understand any themes around the circumstances leading to repeat periods of child protection planning.",
  para9:
    "The percentage of re-referrals to Children's Social Care within twelve months was 24.1% at the end of quarter 3 compared to 23.5% at the end of the previous quarter, with 369 children being 're-referred' within quarter 3. Leicestershire continues to be placed in the fourth quartile of local authorities.",
  para16:
    "Due to ongoing system changes, specifically relating to Capita/ Synergy, it is not possible to report a total Children and Family Wellbeing Service (CFWS) worked with figure for quarter 3 2023/24 at this time. During quarter 3 2022/23 (the last available reporting period), the CFWS worked with 3,489 individuals and 1,435 families across Leicestershire.",
  para18:
    "The number of children in mainstream schools in Leicestershire with an Education and Health Care Plan (EHCP) was 2,446 at the Autumn term 2023 school census. This is 37 children lower than at the summer term 2023 school census (2,483). The Autumn term 2023 school census EHCP numbers are the highest recorded for this school census term since the phasing in of the 2014 SEN Code of Practice changes were completed.",
  para21:
    "In the Autumn term 2023, 79.4% of eligible two-year-olds took up their Funded Early Education Entitlement (FEEE). This is an increase from the summer term 2023 (74.6%). For three-year-olds, the figure was 93.6%, also an increase over the summer term (91.6%). Overall, 97.1% of eligible two- and three-year-olds took up their FEEE in high-quality provision in the Autumn term, unchanged from the previous term.",
  repeatCpp: [
    "Children becoming subject to a CPP for second or subsequent time",
    "Percent",
    "Low = Good",
    "Quarter",
    "Q2 2023/24",
    "26.1%",
    "Q3 2023/24",
    "28.7%",
    "Increase",
    "<20.8%",
    "Red",
    "4",
    "23.3%",
  ],
  cpReviews: [
    "Child protection cases which were reviewed within timescales",
    "Percent",
    "High = Good",
    "Quarter",
    "Q4 2022/23",
    "75.71%",
    "Q3 2023/24",
    "82.6%",
    "Increase",
    ">97.2%",
    "Red",
    "4",
    "88.2%",
  ],
  reReferrals: [
    "Re-referrals to CSC within 12 mths",
    "Percent",
    "Low = Good",
    "Quarter",
    "Q2 2023/24",
    "23.5%",
    "Q3 2023/24",
    "24.1%",
    "Increase",
    "<18.7%",
    "Red",
    "4",
    "19.8%",
  ],
  assessments: [
    "Assessments completed within 45 days",
    "Percent",
    "High = Good",
    "Quarter",
    "Q2 2023/24",
    "88.2%",
    "Q3 2023/24",
    "88.9%",
    "Increase",
    ">90.3%",
    "Amber",
    "2",
    "82.5%",
  ],
  cppTwoYears: [
    "CPP lasting 2 yrs or more open at the end of the quarter",
    "Percent",
    "Low = Good",
    "Quarter",
    "Q2 2023/24",
    "1.3%",
    "Q3 2023/24",
    "1.1%",
    "Decrease",
    "<3.0%",
    "Green",
    "1",
    "1.5%",
  ],
  primarySchools: [
    "Primary schools rated 'Good' or 'Outstanding'",
    "Percent",
    "High = Good",
    "Quarter",
    "Q2 2023/24",
    "90.2%",
    "Q3 2023/24",
    "90.3%",
    "Decline",
    "N/A",
    "Amber",
    "3",
    "91.1%",
  ],
  healthAssessments: [
    "Children in care who have their annual health assessment within last 12 months (at end of period)",
    "Percent",
    "High = Good",
    "Quarter",
    "Q2 2023/24",
    "66.5%",
    "Q3 2023/24",
    "62.1%",
    "Decrease",
    "N/A",
    "N/A",
    "N/A",
    "N/A",
  ],
  ehcpMainstream: [
    "Children in mainstream schools with EHCP",
    "Number",
    "N/A",
    "Term",
    "Summer 2023",
    "2483",
    "Autumn 2023",
    "2446",
    "Decrease",
    "N/A",
    "N/A",
    "N/A",
    "N/A",
  ],
  progress8: [
    "KS4 - Progress 8 (FSM)",
    "Number",
    "High = Good",
    "Annual",
    "2021/22 Final",
    "-0.64",
    "2022/23 Final",
    "-0.76",
    "Decline",
    "N/A",
    "Amber",
    "3",
    "-0.79",
  ],
};

// Real rows of the end-of-year 2019/20 tables in eval/corpus/004_288bc0e4485ed917.txt.
export const YEAR_END = {
  repeatCpp: [
    "% of children becoming subject to a child protection plan for second or subsequent time",
    "2019/20",
    "21.8%",
    "Higher (low is good)",
    "17.2%",
  ],
  reReferrals: [
    "% re-referrals to childrens Social Care within 12 months",
    "2019/20",
    "18.8%",
    "Lower (low is good)",
    "23.9%",
  ],
  cpReviews: [
    "% child protection cases which were reviewed within timescales.",
    "2019/20",
    "96.0%",
    "Lower",
    "96.8%",
  ],
  placementStability: [
    "Placement stability - % children with 3 or more placements during a year (low = good)",
    "2019/20",
    "9.0%",
    "Higher (low is good)",
    "8.0%",
  ],
};

export const OTHER = {
  /** CIP report, para 28. */
  cipSavings:
    "Anticipated on-going annual revenue savings of £2.5m are anticipated to be achieved by March 2028 and reflected in the refreshed MTFS. This will be kept under continual review with changes to anticipated projected savings reported back on a regular basis based on needs of a particular cohort of children, and market conditions at any given point in time.",
  /** CIP report, para 23. */
  cipDelays:
    "There have been delays in the opening of homes. Timescales have been impacted on by a range of factors such as the COVID pandemic and the national lockdowns, availability of builders and building material, significant increases in cost of materials, increased cost of property during the period, faulty workmanship, lack of property on the market that meets the specification, poor condition of properties on the market, restrictive covenants, delays in the Ofsted registration process, and critical incidents (an accident causing damage to a property and theft at another property).",
  /** CIP report, para 21. */
  cipHomes:
    "Two other homes are being prepared for opening, pending Ofsted Registration. These homes should be open by July 2024. And one other will be open by December 2024.",
  /** CIP report, para 27 (its lead sentence). */
  cipCapital:
    "A capital allocation of £3.96m was agreed as part of the MTFS invest to save. The table below details the breakdown of the use of this capital allocation alongside the matched funding from DfE:",
  /** UASC report, para 30. */
  uascGap:
    "Whilst costs of supporting UASC in care is broadly in line with current funding rates for those supported by the Home Office, the current funding gap of those UASC over 18's is over £39k per year per UASC over 18.",
  /** UASC report, para 7. */
  uascNts:
    "The National Transfer Scheme (NTS) was established in 2016 to provide a mechanism for the statutory responsibility for a UASC to be transferred between an entry local authority and another local authority in the UK, ensuring UASC get the crucial care placements that they need whilst facilitating a more equitable distribution of responsibility for UASC across the UK.",
  /** Department overview, para 27. */
  overviewScreening:
    "The screening process applies the Leicester, Leicestershire, and Rutland (LLR) threshold for intervention to provide robust and timely responses applying careful oversight and performance measure to provide assurance. This is coordinated closely with colleagues from the Family Help service (formerly Children and Families Wellbeing Service (CFWS) to avoid drift and delay when support is required.",
  /** Department overview, para 36 (its lead sentence). */
  familyHelp:
    "The Family Help service was established in February 2024, bringing together staff within the old Children and Family Service and some staff from Children's Social Care with a focus on providing early support to children and families to build strength and resilience and children assessed to be Children in Need, who require social work involvement or oversight.",
};
