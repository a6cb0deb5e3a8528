import { describe, expect, it } from "vitest";
import { escapeMrkdwn, stripMentions, truncate, unescapeSlack } from "../../../bot/slack/text.js";

describe("escapeMrkdwn", () => {
  it.each([
    // Real snippets from eval/corpus.
    ["Leicester, Leicestershire & Rutland", "Leicester, Leicestershire &amp; Rutland"],
    [
      "the Council's web site at <http://www.leicestershire.gov.uk>",
      "the Council's web site at &lt;<http://www.leicestershire.gov.uk>&gt;",
    ],
    ["Q3 2023/24	82.6%	Increase	>97.2%	Red", "Q3 2023/24	82.6%	Increase	&gt;97.2%	Red"],
    [
      "**CHILDREN AND FAMILY SERVICES DEPARTMENT**",
      "\u2217\u2217CHILDREN AND FAMILY SERVICES DEPARTMENT\u2217\u2217",
    ],
    ["@VR_Network", "@VR\uFF3FNetwork"],
    ["approx ~20% of `cases`", "approx \u223C20% of \u02CBcases\u02CB"],
    [
      "https://democracy.leics.gov.uk/ieListDocuments.aspx?CId=135&MID=5412",
      "<https://democracy.leics.gov.uk/ieListDocuments.aspx?CId=135&amp;MID=5412>",
    ],
    [
      "see Working_together_to_safeguard_children_2023_-_statutory_guidance.pdf at https://assets.publishing.service.gov.uk/media/65803fe31c0c2a000d18cf40/Working_together_to_safeguard_children_2023_-_statutory_guidance.pdf.",
      "see Working\uFF3Ftogether\uFF3Fto\uFF3Fsafeguard\uFF3Fchildren\uFF3F2023\uFF3F-\uFF3Fstatutory\uFF3Fguidance.pdf at <https://assets.publishing.service.gov.uk/media/65803fe31c0c2a000d18cf40/Working_together_to_safeguard_children_2023_-_statutory_guidance.pdf>.",
    ],
    ["£1.1million spend", "£1.1million spend"],
  ])("%s", (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
  });

  it("leaves no unescaped control characters for Slack to act on", () => {
    const out = escapeMrkdwn("<!channel> & <@U123> *bold* _it_ ~s~ `c`");
    expect(out).not.toMatch(/[<>*_~`]/);
    expect(out).toContain("&lt;!channel&gt;");
  });
});

describe("unescapeSlack / stripMentions", () => {
  it("reverses Slack's escaping of &, < and >", () => {
    expect(unescapeSlack("A&amp;E &lt;5% &gt; target")).toBe("A&E <5% > target");
  });

  it.each([
    ["<@UBOT0001> what was the Q3 figure?", "what was the Q3 figure?"],
    ["<@UBOT0001|scrutiny>   and  Q4?", "and Q4?"],
    ["thanks <@U0OTHER1> for asking", "thanks for asking"],
    ["<@UBOT0001>", ""],
  ])("%s", (input, expected) => {
    expect(stripMentions(input)).toBe(expected);
  });
});

describe("truncate", () => {
  const para7 =
    "The percentage of Child Protection cases reviewed within timescales was 82.6% at the end of quarter 3, with 266 of 322 children having all reviews on time within the last 12 months.";

  it("returns short text unchanged", () => {
    expect(truncate(para7, para7.length)).toBe(para7);
  });

  it.each([20, 50, 75, 80, 100, 120, 150])("cuts at a word edge within %i characters, ending in …", (max) => {
    const out = truncate(para7, max);
    expect(out.length).toBeLessThanOrEqual(max);
    expect(out.endsWith("…")).toBe(true);
    const kept = out.slice(0, -1);
    expect(para7.startsWith(kept)).toBe(true);
    // The next character in the source is a space: no word or number was cut in half.
    expect(para7[kept.length]).toMatch(/\s/);
  });

  it("never leaves a half-printed figure when there is no space to cut at", () => {
    const out = truncate("82.6%82.6%82.6%82.6%", 8);
    expect(out).toBe("…");
    expect(truncate("Table:£1,216,000,000", 12)).toBe("Table:…");
  });

  it("does not split a surrogate pair", () => {
    const out = truncate("👍👍👍👍👍👍", 4);
    expect(out.length).toBeLessThanOrEqual(4);
    expect(out).toBe("👍…");
  });

  it("handles tiny limits", () => {
    expect(truncate("abc", 0)).toBe("");
    expect(truncate("abc", 1)).toBe("…");
  });
});
