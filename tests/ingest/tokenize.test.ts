import { describe, expect, it } from "vitest";
import { termGroups, tokenize, tokenizeQuery } from "../../ingest/tokenize.js";

/** Snippets from eval/corpus unless marked otherwise. */
describe("tokenize: figures become one normalised term", () => {
  it.each([
    ["co-ordinating the plan around the £1.1million spend to support the duty", "1100000"],
    ["a saving of £0.1m in 2025/26, rising to £0.4m", "100000"],
    ["a saving of £0.1m in 2025/26, rising to £0.4m", "400000"],
    ["within an agreed capital investment of up to £2.5m to create up to 12 placements", "2500000"],
    ["increased from £4.8k per week (budgeted average cost", "4800"],
    ["(£14.6k and £10.1k)", "14600"],
    ["The cost of independent provision makes up around 27% (£30m)", "30000000"],
    ["Grant allocated to Leicestershire for 2023/24 totals £105,082,000.", "105082000"],
    ["matching-funding for capital investment of £1,991,422, Phases 2 and 3", "1991422"],
    ["we spent more than the Government (High Needs) grant by £10.8m’, and", "10800000"],
    ["a budget of 12,500 for the scheme (synthetic)", "12500"],
    ["Re-referrals to CSC within 12 mths\tPercent\tQ3 2023/24\t24.1%", "24.1"],
    ["Re-referrals to CSC within 12 mths\tPercent\tQ3 2023/24\t24.1%", "24.1%"],
    ["within timescales\tPercent\tHigh = Good\tQuarter\tQ4 2022/23\t75.71%", "75.71%"],
    ["rose to 82.6 per cent of cases (synthetic)", "82.6%"],
  ])("%s -> %s", (text, term) => {
    expect(tokenize(text)).toContain(term);
  });

  it("gives £1.1m, £1.1 million and £1,100,000 the same term, so a search for one finds the others", () => {
    const forms = ["£1.1m", "£1.1 million", "£1,100,000", "£1.1million", "1.1m"];
    for (const f of forms) expect(tokenize(f)).toEqual(["1100000"]);
  });

  it("gives 12,500 and 12500 the same term", () => {
    expect(tokenize("12,500")).toEqual(tokenize("12500"));
  });

  it("does not read a malformed thousands group as one number", () => {
    expect(tokenize("1,23")).toEqual(["1", "23"]);
  });

  it("marks a percentage with the word percent so 'what percentage' questions meet it", () => {
    expect(tokenize("82.6%")).toEqual(["82.6", "82.6%", "percent"]);
    expect(tokenizeQuery("What percentage of cases")).toContain("percent");
  });
});

describe("tokenize: periods, sections and references stay whole", () => {
  it.each([
    ["Quarter 3 2023/24 Performance Report", ["q3", "2023/24"]],
    ["Performance Dashboard for quarter 3, 2023/24", ["q3", "2023/24"]],
    ["Between Q2 2023/24 and Q3, the underlying denominator", ["q2", "2023/24", "q3"]],
    ["the third quarter of 23/24 (synthetic)", ["q3", "2023/24"]],
    ["The draft plan for 2020-23 has been developed", ["2020/23"]],
    ["Departmental ambitions for 2020-2023", ["2020/23"]],
    ["performance 2019/20", ["2019/20"]],
    ["It is of note that S47 enquiries do not always", ["s47"]],
    ["section 47 of the same Act requires local authorities", ["s47"]],
    ["to secure Section 106 funding for school expansions", ["s106"]],
    ["application 23/10001/FUL was approved (synthetic)", ["23/10001/ful"]],
    ["minutes of 27/04/2023 (synthetic)", ["2023-04-27"]],
  ])("%s", (text, terms) => {
    const tokens = tokenize(text);
    for (const t of terms) expect(tokens).toContain(t);
  });

  it("writes every form of a financial year as one term", () => {
    for (const f of ["2023/24", "2023-24", "2023/2024", "23/24", "2023 - 24"]) {
      expect(tokenize(f)).toEqual(["2023/24"]);
    }
  });

  it("leaves a pair that is not a financial year as two numbers", () => {
    expect(tokenize("1990/2023")).toEqual(["1990", "2023"]);
    expect(tokenize("12/15")).toEqual(["12", "15"]);
  });

  it("keeps a planning reference whole and also gives its parts", () => {
    expect(tokenize("23/10001/FUL")).toEqual(["23/10001/ful", "23", "10001", "ful"]);
  });

  it("keeps 2023/24 apart from 2022/23", () => {
    expect(tokenize("Q4 2022/23")).not.toContain("2023/24");
  });
});

