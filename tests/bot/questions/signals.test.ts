import { describe, expect, it } from "vitest";
import {
  detectSignals,
  indicatorSeverity,
  proseSubject,
  quoteAround,
  readIndicatorRow,
} from "../../../bot/questions/signals.js";
import { dashboardRow, OTHER, para, Q3, unit, YEAR_END, yearEndRow } from "./units.js";

describe("readIndicatorRow on real dashboard and year-end rows", () => {
  it.each([
    {
      name: "repeat child protection plans (Q3 2023/24)",
      row: dashboardRow(Q3.repeatCpp),
      want: { latest: "28.7%", previous: "26.1%", polarity: "low", trend: "worse", rag: "red", quartile: 4 },
      target: { raw: "<20.8%", direction: "below" },
      missed: true,
      neighbours: true,
    },
    {
      name: "CP reviews improved but still Red (Q3 2023/24)",
      row: dashboardRow(Q3.cpReviews),
      want: {
        latest: "82.6%",
        previous: "75.71%",
        polarity: "high",
        trend: "better",
        rag: "red",
        quartile: 4,
      },
      target: { raw: ">97.2%", direction: "above" },
      missed: true,
      neighbours: true,
    },
    {
      name: "assessments within 45 days: Amber, short of target, ahead of neighbours",
      row: dashboardRow(Q3.assessments),
      want: {
        latest: "88.9%",
        previous: "88.2%",
        polarity: "high",
        trend: "better",
        rag: "amber",
        quartile: 2,
      },
      target: { raw: ">90.3%", direction: "above" },
      missed: true,
      neighbours: false,
    },
    {
      name: "primary schools: the Trend cell says Decline, the values rose",
      row: dashboardRow(Q3.primarySchools),
      want: {
        latest: "90.3%",
        previous: "90.2%",
        polarity: "high",
        trend: "better",
        rag: "amber",
        quartile: 3,
      },
      target: null,
      missed: false,
      neighbours: true,
    },
    {
      name: "EHCPs in mainstream: no polarity, so no trend",
      row: dashboardRow(Q3.ehcpMainstream),
      want: { latest: "2446", previous: "2483", polarity: null, trend: null, rag: null, quartile: null },
      target: null,
      missed: false,
      neighbours: false,
    },
    {
      name: "2019/20 repeat plans: polarity from 'Higher (low is good)'",
      row: yearEndRow(YEAR_END.repeatCpp),
      want: {
        latest: "21.8%",
        previous: "17.2%",
        polarity: "low",
        trend: "worse",
        rag: null,
        quartile: null,
      },
      target: null,
      missed: false,
      neighbours: false,
    },
    {
      name: "2019/20 re-referrals fell, low is good",
      row: yearEndRow(YEAR_END.reReferrals),
      want: {
        latest: "18.8%",
        previous: "23.9%",
        polarity: "low",
        trend: "better",
        rag: null,
        quartile: null,
      },
      target: null,
      missed: false,
      neighbours: false,
    },
    {
      name: "2019/20 CP reviews: 'Lower' with no polarity stated",
      row: yearEndRow(YEAR_END.cpReviews),
      want: { latest: "96.0%", previous: "96.8%", polarity: null, trend: null, rag: null, quartile: null },
      target: null,
      missed: false,
      neighbours: false,
    },
    {
      name: "2019/20 placement stability: polarity in the indicator's own name",
      row: yearEndRow(YEAR_END.placementStability),
      want: { latest: "9.0%", previous: "8.0%", polarity: "low", trend: "worse", rag: null, quartile: null },
      target: null,
      missed: false,
      neighbours: false,
    },
  ])("$name", ({ row, want, target, missed, neighbours }) => {
    const ind = readIndicatorRow(row);
    expect(ind).not.toBeNull();
    if (!ind) return;
    expect({
      latest: ind.latest?.raw,
      previous: ind.previous?.raw,
      polarity: ind.polarity,
      trend: ind.trend,
      rag: ind.rag,
      quartile: ind.quartile,
    }).toEqual(want);
    expect(ind.target ? { raw: ind.target.raw, direction: ind.target.direction } : null).toEqual(target);
    expect(ind.missedTarget).toBe(missed);
    expect(ind.worseThanNeighbours).toBe(neighbours);
  });

  it("reads the period beside each value", () => {
    const ind = readIndicatorRow(dashboardRow(Q3.cpReviews));
    expect(ind?.latest?.period).toBe("Q3 2023/24");
    expect(ind?.previous?.period).toBe("Q4 2022/23");
  });

  it("is null for a table that is not a performance table", () => {
    const vrn = unit({
      text: "VRN: Description of intervention; The Reach Programme: an intensive six-month mentoring programme",
      kind: "table_row",
      table: {
        title: "Evidence-Based Interventions",
        header: ["VRN", "The Reach Programme"],
        cells: ["Description of intervention", "an intensive six-month mentoring programme"],
      },
    });
    expect(readIndicatorRow(vrn)).toBeNull();
  });
});

