import { describe, expect, it } from "vitest";
import { buildAliases, councillorWording, understandQuestion } from "../../../bot/engine/query.js";
import { loadBuiltinGlossary } from "../../../ingest/glossary.js";

const aliases = buildAliases(loadBuiltinGlossary());
const NOW = new Date("2024-06-01T00:00:00Z");
const read = (q: string) => understandQuestion(q, aliases, NOW);
const labels = (q: string) => read(q).concepts.map((c) => c.label);

describe("understandQuestion: the kind of figure asked for", () => {
  it.each([
    ["what % of CP cases got reviewed on time at the end of Q3 2023/24?", "percent"],
    ["What proportion of assessments were done within 45 days?", "percent"],
    ["re-referral rate to children's social care", "percent"],
    ["How many UASC were in care at 31 December 2023?", "count"],
    ["How much was the MISTLE contract worth?", "money"],
    ["What is the High Needs Grant for 2023/24?", "money"],
    ["What did the CQC placement cost a week?", "money"],
    ["How long does an EHCP assessment take on average?", "duration"],
    ["What was the average Progress 8 score in 2023?", "number"],
    ["How fast were placement budget pressures rising per year?", "percent"],
    ["How quickly has the number of UASC gone up since 2022?", "percent"],
    ["How quickly can a UASC be in education once placed?", "duration"],
    ["How soon after a referral is a strategy discussion held?", "duration"],
    ["What's the avg time to finish an EHCP assessment?", "duration"],
    ["What's the legal timescale for finishing an EHC plan, in weeks?", "duration"],
    ["SEN support headcount in mainstream at the summer 23 census?", "count"],
    ["What is the maximum length of the CIP contract?", "duration"],
    ["How long can the CIP contract run for, in years?", "duration"],
    ["When was the Family Help service set up?", null],
    ["Who won the Children's Innovation Partnership contract?", null],
    ["EHCP assessment times - what was the average earlier in 2023?", "duration"],
    ["How many times was custody used?", "count"],
  ])("%s -> %s", (q, kind) => {
    expect(read(q).figureKind).toBe(kind);
  });
});

describe("understandQuestion: periods and paper hints", () => {
  it.each([
    ["what % of CP cases got reviewed on time at the end of Q3 2023/24?", ["Q3 2023/24"]],
    ["NEET rate for 16-17 year olds, Q3 23/24", ["Q3 2023/24"]],
    ["What's the repeat CPP rate at the end of Q3?", ["Q3"]],
    ["FEEE take-up in the autumn term 2023", ["Autumn 2023"]],
    ["What was the NEET rate in 2019-20?", ["2019/20"]],
    ["How many children came through the NTS last year?", ["2023"]],
  ])("%s -> %j", (q, periods) => {
    expect(read(q).periods.map((p) => p.label)).toEqual(periods);
  });

  it("reads a date next to 'report' or 'minutes' as the paper's date, not the data's", () => {
    const q = read("What growth to 2024/25 was approved in the MTFS, according to the Nov 2021 report?");
    expect(q.periods.map((p) => p.label)).toEqual(["2024/25"]);
    expect(q.docHints.dates).toEqual([{ year: 2021, month: 11 }]);
    const m = read("What was the value of the MISTLE contract, per the March 2020 minutes?");
    expect(m.periods).toEqual([]);
    expect(m.docHints).toMatchObject({ dates: [{ year: 2020, month: 3 }], minutes: true });
    expect(read("the dept plan's care leavers figure").docHints.titleTerms).toContain("plan");
  });

  it.each([
    ["How many children are electively home educated now?", true],
    ["What's the latest NEET figure?", true],
    ["What is the EHE number currently?", true],
    ["How many children were electively home educated at the end of Q3 2023/24?", false],
  ])("recency in %s -> %s", (q, recency) => {
    expect(read(q).recency).toBe(recency);
  });

  it.each([
    ["What's the target for CP reviews within timescales?", "target"],
    ["How does Leicestershire compare with the England average for secondary schools?", "benchmark"],
    ["What % of secondary schools are good or outstanding?", "actual"],
    ["re-referrals to CSC - what's the stat neighbour avg?", "benchmark"],
    ["What was the SN average for repeat CP plans?", "benchmark"],
    ["What % of FSM pupils reached the expected standard nationally?", "benchmark"],
    ["How does that compare across the country?", "benchmark"],
    ["What is the national mean for Progress 8?", "benchmark"],
    ["How many VRUs are there across England and Wales?", "actual"],
    ["What's the department's ambition for care leavers in education?", "target"],
  ])("role in %s -> %s", (q, role) => {
    expect(read(q).role).toBe(role);
  });
});

