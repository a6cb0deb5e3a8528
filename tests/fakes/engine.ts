import { createHash } from "node:crypto";
import type { Answer, AnswerFigure, AskOptions, Citation, Engine } from "../../bot/engine/types.js";

/**
 * A small stand-in for the engine: answers extractively from a fixed list of REAL paragraphs of
 * the demo corpus (eval/corpus), honouring `collections` and using `history` for follow-ups.
 * Tests are written against the Engine interface, so the real engine can replace it.
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

const STOPWORDS = new Set(
  "the and for was were what how much many with that this from are has have did does which who when where why its their there been being into per end all any our".split(
    " ",
  ),
);

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length >= 3 && !STOPWORDS.has(w)),
  );
}

function score(question: Set<string>, u: FakeUnit): number {
  if (question.size === 0) return 0;
  const have = words(`${u.citation.title} ${u.citation.text}`);
  let hit = 0;
  for (const w of question) if (have.has(w)) hit++;
  return hit / question.size;
}

function firstSentenceWithFigure(u: FakeUnit): string {
  const sentences = u.citation.text.split(/(?<=\.)\s+(?=[A-Z])/);
  return sentences.find((s) => u.figures.some((f) => s.includes(f.text))) ?? sentences[0] ?? u.citation.text;
}

export interface FakeEngine extends Engine {
  calls: { question: string; options: AskOptions | undefined }[];
}

export function createFakeEngine(units: FakeUnit[] = CORPUS_UNITS): FakeEngine {
  const calls: FakeEngine["calls"] = [];

  const rank = (question: string, visible: FakeUnit[]) =>
    visible
      .map((u) => ({ u, s: score(words(question), u) }))
      .filter((r) => r.s > 0)
      .sort((a, b) => b.s - a.s);

  return {
    calls,
    async ask(question, options) {
      calls.push({ question, options });
      const collections = options?.collections ?? ["public"];
      const visible = units.filter((u) => collections.includes(u.citation.collection));
      let ranked = rank(question, visible);
      const last = options?.history?.at(-1);
      if ((ranked[0]?.s ?? 0) < 0.5 && last) ranked = rank(`${last.question} ${question}`, visible);
      const best = ranked[0];
      if (!best || best.s < 0.5) {
        return {
          question,
          answer: "Not in the papers.",
          answered: false,
          mode: "extractive",
          citations: [],
          figures: [],
          notes: [],
          suggestions: ranked.slice(0, 2).map((r) => ({ ...r.u.citation, score: r.s })),
        } satisfies Answer;
      }
      const sentence = firstSentenceWithFigure(best.u);
      return {
        question,
        answer: sentence,
        answered: true,
        mode: "extractive",
        citations: [{ ...best.u.citation, score: best.s }],
        figures: best.u.figures.filter((f) => sentence.includes(f.text)),
        notes: [],
        suggestions: [],
      } satisfies Answer;
    },
  };
}
