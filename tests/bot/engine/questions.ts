/**
 * The engine's own dev set: councillor-style questions over the five demo papers (eval/corpus), with the figure the
 * papers state and text the cited unit must contain. Written from reading the papers; kept apart from eval/gold so
 * tuning here does not leak into the governance eval.
 *
 * `evidence`: any one of these strings (case and whitespace insensitive) must be in the text of one of the first
 * three citations. Prose paragraphs and dashboard rows often state the same figure, so both are listed when both do.
 * `value`: the figure that must come first in answer.figures (matched to the printed precision).
 */

export type DevExpect =
  | {
      kind: "figure";
      value: number;
      unit: "percent" | "count" | "gbp" | "weeks" | "number";
      evidence: string[];
    }
  | { kind: "fact"; evidence: string[] }
  | { kind: "unanswerable" };

export interface DevQuestion {
  q: string;
  expect: DevExpect;
  /** Why the case is there (a trap, a phrasing) when it is not obvious. */
  why?: string;
}

const pct = (value: number, ...evidence: string[]): DevExpect => ({
  kind: "figure",
  value,
  unit: "percent",
  evidence,
});
const count = (value: number, ...evidence: string[]): DevExpect => ({
  kind: "figure",
  value,
  unit: "count",
  evidence,
});
const gbp = (value: number, ...evidence: string[]): DevExpect => ({
  kind: "figure",
  value,
  unit: "gbp",
  evidence,
});
const fact = (...evidence: string[]): DevExpect => ({ kind: "fact", evidence });
const none: DevExpect = { kind: "unanswerable" };