describe("understandQuestion: what it is about", () => {
  it("expands acronyms and colloquial forms from the glossary into one concept", () => {
    const q = read("annual health assessments for kids in care, Q3 23/24?");
    const cla = q.concepts.find((c) => c.alternatives.some((a) => a.join(" ") === "child look"));
    expect(cla).toBeDefined();
    expect(q.searchText).toMatch(/looked after children|children in care/i);
    expect(labels("what % of CP cases got reviewed on time?")).toEqual(expect.arrayContaining(["CP"]));
  });

  it("marks the words that name the paper or study, and only those", () => {
    const q = read("In the VRN after-school briefing, what % of the cohort had been a child in need?");
    const paper = q.concepts.filter((c) => c.paper).map((c) => c.label);
    expect(paper).toEqual(expect.arrayContaining(["VRN", "brief"]));
    expect(paper).not.toContain("cohort");
    expect(read("What % of the cohort had been a child in need?").concepts.some((c) => c.paper)).toBe(false);
  });

  it("weighs an acronym named twice once, and reads digit acronyms' plurals", () => {
    expect(
      labels("How many over-18 former UASC are cared for out of the UASC budget?").filter(
        (l) => l === "UASC",
      ),
    ).toHaveLength(1);
    expect(labels("How many S47s went to conference?")).toContain("S47");
  });

  it("leaves out words that only say what kind of answer is wanted", () => {
    expect(labels("What percentage of the total number of staff?")).toEqual(["staff"]);
  });

  it("marks the answer-type words of fact questions as soft", () => {
    const q = read("Which consultancy was the delivery partner for the programme?");
    expect(q.concepts.find((c) => c.label === "consultancy")?.soft).toBe(true);
    expect(q.concepts.find((c) => c.label === "partner")?.soft).toBeUndefined();
  });

  it("reads a place opening the question as its topic label as a name", () => {
    expect(read("Hinckley - how many kids open to locality fieldwork there as at May 2020?").names).toEqual([
      ["hinckley"],
    ]);
    expect(read("Welland House: what was its forecast cost?").names).toEqual([["welland", "hous"]]);
    expect(read("Reception pupils reaching a good level of development in 2023?").names).toEqual([]);
  });

  it("keeps the places and organisations a question names", () => {
    expect(read("What % of CP cases did Rutland review within timescales?").names).toEqual([["rutland"]]);
    expect(read("How many UASC does Leicester City Council have in care?").names).toEqual([
      ["leicester", "city"],
    ]);
    expect(read("How many children are electively home educated now?").names).toEqual([]);
  });

  it("recognises comparisons that want two figures", () => {
    expect(read("How many children were on CP plans in May 2020 vs May 2019?").comparison).toBe(true);
    expect(
      read("How many kids are home educated at end of Q3 23/24, and how many a year earlier?").comparison,
    ).toBe(true);
    expect(read("How many kids are home educated at end of Q3 23/24?").comparison).toBe(false);
  });
});

