import { createHash } from "node:crypto";
import type { AnswerFigure, Citation } from "../../bot/engine/types.js";

/**
 * REAL paragraphs of the demo corpus (eval/corpus) in the shape the engine cites them, for tests of
 * pure rendering and button plumbing (blocks, feedback, quotes). Anything about what the engine
 * answers is tested on the real engine over a real index instead (tests/bot/slack/helpers.ts).
 */

export interface FakeUnit {
  citation: Citation;
  /** Figures stated in the unit, as printed. */
  figures: AnswerFigure[];
}

function unit(
  c: Omit<Citation, "id" | "score" | "section"> & { section?: string | null },
  figures: AnswerFigure[],
): FakeUnit {
  const id = createHash("sha256").update(`${c.paragraph}\n${c.text}`).digest("hex").slice(0, 16);
  return { citation: { ...c, id, section: c.section ?? null, score: 0 }, figures };
}

/** Paragraph texts are quoted from eval/corpus (re-joined across line wraps). */
export const CORPUS_UNITS: FakeUnit[] = [
  unit(
    {
      source: "001_bc9149fb7ac2f9bb.txt",
      title: "Quarter 3 2023/24 Performance Report",
      section:
        "Helping children in Leicestershire live in safe, stable environments and have secure attachments",
      paragraph: "7",
      page: null,
      date: "2024-03-05",
      collection: "public",
      text: "The percentage of Child Protection cases reviewed within timescales was 82.6% at the end of quarter 3, with 266 of 322 children having all reviews on time within the last 12 months. This is an improvement on the quarter 4 figure of 75.7% (293 of 387). Leicestershire continues to be placed in the fourth quartile of all local authorities by published benchmarks.",
    },
    [
      { value: 82.6, unit: "percent", text: "82.6%" },
      { value: 266, unit: "count", text: "266" },
      { value: 322, unit: "count", text: "322" },
      { value: 75.7, unit: "percent", text: "75.7%" },
      { value: 293, unit: "count", text: "293" },
      { value: 387, unit: "count", text: "387" },
    ],
  ),
  unit(
    {
      source: "001_bc9149fb7ac2f9bb.txt",
      title: "Children's Innovation Partnership",
      section: "Financial Context",
      paragraph: "11",
      page: null,
      date: "2024-03-05",
      collection: "public",
      text: "Current analysis indicates that the average weekly cost per residential placement increased from £4.8k per week (budgeted average cost financial year based on previous trends) to the current average of £5.8k per week, which equates to a 21% increase in the last twelve months. The increasing cost of new placements compared to those placements ending is further compounding the financial pressures being projected.",
    },
    [
      { value: 4800, unit: "gbp", text: "£4.8k" },
      { value: 5800, unit: "gbp", text: "£5.8k" },
      { value: 21, unit: "percent", text: "21%" },
    ],
  ),
  unit(
    {
      source: "000_95470afa8ae34474.txt",
      title: "Children and Family Services Department",
      paragraph: "25",
      page: null,
      date: "2024-03-05",
      collection: "public",
      text: "The Team is currently leading the discharge of the authority's new statutory duty under the Domestic Abuse Bill and is co-ordinating the plan around the £1.1million spend to support the duty, the discharge of the forthcoming Serious Violence Duty and the work on Trauma Informed Working with CFS colleagues.",
    },
    [{ value: 1_100_000, unit: "gbp", text: "£1.1million" }],
  ),
  // Ingested with --collection exempt in the tests: visible only where the policy allows.
  unit(
    {
      source: "002_b5cb0ac0ef79e454.txt",
      title: "Defining Children and Family Services for the Future",
      section: "Background",
      paragraph: "10",
      page: null,
      date: "2021-11-02",
      collection: "exempt",
      text: "The Children and Family Services department is required to make £16.0m savings to 2024/25, with this figure including the expected £13.2m savings attributed to the DCFSF programme.",
    },
    [
      { value: 16_000_000, unit: "gbp", text: "£16.0m" },
      { value: 13_200_000, unit: "gbp", text: "£13.2m" },
    ],
  ),
];