export const DEV_QUESTIONS: DevQuestion[] = [
  // 001: Quarter 3 2023/24 Performance Report (prose paragraphs and the dashboard table)
  {
    q: "what % of CP cases got reviewed on time at the end of Q3 2023/24?",
    expect: pct(82.6, "266 of 322", "Child protection cases which were reviewed within timescales"),
  },
  {
    q: "How many kids started a second or subsequent child protection plan in Q3 23/24?",
    expect: count(50, "50 children began a second or subsequent child protection plan"),
  },
  {
    q: "What's the repeat CPP rate at the end of Q3?",
    expect: pct(
      28.7,
      "second or subsequent time in the year to date increased to 28.7%",
      "CPP for second or subsequent time",
    ),
    why: "CPP acronym; bare Q3 with the year left to the papers",
  },
  {
    q: "re-referral rate to children's social care at the end of quarter 3 2023/24",
    expect: pct(
      24.1,
      "re-referrals to Children's Social Care within twelve months was 24.1%",
      "Re-referrals to CSC within 12 mths",
    ),
  },
  {
    q: "What proportion of assessments were completed within 45 days in Q3 2023/24?",
    expect: pct(
      88.9,
      "assessments completed within 45 days to the end of quarter 3 was 88.9%",
      "Assessments completed within 45 days",
    ),
  },
  {
    q: "How many child protection plans had been open two years or more at the end of Q3 2023/24?",
    expect: count(5, "Five Child Protection plans lasting two years or more"),
  },
  {
    q: "What percentage of care leavers were in suitable accommodation at end of Q3 23/24?",
    expect: pct(95.8, "252 out of 263", "Care leavers in suitable accommodation"),
  },
  {
    q: "care leavers in education, employment or training - latest %?",
    expect: pct(61.6, "162 out of 263", "Care leavers EET"),
    why: "latest: the March 2024 report, not 2019/20",
  },
  {
    q: "What share of looked after children had a dental check by the end of Q3 2023/24?",
    expect: pct(
      65.4,
      "dental check at the end of quarter 3 was 65.4%",
      "dental checks within last 12 months",
    ),
    why: "looked after children -> children in care",
  },
  {
    q: "annual health assessments for kids in care, Q3 23/24?",
    expect: pct(
      62.1,
      "annual health assessment within the last 12 months at the end of quarter 3 was 62.1%",
      "annual health assessment within last 12 months",
    ),
  },
  {
    q: "How many children in mainstream schools had an EHCP at the autumn 2023 census?",
    expect: count(
      2446,
      "2,446 at the Autumn term 2023 school census",
      "Children in mainstream schools with EHCP",
    ),
  },
  {
    q: "How many pupils were getting SEN support without an EHCP in the autumn term 2023?",
    expect: count(12579, "12,579 at the Autumn term 2023", "in receipt of SEN Support (without EHCP)"),
  },
  {
    q: "What was FEEE take-up for eligible two year olds in autumn 2023?",
    expect: pct(79.4, "79.4% of eligible two-year-olds", "Eligible 2 year olds taking up their FEEE"),
  },
  {
    q: "free early education take up among 3 year olds, autumn term 2023",
    expect: pct(
      93.6,
      "For three-year-olds, the figure was 93.6%",
      "Eligible 3 year olds taking up their FEEE",
    ),
  },
  {
    q: "What % of primary schools were rated good or outstanding at the end of Q3 2023/24?",
    expect: pct(90.3, "204 out of 226", "Primary schools rated 'Good' or 'Outstanding'"),
  },
  {
    q: "and secondary schools good or outstanding, end of Q3 2023/24?",
    expect: pct(77.8, "35 out of 45", "Secondary schools rated 'Good' or 'Outstanding'"),
  },
  {
    q: "What proportion of reception children reached a good level of development in 2023?",
    expect: pct(
      69.1,
      "good level of development at the end of the early year's foundation stage",
      "Reception pupils reaching a 'Good level of development'",
    ),
  },
  {
    q: "KS2 RWM expected standard, all pupils, 2023?",
    expect: pct(
      62.1,
      "Reading, Writing and Mathematics was 62.1%",
      "KS2 - pupils achieving expected standard in Reading, Writing and Mathematics",
    ),
  },
  {
    q: "What % of FSM pupils hit the expected standard in reading, writing and maths at KS2 in 2023?",
    expect: pct(
      42.1,
      "Free School Meal (FSM) eligible pupils achieving the expected standard or higher in Reading, Writing and Mathematics was 42.1%",
      "KS2 - Expected level in Reading, Writing and Maths - pupils eligible for FSM",
    ),
  },
  {
    q: "How many children are electively home educated now?",
    expect: count(1023, "Electively Home Educated (EHE) was 1023", "Children Electively Educated at Home"),
  },
  {
    q: "NEET rate for 16-17 year olds at the end of Q3 2023/24",
    expect: pct(
      0.7,
      "not in education, employment, or training (NEET) at the end of Q3 2023/24 was 0.7%",
      "NEET young people aged 16-17",
    ),
  },
  {
    q: "What was the average Progress 8 score for all pupils in 2023?",
    expect: {
      kind: "figure",
      value: -0.09,
      unit: "number",
      evidence: ["average Progress 8 scores for all pupils (7586 pupils) was -0.09", "KS4 - Progress 8\t"],
    },
  },
  // 001: Unaccompanied Asylum-Seeking Children
  {
    q: "How many UASC were in care at 31 December 2023?",
    expect: count(
      140,
      "140 UASC in care and 135 UASC Care Leavers",
      "As of 31 December 2023, there are 140 UASC in care",
    ),
  },
  {
    q: "How many UASC care leavers do we support?",
    expect: count(135, "140 UASC in care and 135 UASC Care Leavers", "UASC over 18's is currently 135"),
  },
  {
    q: "What is the funding gap for each UASC over 18?",
    expect: gbp(39000, "the current funding gap of those UASC over 18's is over £39k"),
  },
  {
    q: "How many children came to us through the National Transfer Scheme between December 2022 and December 2023?",
    expect: count(31, "Leicestershire accommodated 31 children through the National Transfer Scheme"),
  },
  {
    q: "On average how many asylum seeking children a month can the council expect to take into care?",
    expect: {
      kind: "figure",
      value: 8.25,
      unit: "number",
      evidence: ["an average of 8.25 children per month"],
    },
  },
  // 001: Children's Innovation Partnership
  {
    q: "What is the average weekly cost of a residential placement now?",
    expect: gbp(5800, "current average of £5.8k per week"),
  },
  {
    q: "How many homes should the Children's Innovation Partnership have open by March 2025?",
    expect: count(8, "aim to open eight homes by March 2025"),
  },
  {
    q: "How much DfE matched funding did the CIP get for capital?",
    expect: gbp(1991422, "matching-funding for capital investment of £1,991,422"),
  },
  {
    q: "What capital allocation was agreed for the Innovation Partnership in the MTFS?",
    expect: gbp(3960000, "A capital allocation of £3.96m was agreed"),
  },
  {
    q: "What annual revenue savings are expected from the CIP homes by March 2028?",
    expect: gbp(2500000, "annual revenue savings of £2.5m"),
  },
  // 000 (and the same report in 001): department overview, March 2024
  {
    q: "How many staff work in Children and Family Services?",
    expect: count(1400, "There are 1400 (1218 FTE) staff"),
  },
  {
    q: "How much money is being spent to support the new domestic abuse duty?",
    expect: gbp(1100000, "£1.1million spend to support the duty"),
  },
  // 002: Defining Children and Family Services for the Future (2 November 2021)
  {
    q: "What growth to 2024/25 was approved in the MTFS, according to the Nov 2021 report?",
    expect: gbp(23100000, "£23.1m growth to 2024/25"),
  },
  {
    q: "How much does the department have to save by 2024/25?",
    expect: gbp(16000000, "required to make £16.0m savings to 2024/25"),
  },
  {
    q: "What annualised benefit was the DCFSF programme delivering as of September 2021?",
    expect: gbp(7000000, "annualised benefit of £7 million"),
  },
  {
    q: "What is the stretch target for the annualised benefit of the programme with Newton Europe?",
    expect: gbp(13400000, "stretch target of £13.4 million"),
  },
  // 003: minutes of 3 March 2020 and the reports to 2 June 2020
  {
    q: "What was the value of the MISTLE contract?",
    expect: gbp(450000, "The current contract value of MISTLE was £450,000"),
  },
  {
    q: "What is the annual value of ART, the new assessment and resource team?",
    expect: gbp(411840, "annual value of ART of £411,840"),
  },
  {
    q: "How many providers are on the 16+ supported accommodation framework?",
    expect: count(24, "24 Providers on the 16+ Supported Accommodation Framework"),
  },
  {
    q: "How much per week did the Care Quality Commission placement cost, per the March 2020 minutes?",
    expect: gbp(5625, "costing £5,625 per week"),
  },
  {
    q: "How many contacts did First Response receive between May 2019 and April 2020?",
    expect: count(22184, "the number of contacts received by First Response was 22184"),
  },
  {
    q: "How many children were on child protection plans in May 2020?",
    expect: count(
      529,
      "subject to Child Protection Plans is 529 as of 17 May 2020",
      "529 children are the subject of Child Protection Plans",
    ),
  },
  {
    q: "How many strategy discussions were held in the twelve months to April 2020?",
    expect: count(2172, "2172 Strategy Discussions were completed"),
  },
  {
    q: "How many CCE referrals were there in Q3 2019/20?",
    expect: count(53, "from 30 children in Q1 to 53 children in Q3"),
  },
  {
    q: "How many CSE referrals across LLR in quarter 3 2019/20?",
    expect: count(117, "The number of CSE referrals across LLR was 117"),
  },
  {
    q: "What % of children with an EHCP reached the expected level in reading, writing and maths, per the March 2020 minutes?",
    expect: pct(7, "only 7% of children in Leicestershire with an Education, Health and Care Plan"),
  },
  // 004: Departmental Plan 2020-2023 with end-of-year 2019/20 tables
  {
    q: "What % of CP cases were reviewed within timescales in 2019/20?",
    expect: pct(96.0, "% child protection cases which were reviewed within timescales."),
    why: "the same indicator as the Q3 2023/24 question; the period decides",
  },
  {
    q: "Care leavers in EET at the end of 2019/20?",
    expect: pct(59.6, "The % of Care leavers in education, employment and training (EET) (end of quarter)"),
  },
  {
    q: "How many first time entrants to the youth justice system were there in 2019/20?",
    expect: count(111, "Number of first time entrants to the criminal justice system aged 10-17"),
  },
  {
    q: "placement stability: % of children with 3 or more placements in 2019/20 (dept plan)",
    expect: pct(9.0, "Placement stability - % children with 3 or more placements during a year"),
  },
  // 001: minutes of 23 January 2024
  {
    q: "What is the High Needs Grant for 2023/24?",
    expect: gbp(105082000, "£105,082,000"),
  },
  {
    q: "How long does an EHCP assessment take on average at the moment?",
    expect: { kind: "figure", value: 35, unit: "weeks", evidence: ["currently around 35 weeks"] },
  },
  {
    q: "How many Year 6 children with an EHCP had no named placement in January 2024?",
    expect: count(224, "there are 224 Year 6 children with an EHCP that do not have a named placement"),
  },
  // Facts (no figure asked)
  {
    q: "Who is the council's partner in the Children's Innovation Partnership?",
    expect: fact("Barnardo's was awarded the Children's Innovation Partnership contract"),
  },
  {
    q: "When did the Old Post Office children's home open?",
    expect: fact("The Old Post Office, opened in May 2023"),
  },
  {
    q: "What was the outcome of the ILACS inspection in October 2019?",
    expect: fact("requires improvement"),
  },
  {
    q: "When was the Family Help service set up?",
    expect: fact("The Family Help service was established in February 2024"),
  },
  // Unanswerable: the papers do not state these, often while stating something close
  {
    q: "What % of CP cases were reviewed on time in Q3 2022/23?",
    expect: none,
    why: "only Q4 2022/23 (75.7%) and Q3 2023/24 (82.6%) are stated",
  },
  {
    q: "What was the re-referral rate at the end of Q1 2023/24?",
    expect: none,
    why: "Q2 and Q3 2023/24 are stated, Q1 is not",
  },
  {
    q: "How many children were in care in Leicestershire at the end of Q3 2023/24?",
    expect: none,
    why: "140 UASC in care and 483 children with a dental check are near misses",
  },
  {
    q: "How many foster carers does Leicestershire have?",
    expect: none,
  },
  {
    q: "What was the NEET rate in 2019/20?",
    expect: none,
    why: "the 2020 plan lists NEET as a measure without a value",
  },
  {
    q: "What is the council's total revenue budget for 2024/25?",
    expect: none,
  },
  {
    q: "How many children were adopted in 2023?",
    expect: none,
  },
  {
    q: "What percentage of EHCPs were issued within 20 weeks in 2023?",
    expect: none,
    why: "35 weeks average and 95% of tribunals are near misses",
  },
  {
    q: "What was the KS2 reading, writing and maths result in 2019?",
    expect: none,
    why: "only '5% lower than the performance achieved in 2019' is stated",
  },
  {
    q: "What is the average social worker caseload?",
    expect: none,
  },
  {
    q: "How much did the council spend on agency social workers in 2023/24?",
    expect: none,
  },
  {
    q: "How many permanent exclusions were there in 2022/23?",
    expect: none,
  },
  {
    q: "What will the weather be like in Leicester tomorrow?",
    expect: none,
  },
];

