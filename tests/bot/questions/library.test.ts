import { describe, expect, it } from "vitest";
import type { Concept } from "../../../bot/engine/query.js";
import { phraseCovered, termSequence } from "../../../bot/questions/library.js";

const concept = (...wordings: string[]): Concept => ({
  label: wordings[0] ?? "",
  alternatives: wordings.map((w) => termSequence(w)),
  expanded: wordings.length > 1,
});

describe("phraseCovered", () => {
  const childrenInCare = concept("CLA", "children in care", "looked after children");
  const uasc = concept("UASC", "Unaccompanied Asylum-Seeking Children");

  it.each([
    [childrenInCare, "Leicestershire County Council has 140 UASC in care and 135 UASC Care Leavers", false],
    [childrenInCare, "The number of children in care increased from 27 to 58 (114%)", true],
    // The words, not the phrase.
    [childrenInCare, "re-referrals to Children's Social Care within twelve months", false],
    [childrenInCare, "related to residential care. ... children and young people", false],
    [uasc, "duties and responsibilities to Unaccompanied Asylum-Seeking Children (UASC)", true],
    [uasc, "funded through the Unaccompanied Asylum Seeking Children budget", true],
    [uasc, "asylum seekers placed in hotels", false],
  ])("%#", (c, text, want) => {
    expect(phraseCovered(c, termSequence(text))).toBe(want);
  });
});