describe("indicatorSeverity ranks what a member would probe first", () => {
  const severity = (cells: string[]) => {
    const ind = readIndicatorRow(dashboardRow(cells));
    if (!ind) throw new Error("row not read");
    return indicatorSeverity(ind);
  };

  it("gives nothing to a Green, top-quartile indicator", () => {
    expect(severity(Q3.cppTwoYears)).toBe(0);
  });

  it("puts Red, bottom quartile and worsening above Red and improving, above Amber", () => {
    const repeat = severity(Q3.repeatCpp);
    const reviews = severity(Q3.cpReviews);
    const assessments = severity(Q3.assessments);
    expect(repeat).toBeGreaterThan(reviews);
    expect(reviews).toBeGreaterThan(assessments);
    expect(assessments).toBeGreaterThan(0);
  });

  it("counts a fall on an unrated indicator, more for a bigger fall", () => {
    expect(severity(Q3.healthAssessments)).toBeGreaterThan(0);
  });
});

describe("proseSubject", () => {
  it.each([
    [Q3.para9, "24.1%", "the percentage of re-referrals to Children's Social Care within twelve months"],
    [
      Q3.para8,
      "28.7%",
      "the percentage of children becoming subject to a child protection plan for a second or subsequent time in the year to date",
    ],
    // The value is not what the verb states: no subject rather than the wrong one.
    [
      "The percentage of SEN support pupils achieving the expected standard or higher in Reading, Writing and Mathematics was 23% (of 1265 pupils), third quartile nationally, and for Education and Health Care Plan pupils (EHCP) it was 10.6% (of 349 pupils), second quartile nationally.",
      "10.6%",
      null,
    ],
  ])("%#", (sentence, value, want) => {
    expect(proseSubject(sentence.split(". ")[0] ?? sentence, value)).toBe(want);
  });
});