const num = (value: number, ...evidence: string[]): DevExpect => ({
  kind: "figure",
  value,
  unit: "number",
  evidence,
});

/**
 * Thirty more, written after the first round of tuning and before any fix aimed at them: councillors' shorthand
 * ("23/24", "end of Q3", "Dec 23", "kick off"), document hints, and eight near misses the papers do not answer.
 */
export const NEW_QUESTIONS: DevQuestion[] = [
  // 000: the department overview
  {
    q: "When did Families Together start?",
    expect: fact("Families Together team was established in November 2023"),
  },
  {
    q: "How many FTE staff are there in CFS?",
    expect: count(1218, "There are 1400 (1218 FTE) staff"),
    why: "1400 headcount and 30 services stand in the same sentence",
  },
  {
    q: "How many services does the department have, per the overview?",
    expect: count(30, "across 30 Services"),
  },
  {
    q: "How many services sit under Education Effectiveness?",
    expect: count(4, "There are four services that come under the umbrella of Education Effectiveness"),
  },
  { q: "When did DCSF2 kick off?", expect: fact("DCSF2 was initiated in 2023") },
  // 001: Q3 2023/24 performance report, UASC report, CIP report, MTFS, VRN
  {
    q: "GLD for FSM kids in 2023?",
    expect: pct(45.7, "with a good level of development was 45.7%", "Good Level of Development"),
  },
  {
    q: "what % of children with an EHCP got a good level of development in 2023",
    expect: pct(2.5, "assessed with a good level of development was 2.5%"),
  },
  {
    q: "Progress 8 for SEN support pupils, 2022/23?",
    expect: num(-0.38, "The Progress 8 score for SEN support -0.38", "KS4 - Progress 8 (SEN Support)"),
  },
  {
    q: "How much growth is projected over the MTFS for children and family services?",
    expect: gbp(41_300_000, "growth of £41.3m projected over the period of the MTFS"),
  },
  {
    q: "How many kids a year should Leics expect to take into care through NTS, hotels and spontaneous arrivals?",
    expect: count(99, "or 99 children a year"),
    why: "8.25 a month stands beside it",
  },
  {
    q: "SEN placement costs budgeted for 23/24?",
    expect: gbp(112_643_000, "is budgeted to be £112,643,000"),
    why: "the High Needs Grant of £105,082,000 is the sentence before",
  },
  {
    q: "How many NTS care leavers did we have by Dec 23?",
    expect: count(16, "4 to 16 (300%) Care Leavers"),
    why: "33 to 52 children in care stand first in the sentence",
  },
  {
    q: "How many UASC were open to the team in total at the end of Dec 2023?",
    expect: count(275, "a total of 275 children and young people open to the UASC Team"),
  },
  {
    q: "When was the VRN established?",
    expect: fact("Established in September 2019 following receipt of Home Office funding"),
  },
  // 002: the November 2021 Defining Children and Family Services for the Future report
  {
    q: "How much of the £16m savings target is down to the DCFSF programme?",
    expect: gbp(13_200_000, "the expected £13.2m savings attributed to the DCFSF programme"),
  },
  {
    q: "When did Newton Europe finish their diagnostic?",
    expect: fact("The diagnostic completed by Newton Europe in October 2021"),
  },
  // 003: the March 2020 pack (CIN report, CSE/CCE report, minutes) and the draft 2020-23 plan
  {
    q: "What was the re-referral rate over the previous 12 months in the March 2020 report?",
    expect: pct(20.3, "the figure for re-referrals is 20.3% of total referrals"),
    why: "28.5% a month and the shire average 21.25% stand beside it",
  },
  {
    q: "How many children involved with CCE were under CAMHS?",
    expect: count(25, "25 children are currently under the care of CAMH"),
  },
  {
    q: "What share of EHCP kids reached the expected level in RWM, per the 2020 minutes?",
    expect: pct(7, "only 7% of children in Leicestershire with an Education, Health and Care Plan"),
  },
  // 004: the departmental plan
  {
    q: "Repeat CP plans rate in 2019/20 according to the dept plan?",
    expect: pct(21.8, "second or subsequent time"),
  },
  {
    q: "re-referrals within 12 months, 19/20, dept plan",
    expect: pct(18.8, "re-referrals to childrens Social Care within 12 months"),
  },
  {
    q: "What % of eligible 3 year olds accessing FEEE get support from the EY SEND advisor?",
    expect: pct(6, "6% of eligible 3 years olds accessing FEEE are supported by EY SEND advisor"),
  },
  // Near misses: the papers talk about these things but do not state the figure asked.
  {
    q: "What % of secondary schools were good or outstanding at the end of Q2 2023/24?",
    expect: pct(73.3, "Secondary schools rated 'Good' or 'Outstanding'"),
    why: "the dashboard's previous value; the prose gives only Q3 (77.8%) and a 4.5% rise",
  },
  {
    q: "How many UASC did Leicester City have in care in Dec 23?",
    expect: none,
    why: "the county's 140 is stated, the city's is not",
  },
  {
    q: "How much will the CIP homes save by March 2026?",
    expect: none,
    why: "£2.5m a year by March 2028 is stated",
  },
  {
    q: "What was the GLD rate for EHCP children in 2019?",
    expect: none,
    why: "2023 (2.5%) and 2022 (4.4%) are stated",
  },
  {
    q: "What's the Progress 8 score for UASC pupils in 2023?",
    expect: none,
    why: "all pupils, FSM, SEN support and EHCP are stated, not UASC",
  },
  {
    q: "How many staff work in Families Together?",
    expect: none,
    why: "the team's start date is stated, not its size; 1400 staff is the whole department",
  },
  {
    q: "How many CCE referrals were girls in Q3 2022/23?",
    expect: none,
    why: "four of 53 were female in Q3 2019/20",
  },
  {
    q: "Progress 8 for FSM pupils in 2019?",
    expect: none,
    why: "2021/22 and 2022/23 are stated",
  },
  {
    q: "How many foster carers were recruited last year?",
    expect: none,
  },
];

