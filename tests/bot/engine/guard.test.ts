import { describe, expect, it } from "vitest";
import { checkFigures } from "../../../bot/engine/guard.js";

const PARA7 =
  "The percentage of Child Protection cases reviewed within timescales was 82.6% at the end of quarter 3, with 266 of 322 children having all reviews on time within the last 12 months. This is an improvement on the quarter 4 figure of 75.7% (293 of 387). Leicestershire continues to be placed in the fourth quartile of all local authorities by published benchmarks.";
const MINUTE_70_II =
  "It was noted that the ART would offer similar provision to the current MISTLE contract provided by Action for Children. The current contract value of MISTLE was £450,000 compared with the annual value of ART of £411,840.";
const PARA25 =
  "The Team is currently leading the discharge of the authority's new statutory duty under the Domestic Abuse Bill and is co-ordinating the plan around the £1.1million spend to support the duty.";

describe("checkFigures (the numeric guard)", () => {
  it.each([
    ["82.6% of CP cases were reviewed on time at the end of Q3 2023/24 (266 of 322 children).", [PARA7]],
    ["The rate was 82.6 per cent in quarter 3, up from 75.7% in quarter 4.", [PARA7]],
    ["ART's annual value is £411,840 against £450,000 for MISTLE.", [MINUTE_70_II]],
    ["About £1.1m is being spent to support the duty.", [PARA25]],
    ["The council spends £1,100,000 on the duty.", [PARA25]],
    ["No figure here, only the Quarter 3 2023/24 report, para 7, of 5 March 2024.", [PARA7]],
  ])("passes an answer whose figures are stated: %s", (answer, cited) => {
    expect(checkFigures(answer, [], cited)).toEqual({ ok: true, unsourced: [] });
  });

  it.each([
    ["82.6% of CP cases were reviewed on time, against a target of 97.2%.", [PARA7], ["97.2%"]],
    ["The rate was 82.64% at the end of quarter 3.", [PARA7], ["82.64%"]],
    ["266 of 330 children had their reviews on time.", [PARA7], ["330"]],
    ["The MISTLE contract was worth £450,000 and ART costs £412,000.", [MINUTE_70_II], ["£412,000"]],
    ["82.6% of cases were reviewed on time.", [MINUTE_70_II], ["82.6%"]],
  ])("rejects an answer with an unsourced figure: %s", (answer, cited, unsourced) => {
    expect(checkFigures(answer, [], cited)).toEqual({ ok: false, unsourced });
  });

  it("checks declared figures too, even when the text does not print them", () => {
    const r = checkFigures(
      "Most cases were reviewed on time.",
      [{ value: 88.2, unit: "percent", text: "88.2%" }],
      [PARA7],
    );
    expect(r).toEqual({ ok: false, unsourced: ["88.2%"] });
    const ok = checkFigures(
      "Most cases were reviewed on time.",
      [{ value: 82.6, unit: "percent", text: "82.6%" }],
      [PARA7],
    );
    expect(ok.ok).toBe(true);
  });

  it("does not let a percentage pass as a count", () => {
    expect(
      checkFigures("There were 82.6 children.", [{ value: 82.6, unit: "count", text: "82.6" }], [PARA7]).ok,
    ).toBe(false);
  });
});