describe("councillorWording: shorthand rewritten before the question is read", () => {
  it.each([
    [
      "By what % did children in care go up between Dec 22 and Dec 23?",
      "By what % did children in care increased between Dec 2022 and Dec 2023?",
    ],
    ["housing protocol for homeless 16/17 year olds", "housing protocol for homeless 16 and 17 year olds"],
    ["When did DCSF2 kick off?", "When did DCSF2 started?"],
    [
      "UASC in care now vs the year before - what are the two numbers?",
      "UASC in care now vs the year before -  ?",
    ],
    ["What was the NEET rate in March 2024?", "What was the NEET rate in March 2024?"],
    ["the Dec 2023 figure", "the Dec 2023 figure"],
    ["East Mids wide - how many?", "East Midlands wide - how many?"],
    // A colon after the year ends the phrase; a colon between digits is a time.
    [
      "May 19 to April 20: what % of assessments were done within 45 days?",
      "May 2019 to April 2020: what % of assessments were done within 45 days?",
    ],
    ["the meeting on 5 March at 10:30", "the meeting on 5 March at 10:30"],
    ["re-referrals - what was the rate the year before 19/20?", "re-referrals - what was the rate 2018/19?"],
    ["custody the year prior to 2019-20", "custody 2018/19"],
    ["the year before 2020", "2019"],
    // No period named: the comparison stays for the question to read.
    ["and the year before?", "and the year before?"],
    ["CP plans that had run 2+ yrs", "CP plans that had run two years or more"],
    ["open for 3+ months", "open for three months or more"],
    ["in the last 2 yrs", "in the last 2 years"],
    ["how many a yr", "how many a year"],
    ["no of children re-referred", "number of children re-referred"],
    ["duties for childrens services", "duties for children's services"],
    // A school year group is no span of years.
    ["how many yr 6 kids with an EHCP", "how many Year 6 kids with an EHCP"],
    ["Y11 leavers", "Year 11 leavers"],
    // A negation is a word of its own.
    ["still didn't have a place", "still did not have a place"],
    ["we can't say", "we can not say"],
  ])("%s", (q, out) => {
    expect(councillorWording(q)).toBe(out);
  });
});

describe("understandQuestion: what the councillor's wording implies", () => {
  it.each([
    // A count asked about a budget's people is still a count.
    ["How many over-18 former UASC is the council caring for out of the UASC budget?", "count"],
    // A change is stated as the paper chooses: %, £ or a count.
    ["How much have EHCP numbers grown in Leics compared with England?", null],
    ["How much has the cost of the top 10 high-cost placements gone up over the last year?", null],
    ["How much did the CQC placement cost a week?", "money"],
  ])("%s -> %s", (q, kind) => {
    expect(read(q).figureKind).toBe(kind);
  });

  it("reads ages and trailing windows as no period, and month shorthand as a period", () => {
    expect(read("When was the housing protocol for homeless 16/17 year olds approved?").periods).toEqual([]);
    expect(read("How much has the cost gone up over the last year?").periods).toEqual([]);
    expect(read("What % went up between Dec 22 and Dec 23?").periods.map((p) => p.label)).toEqual([
      "December 2022 to December 2023",
    ]);
  });

  it("keeps the numbers a question gives as context, and notices a total", () => {
    const q = read("Of the 53 CCE referrals in Q3, how many were boys?");
    expect(q.given).toEqual([53]);
    expect(q.total).toBe(false);
    expect(read("How many CLA in total did Leics have at the end of December 2023?").total).toBe(true);
  });

  it("does not read a given target as asking for a target, nor comparison words as content", () => {
    expect(read("How much of the £16m savings target is down to the DCFSF programme?").role).toBe("actual");
    expect(read("What is the stretch target for the annualised benefit?").role).toBe("target");
    expect(labels("How much have EHCP numbers grown in Leics compared with England?")).not.toContain(
      "compar",
    );
  });

  it("reads what a clause rules out as excluded, not as the subject", () => {
    const q = read(
      "DCFSF: what's the target annualised benefit - the normal target, not the stretch one and not what it's delivering now?",
    );
    expect(q.excluded).toEqual(expect.arrayContaining(["stretch", "deliver"]));
    expect(labels("DCFSF: what's the target benefit, not the stretch one?")).not.toContain("stretch");
    expect(q.recency).toBe(false);
    expect(read("Staff headcount, not FTE?").excluded).toEqual(["fte"]);
    // Asked about as well as ruled out: still the subject.
    expect(read("How many of its teams work with CLA (not counting the SGO team)?").excluded).not.toContain(
      "team",
    );
    // "not" inside the subject is the subject: young people not in education.
    expect(read("How many young people were not in education in Q3?").excluded).toEqual([]);
    expect(read("EHE numbers in Q3, not Q2?").periods.map((p) => p.label)).toEqual(["Q3"]);
  });

  it("weighs everyday phrasing words as soft, never the subject", () => {
    const q = read("Education Effectiveness - how many separate services sit under that umbrella?");
    const soft = q.concepts.filter((c) => c.soft).map((c) => c.label);
    expect(soft).toEqual(expect.arrayContaining(["separat", "sit"]));
    expect(soft).not.toContain("servic");
    expect(soft).not.toContain("effectiveness");
  });

  it("reads a quarter that names its report as the paper's period, not the figure's", () => {
    const q = read(
      "the Q3 23/24 report can't give a current figure, so how many families did CFWS work with?",
    );
    expect(q.periods).toEqual([]);
    expect(q.docHints.titlePeriods.map((p) => p.label)).toEqual(["Q3 2023/24"]);
    expect(read("CP reviews in timescale at the end of Q3 23/24?").periods.map((p) => p.label)).toEqual([
      "Q3 2023/24",
    ]);
  });

  it("reads the rate a question asks for, and none where it asks for no rate", () => {
    expect(read("What does Welland House cost to run per week?").rate).toBe("week");
    expect(read("On average how many children a month came via the NTS?").rate).toBe("month");
    expect(read("What is the forecast cost of Welland House?").rate).toBeNull();
  });
});