/**
 * Session two: new wordings for each kind of miss fixed then (a costs table read by its column, a rate given in a
 * bracket, a count whose noun has an adjective before it, number words told apart by their clause, a table printed
 * one cell per block, a study named only to say where the figure comes from), plus near misses those fixes must not
 * turn into answers.
 */
export const SESSION2_QUESTIONS: DevQuestion[] = [
  {
    q: "What is the overall forecast cost for phase 3b, the hospital step-down home for complex care?",
    expect: gbp(2169088, "Total Forecast Cost: 2,169,088"),
    why: "a costs table prints pounds without £; the total is its own column",
  },
  {
    q: "How many young people claiming to be kids in adult asylum hotels were taken into care across the region since July 2021?",
    expect: count(258, "a total of 258 unaccompanied young people"),
    why: "the count's noun is 'unaccompanied young people'",
  },
  {
    q: "On average how many children per month came to Leics via the NTS between Dec 22 and Dec 23?",
    expect: num(2.5, "on average 2.5 children per month"),
    why: "the bracketed rate, not the 31 it describes",
  },
  {
    q: "Of the 22 benchmarked measures in the Q3 report, how many are in the top quartile?",
    expect: num(3, "three are in the top quartile"),
    why: "'national benchmark,' closes a clause about the measures: 'three' is not a benchmark's value",
  },
  {
    q: "GLD for reception pupils in 2023 - what % hit it?",
    expect: pct(
      69.1,
      "was 69.1% (of 7,746 children)",
      "Reception pupils reaching a 'Good level of development'",
    ),
  },
  {
    q: "What was the social worker vacancy rate in June 2019?",
    expect: pct(9.6, "June 2019: 9.6% (25)"),
    why: "a PDF table printed one cell per block, read back into rows with period columns",
  },
  {
    q: "Agency social worker rate at the 2017 baseline?",
    expect: pct(18.7, "Baseline (2017): 18.7% (49)"),
  },
  {
    q: "According to the Newton deep dive, in what % of cases was a specialist school needed?",
    expect: pct(32, "in 32% of the cases a specialist school was needed"),
    why: "Newton names the study, not the figure's subject; 40% and 28% stand in the same sentence",
  },
  {
    q: "How many first time entrants aged 10-17 were there in 2019/20 according to the dept plan?",
    expect: num(111, "first time entrants to the criminal justice system aged 10-17"),
  },
  {
    q: "How many families got 1 to 1 intervention from the CFWS in 2020/21?",
    expect: none,
    why: "'1 to 1' is a way of working, not a count",
  },
  {
    q: "What was the social worker vacancy rate in March 2020?",
    expect: none,
    why: "the table's columns stop at Feb 2020 (8.8%)",
  },
  {
    q: "How many families are on the Troubled Families programme in Rutland?",
    expect: none,
  },
];