describe("tokenize: words", () => {
  it.each([
    ["children", "child"],
    ["children's", "child"],
    ["placements", "plac"],
    ["reviewed", "review"],
    ["families", "family"],
    ["planned", "plan"],
    ["planning", "plan"],
    ["staffing", "staff"],
    ["used", "use"],
    ["using", "use"],
    ["aged", "age"],
    ["needed", "need"],
  ])("stems %s -> %s", (word, stem) => {
    expect(tokenize(word)).toEqual([stem]);
  });

  it.each([
    ["suspended", "suspensions"],
    ["excluded", "exclusion"],
    ["referred", "referrals"],
    ["assessed", "assessments"],
    ["adopted", "adoption"],
    ["completed", "completion"],
    ["discussed", "discussion"],
    ["decided", "decision"],
    ["employed", "employment"],
    ["educational", "education"],
    ["professional", "profession"],
  ])("gives %s and %s one stem", (verb, noun) => {
    expect(tokenize(noun)).toEqual(tokenize(verb));
  });

  it("keeps short words that only end like a derived noun, and roots ending in -ment", () => {
    expect(tokenize("mission pension station payment")).toEqual(["mission", "pension", "station", "payment"]);
    expect(tokenize("missing")).not.toEqual(tokenize("mission"));
    expect(tokenize("implement implemented")).toEqual(["implement", "implement"]);
  });

  it("gives inflections of one word the same stem", () => {
    expect(tokenize("place placed placing places")).toEqual(["plac", "plac", "plac", "plac"]);
    expect(tokenize("increase increased increasing")).toEqual(["increas", "increas", "increas"]);
  });

  it("drops stopwords but keeps not and no", () => {
    expect(tokenize("The plan is not in place and there is no budget")).toEqual([
      "plan",
      "not",
      "plac",
      "no",
      "budget",
    ]);
  });

  it("joins a hyphenated word so well-being meets wellbeing", () => {
    expect(tokenize("lifelong health and well-being")).toContain(tokenize("wellbeing")[0]);
  });

  it("turns small number words into digits", () => {
    expect(tokenize("nine of the ten highest cost children")).toEqual([
      "9",
      "10",
      "highest",
      "cost",
      "child",
    ]);
  });

  it("keeps letter-digit codes as they are", () => {
    expect(tokenize("KS2 results on the A104, 2nd year")).toEqual(["ks2", "result", "a104", "2nd", "year"]);
  });

  it("reads curly apostrophes and dashes like straight ones", () => {
    expect(tokenize("children’s services 2023–24")).toEqual(["child", "servic", "2023/24"]);
  });
});

describe("termGroups and tokenizeQuery", () => {
  it("puts the extra forms of one mention in one group", () => {
    expect(termGroups("rose to 61.6% in Q3")).toEqual([["ros"], ["61.6", "61.6%", "percent"], ["q3"]]);
  });

  it("drops question filler and repeats", () => {
    expect(tokenizeQuery("How many staff work in CFS altogether? How many staff?")).toEqual([
      "staff",
      "work",
      "cfs",
      "altogether",
    ]);
  });

  it("matches the query and document forms of a real gold question", () => {
    const q = tokenizeQuery(
      "What percentage of child protection cases were reviewed within timescales at the end of quarter 3 2023/24?",
    );
    const doc = tokenize(
      "Child protection cases reviewed within timescales\tPercent\tHigh = Good\tQuarter\tQ4 2022/23\t75.71%\tQ3 2023/24\t82.6%",
    );
    for (const t of ["percent", "child", "protect", "review", "timescal", "q3", "2023/24"]) {
      expect(q).toContain(t);
      expect(doc).toContain(t);
    }
  });
});