describe("understandQuestion: one period before another, and ages asked", () => {
  it("reads 'the year before 19/20' as 2018/19 and no comparison", () => {
    const q = read("CSC re-referrals within 12 months - what was the rate the year before 19/20?");
    expect(q.periods.map((p) => p.label)).toEqual(["2018/19"]);
    expect(q.comparison).toBe(false);
    expect(read("What was the NEET rate in Q3 23/24, and the year before?").comparison).toBe(true);
  });

  it("takes an age asked as the answer's kind, not a word to find", () => {
    const q = read("From what age does the Youth and Justice service start working with children?");
    expect(q.age).toBe(true);
    expect(q.concepts.map((c) => c.label)).not.toContain("age");
    expect(read("How old are care leavers when support ends?").age).toBe(true);
    // An age named as the subject is still a subject.
    const subject = read("How many care leavers aged 18 to 21 are in EET?");
    expect(subject.age).toBe(false);
  });
});

describe("understandQuestion: the value before a change, and words that only describe the paper", () => {
  it.each([
    ["reception GLD for FSM kids - what was it in 2022, before it dropped?", true],
    ["EHCP assessment times - what was the average earlier in 2023, before they came down?", true],
    ["NEET rate: what was it before?", true],
    ["What % of FSM pupils hit the expected KS2 standard in 2022, before this year's rise?", true],
    ["KS4 Progress 8 for all pupils - what was it the year before the latest results?", true],
    ["Placement stability 2+ years - what was the previous year's figure in the 2019/20 table?", true],
    ["reception GLD for FSM kids in 2022?", false],
    ["How many kids were in care before the NTS became mandatory?", false],
  ])("%s -> before %s", (q, before) => {
    expect(read(q).before).toBe(before);
  });

  const paperWords = (q: string) =>
    read(q)
      .concepts.filter((c) => c.paper)
      .map((c) => c.label);

  it("reads a question opening with its paper ('VRN after-school deep dive: ...')", () => {
    expect(
      paperWords("VRN after-school deep dive: what % of the young people had been on a CP plan?"),
    ).toEqual(expect.arrayContaining(["school", "deep", "div"]));
    expect(paperWords("UASC report - how many dispersal hotels now?")).toEqual(["UASC"]);
    expect(paperWords("how many dispersal hotels - and UASC - now?")).toEqual([]);
  });

  it("reads 'does the final dept plan show' and 'in the ... programme' as naming the paper", () => {
    expect(paperWords("How many children in need does the final dept plan show for 19/20?")).toEqual(
      expect.arrayContaining(["final", "plan"]),
    );
    expect(paperWords("stretch target in the Newton/DCFSF programme, £m?")).toEqual(
      expect.arrayContaining(["newton"]),
    );
    expect(paperWords("How many children in need are there in Leicestershire?")).toEqual([]);
  });
});