/** Written in session 3, each a new wording of a class fixed then, with near misses that must stay refused. */
export const SESSION3_QUESTIONS: DevQuestion[] = [
  {
    q: "How long is the Reach programme that the VRN runs?",
    expect: num(6, "The Reach Programme is an intensive six-month mentoring programme"),
    why: "a table row of prose cells is read a sentence per cell; '10-17 year olds' is an age",
  },
  {
    q: "What is the most the Barnardo's partnership contract can run for, in years?",
    expect: num(10, "for up to a ten-year term"),
    why: "'run for' is phrasing; 'in years' asks for a duration",
  },
  {
    q: "Annualised benefit target for DCFSF, not the stretch one?",
    expect: gbp(8_700_000, "the target annualised benefit of £8.7 million"),
    why: "the stretch target (£13.4m) is ruled out by the question",
  },
  {
    q: "How many Children in Care teams handle children with a long-term care plan?",
    expect: num(4, "There are four Children in Care teams"),
    why: "the count's noun a few words on ('four Children in Care teams'), not the five teams of the service",
  },
  {
    q: "How many services come under Education Effectiveness?",
    expect: num(4, "There are four services that come under the umbrella of Education Effectiveness"),
  },
  {
    q: "How many NTS care leavers were there at December 2023?",
    expect: num(16, "4 to 16 (300%) Care Leavers"),
    why: "in 'from 33 to 52 ... and 4 to 16', the first of each pair is where it started",
  },
  {
    q: "How much does Welland House cost each week?",
    expect: none,
    why: "the costs table gives its total forecast cost, not a weekly cost",
  },
  {
    q: "Coalville: children open to locality fieldwork as at May 2020 - how many?",
    expect: num(391, "North Locality :391 Coalville"),
    why: "a place named as the question's topic label is a name: the figure stated about it, not the county's 1807",
  },
  {
    q: "Per the deep dive, what % of cases could have been met in a mainstream SEN unit?",
    expect: pct(28, "in 28% of cases, there was an opportunity"),
    why: "'children and young people' does not end the label before 'mainstream SEN unit'",
  },
];

/** Written in session 4, each a new wording of a class fixed then (none is a gold question). */
export const SESSION4_QUESTIONS: DevQuestion[] = [
  {
    q: "On average, how many single assessments per month did the service complete over the twelve months to the June 2020 report?",
    expect: num(430, "which is approximately 430 per month"),
    why: "the rate is stated next to its figure: 'twelve months' before the 5150 is a span, not a rate",
  },
  {
    q: "Single assessments done within 45 days in 2018/19, per the departmental plan's year-end table?",
    expect: pct(76.4, "% single assessments completed within 45 days"),
    why: "a 'Previous year' column is the year before the row's latest update",
  },
  {
    q: "Care leavers in suitable accommodation, the year before 2019/20?",
    expect: pct(90, "% of Care Leavers in suitable accommodation"),
    why: "'the year before 19/20' asks for 2018/19, one figure, not a comparison",
  },
  {
    q: "Uses of custody for young people the year prior to 2019/20?",
    expect: num(4, "Number of instances of the use of custody for young people"),
  },
  {
    q: "What was the national figure for FSM pupils reaching the expected standard in RWM at KS2 in 2023?",
    expect: pct(43.4, "At 43.4% the National performance"),
    why: "the comparator named after its figure; 'lower than in 2018' is not its period; a quartile is no value; '2.5% higher than the national performance' is a gap",
  },
  {
    q: "From what age do the Care Leavers teams work with young people?",
    expect: num(16, "over the age of 16"),
    why: "an age asked is the answer, where otherwise an age never is",
  },
];

/** Session 5: new wordings of the classes mended then (comparators and targets in councillors' words, shorthand). */
export const SESSION5_QUESTIONS: DevQuestion[] = [
  {
    q: "What's the stat neighbour avg for re-referrals to children's social care within 12 months, Q3 23/24?",
    expect: pct(19.8, "Re-referrals to CSC within 12 mths"),
    why: "'stat neighbour avg' asks for the comparator; the dashboard prints 'mths' and the question 'avg'",
  },
  {
    q: "How quickly can a UASC get into education once accommodated?",
    expect: { kind: "figure", value: 2, unit: "number", evidence: ["within two days of being accommodated"] },
    why: "'how quickly' with no growth word asks for a time, not a percentage",
  },
  {
    q: "What is the target for engagement with missing return interviews in the 2020-23 plan?",
    expect: pct(90, "Engagement with missing return interviews is above 90%"),
    why: "a plan's threshold ('is above 90%') is the target it sets",
  },
  {
    q: "What was the avg time to complete an EHCP assessment, per the Jan 2024 minutes?",
    expect: { kind: "figure", value: 35, unit: "weeks", evidence: ["currently around 35 weeks"] },
    why: "'avg time' is an average time: a duration asked",
  },
  {
    q: "How many Violence Reduction Units are there across England and Wales?",
    expect: count(20, "one of 20 Violence Reduction Units"),
    why: "'across England and Wales' names where, not a national comparator",
  },
];

