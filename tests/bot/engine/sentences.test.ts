import { describe, expect, it } from "vitest";
import { splitSentences } from "../../../bot/engine/sentences.js";

function parts(text: string): string[] {
  return splitSentences(text).map((s) => text.slice(s.start, s.end));
}

describe("splitSentences", () => {
  it("splits the Q3 report's para 7 into its two sentences, keeping 82.6% whole", () => {
    const text =
      "The percentage of Child Protection cases reviewed within timescales was 82.6% at the end of quarter 3, with 266 of 322 children having all reviews on time within the last 12 months. This is an improvement on the quarter 4 figure of 75.7% (293 of 387).";
    expect(parts(text)).toEqual([
      "The percentage of Child Protection cases reviewed within timescales was 82.6% at the end of quarter 3, with 266 of 322 children having all reviews on time within the last 12 months.",
      "This is an improvement on the quarter 4 figure of 75.7% (293 of 387).",
    ]);
  });

  it("does not split after abbreviations or initials", () => {
    expect(
      parts(
        "The percentage was 85.7% (approx. 86k out of 100.4k pupils). Mrs. H. J. Fryer CC took the chair.",
      ),
    ).toEqual([
      "The percentage was 85.7% (approx. 86k out of 100.4k pupils).",
      "Mrs. H. J. Fryer CC took the chair.",
    ]);
  });

  it("ends an infographic's row at its line break, where each item starts with its percentage", () => {
    const text =
      "50% were persistently absent from school; 31% of those aged 16+ were registered as not in education, employment or training\n9% have been on a child protection plan; 55% have received a suspension or exclusion";
    expect(parts(text)).toEqual([
      "50% were persistently absent from school;",
      "31% of those aged 16+ were registered as not in education, employment or training",
      "9% have been on a child protection plan;",
      "55% have received a suspension or exclusion",
    ]);
    // A hard-wrapped sentence whose next line starts with a figure stays whole.
    expect(parts("the number rose by\n9% over the year.")).toEqual(["the number rose by\n9% over the year."]);
  });

  it("splits a sentence that starts with a number", () => {
    expect(parts("The service was set up in 2019. 24 providers are on the framework.")).toEqual([
      "The service was set up in 2019.",
      "24 providers are on the framework.",
    ]);
  });

  it("splits an infographic's '; '-separated figures into one sentence each", () => {
    expect(
      parts("19% were identified as a child in need; 33% had parents who were or are involved in offending"),
    ).toEqual([
      "19% were identified as a child in need;",
      "33% had parents who were or are involved in offending",
    ]);
  });

  it("returns one span for text with no sentence end", () => {
    expect(parts("Indicator: Care leavers EET; Latest Value: 61.6%")).toEqual([
      "Indicator: Care leavers EET; Latest Value: 61.6%",
    ]);
  });

  it("ends a sentence at a table cell's '.; ' join", () => {
    expect(
      parts(
        "promotes healthy social norms.; The Reach Programme: The Reach Programme is a six-month programme.",
      ),
    ).toEqual([
      "promotes healthy social norms.;",
      "The Reach Programme: The Reach Programme is a six-month programme.",
    ]);
  });

  it("starts a sentence at every break the caller gives, whatever the punctuation", () => {
    const text = "VRN: Data driven need; The Reach Programme: 60% reside in just 10 postcode sectors";
    const at = text.indexOf("The Reach");
    expect(splitSentences(text, [at]).map((s) => text.slice(s.start, s.end))).toEqual([
      "VRN: Data driven need;",
      "The Reach Programme: 60% reside in just 10 postcode sectors",
    ]);
  });
});
