import { describe, expect, it } from "vitest";
import { profileUnit } from "../../../bot/engine/profile.js";
import { buildAliases, understandQuestion } from "../../../bot/engine/query.js";
import { type Candidate, documentFit, fitOf, rerank } from "../../../bot/engine/rerank.js";
import { loadBuiltinGlossary } from "../../../ingest/glossary.js";
import { extractPeriods } from "../../../ingest/periods.js";
import { makeUnit, SAMPLE } from "./units.js";

const aliases = buildAliases(loadBuiltinGlossary());
const NOW = new Date("2024-06-01T00:00:00Z");
const p = (label: string) => {
  const found = extractPeriods(label)[0];
  if (!found) throw new Error(`no period in ${label}`);
  return found;
};

describe("fitOf: the period asked against the periods stated", () => {
  it.each([
    [["Q3 2023/24"], ["quarter 3 2023/24"], "match"],
    // A year's figure is no answer for a quarter inside it (a near miss), except the quarter that ends it.
    [["Q3 2023/24"], ["2023/24"], "conflict"],
    [["Q4 2023/24"], ["2023/24"], "overlap"],
    [["December 2023"], ["2023/24"], "conflict"],
    [["31 March 2020"], ["2019/20"], "overlap"],
    [["2023/24"], ["Q3 2023/24"], "overlap"],
    [["31 December 2023"], ["Q3 2023/24"], "overlap"],
    [["Q3 2023/24"], ["Q2 2023/24"], "conflict"],
    [["2023/24"], ["2019/20"], "conflict"],
    [["Q3 2022/23"], ["Q4 2022/23", "Q3 2023/24"], "conflict"],
    [["Autumn 2023"], ["Summer 2023", "Autumn 2023"], "match"],
    [[], ["2019/20"], "unknown"],
    [["2019/20"], [], "unknown"],
  ])("%j vs %j -> %s", (asked, stated, fit) => {
    expect(fitOf(asked.map(p), stated.map(p))).toBe(fit);
  });

  it("counts an open 'Q3' in the question as matching any stated third quarter", () => {
    const open = understandQuestion("rate at the end of Q3?", aliases, NOW).periods;
    expect(fitOf(open, [p("Q3 2023/24")])).toBe("match");
    expect(fitOf(open, [p("Q2 2023/24")])).toBe("conflict");
  });

  it("does not take a year's figure for an open quarter, unless the quarter ends that year", () => {
    const q2 = understandQuestion("rate at the end of Q2?", aliases, NOW).periods;
    expect(fitOf(q2, [p("2019/20")])).toBe("conflict");
    const q4 = understandQuestion("rate at the end of Q4?", aliases, NOW).periods;
    expect(fitOf(q4, [p("2019/20")])).toBe("overlap");
  });
});

describe("documentFit", () => {
  const q3 = profileUnit(
    makeUnit(SAMPLE[0] as (typeof SAMPLE)[number]),
    extractPeriods("Quarter 3 2023/24 Performance Report"),
  );
  it("takes the period a paper is titled for", () => {
    expect(documentFit([p("Q3 2023/24")], q3)).toBe("match");
    expect(documentFit([p("2023/24")], q3)).toBe("overlap");
  });
  it("knows a paper cannot report a period that began after its meeting", () => {
    const minutes = profileUnit(makeUnit(SAMPLE[4] as (typeof SAMPLE)[number]), []);
    expect(documentFit([p("Q3 2023/24")], minutes)).toBe("conflict");
    expect(documentFit([p("2019/20")], minutes)).toBe("unknown");
  });
});

describe("rerank", () => {
  const profiles = SAMPLE.map((s) => profileUnit(makeUnit(s), extractPeriods(makeUnit(s).title)));
  const candidates: Candidate[] = profiles.map((profile) => ({ profile, fused: 1 }));
  const weight = () => 1;
  const rank = (question: string) =>
    rerank(understandQuestion(question, aliases, NOW), candidates, {
      weight,
      dateRange: { min: "2020-03-03", max: "2024-03-05" },
    }).map((r) => r.profile.unit.paragraph ?? r.profile.unit.section);

  it("puts the unit for the asked period and kind first when retrieval cannot tell them apart", () => {
    expect(rank("What % of assessments were completed within 45 days in Q3 2023/24?")[0]).toBe("10");
    expect(rank("What % of single assessments were completed within 45 days in 2019/20?")[0]).toBe(
      "Children at most risk are protected from harm and kept safe",
    );
  });

  it("prefers units stating the kind of figure asked", () => {
    expect(rank("How much was the MISTLE contract worth?")[0]).toBe("70(ii)");
  });

  it("prefers the newer paper when the question says now", () => {
    const ranked = rank("What percentage of assessments are completed within 45 days now?");
    expect(ranked.indexOf("10")).toBeLessThan(ranked.indexOf("13"));
  });
});