/** Written in session 6, after reading the failures of a fresh blind-written set (eval/gold/holdout5.jsonl). */
export const SESSION6_QUESTIONS: DevQuestion[] = [
  {
    q: "How many children in need does the final 2020-23 dept plan show for 2019/20?",
    expect: count(2992, "2992 Children in Need"),
    why: "'the final dept plan show' describes the paper: 'final' is printed nowhere and must not count against it",
  },
  {
    q: "How many EHCPs were there in 2019/20 according to the dept plan's Our Children page?",
    expect: count(4751, "4751 Education, Health and Care Plans", "4,751"),
    why: "the counted noun is the acronym the infographic spells out after the figure",
  },
  {
    q: "VRN after-school deep dive: what share of the young people had been on a child protection plan?",
    expect: pct(9, "9% have been on a child protection plan"),
    why: "a question opening with its paper ('... deep dive:'); the infographic's rows end its items",
  },
  {
    q: "Average EHCP assessment times earlier in 2023, before they came down?",
    expect: { kind: "figure", value: 42, unit: "weeks", evidence: ["decreased from an average of 42 weeks"] },
    why: "'before they came down' asks for where the change started; 'assessment times' asks a duration",
  },
  {
    q: "CFWS families worked with - the most recent figure in the March 2024 performance report?",
    expect: count(1435, "3,489 individuals and 1,435 families"),
    why: "'3,489 individuals and 1,435 families': the second figure shares the first's 'worked with'",
  },
  {
    q: "What's the stretch target for the annualised benefit in the DCFSF programme?",
    expect: gbp(13_400_000, "stretch target of £13.4 million"),
    why: "'in the ... programme' names the paper's subject, not a place the figure must be stated for",
  },
  {
    q: "How many CP plans open 2+ yrs at the end of Q3 23/24?",
    expect: count(5, "Five Child Protection plans lasting two years or more"),
    why: "'2+ yrs' is how councillors write 'two years or more'",
  },
  {
    q: "How many young people from adult asylum hotels have been taken into care across the region since July 2021?",
    expect: count(258, "a total of 258 unaccompanied young people"),
    why: "a question's 'since July 2021' meets the paper's: both are spans from then",
  },
  {
    q: "Of the UASC in semi-independent accommodation in March 2020, how many were boys?",
    expect: none,
    why: "the minutes give the UASC count, not its breakdown by sex",
  },
  {
    q: "How many CSE referrals did Leicester City have over the past twelve months, per the June 2020 exploitation report?",
    expect: none,
    why: "the 304 is the county's: its sentence says so, whatever the sentence before names",
  },
];

/**
 * Session 7: a comparator's figure answers a question naming it; a name asked gets no figure; the size of a change
 * asked; phrasing words (superlatives, "how many times", "the latest one", a councillor's framing); "used" meets "use";
 * a table row by the noun it counts; a part of a whole asked.
 */