describe("understandQuestion: the size of a change, and words that only say how to choose", () => {
  it.each([
    ["By how many children has elective home education gone up compared with a year ago?", true, false],
    ["What was the increase in EHCPs over the year?", true, false],
    ["How much have EHCP numbers grown in Leics compared with England?", true, true],
    ["EHE numbers at end of Q3 vs a year ago?", false, true],
    ["How many children were electively home educated at the end of Q3?", false, false],
  ])("%s -> change %s, comparison %s", (q, change, comparison) => {
    const r = read(q);
    expect(r.change).toBe(change);
    expect(r.comparison).toBe(comparison);
  });

  it("weighs superlatives, 'how many times' and 'the latest one' as phrasing, not subject", () => {
    const soft = (q: string) =>
      read(q)
        .concepts.filter((c) => c.soft)
        .map((c) => c.label);
    expect(soft("In 22/23 what did the single most expensive placement cost per week?")).toEqual(
      expect.arrayContaining(["singl", "expensiv"]),
    );
    expect(soft("How many times was custody used in 2019/20?")).toContain("tim");
    expect(soft("KS4 Progress 8 the year before the latest one?")).toContain("one");
  });
});

describe("understandQuestion: numbers the question states", () => {
  it("reads digits and number words as given, never 'one'", () => {
    expect(read("Of the 53 CCE referrals, how many were boys?").given).toContain(53);
    expect(read("Missing episodes across the three LLR authorities in Q3 2019/20?").given).toContain(3);
    expect(read("Which one of the teams is largest?").given).toEqual([]);
  });
});

describe("understandQuestion: the kind of a quantity the question states", () => {
  it.each([
    ["EHCP assessments taking about 35 wks on avg now - what was it earlier in 2023?", "duration"],
    ["Residential placements now average £5.8k a week - what was the budget before that?", "money"],
    ["Re-referrals to CSC within 12 months in 2019/20?", null],
    ["Single assessments in 45 days - end of year 19/20 figure?", null],
    ["Did we hit the 45-day assessment target in Q3? What is the target?", null],
  ])("%s -> %s", (q, kind) => {
    expect(read(q).figureKind).toBe(kind);
  });

  it("reads money the question states as given, so it is never the answer", () => {
    expect(
      read("Residential placements now average £5.8k a week - what was the budget before that?").given,
    ).toContain(5800);
  });
});

describe("understandQuestion: a part of a whole asked", () => {
  it.each([
    ["How much of the department's savings to 2024/25 comes from the DCFSF programme?", true],
    ["Of the department's savings to 24/25, how much is expected to come from DCFSF?", true],
    ["How much does the department have to save by 2024/25?", false],
  ])("%s -> part %s", (q, part) => {
    expect(read(q).part).toBe(part);
  });
});

describe("understandQuestion: people and statutes are not places", () => {
  it("reads no name in 'the Chair's answer to Mr Warwick' or 'joint Section 47 enquiries', and a budget as money", () => {
    const q = read(
      "In the Chair's answer to Mr Warwick, what is the SEND placements bill budgeted at for 23/24?",
    );
    expect(q.names).toEqual([]);
    expect(q.figureKind).toBe("money");
    expect(
      read("Of the CSE cases in Q3 2019/20, how many ended in joint Section 47 enquiries?").names,
    ).toEqual([]);
    expect(read("Hinckley - how many kids open to locality fieldwork?").names).toEqual([["hinckley"]]);
  });
});

describe("understandQuestion: a kind ruled out", () => {
  it("reads '(the number, not the %)' as asking for a count", () => {
    expect(
      read("In Q3, how many assessments were completed within the 45 days (the number, not the %)?")
        .figureKind,
    ).toBe("count");
  });
});

