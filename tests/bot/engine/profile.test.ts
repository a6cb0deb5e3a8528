import { describe, expect, it } from "vitest";
import { profileUnit, yearBefore } from "../../../bot/engine/profile.js";
import { extractPeriods } from "../../../ingest/periods.js";
import { makeUnit } from "./units.js";

const period = (label: string) => {
  const found = extractPeriods(label)[0];
  if (!found) throw new Error(`no period in ${label}`);
  return found;
};

/** A row as the papers print it: "Header: cell; ..." with the table's header and cells beside. */
function row(header: string[], cells: string[], doc: "q3" | "plan2020") {
  return makeUnit({
    doc,
    paragraph: null,
    text: header.map((h, i) => (h ? `${h}: ${cells[i]}` : cells[i])).join("; "),
    table: { title: null, header, cells },
  });
}

describe("yearBefore", () => {
  it.each([
    ["2019/20", "2018/19"],
    ["Q3 2023/24", "Q3 2022/23"],
    ["2019", "2018"],
    ["May 2020", "May 2019"],
  ])("%s -> %s", (label, before) => {
    expect(yearBefore(period(label))?.label).toBe(before);
  });

  it("gives nothing for a period without a year", () => {
    expect(yearBefore(period("autumn term"))).toBeNull();
  });
});

describe("profileUnit: dashboard columns", () => {
  it("dates a 'Previous year' column a year before the latest update (the 2020-23 plan's year-end table)", () => {
    const unit = row(
      ["", "Latest update", "End of year figure", "Compared to previous year", "Previous year"],
      [
        "% re-referrals to childrens Social Care within 12 months",
        "2019/20",
        "18.8%",
        "Lower (low is good)",
        "23.9%",
      ],
      "plan2020",
    );
    const values = profileUnit(unit, []).table?.values.map((v) => [
      v.header,
      v.when,
      v.period?.label ?? null,
    ]);
    expect(values).toEqual([
      ["End of year figure", "latest", "2019/20"],
      ["Previous year", "previous", "2018/19"],
    ]);
  });

  it("reads a quartile column as a rank, not a value of the measure (the Q3 2023/24 dashboard)", () => {
    const header = ["Indicator", "Latest Period", "Latest Value", "National benchmark (quartile 1 = top)"];
    const unit = row(
      header,
      ["KS2 - Expected level in RWM - pupils eligible for FSM", "2022/23 Final", "42.1%", "3"],
      "q3",
    );
    const values = profileUnit(unit, []).table?.values.map((v) => v.header);
    expect(values).toEqual(["Latest Value"]);
  });
});

describe("profileUnit: a prose figure's role and period", () => {
  const unit = makeUnit({
    doc: "q3",
    paragraph: "29",
    text:
      "The percentage of Free School Meal (FSM) eligible pupils achieving the expected standard or higher in Reading, " +
      "Writing and Mathematics was 42.1% (of 1341 pupils). At 43.4% the National performance is still lower than " +
      "in 2018, but 1.8% higher than in 2022. This is 222 lower than the summer term 2023 school census (12,801).",
  });
  const byRaw = new Map(profileUnit(unit, []).figures.map((f) => [f.figure.raw, f]));

  it("takes a comparator named right after the figure as its role", () => {
    expect(byRaw.get("43.4%")?.role).toBe("benchmark");
    expect(byRaw.get("42.1%")?.role).toBe("actual");
  });

  it("does not give a figure the period it is then compared with, but keeps a bracketed figure's own", () => {
    expect(byRaw.get("43.4%")?.period).toBeNull();
    expect(byRaw.get("12,801")?.period?.label).toBe("Summer 2023");
  });
});

describe("profileUnit: comparators and targets in the papers' words", () => {
  const roles = (text: string) =>
    new Map(
      profileUnit(makeUnit({ doc: "q3", paragraph: "12", text }), []).figures.map((f) => [
        f.figure.raw,
        f.role,
      ]),
    );

  it.each([
    ["The statistical neighbour avg was 19.8% against our 24.1%.", "19.8%", "benchmark"],
    ["Across the country 45% of children were seen, against 51% here.", "45%", "benchmark"],
    ["Our ambition is that 95% of plans are issued on time; 61% were in Q3.", "95%", "target"],
    ["Our ambition is that 95% of plans are issued on time; 61% were in Q3.", "61%", "actual"],
    ["From 22 measures that have a national benchmark, six are in the second quartile.", "six", "actual"],
    [
      "Leicestershire is performing well against outstanding shire Local Authorities who report 21.25% re-referrals.",
      "21.25%",
      "benchmark",
    ],
  ])("%s: %s is %s", (text, raw, role) => {
    expect(roles(text).get(raw)).toBe(role);
  });

  it("says whose value a comparator's figure is, so a question naming it can ask for it", () => {
    const unit = makeUnit({
      doc: "q3",
      paragraph: "12",
      text: "Outstanding shire Local Authorities report 21.25% re-referrals. Over recent months ours rose to 28.5%.",
    });
    const byRaw = new Map(profileUnit(unit, []).figures.map((f) => [f.figure.raw, f.comparator]));
    expect(byRaw.get("21.25%")).toBe("shire");
    expect(byRaw.get("28.5%")).toBeNull();
  });
});