describe("detectSignals", () => {
  it("joins a paragraph and the dashboard row stating the same latest value into one signal", () => {
    const p8 = para("8", Q3.para8);
    const r = dashboardRow(Q3.repeatCpp);
    const signals = detectSignals([p8, r]);
    expect(signals).toHaveLength(1);
    const s = signals[0];
    expect(s?.kind).toBe("indicator");
    expect(s?.unitIds).toEqual([p8.id, r.id]);
    expect(s?.prose?.subject).toMatch(
      /^the percentage of children becoming subject to a child protection plan/,
    );
  });

  it("marks a paragraph saying the council 'continues to be placed in the fourth quartile' as persistent", () => {
    const signals = detectSignals([para("9", Q3.para9), dashboardRow(Q3.reReferrals)]);
    expect(signals[0]?.prose?.persistent).toBe(true);
  });

  it("ranks the Q3 Red indicators above Amber and leaves Green out", () => {
    const units = [
      dashboardRow(Q3.assessments),
      dashboardRow(Q3.cppTwoYears),
      dashboardRow(Q3.cpReviews),
      dashboardRow(Q3.repeatCpp),
      dashboardRow(Q3.reReferrals),
    ];
    const names = detectSignals(units).map((s) => s.indicator?.name);
    expect(names).toEqual([
      "Children becoming subject to a CPP for second or subsequent time",
      "Re-referrals to CSC within 12 mths",
      "Child protection cases which were reviewed within timescales",
      "Assessments completed within 45 days",
    ]);
  });

  it.each([
    { name: "data the report cannot give (Q3 para 16)", text: Q3.para16, kind: "not_reported" },
    { name: "a funding gap (UASC para 30)", text: OTHER.uascGap, kind: "pressure" },
    { name: "savings with money and a date (CIP para 28)", text: OTHER.cipSavings, kind: "savings" },
    {
      name: "delays, not the rising costs listed as causes (CIP para 23)",
      text: OTHER.cipDelays,
      kind: "delay",
    },
    { name: "dated commitments (CIP para 21)", text: OTHER.cipHomes, kind: "commitment" },
    { name: "a capital allocation (CIP para 27)", text: OTHER.cipCapital, kind: "money" },
    { name: "a new service model (overview para 36)", text: OTHER.familyHelp, kind: "service_change" },
    { name: "a record high in EHCP numbers (Q3 para 18)", text: Q3.para18, kind: "demand" },
  ])("finds $name", ({ text, kind }) => {
    const signals = detectSignals([para("1", text)]);
    expect(signals.map((s) => s.kind)).toEqual([kind]);
    // The quote is the paper's own words.
    const quote = (signals[0]?.quote ?? "").replace(/^…|…$/g, "");
    expect(text).toContain(quote);
  });

  it.each([
    { name: "'to avoid drift and delay' (overview para 27)", text: OTHER.overviewScreening },
    { name: "a scheme established in 2016, in a 2024 paper (UASC para 7)", text: OTHER.uascNts },
    { name: "take-up rising, which is good news (Q3 para 21)", text: Q3.para21 },
  ])("finds nothing to probe in $name", ({ text }) => {
    expect(detectSignals([para("1", text)])).toEqual([]);
  });

  it("quotes the sentence before one that starts 'These homes'", () => {
    const [s] = detectSignals([para("21", OTHER.cipHomes)]);
    expect(s?.quote).toBe(
      "Two other homes are being prepared for opening, pending Ofsted Registration. These homes should be open by July 2024.",
    );
  });

  it("never drafts from minutes", () => {
    const minute = unit({
      kind: "minute",
      paragraph: "52(ii)",
      text: "Members noted that 135 individuals over the age of 18 were being cared for by the Council and that this was funded through the Unaccompanied Asylum-Seeking Children (UASC) budget. The Cabinet Lead Member for Children and Families had written to the Secretary of State to seek a resolution as the situation would continue to negatively impact lives and contribute to the financial growth pressure in relation to the UASC budget.",
    });
    expect(detectSignals([minute])).toEqual([]);
  });
});

describe("quoteAround", () => {
  const long = OTHER.familyHelp;

  it("keeps a short sentence whole", () => {
    expect(quoteAround("There have been delays in the opening of homes.", /delays/)).toBe(
      "There have been delays in the opening of homes.",
    );
  });

  it("shortens a long sentence at a space, marking the cut", () => {
    const q = quoteAround(long, /was established/, 120);
    expect(q.length).toBeLessThanOrEqual(122);
    expect(q.endsWith("…")).toBe(true);
    expect(long).toContain(q.slice(0, -1));
  });

  it("starts at a clause break near a late match and keeps a number's noun", () => {
    const text =
      "In partnership with Barnardoís, alternative service delivery models are being designed culminating so far with an Assessment and Resource Team (ART) hub and assessment bed model and a residential build and conversion plan to improve the sufficiency and quality of residential provision within an agreed capital investment of up to £2.5m to create up to 12 placements.";
    const q = quoteAround(text, /capital investment/);
    expect(q).toContain("£2.5m");
    expect(q).toMatch(/12 placements/);
    expect(q.startsWith("…")).toBe(true);
  });
});