describe("understandQuestion: a yearly rate, and 'by what %'", () => {
  it.each([
    ["How many unaccompanied children a year should we expect to take into care?", "year"],
    ["How many kids were home educated a year earlier?", null],
    ["LAC with 3+ placements in a year - 19/20?", null],
  ])("%s -> rate %s", (q, rate) => {
    expect(read(q).rate).toBe(rate);
  });

  it("reads '% rise' as the size of a change", () => {
    expect(read("overall % rise in uasc in care in the year to dec 23").change).toBe(true);
    expect(read("What was the percentage increase in EHE?").change).toBe(true);
  });

  it("reads 'by what %' as the size of a change", () => {
    expect(read("By what % did care leavers go up between Dec 22 and Dec 23?").change).toBe(true);
  });
});

describe("understandQuestion: session-8 readings", () => {
  it("reads 'before costs went up' and 'the previous-year figure' as asking the earlier value", () => {
    expect(read("What was the weekly cost before costs went up?").before).toBe(true);
    expect(read("What was the previous-year figure in the 2019/20 table?").before).toBe(true);
  });

  it("reads a rate after a number the question states as that number's, not a rate asked", () => {
    expect(read("How many placements have been costing over 10k a week?").rate).toBeNull();
    expect(read("What does a placement cost a week?").rate).toBe("week");
  });

  it("reads a date naming a paper by several words ('the June 2020 children in need report') as the paper's", () => {
    const q = read("What rate do outstanding shires report, per the June 2020 children in need report?");
    expect(q.periods).toEqual([]);
    expect(q.docHints.dates).toEqual([{ year: 2020, month: 6 }]);
    expect(read("In the June 2020 help & protection paper, what is the re-referral rate?").periods).toEqual(
      [],
    );
  });

  it("reads a date in brackets after a paper's noun as the paper's ('plan update (June 2020)')", () => {
    const q = read("partnership plan update (June 2020): how many care leavers became apprentices?");
    expect(q.periods).toEqual([]);
    expect(q.docHints.dates).toEqual([{ year: 2020, month: 6 }]);
    expect(read("12 month re-referral % in the cin/cp report june 2020").periods).toEqual([]);
  });

  it("reads a quarter naming an agenda item ('the Q3 performance item') as the item's, not a period asked", () => {
    expect(read("KS2 RWM for FSM pupils, as discussed on the Q3 performance item?").periods).toEqual([]);
  });

  it("reads what a meeting discussed as asking its minutes", () => {
    expect(
      read("What % was quoted when scrutiny discussed the Q3 performance report?").docHints.minutes,
    ).toBe(true);
    expect(read("What % of pupils reached the expected standard?").docHints.minutes).toBe(false);
  });

  it("reads 'of the savings target, how much ...' as asking a part, not a target", () => {
    const q = read(
      "of the dept's savings target to 24/25, how much was expected to come from the Newton programme?",
    );
    expect(q.role).toBe("actual");
    expect(q.part).toBe(true);
    expect(read("What is the savings target to 24/25?").role).toBe("target");
  });

  it("reads a school year group as a count asked, not a duration", () => {
    expect(read("how many yr 6 kids with an EHCP had no named placement?").figureKind).toBe("count");
  });

  it("reads 'a year before' alone as the earlier value only; with 'vs' as both", () => {
    const earlier = read("What was the combined UASC caseload a year before?");
    expect(earlier.before).toBe(true);
    expect(earlier.comparison).toBe(false);
    const both = read("UASC caseload now vs a year before?");
    expect(both.before).toBe(false);
    expect(both.comparison).toBe(true);
  });

  it("places 'Q3 last year, 22/23' in 2022/23, and leaves 'Q3 ... compared to 2022/23' as two periods", () => {
    expect(read("How many EHE at end of Q3 last year, 22/23?").periods.map((p) => p.label)).toEqual([
      "Q3 2022/23",
    ]);
    const two = read("Q3 EHE numbers compared to 2022/23?");
    expect(two.periods.map((p) => p.label)).toEqual(["Q3", "2022/23"]);
    expect(two.concepts.map((c) => c.label)).toContain("EHE");
  });
});