export const SESSION7_QUESTIONS: DevQuestion[] = [
  {
    q: "What percentage of re-referrals do outstanding shire local authorities report?",
    expect: pct(21.25, "outstanding shire Local Authorities who report 21.25% re-referrals"),
    why: "the question names the shires, so their figure is the one asked for",
  },
  {
    q: "What re-referral rate per month has Leicestershire seen over recent months?",
    expect: pct(28.5, "over recent months this has risen to 28.5% per month"),
    why: "without the shires named, the 21.25% they report is not the council's",
  },
  {
    q: "what's the first CIP children's home called?",
    expect: fact("The first of these homes, The Old Post Office, opened in May 2023"),
    why: "a name is asked: the 'two children' living there is no headline figure",
  },
  {
    q: "By how many children has elective home education gone up compared with a year ago?",
    expect: count(77, "This is an increase of 77 students (8.1%)"),
    why: "the size of the change is asked, not the two counts either side of it",
  },
  {
    q: "How many times was custody used for young people in 2019/20?",
    expect: count(7, "Number of instances of the use of custody for young people"),
    why: "'how many times' is phrasing, and 'used' meets the paper's 'use'",
  },
  {
    q: "What did the single most expensive placement cost a week in 2022/23?",
    expect: gbp(14_600, "(£14.6k and £10.1k)"),
    why: "'single most expensive' chooses the largest figure; the paper never prints the words",
  },
  {
    q: "How many Family Hubs are open across the county?",
    expect: none,
    why: "'1,435 families' worked with by the service count families, not hubs",
  },
  {
    q: "How many families was the Children and Families Wellbeing Service working with at the end of 2019/20?",
    expect: count(827, "No. of families worked with by Children and Families Wellbeing Service"),
    why: "the row counting families beats the row counting individuals, though both name the Families service",
  },
  {
    q: "A constituent wants to know how many individuals the CFWS worked with at the end of 2019/20",
    expect: count(2289, "No. of individuals worked with by Children and Families Wellbeing Service", "2,289"),
    why: "a councillor's framing ('a constituent wants to know') is phrasing",
  },
  {
    q: "How much does the department as a whole have to save by 2024/25, per the DCFSF report?",
    expect: gbp(16_000_000, "required to make £16.0m savings to 2024/25"),
    why: "a whole asked: the £13.2m the sentence counts within it is a part",
  },
  {
    q: "Missing episodes across the three LLR authorities in Q3 2019/20?",
    expect: count(819, "the overall number in Q3 for the three authorities is 819"),
    why: "the 'three' the question states is not its answer; a plain number needs no kind asked",
  },
  {
    q: "What's the national average Progress 8 for KS4 SEN support pupils?",
    expect: { kind: "figure", value: -0.45, unit: "number", evidence: ["-0.45"] },
    why: "a score is a plain number: offered without a kind asked",
  },
  {
    q: "What was the youth re-offending rate at the end of 2019?",
    expect: {
      kind: "figure",
      value: 0.51,
      unit: "number",
      evidence: ["Rate of re-offending by young offenders"],
    },
    why: "a rate its row prints as a plain number answers 'what rate', not only a percentage",
  },
  {
    q: "CSE referral rate per 10k population in Leicestershire over the past year?",
    expect: none,
    why: "the paper compares the rates in words and gives the count (304); the '10,000' is the rate's base",
  },
  {
    q: "What % increase has there been in the cost of the top ten high-cost placements over the last year?",
    expect: pct(18.7, "there has been an 18.7% increase in the cost of the top ten high-cost placements"),
    why: "'over the last year there has been an 18.7% increase' states a change, not a baseline",
  },
  {
    q: "East Mids: how many young people from adult asylum hotels have been taken into care since July 2021?",
    expect: count(258, "a total of 258 unaccompanied young people"),
    why: "'East Mids' is how councillors write the East Midlands",
  },
  {
    q: "number of children & young people who offended, 2019/20 snapshot in the plan?",
    expect: count(220, "Children and young people who have offended"),
    why: "in the flattened infographic '...who have offended⏎220⏎4751 Education...' the 220 ends its line",
  },
  {
    q: "EHCP assessments take about 35 wks on average now - what was the average earlier in 2023?",
    expect: { kind: "figure", value: 42, unit: "weeks", evidence: ["decreased from an average of 42 weeks"] },
    why: "the question states a duration, so it asks for one; the 35 it states is not the answer",
  },
  {
    q: "How many assessments were completed within timescale in Q3 2023/24?",
    expect: count(1216, "1216 of 1352 assessments were completed within timescale"),
    why: "in '1216 of 1352 assessments were completed' the words after the whole label the part",
  },
  {
    q: "How many assessments were there in total in Q3 2023/24?",
    expect: count(1352, "1216 of 1352 assessments were completed within timescale"),
    why: "a total asked: the whole of '1216 of 1352'",
  },
  {
    q: "How much of the department's savings to 2024/25 is expected to come from the DCFSF programme?",
    expect: gbp(13_200_000, "the expected £13.2m savings attributed to the DCFSF programme"),
    why: "a part asked: the £13.2m the sentence counts within the £16.0m",
  },
  {
    q: "By how many has the number of home-educated children gone up compared with this time last year?",
    expect: count(77, "This is an increase of 77 students (8.1%)"),
    why: "a change spans both periods: its sentence naming the earlier one is no other period",
  },
  {
    q: "Going on the 22/23 data, how many unaccompanied children a year should we expect to take into care?",
    expect: count(99, "an average of 8.25 children per month into its care, or 99 children a year"),
    why: "a yearly rate asked: the 8.25 per month beside it is a monthly one",
  },
  {
    q: "How much capital has been agreed for the Children's Innovation Partnership residential build with Barnardo's?",
    expect: gbp(2_500_000, "an agreed capital investment of up to £2.5m"),
    why: "the ART hub is an earlier item of the sentence's list, not a group the £2.5m is narrowed to",
  },
  {
    q: "By how much (%) has the cost of our ten most expensive placements gone up over the past year?",
    expect: pct(18.7, "there has been an 18.7% increase in the cost of the top ten high-cost placements"),
    why: "'over the past year' says when, like 'last year'; it names nothing the paper must print",
  },
  {
    q: "What is the shire benchmark for re-referrals in the CIN report?",
    expect: pct(21.25, "outstanding shire Local Authorities who report 21.25% re-referrals"),
    why: "a comparator's figure is a benchmark, however its sentence words it ('who report')",
  },
  {
    q: "Children in the same placement for 2+ years or placed for adoption - what was the previous year's figure in the 2019/20 end-of-year table?",
    expect: pct(
      66.0,
      "Placement stability - % children in same placement for 2+ years or placed for adoption",
    ),
    why: "the previous year's value of a row dated 2019/20 is the one asked, though it is dated the year before",
  },
];

