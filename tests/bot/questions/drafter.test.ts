import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { similarity } from "../../../bot/questions/compose.js";
import {
  createQuestionDrafter,
  type DraftQuestion,
  DraftResultSchema,
} from "../../../bot/questions/index.js";
import type { QuestionDrafter } from "../../../bot/questions/types.js";
import { loadConfig } from "../../../ingest/config.js";
import { figureStatedIn } from "../../../ingest/figures.js";
import { parseNumberMentions } from "../../../ingest/numbers.js";
import { type IndexStore, openIndex } from "../../../ingest/store/index.js";
import { buildCorpusIndex, RESTRICTED } from "./corpus.js";

const config = loadConfig({});
let work: string;
let store: IndexStore;
let drafter: QuestionDrafter;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "scrutiny-questions-"));
  store = await openIndex(await buildCorpusIndex(work, config), { config });
  drafter = createQuestionDrafter({ store, config });
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Figures (THE number parser's "figure" role) of a text that none of the cited units states. */
function unstated(text: string, citedTexts: string[]): string[] {
  return parseNumberMentions(text)
    .filter((m) => m.role === "figure")
    .filter((m) => {
      const unit = m.pp ? "pp" : m.percent ? "percent" : m.currency === "gbp" ? "gbp" : "number";
      const probe = { amount: m.amount, unit, decimals: m.decimals, scale: m.scale };
      return !citedTexts.some((t) => figureStatedIn(probe, t));
    })
    .map((m) => m.raw);
}

function expectGrounded(questions: DraftQuestion[]): void {
  for (const q of questions) {
    expect(q.citations.length).toBeGreaterThan(0);
    const texts = q.citations.map((c) => c.text);
    expect({ question: q.question, unstated: unstated(`${q.question}\n${q.why}`, texts) }).toEqual({
      question: q.question,
      unstated: [],
    });
  }
}

function find(questions: DraftQuestion[], re: RegExp): DraftQuestion {
  const q = questions.find((x) => re.test(x.question));
  if (!q) throw new Error(`no question matches ${re}: ${questions.map((x) => x.question).join("\n")}`);
  return q;
}

describe("drafting on the Quarter 3 2023/24 performance report", () => {
  it("drafts at least five distinct, grounded questions led by the weakest indicators", async () => {
    const result = await drafter.draft("Q3 performance");
    expect(DraftResultSchema.parse(result)).toEqual(result);
    expect(result.report).toEqual({
      title: "Quarter 3 2023/24 Performance Report",
      meetingDate: "2024-03-05",
    });
    const qs = result.questions;
    expect(qs.length).toBeGreaterThanOrEqual(5);
    for (let i = 0; i < qs.length; i++) {
      for (let j = i + 1; j < qs.length; j++) {
        expect(similarity(qs[i]?.question ?? "", qs[j]?.question ?? "")).toBeLessThan(0.7);
      }
    }
    expectGrounded(qs);

    const repeat = find(qs, /second or subsequent time/);
    expect(repeat.question).toMatch(/28\.7% in Q3 2023\/24/);
    expect(repeat.question).toMatch(/target of below 20\.8%/);
    expect(repeat.question).toMatch(/Red; fourth quartile/);
    const reReferrals = find(qs, /re-referrals/i);
    expect(reReferrals.question).toMatch(/24\.1%/);
    const reviews = find(qs, /reviewed within timescales/);
    expect(reviews.question).toMatch(/82\.6%/);
    // The three Red, bottom-quartile social care indicators come first.
    expect(qs.slice(0, 3)).toEqual(expect.arrayContaining([repeat, reReferrals, reviews]));

    // The prose paragraph and the dashboard row are one question citing both.
    expect(repeat.citations.map((c) => [c.title, c.paragraph])).toEqual([
      ["Quarter 3 2023/24 Performance Report", "8"],
      [
        "Appendix: Children and Family Services Department Performance Dashboard for quarter 3, 2023/24",
        null,
      ],
    ]);
    expect(qs.filter((q) => /28\.7%/.test(q.question))).toHaveLength(1);

    // Data the report cannot give is a question too.
    find(qs, /not possible to report/);
  });

  it("finds no past minute for indicators the committee has not discussed", async () => {
    const result = await drafter.draft("Q3 performance", { collections: ["public", RESTRICTED] });
    for (const re of [/second or subsequent time/, /re-referrals/i, /reviewed within timescales/]) {
      expect(find(result.questions, re).previously_asked).toEqual([]);
    }
  });

  it("reads an agenda item number as the report under it", async () => {
    const result = await drafter.draft("agenda item 12");
    expect(result.report?.title).toBe("Quarter 3 2023/24 Performance Report");
    expect(result.questions.length).toBeGreaterThanOrEqual(5);
  });
});

describe("topics the papers do not cover", () => {
  it("says honestly there is nothing to draft from", async () => {
    const result = await drafter.draft("highways potholes in Rutland");
    expect(result.report).toBeNull();
    expect(result.questions).toEqual([]);
    expect(result.notes).toEqual([
      "Nothing to draft from: no paper in the index covers “highways potholes in Rutland”.",
    ]);
  });

  it("does not see a report outside the asker's collections", async () => {
    const result = await drafter.draft("Q3 performance", { collections: [RESTRICTED] });
    expect(result.report?.title).not.toBe("Quarter 3 2023/24 Performance Report");
    for (const q of result.questions) {
      for (const c of [...q.citations, ...q.previously_asked.map((p) => p.citation)]) {
        expect(c.collection).toBe(RESTRICTED);
      }
    }
  });
});

describe("previously asked", () => {
  it("finds the 23 January 2024 exchange on EHCPs in mainstream schools for the EHCP record high in the Q3 report", async () => {
    const result = await drafter.draft("EHCP");
    expectGrounded(result.questions);
    const record = find(result.questions, /highest recorded/);
    expect(record.citations[0]).toMatchObject({
      title: "Quarter 3 2023/24 Performance Report",
      paragraph: "18",
    });
    expect(record.previously_asked.length).toBeGreaterThan(0);
    for (const p of record.previously_asked) {
      expect(p.date).toBe("2024-01-23");
      expect(p.minute).toMatch(/^46/);
      expect(p.citation.text).toMatch(/EHCP/);
      expect(p.citation.title).toBe("Minutes of the meeting held on 23 January 2024");
      expect(p.citation.text).toContain(p.text.split(" ").slice(0, 6).join(" "));
    }
  });

  it("finds minute 52(ii) on the 135 UASC over 18 for the UASC report's over-18s paragraph", async () => {
    const result = await drafter.draft("UASC");
    expect(result.report?.title).toBe("Unaccompanied Asylum-Seeking Children");
    expectGrounded(result.questions);
    const over18 = find(result.questions, /over 18's is currently 135/);
    expect(over18.previously_asked.map((p) => [p.date, p.minute])).toEqual([["2024-01-23", "52(ii)"]]);
    expect(over18.previously_asked[0]?.text).toMatch(
      /^Members noted that 135 individuals over the age of 18/,
    );
  });

  it("finds the innovation partnership's past minutes, the 2020 one only for those who may see it", async () => {
    const open = await drafter.draft("innovation partnership");
    const homes = find(open.questions, /open eight homes by March 2025/);
    expect(homes.previously_asked.map((p) => [p.date, p.minute])).toEqual([["2024-01-23", "52(iii)"]]);

    const all = await drafter.draft("innovation partnership", { collections: ["public", RESTRICTED] });
    const homesAll = find(all.questions, /open eight homes by March 2025/);
    expect(homesAll.previously_asked.map((p) => [p.date, p.minute])).toEqual(
      expect.arrayContaining([
        ["2024-01-23", "52(iii)"],
        ["2020-03-03", "70(i)"],
      ]),
    );
  });

  it("finds nothing for the department overview, which the minutes never discussed", async () => {
    const result = await drafter.draft("Children and Family Services Department");
    expect(result.report?.title).toBe("Children and Family Services Department");
    expect(result.questions.length).toBeGreaterThan(0);
    expect(result.questions.flatMap((q) => q.previously_asked)).toEqual([]);
  });
});

describe("other reports", () => {
  it.each([
    ["innovation partnership", "Children's Innovation Partnership", /£2\.5m/],
    ["UASC", "Unaccompanied Asylum-Seeking Children", /£39k/],
    ["departmental plan", "Children and Family Services Departmental Plan", /21\.8% in 2019\/20/],
  ])("%s", async (topic, title, figure) => {
    const result = await drafter.draft(topic);
    expect(result.report?.title).toBe(title);
    expect(result.questions.length).toBeGreaterThanOrEqual(5);
    expectGrounded(result.questions);
    find(result.questions, figure);
  });

  it("keeps an appendix of the same agenda item out when it is about something else", async () => {
    // Item 11 appends the department's Continuous Improvement Plan to the innovation partnership report.
    const result = await drafter.draft("innovation partnership");
    const titles = new Set(result.questions.flatMap((q) => q.citations.map((c) => c.title)));
    expect([...titles]).toEqual(["Children's Innovation Partnership"]);
  });

  it("respects max", async () => {
    const result = await drafter.draft("Q3 performance", { max: 2 });
    expect(result.questions).toHaveLength(2);
  });
});