/** Session 8: readings found in a fresh read set (holdout13), each asked here in other words. */
export const SESSION8_QUESTIONS: DevQuestion[] = [
  {
    q: "What is the England average for primary schools rated good or outstanding?",
    expect: pct(90.8, "at its highest level in over 6 years (90.8%)"),
    why: "'in over 6 years' names a span, so the bracket after it is the England average, not a detail of 0.6%",
  },
  {
    q: "How many yr 6 children with an EHCP had no named placement in January 2024?",
    expect: count(224, "there are 224 Year 6 children with an EHCP"),
    why: "'yr 6' is a school year group, not a duration asked",
  },
  {
    q: "How many children were electively home educated at the end of Q3 last year, 22/23?",
    expect: count(
      946,
      "Children Electively Educated at Home",
      "compared to the end of Q3 2022/23 (946 students)",
    ),
    why: "'Q3 last year, 22/23' is one quarter, Q3 2022/23, not this year's Q3",
  },
  {
    q: "How many UASC were open to the UASC team in total, in care and care leavers together, at the end of December 2023?",
    expect: count(275, "a total of 275 children and young people"),
    why: "for a total asked, the two counts summed before 'a total of 275' are its parts",
  },
  {
    q: "What was the UASC team's combined caseload of children in care and care leavers a year before?",
    expect: count(176, "totalling 176 children and young people"),
    why: "'a year before' alone asks the earlier value; 'This compares to ...' gives it",
  },
  {
    q: "What re-referral rate do outstanding shire councils report, compared with ours?",
    expect: pct(21.25, "outstanding shire Local Authorities who report 21.25% re-referrals"),
    why: "the question names whose figure it wants: the shires' 21.25% leads, not the council's own",
  },
  {
    q: "How many teams make up the Children in Care Service altogether?",
    expect: count(5, "The Children in Care Service comprises of five teams"),
    why: "'comprises of five teams' states the whole; the four Children in Care teams are a part",
  },
  {
    q: "How many CCE referrals were there in Q3 2019/20?",
    expect: count(53, "The numbers have steadily risen from 30 children in Q1 to 53 children in Q3"),
    why: "'The numbers have risen...' is about the CCE referrals the sentence before names; the CSE paragraphs' 29 is not",
  },
  {
    q: "How much money is behind the plan for the new domestic abuse duty?",
    expect: gbp(1_100_000, "co-ordinating the plan around the £1.1million spend to support the duty"),
    why: "'behind' is phrasing, not a word the paragraph must print",
  },
  {
    q: "What was the agency staff rate in Feb 2020?",
    expect: pct(20, "Feb 2020: 20%"),
    why: "a table cell dated to the month asked needs less of the question in its own row",
  },
  {
    q: "What is the SEND placements budget for 2023/24?",
    expect: gbp(112_643_000, "is budgeted to be £112,643,000"),
    why: "a figure dated to the year asked answers though its sentence does not say 'Question Time'",
  },
  {
    q: "How many children were in care in 2019/20?",
    expect: count(647, "Children in Care 647"),
    why: "in 'Four of the 53 children were LAC' the 53 is the whole of a part, and 'four Children in Care teams' counts teams",
  },
  {
    q: "How many Yr 6 children with an EHCP didn't have a named placement in January 2024?",
    expect: count(224, "there are 224 Year 6 children with an EHCP"),
    why: "'didn't' reads as 'did not', not as a word 'didnt' the paper must print",
  },
  {
    q: "What was the average weekly cost of a residential placement before costs went up?",
    expect: gbp(4_800, "increased from £4.8k per week"),
    why: "'before costs went up' asks the earlier value, like 'before it rose'",
  },
  {
    q: "What was the previous-year figure for single assessments within 45 days in the 2019/20 table?",
    expect: pct(76.4, "Previous year: 76.4%"),
    why: "'previous-year figure' is the row's previous value, hyphen or not",
  },
  {
    q: "What % of FSM pupils reached the expected KS2 RWM level, as quoted when the Q3 report came to the March 2020 meeting?",
    expect: pct(40, "eligible for Free School Meals who had reached the expected level"),
    why: "the minute item headed 'Quarter 3 Performance Report' of the March 2020 meeting is 'the Q3 report' there",
  },
  {
    q: "How many children and young people had offended in the 2019/20 Our Children snapshot?",
    expect: count(220, "Children and young people who have offended"),
    why: "the glossary phrase after 'how many' is the counted noun, so 2992 'Children in Need' is not it",
  },
  {
    q: "How many pupils in mainstream schools were on SEN support without an EHCP in the summer term last year?",
    expect: count(
      12_801,
      "Children in mainstream schools in receipt of SEN Support",
      "school census (12,801)",
    ),
    why: "'the summer term last year' is one period, Summer 2023, not a term and a year apart",
  },
  {
    q: "Since April 2023, how many of the ten highest-cost children have cost over £10k a week?",
    expect: count(9, "nine of the ten highest cost children have been over £10k a week"),
    why: "'a week' belongs to the £10k the question states, so no weekly rate is asked of the count",
  },
  {
    q: "How many children in care had come through the adult asylum hotels route by December 2023?",
    expect: count(58, "The number of children in care increased from 27 to 58"),
    why: "the end of 'from 27 to 58' counts what the sentence named before it",
  },
  {
    q: "How many care leavers had come through the adult asylum hotels route by December 2023?",
    expect: count(34, "the number of care leavers increased from 11 to 34"),
    why: "'from 11 to 34' shares its label: the 34 is the care leavers', not the children in care's 58",
  },
  {
    q: "How many children started a second or subsequent CP plan in Q2 2023/24?",
    expect: count(40, "an increase from 40 reported in the preceding quarter"),
    why: "in the Q3 report 'the preceding quarter' is Q2 2023/24 and 'this quarter' Q3",
  },
  {
    q: "There were 529 children on CP plans at 17 May 2020 - how many were there a year before?",
    expect: count(443, "at the same point in May 2019, there were 443 children"),
    why: "asking the earlier value, a figure dated before the date named is what is asked, not another period's",
  },
  {
    q: "By what % did the number of care leavers who came through the adult asylum hotels route increase from December 2022 to December 2023?",
    expect: pct(209, "the number of care leavers increased from 11 to 34 (209%)"),
    why: "a bracket after 'from 11 to 34' states the change asked, and shares the care leavers' label, not the 114%",
  },
  {
    q: "how many uasc a yr do we expect to take into care going on 22/23",
    expect: count(99, "or 99 children a year"),
    why: "'a yr' is 'a year', a yearly rate; the 8.25 a month beside it is not",
  },
  {
    q: "no of children re-referred to csc in q3 23/24",
    expect: count(369, "with 369 children being 're-referred' within quarter 3"),
    why: "'no of' is 'number of': a count, not the re-referral %",
  },
  {
    q: "roughly how many statutory duties do councils have for childrens services",
    expect: count(300, "Local authorities are bound by almost 300 statutory duties"),
    why: "'childrens services' is 'children's services' typed without its apostrophe",
  },
  {
    q: "How many UASC were in care at the end of December 2023?",
    expect: count(140, "Leicestershire County Council has 140 UASC in care"),
    why: "'140 UASC in care' counts UASC: 'in care' is no noun a name is used as an adjective for",
  },
  {
    q: "Of the department's savings target to 2024/25, how much was expected to come from the Newton programme?",
    expect: gbp(13_200_000, "the expected £13.2m savings attributed to the DCFSF programme"),
    why: "the target is the whole whose part is asked, and 'Newton' names the DCFSF programme the label qualifies",
  },
  {
    q: "How many CCE referrals were there in Q4 2019/20?",
    expect: none,
    why: "a year's count of referrals is no count for its last quarter; the papers give CCE referrals only to Q3",
  },
  {
    q: "What is the rate of re-referrals per 10,000 children?",
    expect: none,
    why: "a rate per 10,000 is never a percentage; the papers give re-referrals only as a %",
  },
];
